// The follow-up list: who to contact, why, and by when.
//
// One row per (customer, rule) whose tier carries an action, most urgent
// first: priority (1 first), then due date, then larger net spend, then
// customer id, then pipeline order. The due date is as_of + the tier's
// cadence_days: as_of is the day after the data ends, i.e. "today" for a
// nightly run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tiers/date.h"
#include "tiers/rule.h"
#include "tiers/table.h"

namespace tiers::report {

/// Columns: customer_id, rule, tier, action, owner, due_date, cadence_days,
/// priority, reason, then the `keep` columns copied from `customers`.
/// Reasons are written on `threads` threads.
Table build_followups(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules,
                      Date as_of, const std::vector<std::string>& keep, unsigned threads = 1);

}  // namespace tiers::report

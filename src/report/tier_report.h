// The tier report: one row per (rule, tier) in the rule's tier order, with
// counts, revenue and averages (DESIGN §5). Tiers without customers keep
// their row, so reports of different runs line up.
#pragma once

#include <memory>
#include <vector>

#include "tiers/rule.h"
#include "tiers/table.h"

namespace tiers::report {

/// Columns: rule, tier, customers, customers_share, revenue, revenue_share,
/// avg_recency_days, avg_frequency, avg_monetary. `customers` must hold
/// every rule's label column.
Table build_tier_report(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules);

}  // namespace tiers::report

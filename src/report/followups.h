// The follow-up list: who to contact, why, and by when.
//
// One row per (customer, rule) whose tier carries an action, most urgent
// first: priority (1 first), then due date, then larger net spend, then
// customer id, then pipeline order. The due date is as_of + the tier's
// cadence_days: as_of is the day after the data ends, i.e. "today" for a
// nightly run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tiers/date.h"
#include "tiers/rule.h"
#include "tiers/table.h"

namespace tiers::report {

/// Rows of the follow-up list made and written at a time: writers make
/// blocks on several threads (one each), so small enough for their tables
/// to stay in cache and their memory to be reused block after block.
constexpr size_t kFollowUpBlock = size_t{1} << 14;

/// The list in urgency order, made into table rows a block at a time: the
/// text of a large list (reasons above all: 520 MB for 2.5 million
/// customers) is never held whole. `customers` and `rules` must outlive it.
class FollowUps {
 public:
  /// Sorts the list on up to two of `threads`.
  FollowUps(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules, Date as_of,
            const std::vector<std::string>& keep, unsigned threads = 1);
  ~FollowUps();
  FollowUps(const FollowUps&) = delete;
  FollowUps& operator=(const FollowUps&) = delete;

  size_t size() const { return entries_.size(); }
  /// Rows [from, to) of the list (build_followups gives the columns);
  /// reasons are written on `threads` threads. Safe to call from several
  /// threads at once.
  Table rows(size_t from, size_t to, unsigned threads = 1) const;

  struct Entry {
    int priority;
    int32_t due;
    int64_t monetary;
    uint32_t row;
    uint16_t rule;
    uint16_t tier;
  };

 private:
  const Table& customers_;
  const std::vector<std::unique_ptr<Rule>>& rules_;
  std::vector<std::string> keep_;
  std::vector<std::unique_ptr<FollowUpText>> texts_;
  std::vector<Entry> entries_;  // most urgent first
};

/// Columns: customer_id, rule, tier, action, owner, due_date, cadence_days,
/// priority, reason, then the `keep` columns copied from `customers`.
/// Reasons are written on `threads` threads.
Table build_followups(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules,
                      Date as_of, const std::vector<std::string>& keep, unsigned threads = 1);

}  // namespace tiers::report

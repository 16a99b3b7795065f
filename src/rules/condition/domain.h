// What values of one column a condition takes, for the rules linter.
//
// A condition that reads a single column (`recency_days > 30 and
// recency_days <= 90`, `stage in ["a", "b"]`, `decision_maker`) is true
// exactly for a set of that column's values (value_set.h); the linter
// compares such sets to find tiers that earlier tiers already cover.
// Whether an empty value makes the condition true is tracked separately.
#pragma once

#include <optional>
#include <string>

#include "rules/condition/ast.h"
#include "rules/condition/evaluator.h"
#include "rules/condition/value_set.h"

namespace tiers::rules::condition {

/// The values of one column for which a condition is true.
struct Domain {
  std::string column;
  bool dates = false;
  ValueSet values;
  Truth on_empty = Truth::kUnknown;  ///< the condition's value for an empty cell

  std::string describe() const;
};

/// The exact domain of `node` when it reads exactly one column, compared
/// with literals only.
std::optional<Domain> exact_domain(const Condition& c, uint32_t node);

/// A superset of the values of `column` for which `node` can be true (its
/// other columns taking any values); `may_be_empty` says whether it can be
/// true for an empty cell.
ValueSet implied_values(const Condition& c, uint32_t node, const Domain& like, bool& may_be_empty);

}  // namespace tiers::rules::condition

// Lint for condition tiers: tiers that can never match, rules without a
// catch-all.
//
// A tier can never match when its condition is never true, when an earlier
// tier has no condition (it takes everyone left), or when earlier tiers that
// each read one column already take every value of that column the tier
// could match. The last check is exact for conditions over one column
// (`recency_days <= 30`, `stage in [...]`, `x > 5 and x <= 9`), and also
// catches a later tier that adds conditions on other columns (`recency_days
// <= 20 and frequency > 3` after `recency_days <= 30`). It never reports a
// tier that can match: conditions it cannot analyse are assumed to match.
#pragma once

#include <string>
#include <vector>

#include "rules/condition/ast.h"
#include "tiers/rule.h"

namespace tiers::rules {

struct LintTier {
  std::string name;
  const condition::Condition* when;  ///< null for a catch-all tier
  std::string where;                 ///< file:line:col of the tier
};

std::vector<Finding> lint_tiers(const std::string& rule, const std::string& rule_where,
                                const std::vector<LintTier>& tiers);

}  // namespace tiers::rules

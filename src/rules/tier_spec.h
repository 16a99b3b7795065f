// Reading the follow-up fields of a tier (name, action, cadence_days,
// priority, owner) from a rule's settings, shared by every rule kind.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_spec.h"
#include "tiers/rule.h"

namespace tiers::rules {

/// Reads `name` (required) and the optional follow-up fields.
Tier parse_tier_fields(const RuleSpec& spec);

/// `did you mean "x"?` when `value` is close to one of `options`, else a
/// list of the options.
std::string suggest(const std::string& value, const std::vector<std::string>& options);

}  // namespace tiers::rules

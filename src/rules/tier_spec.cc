#include "rules/tier_spec.h"

#include <fmt/format.h>

#include "io/header.h"

namespace tiers::rules {

Tier parse_tier_fields(const RuleSpec& spec) {
  Tier tier;
  auto name = spec.get_string("name");
  if (!name || name->empty()) spec.fail("", "each tier needs a non-empty name");
  tier.name = *name;
  tier.action = spec.get_string("action").value_or("");
  tier.owner = spec.get_string("owner").value_or("");
  const int64_t cadence = spec.get_int("cadence_days").value_or(0);
  if (cadence < 0 || cadence > 3650) spec.fail("cadence_days", "cadence_days must be 0-3650");
  tier.cadence_days = static_cast<int>(cadence);
  const int64_t priority = spec.get_int("priority").value_or(tier.action.empty() ? 0 : 3);
  if (priority < 0 || priority > 9) spec.fail("priority", "priority must be 1 (most urgent) to 9");
  tier.priority = static_cast<int>(priority);
  return tier;
}

std::string suggest(const std::string& value, const std::vector<std::string>& options) {
  if (auto near = io::did_you_mean(value, options)) return fmt::format("did you mean \"{}\"?", *near);
  return fmt::format("choose one of: {}", fmt::join(options, ", "));
}

}  // namespace tiers::rules

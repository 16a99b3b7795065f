#include "rules/registry.h"

#include <fmt/format.h>

#include "rules/tier_spec.h"

namespace tiers::rules {
namespace {

constexpr RuleKind kRuleKinds[] = {
    {"rfm", "recency, frequency and monetary scores and segments (DESIGN 4.1)", &make_rfm_rule},
    {"abc", "Pareto value tiers: ABC, value pyramid, metals (DESIGN 4.2)", &make_abc_rule},
    {"tiers", "ordered tiers with conditions; the first that holds wins (DESIGN 4.3)", &make_tiers_rule},
};

}  // namespace

std::span<const RuleKind> rule_kinds() { return kRuleKinds; }

std::unique_ptr<Rule> make_rule(const RuleSpec& spec) {
  const std::string kind = spec.kind();
  std::vector<std::string> names;
  for (const RuleKind& k : rule_kinds()) {
    if (k.name == kind) {
      auto rule = k.make(spec);
      spec.reject_unknown_keys();
      return rule;
    }
    names.emplace_back(k.name);
  }
  spec.fail("kind", fmt::format("unknown rule kind \"{}\"", kind), suggest(kind, names));
}

}  // namespace tiers::rules

// The rule kinds tiers knows, one row each, and the pipeline built from them.
//
// Adding a kind: write its file with a factory `make_<kind>_rule`, declare
// the factory here and add one row to kRuleKinds in registry.cc.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "rules/rule_spec.h"
#include "tiers/rule.h"

namespace tiers::rules {

using RuleFactory = std::unique_ptr<Rule> (*)(const RuleSpec&);

struct RuleKind {
  std::string_view name;
  std::string_view summary;
  RuleFactory make;
};

std::unique_ptr<Rule> make_rfm_rule(const RuleSpec& spec);
std::unique_ptr<Rule> make_abc_rule(const RuleSpec& spec);
std::unique_ptr<Rule> make_tiers_rule(const RuleSpec& spec);

/// Every registered kind, in the order `tiers rules --kinds` lists them.
std::span<const RuleKind> rule_kinds();

/// Builds a rule from its settings; unknown kinds and settings are errors.
std::unique_ptr<Rule> make_rule(const RuleSpec& spec);

}  // namespace tiers::rules

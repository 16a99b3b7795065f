// Reads a rules file (--rules FILE): TOML with an ordered list of rules.
//
//   windows = [30, 90]        # optional: window metrics to add (README)
//
//   [[rule]]
//   kind = "rfm"              # rfm, abc or tiers; then the kind's settings
//
//   [[rule]]
//   kind = "tiers"
//   name = "lifecycle"
//   [[rule.tiers]]
//   name = "new"
//   when = "tenure_days <= 30"
//   action = "Send the welcome series"
//
// Only the file's shape is checked here; each rule checks its own settings
// when it is made, with positions in this file.
#pragma once

#include <string>
#include <vector>

#include "rules/rule_spec.h"

namespace tiers::rules {

struct RulesFile {
  std::vector<RuleSpec> rules;
  std::vector<int> windows;  ///< days
};

/// Parses `text`, named `name` in messages. Throws Error(kConfig).
RulesFile parse_rules_file(const std::string& name, std::string text);

}  // namespace tiers::rules

// Which of a rule's tiers each customer's label names.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tiers/rule.h"
#include "tiers/table.h"

namespace tiers::report {

/// Maps rows of a label column to indexes into the rule's tiers. A label
/// column with a dictionary (as rule labels are) is looked up by its codes,
/// without hashing a string per row.
class TierLookup {
 public:
  TierLookup(const Column& labels, const std::vector<Tier>& tiers)
      : labels_(labels), none_(tiers.size()) {
    for (size_t k = 0; k < tiers.size(); ++k) by_name_.emplace(tiers[k].name, k);
    if (labels.has_dictionary())
      for (const std::string& word : labels.dictionary()) by_code_.push_back(find(word));
  }
  /// Index of the tier, or tiers.size() for an empty or unknown label.
  size_t operator()(size_t row) const {
    if (!labels_.has(row)) return none_;
    if (labels_.has_dictionary()) return by_code_[labels_.code(row)];
    return find(labels_.text(row));
  }

 private:
  size_t find(std::string_view label) const {
    const auto it = by_name_.find(label);
    return it == by_name_.end() ? none_ : it->second;
  }
  const Column& labels_;
  size_t none_;
  std::unordered_map<std::string_view, size_t> by_name_;
  std::vector<size_t> by_code_;
};

}  // namespace tiers::report

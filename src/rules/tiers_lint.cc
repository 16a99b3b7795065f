#include "rules/tiers_lint.h"

#include <optional>

#include <fmt/format.h>

#include "rules/condition/domain.h"

namespace tiers::rules {
namespace {

using condition::Domain;
using condition::Truth;
using condition::ValueSet;

std::string quoted_list(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back(fmt::format("\"{}\"", n));
  return fmt::format("{}", fmt::join(q, ", "));
}

/// Which earlier single-column tiers already take everything tier `j` could.
std::optional<std::string> covered(const std::vector<LintTier>& tiers,
                                   const std::vector<std::optional<Domain>>& exact, size_t j) {
  std::vector<bool> done(j, false);
  for (size_t first = 0; first < j; ++first) {
    if (!exact[first] || done[first]) continue;
    const Domain& like = *exact[first];
    ValueSet taken = ValueSet::nothing(like.values.kind(), like.values.integral());
    bool empty_taken = false;
    std::vector<size_t> group;
    for (size_t i = first; i < j; ++i) {
      if (!exact[i] || exact[i]->column != like.column ||
          exact[i]->values.kind() != like.values.kind())
        continue;
      done[i] = true;
      group.push_back(i);
      taken = taken.unite(exact[i]->values);
      empty_taken = empty_taken || exact[i]->on_empty == Truth::kTrue;
    }
    bool may_be_empty = true;
    const ValueSet wanted = condition::implied_values(*tiers[j].when, tiers[j].when->root, like, may_be_empty);
    if (!wanted.subset_of(taken) || (may_be_empty && !empty_taken)) continue;
    std::vector<std::string> by;
    for (size_t i : group)
      if (!exact[i]->values.intersect(wanted).empty() ||
          (may_be_empty && exact[i]->on_empty == Truth::kTrue))
        by.push_back(tiers[i].name);
    const Domain would{like.column, like.dates, wanted, may_be_empty ? Truth::kTrue : Truth::kUnknown};
    return fmt::format("{} {} before it already take{} every customer it would ({})",
                       by.size() == 1 ? "tier" : "tiers", quoted_list(by), by.size() == 1 ? "s" : "",
                       would.describe());
  }
  return std::nullopt;
}

}  // namespace

std::vector<Finding> lint_tiers(const std::string& rule, const std::string& rule_where,
                                const std::vector<LintTier>& tiers) {
  std::vector<Finding> out;
  std::vector<std::optional<Domain>> exact;
  std::optional<size_t> catch_all;
  for (size_t j = 0; j < tiers.size(); ++j) {
    const LintTier& t = tiers[j];
    exact.push_back(t.when ? condition::exact_domain(*t.when, t.when->root) : std::nullopt);
    const std::string prefix = fmt::format("rule \"{}\": tier \"{}\" can never match: ", rule, t.name);
    if (catch_all) {
      out.push_back({t.where, prefix + fmt::format("tier \"{}\" before it has no condition and takes "
                                                   "everyone left", tiers[*catch_all].name)});
      continue;
    }
    if (!t.when) {
      catch_all = j;
      continue;
    }
    if (exact[j] && exact[j]->values.empty() && exact[j]->on_empty != Truth::kTrue) {
      out.push_back({t.where, prefix + "its condition is never true"});
      continue;
    }
    if (auto why = covered(tiers, exact, j)) out.push_back({t.where, prefix + *why});
  }
  if (!catch_all)
    out.push_back({rule_where, fmt::format("rule \"{}\" has no catch-all tier: customers that no tier "
                                           "takes get an empty label", rule)});
  return out;
}

}  // namespace tiers::rules

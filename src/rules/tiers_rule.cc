// The `tiers` rule kind: ordered threshold tiers with conditions
// (DESIGN §4.3).
//
// Settings: tiers = [{ name, when, action, cadence_days, priority, owner },
// ...]. A customer gets the first tier whose `when` is true; a tier without
// `when` takes everyone left. Customers no tier takes get an empty label.
// Conditions are parsed when the rule is made (syntax errors) and bound when
// the pipeline is built (unknown columns, types), both reported at the
// rules file's line and column of the offending token.
#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "io/header.h"
#include "rules/condition/binder.h"
#include "rules/condition/evaluator.h"
#include "rules/condition/parser.h"
#include "rules/registry.h"
#include "rules/tier_spec.h"
#include "rules/tiers_lint.h"
#include "tiers/error.h"

namespace tiers::rules {
namespace {

using condition::Condition;
using condition::ConditionError;
using condition::Evaluator;
using condition::Truth;

/// Runs of white space (a condition written over several lines) as one space.
std::string one_line(const std::string& text) {
  std::string out;
  for (char ch : text) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : ch);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// Reasons list the values of the columns the tier's condition, and those
/// of the tiers before it, read: "monetary_30d 5200.00, visits_30d 4".
class Text final : public FollowUpText {
 public:
  struct Shown {
    std::string name;
    const Column* column;
  };
  Text(const Column& labels, std::vector<std::string_view> tiers, std::vector<std::vector<Shown>> shown)
      : labels_(labels), tiers_(std::move(tiers)), shown_(std::move(shown)) {}

  void append_reason(size_t row, std::string& out) const override {
    const std::string_view label = labels_.text(row);
    size_t k = 0;
    while (k < tiers_.size() && tiers_[k] != label) ++k;
    const std::vector<Shown>& shown = shown_[k];
    if (shown.empty()) {
      out += "no condition";
      return;
    }
    for (size_t i = 0; i < shown.size(); ++i) {
      if (i > 0) out += ", ";
      out += shown[i].name;
      out += ' ';
      if (shown[i].column->has(row)) shown[i].column->append_value(row, out);
      else out += "empty";
    }
  }
  void prefetch(size_t row) const override {
    labels_.prefetch(row);
    for (const Shown& s : shown_.back()) s.column->prefetch(row);
  }

 private:
  const Column& labels_;
  std::vector<std::string_view> tiers_;
  std::vector<std::vector<Shown>> shown_;  // per tier, then for no tier
};

class TiersRule final : public Rule {
 public:
  explicit TiersRule(const RuleSpec& spec) : spec_(spec), name_(spec.name()) {
    const toml::value* list = spec.raw("tiers");
    if (list == nullptr && spec.table().is_table())  // [[rule.tier]] is a typo, not a rule without tiers
      for (const auto& [key, value] : spec.table().as_table())
        if (key != "tiers" && io::did_you_mean(key, {"tiers"}))
          spec.fail(key, fmt::format("unknown setting \"{}\"", key),
                    "did you mean \"tiers\"? A tiers rule lists its tiers as [[rule.tiers]] tables");
    if (list == nullptr || !list->is_array() || list->as_array().empty())
      spec.fail(list == nullptr ? "" : "tiers", "a tiers rule needs a list of tiers",
                "add [[rule.tiers]] tables with name, when and action");
    for (const toml::value& item : list->as_array()) {
      if (!item.is_table()) spec.fail("tiers", "each tier must be a table { name, when, action, ... }");
      RuleSpec child = spec.child(item);
      Tier tier = parse_tier_fields(child);
      ConditionTier t{std::move(tier), std::move(child), std::nullopt};
      for (const ConditionTier& other : tiers_)
        if (other.tier.name == t.tier.name)
          t.spec.fail("name", fmt::format("rule \"{}\": two tiers are called \"{}\"", name_, t.tier.name));
      if (auto when = t.spec.get_string("when")) {
        try {
          t.when = condition::parse(*when);
        } catch (const ConditionError& e) {
          fail(t, e);
        }
        t.tier.when = one_line(*when);
      } else {
        t.tier.when = "otherwise";
      }
      t.spec.reject_unknown_keys();
      tiers_.push_back(std::move(t));
    }
    for (const ConditionTier& t : tiers_) labels_.push_back(t.tier);
  }

  std::string_view kind() const override { return "tiers"; }
  const std::string& name() const override { return name_; }
  const std::vector<Tier>& tiers() const override { return labels_; }
  std::vector<std::string> column_names() const override { return {name_}; }

  void bind(ColumnCatalog& columns) override {
    for (ConditionTier& t : tiers_) {
      if (!t.when) continue;
      try {
        condition::bind(*t.when, columns);
      } catch (const ConditionError& e) {
        fail(t, e);
      }
    }
  }

  std::vector<Column> apply(const Table& table, const RuleContext& context) const override {
    std::vector<std::optional<Evaluator>> tests;
    for (const ConditionTier& t : tiers_) {
      if (t.when) tests.emplace_back(std::in_place, *t.when, table, context.as_of);
      else tests.emplace_back();
    }
    Column label = Column::text(name_);
    label.reserve(table.rows());
    for (size_t row = 0; row < table.rows(); ++row) {
      const std::optional<size_t> k = first_match(tests, table, row);
      if (k) label.push_text(tiers_[*k].tier.name);
      else label.push_null();
    }
    std::vector<Column> out;
    out.push_back(std::move(label));
    return out;
  }

  std::unique_ptr<FollowUpText> follow_ups(const Table& table) const override {
    // For each tier (and, last, for a customer no tier took): the columns
    // read by its condition and by the conditions of the tiers it passed.
    std::vector<std::vector<Text::Shown>> shown;
    std::vector<Text::Shown> names;
    for (const ConditionTier& t : tiers_) {
      if (t.when)
        for (const std::string& c : condition::columns_read(*t.when))
          if (std::none_of(names.begin(), names.end(), [&](const Text::Shown& s) { return s.name == c; }))
            names.push_back({c, &table.column(c)});
      shown.push_back(names);
    }
    shown.push_back(names);
    std::vector<std::string_view> labels;
    for (const ConditionTier& t : tiers_) labels.push_back(t.tier.name);
    return std::make_unique<Text>(table.column(name_), std::move(labels), std::move(shown));
  }

  std::vector<Explanation> explain(const Table& table, size_t row,
                                   const RuleContext& context) const override {
    std::vector<Explanation> out;
    std::optional<size_t> match;
    for (size_t k = 0; k < tiers_.size() && !match; ++k) {
      const ConditionTier& t = tiers_[k];
      if (!t.when) {
        out.push_back({fmt::format("tier {}", t.tier.name), "true", "no condition: takes everyone left"});
        match = k;
        continue;
      }
      const Evaluator e(*t.when, table, context.as_of);
      const Truth truth = evaluate(e, table, row, t);
      out.push_back({fmt::format("tier {}", t.tier.name), condition::truth_name(truth),
                     fmt::format("{} → {}", t.tier.when, e.substituted(row))});
      if (truth == Truth::kTrue) match = k;
    }
    out.push_back({name_, match ? tiers_[*match].tier.name : "",
                   match ? "the first tier whose condition is true"
                         : "no tier's condition is true: the label is empty"});
    return out;
  }

  std::vector<Finding> lint() const override {
    std::vector<LintTier> tiers;
    for (const ConditionTier& t : tiers_)
      tiers.push_back(LintTier{t.tier.name, t.when ? &*t.when : nullptr,
                               t.spec.where(t.when ? "when" : "name")});
    return lint_tiers(name_, spec_.where(""), tiers);
  }

  std::vector<std::pair<std::string, std::string>> settings() const override {
    std::vector<std::string> names;
    for (const Tier& t : labels_) names.push_back(t.name);
    return {{"tiers", fmt::format("{}", fmt::join(names, ","))}};
  }

 private:
  struct ConditionTier {
    Tier tier;
    RuleSpec spec;
    std::optional<Condition> when;
  };

  [[noreturn]] void fail(const ConditionTier& t, const ConditionError& e) const {
    spec_.fail_at(t.spec.where_in("when", e.offset), fmt::format("tier \"{}\": {}", t.tier.name, e.message),
                  e.hint);
  }

  Truth evaluate(const Evaluator& e, const Table& table, size_t row, const ConditionTier& t) const {
    try {
      return e.test(row);
    } catch (const std::overflow_error&) {
      throw Error(ExitCode::kData,
                  fmt::format("{}: rule \"{}\" tier \"{}\": the arithmetic for customer \"{}\" exceeds "
                              "the exact range of numbers",
                              t.spec.where("when"), name_, t.tier.name,
                              table.column(0).value(row)),
                  "divide before multiplying large amounts");
    }
  }

  std::optional<size_t> first_match(const std::vector<std::optional<Evaluator>>& tests,
                                    const Table& table, size_t row) const {
    for (size_t k = 0; k < tiers_.size(); ++k)
      if (!tests[k] || evaluate(*tests[k], table, row, tiers_[k]) == Truth::kTrue) return k;
    return std::nullopt;
  }

  RuleSpec spec_;
  std::string name_;
  std::vector<ConditionTier> tiers_;
  std::vector<Tier> labels_;
};

}  // namespace

std::unique_ptr<Rule> make_tiers_rule(const RuleSpec& spec) { return std::make_unique<TiersRule>(spec); }

}  // namespace tiers::rules

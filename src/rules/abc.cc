// The `abc` rule kind: Pareto value tiers (DESIGN §4.2).
//
// Settings: preset = "default" | "pyramid" | "metals"; by = "value" |
// "rank"; cuts = [...] (ascending fractions in (0, 1]); labels = [...] (one
// more than cuts), each a name or a table { name, action, cadence_days,
// priority, owner }. Giving cuts without labels names the tiers A, B, C, ...
// and measures by value unless `by` says otherwise.
#include <algorithm>
#include <numeric>
#include <type_traits>

#include <fmt/format.h>

#include "rules/cuts.h"
#include "rules/registry.h"
#include "rules/scoring.h"
#include "rules/rule_spec.h"
#include "rules/tier_spec.h"
#include "tiers/error.h"
#include "tiers/money.h"

namespace tiers::rules {
namespace {

enum class By { kValue, kRank };

struct Preset {
  const char* name;
  By by;
  std::vector<Ratio> cuts;
  std::vector<Tier> tiers;
};

const std::vector<Preset>& presets() {
  static const std::vector<Preset> kPresets{
      {"default",
       By::kValue,
       {{80, 100}, {95, 100}},
       {{"A", "Account review by the owner", 30, 2, "account owner"},
        {"B", "Check-in by the account team", 90, 3, "account team"},
        {"C", "", 0, 0, ""}}},
      {"pyramid",
       By::kRank,
       {{5, 100}, {20, 100}, {40, 100}},
       {{"vip", "Personal call from the account manager", 30, 1, "account manager"},
        {"major", "Account review and upsell", 60, 2, "account team"},
        {"middle", "Targeted offer", 90, 3, "marketing"},
        {"small", "", 0, 0, ""}}},
      {"metals",
       By::kRank,
       {{1, 100}, {5, 100}, {20, 100}},
       {{"platinum", "Personal call from the relationship manager; invite to events", 30, 1,
         "relationship manager"},
        {"gold", "Upgrade offer toward platinum", 60, 2, "account team"},
        {"iron", "Volume incentive toward gold", 90, 3, "marketing"},
        {"lead", "", 0, 0, ""}}},
  };
  return kPresets;
}

std::string percent(const Ratio& r) {
  // Cuts are exact decimals; print them as a percentage without noise:
  // 4/5 → 800000 millionths of one → "80%". Other shares round half-to-even.
  return format_fixed(div_round_half_even(static_cast<int128>(r.num) * 1'000'000, r.den), 4, 0) + "%";
}

std::string ordinal(size_t n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                       : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return fmt::format("{}{}", n, suffix);
}

/// Reasons give the net spend and the share of revenue or customers the
/// tier covers.
class Text final : public FollowUpText {
 public:
  Text(const Column& monetary, const Column& labels, const std::vector<Tier>& tiers,
       std::vector<std::string> phrases)
      : monetary_(monetary), labels_(labels), tiers_(tiers), phrases_(std::move(phrases)) {}

  void append_reason(size_t row, std::string& out) const override {
    const Money m{monetary_.number(row)};
    out += "net ";
    append_money_grouped(out, m);
    if (m.units <= 0) {
      out += ": no positive spend";
      return;
    }
    const std::string_view label = labels_.text(row);
    size_t k = 0;
    while (k + 1 < phrases_.size() && k < tiers_.size() && tiers_[k].name != label) ++k;
    out += phrases_[k];
  }
  void prefetch(size_t row) const override {
    monetary_.prefetch(row);
    labels_.prefetch(row);
  }

 private:
  const Column& monetary_;
  const Column& labels_;
  const std::vector<Tier>& tiers_;
  std::vector<std::string> phrases_;  // per tier; the last also for an unknown label
};

class AbcRule final : public Rule {
 public:
  explicit AbcRule(const RuleSpec& spec) : name_(spec.name()) {
    const std::string preset_name = spec.get_string("preset").value_or("default");
    const Preset* preset = nullptr;
    std::vector<std::string> names;
    for (const auto& p : presets()) {
      names.emplace_back(p.name);
      if (preset_name == p.name) preset = &p;
    }
    if (preset == nullptr)
      spec.fail("preset", fmt::format("preset \"{}\" is not one of {}", preset_name,
                                      fmt::join(names, ", ")),
                suggest(preset_name, names));
    by_ = preset->by;
    cuts_ = preset->cuts;
    tiers_ = preset->tiers;

    if (auto cuts = spec.get_ratios("cuts")) {
      cuts_ = *cuts;
      by_ = By::kValue;
      tiers_.clear();
      for (size_t i = 0; i <= cuts_.size(); ++i) {
        Tier t;
        t.name = i < 26 ? std::string(1, static_cast<char>('A' + i)) : fmt::format("T{}", i + 1);
        tiers_.push_back(t);
      }
      if (cuts_.empty()) spec.fail("cuts", "cuts needs at least one value");
      for (size_t i = 0; i < cuts_.size(); ++i) {
        const Ratio& c = cuts_[i];
        if (c.num <= 0 || c.num > c.den)
          spec.fail("cuts", "each cut must be a fraction above 0 and at most 1 (e.g. 0.8)");
        if (i > 0 && static_cast<int128>(c.num) * cuts_[i - 1].den <=
                         static_cast<int128>(cuts_[i - 1].num) * c.den)
          spec.fail("cuts", "cuts must be strictly ascending");
      }
    }
    if (const toml::value* labels = spec.raw("labels")) {
      if (!labels->is_array() || labels->as_array().size() != cuts_.size() + 1)
        spec.fail("labels", fmt::format("labels needs {} entries (one more than the cuts)",
                                        cuts_.size() + 1));
      tiers_.clear();
      for (const toml::value& item : labels->as_array()) {
        if (item.is_string()) {
          tiers_.push_back(Tier{item.as_string().str, "", 0, 0, ""});
        } else if (item.is_table()) {
          RuleSpec tier = spec.child(item);
          tiers_.push_back(parse_tier_fields(tier));
          tier.reject_unknown_keys();
        } else {
          spec.fail("labels", "each label must be a name or a table { name, action, ... }");
        }
      }
    }
    if (auto by = spec.get_string("by")) {
      if (*by == "value") by_ = By::kValue;
      else if (*by == "rank") by_ = By::kRank;
      else spec.fail("by", fmt::format("by \"{}\" is not value or rank", *by), suggest(*by, {"value", "rank"}));
    }
    const char* basis = by_ == By::kValue ? "of revenue" : "of customers by net spend";
    for (size_t k = 0; k < tiers_.size(); ++k) {
      if (k == 0) tiers_[k].when = fmt::format("top {} {}", percent(cuts_[0]), basis);
      else if (k < cuts_.size())
        tiers_[k].when = fmt::format("{} to {} {}", percent(cuts_[k - 1]), percent(cuts_[k]), basis);
      else tiers_[k].when = fmt::format("the rest, and net spend ≤ 0");
    }
  }

  std::string_view kind() const override { return "abc"; }
  const std::string& name() const override { return name_; }
  const std::vector<Tier>& tiers() const override { return tiers_; }
  std::vector<std::string> column_names() const override { return {name_}; }

  std::vector<Column> apply(const Table& t, const RuleContext& context) const override {
    const size_t n = t.rows();
    const Column& monetary = t.column("monetary");
    if (context.frozen != nullptr) {
      check_frozen(*context.frozen, name_, "abc", {"monetary"}, cuts_.size(), "one per cut");
      const Column& ids = t.column("customer_id");
      Column label = Column::text(name_);
      for (size_t i = 0; i < n; ++i)
        label.push_text(tiers_[tier_against(monetary.number(i), ids.text(i), context.frozen->series[0].points)].name);
      std::vector<Column> out;
      out.push_back(std::move(label));
      return out;
    }
    // Monetary descending, ties by id: rows are in id order, so by row.
    std::vector<int64_t> values(n);
    int128 total = 0;
    for (size_t i = 0; i < n; ++i) {
      values[i] = monetary.number(i);
      total += std::max<int64_t>(values[i], 0);
    }
    // A customer's tier is the first cut its share (of revenue, or of
    // customers) is below. Shares only grow down the list and cuts ascend,
    // so that cut never moves back: one comparison for most customers.
    // Walking customers best first (monetary descending, ties by id: rows
    // are in id order, so by row), the walk brings each one's monetary.
    auto assign = [&](auto& tier) {
      int128 before = 0;
      size_t k = 0, pos = 0;
      walk_worst_first(values, false, [&](uint32_t row, int64_t m, bool) {
        if (m > 0) {
          for (; k < cuts_.size(); ++k) {
            const int128 lhs = by_ == By::kValue ? before * cuts_[k].den
                                                   : static_cast<int128>(pos) * cuts_[k].den;
            const int128 rhs = by_ == By::kValue ? static_cast<int128>(cuts_[k].num) * total
                                                   : static_cast<int128>(cuts_[k].num) * n;
            if (lhs < rhs) break;
          }
          tier[row] = static_cast<std::remove_reference_t<decltype(tier[row])>>(k);
        }
        before += std::max<int64_t>(m, 0);
        ++pos;
      });
    };
    std::vector<std::string> labels;
    for (const Tier& tier_of_label : tiers_) labels.push_back(tier_of_label.name);
    Column label = Column::labels(name_, std::move(labels));
    label.reserve(n);
    // Tiers are set in walk order, at random rows: one byte each when the
    // codes fit, so the array stays in cache.
    if (cuts_.size() < 256) {
      std::vector<uint8_t> tier(n, static_cast<uint8_t>(cuts_.size()));
      assign(tier);
      for (size_t i = 0; i < n; ++i) label.push_code(tier[i]);
    } else {
      std::vector<uint32_t> tier(n, static_cast<uint32_t>(cuts_.size()));
      assign(tier);
      for (size_t i = 0; i < n; ++i) label.push_code(tier[i]);
    }
    std::vector<Column> out;
    out.push_back(std::move(label));
    return out;
  }

  std::unique_ptr<FollowUpText> follow_ups(const Table& t) const override {
    // What follows "net <amount>" for each tier, worked out once.
    const char* basis = by_ == By::kValue ? "of revenue" : "of customers by net spend";
    std::vector<std::string> phrases;
    for (size_t k = 0; k <= cuts_.size(); ++k) {
      if (k == 0) phrases.push_back(fmt::format(": in the top {} {}", percent(cuts_[0]), basis));
      else if (k < cuts_.size())
        phrases.push_back(fmt::format(": between {} and {} {}", percent(cuts_[k - 1]),
                                      percent(cuts_[k]), basis));
      else phrases.push_back(fmt::format(": below the top {} {}", percent(cuts_.back()), basis));
    }
    return std::make_unique<Text>(t.column("monetary"), t.column(name_), tiers_, std::move(phrases));
  }

  std::optional<RuleCuts> cut_points(const Table& t, const RuleContext& context) const override {
    if (context.frozen != nullptr) return *context.frozen;
    const Column& monetary = t.column("monetary");
    const Column& ids = t.column("customer_id");
    const Column& label = t.column(name_);
    std::vector<int64_t> values;
    std::vector<std::string_view> names;
    std::vector<uint32_t> tier;
    std::vector<std::string> labels;
    for (const Tier& x : tiers_) labels.push_back(x.name);
    for (size_t i = 0; i < t.rows(); ++i) {
      values.push_back(monetary.number(i));
      names.push_back(ids.text(i));
      tier.push_back(static_cast<uint32_t>(std::find(labels.begin(), labels.end(), label.text(i)) - labels.begin()));
    }
    return RuleCuts{name_, "abc", {CutSeries{"monetary", 4, tier_cuts(values, names, tier, labels, cuts_.size())}}};
  }

  std::vector<Explanation> explain(const Table& t, size_t row, const RuleContext& context) const override {
    const Column& monetary = t.column("monetary");
    const Column& ids = t.column("customer_id");
    const int64_t m = monetary.number(row);
    const std::string net = format_money_grouped(Money{m});
    if (context.frozen != nullptr) {
      const auto& points = context.frozen->series[0].points;
      const size_t k = tier_against(m, ids.text(row), points);
      std::vector<std::string> steps;
      for (const CutPoint& p : points)
        steps.push_back(p.value ? fmt::format("{} down to {} ({})", p.label, format_money(Money{*p.value}),
                                              p.customer_id.value_or(""))
                                : fmt::format("{} nobody", p.label));
      return {{name_, tiers_[k].name, fmt::format("net {}; saved cuts, best to worst: {}", net, fmt::join(steps, ", "))}};
    }
    // Recompute the position and the revenue before it (DESIGN 4.2).
    size_t pos = 0;
    int128 before = 0, total = 0;
    for (size_t i = 0; i < t.rows(); ++i) {
      const int64_t v = monetary.number(i);
      total += std::max<int64_t>(v, 0);
      if (v > m || (v == m && ids.text(i) < ids.text(row))) {
        ++pos;
        before += std::max<int64_t>(v, 0);
      }
    }
    if (m <= 0) return {{name_, tiers_.back().name, fmt::format("net {}: no positive spend, so the last tier", net)}};
    size_t k = 0;
    const auto n = static_cast<int128>(t.rows());
    for (; k < cuts_.size(); ++k) {
      const int128 lhs = by_ == By::kValue ? before * cuts_[k].den : static_cast<int128>(pos) * cuts_[k].den;
      const int128 rhs = cuts_[k].num * (by_ == By::kValue ? total : n);
      if (lhs < rhs) break;
    }
    const std::string share =
        by_ == By::kValue
            ? fmt::format("revenue of the customers before it: {} of {} = {}", format_money_grouped(Money{static_cast<int64_t>(before)}),
                          format_money_grouped(Money{static_cast<int64_t>(total)}),
                          percent(Ratio{static_cast<int64_t>(before), static_cast<int64_t>(total)}))
            : fmt::format("{} customers before it of {} = {}", pos, t.rows(),
                          percent(Ratio{static_cast<int64_t>(pos), static_cast<int64_t>(t.rows())}));
    const std::string verdict = k < cuts_.size() ? fmt::format("below the {} cut", percent(cuts_[k]))
                                                 : fmt::format("not below the last cut, {}", percent(cuts_.back()));
    return {{name_, tiers_[k].name, fmt::format("net {}, {} by net spend; {}: {}", net, ordinal(pos + 1), share, verdict)}};
  }

  std::vector<std::pair<std::string, std::string>> settings() const override {
    std::vector<std::string> cuts;
    for (const Ratio& c : cuts_) cuts.push_back(format_fixed(c.num * 1'000'000 / c.den, 6, 0));
    std::vector<std::string> labels;
    for (const Tier& tier : tiers_) labels.push_back(tier.name);
    return {{"by", by_ == By::kValue ? "value" : "rank"},
            {"cuts", fmt::format("{}", fmt::join(cuts, ","))},
            {"labels", fmt::format("{}", fmt::join(labels, ","))}};
  }

 private:
  std::string name_;
  By by_ = By::kValue;
  std::vector<Ratio> cuts_;
  std::vector<Tier> tiers_;
};

}  // namespace

std::unique_ptr<Rule> make_abc_rule(const RuleSpec& spec) { return std::make_unique<AbcRule>(spec); }

}  // namespace tiers::rules

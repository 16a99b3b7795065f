// The `rfm` rule kind: recency, frequency and monetary scores and the
// segment they place a customer in (DESIGN §4.1).
//
// Settings: method = "rank" | "ntile" | "fixed", bins = 2..9, breaks =
// { recency = [...], frequency = [...], monetary = [...] } for fixed, and
// segments = [{ name, r, f, m, action, cadence_days, priority, owner }, ...]
// to replace the default R×F map (required when bins ≠ 5).
#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "core/side_by_side.h"
#include "rules/cuts.h"
#include "rules/registry.h"
#include "rules/rule_spec.h"
#include "rules/scoring.h"
#include "rules/segment_map.h"
#include "rules/tier_spec.h"
#include "tiers/error.h"
#include "tiers/money.h"

namespace tiers::rules {
namespace {

enum class Method { kRank, kNtile, kFixed };
enum Dimension { kR = 0, kF = 1, kM = 2 };

const char* const kMetric[] = {"recency_days", "frequency", "monetary"};
const char* const kBreakKey[] = {"recency", "frequency", "monetary"};

ScoreRange parse_range(const RuleSpec& spec, const std::string& key, int bins) {
  const toml::value* v = spec.raw(key);
  if (v == nullptr) return ScoreRange{1, bins};
  ScoreRange range;
  if (v->is_integer()) {
    range.lo = range.hi = static_cast<int>(v->as_integer());
  } else if (v->is_string()) {
    const std::string s = v->as_string().str;
    const size_t dash = s.find('-');
    auto lo = parse_ratio(s.substr(0, dash));
    auto hi = dash == std::string::npos ? lo : parse_ratio(s.substr(dash + 1));
    if (!lo || !hi || lo->den != 1 || hi->den != 1)
      spec.fail(key, fmt::format("{} must be a score or a range like \"2-4\"", key));
    range = ScoreRange{static_cast<int>(lo->num), static_cast<int>(hi->num)};
  } else if (v->is_array() && v->as_array().size() == 2 && v->as_array()[0].is_integer() &&
             v->as_array()[1].is_integer()) {
    range = ScoreRange{static_cast<int>(v->as_array()[0].as_integer()),
                       static_cast<int>(v->as_array()[1].as_integer())};
  } else {
    spec.fail(key, fmt::format("{} must be a score, \"lo-hi\" or [lo, hi]", key));
  }
  if (range.lo < 1 || range.hi > bins || range.lo > range.hi)
    spec.fail(key, fmt::format("{} range {}-{} is outside 1-{}", key, range.lo, range.hi, bins));
  return range;
}

/// Reasons quote the scores and the metrics they came from.
class Text final : public FollowUpText {
 public:
  Text(const Table& t, const std::string& name)
      : r_(t.column(name + "_r")), f_(t.column(name + "_f")), m_(t.column(name + "_m")),
        recency_(t.column("recency_days")), frequency_(t.column("frequency")),
        monetary_(t.column("monetary")), refunds_(t.column("refunds")) {}

  /// "R=2 F=5 M=5: last purchase 610 days ago, 226 orders, 611,858.23 net",
  /// appended piece by piece (one per follow-up: hundreds of thousands).
  void append_reason(size_t row, std::string& out) const override {
    const Money monetary{monetary_.number(row)};
    if (!r_.has(row)) {
      out += "no purchase in the window; net ";
      append_money_grouped(out, monetary);
      return;
    }
    const int64_t orders = frequency_.number(row);
    const char scores[] = {'R', '=', static_cast<char>('0' + r_.number(row)), ' ',
                           'F', '=', static_cast<char>('0' + f_.number(row)), ' ',
                           'M', '=', static_cast<char>('0' + m_.number(row))};
    out.append(scores, sizeof scores);
    out += ": last purchase ";
    append_fixed(out, recency_.number(row), 0, 0);
    out += " days ago, ";
    append_fixed(out, orders, 0, 0);
    out += orders == 1 ? " order, " : " orders, ";
    append_money_grouped(out, monetary);
    out += " net";
  }

  void prefetch(size_t row) const override {
    for (const Column* c : {&r_, &f_, &m_, &recency_, &frequency_, &monetary_}) c->prefetch(row);
  }

  /// `no_purchases` asks about a refund: only customers who had one. A
  /// customer with only zero-amount rows, or a lead from the attribute
  /// table, has nothing to recover.
  bool follows_up(size_t row) const override {
    return r_.has(row) || (refunds_.has(row) && refunds_.number(row) > 0);
  }

 private:
  const Column &r_, &f_, &m_, &recency_, &frequency_, &monetary_, &refunds_;
};

class RfmRule final : public Rule {
 public:
  explicit RfmRule(const RuleSpec& spec) : name_(spec.name()), where_(spec.where("")) {
    const std::string method = spec.get_string("method").value_or("rank");
    if (method == "rank") method_ = Method::kRank;
    else if (method == "ntile") method_ = Method::kNtile;
    else if (method == "fixed") method_ = Method::kFixed;
    else
      spec.fail("method", fmt::format("method \"{}\" is not one of rank, ntile, fixed", method),
                suggest(method, {"rank", "ntile", "fixed"}));
    bins_ = static_cast<int>(spec.get_int("bins").value_or(5));
    if (bins_ < 2 || bins_ > 9) spec.fail("bins", fmt::format("bins = {} is outside 2-9", bins_));

    if (auto breaks = spec.get_table("breaks")) {
      for (int d : {kR, kF, kM}) {
        auto values = breaks->get_ratios(kBreakKey[d]);
        if (!values) continue;
        if (static_cast<int>(values->size()) != bins_ - 1)
          breaks->fail(kBreakKey[d], fmt::format("{} needs {} break values (bins - 1), not {}",
                                                 kBreakKey[d], bins_ - 1, values->size()));
        for (const Ratio& r : *values) {
          const int64_t scale = d == kM ? kMoneyScale : 1;
          if ((r.num * scale) % r.den != 0)
            breaks->fail(kBreakKey[d], fmt::format("{} breaks must be {}", kBreakKey[d],
                                                   d == kM ? "amounts with at most 4 decimals"
                                                           : "whole numbers"));
          breaks_[d].push_back(r.num * scale / r.den);
        }
        for (size_t i = 1; i < breaks_[d].size(); ++i)
          if (breaks_[d][i] <= breaks_[d][i - 1])
            breaks->fail(kBreakKey[d], fmt::format("{} breaks must be ascending", kBreakKey[d]));
      }
      breaks->reject_unknown_keys();
    }
    if (method_ == Method::kFixed)
      for (int d : {kR, kF, kM})
        if (breaks_[d].empty())
          spec.fail("breaks", fmt::format("method \"fixed\" needs breaks.{} ({} ascending values)",
                                          kBreakKey[d], bins_ - 1),
                    "e.g. breaks = { recency = [30, 90, 180, 365], frequency = [2, 3, 5, 10], "
                    "monetary = [100, 250, 500, 1000] }");

    if (const toml::value* list = spec.raw("segments")) {
      if (!list->is_array() || list->as_array().empty())
        spec.fail("segments", "segments must be a list of tables");
      map_.bins = bins_;
      for (const toml::value& item : list->as_array()) {
        if (!item.is_table()) spec.fail("segments", "each segment must be a table");
        RuleSpec seg = spec.child(item);
        segment_where_.push_back(seg.where(""));
        Segment s;
        s.tier = parse_tier_fields(seg);
        s.r = parse_range(seg, "r", bins_);
        s.f = parse_range(seg, "f", bins_);
        s.m = parse_range(seg, "m", bins_);
        seg.reject_unknown_keys();
        map_.segments.push_back(std::move(s));
      }
    } else if (bins_ != 5) {
      spec.fail("bins", "the default segment map is for bins = 5",
                "give a segments list in a rules file, or use bins = 5");
    } else {
      map_ = SegmentMap::default_map();
      segment_where_.assign(map_.segments.size(), where_);
    }
    for (Segment& s : map_.segments) s.tier.when = describe_segment(s, bins_);
    for (const Segment& s : map_.segments) tiers_.push_back(s.tier);
    tiers_.push_back(no_purchases_tier());
  }

  std::string_view kind() const override { return "rfm"; }
  const std::string& name() const override { return name_; }
  const std::vector<Tier>& tiers() const override { return tiers_; }

  std::vector<std::string> column_names() const override {
    return {name_, name_ + "_r", name_ + "_f", name_ + "_m", name_ + "_cell"};
  }

  std::vector<Column> apply(const Table& t, const RuleContext& context) const override {
    const size_t rows = t.rows();
    const Column& frequency = t.column("frequency");
    std::vector<uint32_t> scored;  // rows with a purchase (tables hold < 2^32 customers)
    scored.reserve(rows);
    for (size_t i = 0; i < rows; ++i)
      if (frequency.number(i) >= 1) scored.push_back(static_cast<uint32_t>(i));

    if (context.frozen != nullptr)
      check_frozen(*context.frozen, name_, "rfm", {kMetric[kR], kMetric[kF], kMetric[kM]},
                   static_cast<size_t>(bins_ - 1), fmt::format("bins - 1 with bins = {}", bins_));
    const Column& ids = t.column("customer_id");
    std::vector<int> scores[3];
    auto score = [&](int d) {
      const Column& metric = t.column(kMetric[d]);
      std::vector<int64_t> values;
      values.reserve(scored.size());
      for (uint32_t i : scored) values.push_back(metric.number(i));
      const bool higher_is_better = d != kR;
      if (scored.empty()) return;
      if (context.frozen != nullptr) {
        const auto& cuts = context.frozen->series[static_cast<size_t>(d)].points;
        for (size_t k = 0; k < scored.size(); ++k)
          scores[d].push_back(score_against(values[k], ids.text(scored[k]), cuts, higher_is_better));
        return;
      }
      switch (method_) {
        case Method::kRank: scores[d] = rank_scores(values, bins_, higher_is_better); break;
        case Method::kNtile: scores[d] = ntile_scores(values, bins_, higher_is_better); break;
        case Method::kFixed: scores[d] = fixed_scores(values, breaks_[d], higher_is_better); break;
      }
    };
    // The three dimensions are independent: score them side by side.
    {
      std::thread r([&] { score(kR); });
      std::thread f([&] { score(kF); });
      score(kM);
      r.join();
      f.join();
    }

    const auto names = column_names();
    // Labels by code: the segments', then no purchase's; every cell.
    std::vector<std::string> labels;
    for (const auto& segment : map_.segments) labels.push_back(segment.tier.name);
    const auto no_purchase = static_cast<uint32_t>(labels.size());
    labels.push_back(no_purchases_tier().name);
    std::vector<std::string> cells;
    for (int r = 1; r <= bins_; ++r)
      for (int f = 1; f <= bins_; ++f)
        for (int m = 1; m <= bins_; ++m)
          cells.push_back({static_cast<char>('0' + r), static_cast<char>('0' + f), static_cast<char>('0' + m)});
    std::vector<Column> out;
    out.push_back(Column::labels(names[0], std::move(labels)));
    for (int d = 0; d < 3; ++d) out.push_back(Column::integer(names[1 + static_cast<size_t>(d)]));
    out.push_back(Column::labels(names[4], std::move(cells)));
    for (auto& c : out) c.reserve(rows);

    // The segment and cell codes on one thread, the three scores on
    // another: each fills its own columns.
    auto codes = [&] {
      size_t next = 0;
      for (size_t i = 0; i < rows; ++i) {
        if (next < scored.size() && scored[next] == i) {
          const int r = scores[kR][next], f = scores[kF][next], m = scores[kM][next];
          ++next;
          const auto segment = map_.lookup(r, f, m);
          if (segment) out[0].push_code(static_cast<uint32_t>(*segment));
          else out[0].push_null();
          out[4].push_code(static_cast<uint32_t>(((r - 1) * bins_ + f - 1) * bins_ + m - 1));
        } else {
          out[0].push_code(no_purchase);
          out[4].push_null();
        }
      }
    };
    auto numbers = [&] {
      size_t next = 0;
      for (size_t i = 0; i < rows; ++i) {
        if (next < scored.size() && scored[next] == i) {
          for (size_t d = 0; d < 3; ++d) out[1 + d].push_number(scores[d][next]);
          ++next;
        } else {
          for (size_t c = 1; c < 4; ++c) out[c].push_null();
        }
      }
    };
    side_by_side(rows >= (size_t{1} << 16), numbers, codes);
    return out;
  }

  std::unique_ptr<FollowUpText> follow_ups(const Table& t) const override {
    return std::make_unique<Text>(t, name_);
  }

  std::optional<RuleCuts> cut_points(const Table& t, const RuleContext& context) const override {
    if (context.frozen != nullptr) return *context.frozen;
    RuleCuts cuts{name_, "rfm", {}};
    const Column& frequency = t.column("frequency");
    const Column& ids = t.column("customer_id");
    for (int d : {kR, kF, kM}) {
      CutSeries series{kMetric[d], d == kM ? 4 : 0, {}};
      const bool higher_is_better = d != kR;
      if (method_ == Method::kFixed) {
        for (size_t k = 0; k < breaks_[d].size(); ++k)
          series.points.push_back(CutPoint{std::to_string(higher_is_better ? k + 2 : bins_ - k),
                                           breaks_[d][k], std::nullopt});
        if (!higher_is_better) std::reverse(series.points.begin(), series.points.end());
      } else {
        const Column& metric = t.column(kMetric[d]);
        const Column& score = t.column(column_names()[1 + static_cast<size_t>(d)]);
        std::vector<int64_t> values;
        std::vector<std::string_view> names;
        std::vector<int> scores;
        for (size_t i = 0; i < t.rows(); ++i) {
          if (frequency.number(i) < 1) continue;
          values.push_back(metric.number(i));
          names.push_back(ids.text(i));
          scores.push_back(static_cast<int>(score.number(i)));
        }
        series.points = score_cuts(values, names, scores, bins_, higher_is_better, method_ == Method::kNtile);
      }
      cuts.series.push_back(std::move(series));
    }
    return cuts;
  }

  std::vector<Explanation> explain(const Table& t, size_t row, const RuleContext& context) const override {
    if (t.column("frequency").number(row) < 1)
      return {{name_, no_purchases_tier().name, "no purchase in the window: not scored"}};
    const RuleCuts cuts = *cut_points(t, context);
    const char* source = context.frozen != nullptr ? "saved cuts"
                         : method_ == Method::kFixed ? "fixed breaks"
                                                     : "cuts of this run";
    std::vector<Explanation> out;
    int score[3];
    for (int d : {kR, kF, kM}) {
      const auto di = static_cast<size_t>(d);
      const Column& metric = t.column(kMetric[d]);
      const auto& points = cuts.series[di].points;
      score[d] = score_against(metric.number(row), t.column("customer_id").text(row), points, d != kR);
      std::vector<std::string> steps;
      for (size_t k = points.size(); k-- > 0;)
        steps.push_back(fmt::format("{} {}", points[k].label, describe_cut(points[k], d != kR, d == kM ? 4 : 0)));
      out.push_back({column_names()[1 + di], std::to_string(score[d]),
                     fmt::format("{} {}; {}: {}", kMetric[d], metric.value(row), source, fmt::join(steps, ", "))});
    }
    const auto segment = map_.lookup(score[kR], score[kF], score[kM]);
    const std::string cell = fmt::format("{}{}{}", score[kR], score[kF], score[kM]);
    if (!segment)
      out.push_back({name_, "", fmt::format("no segment holds cell {}: the label is empty", cell)});
    else
      out.push_back({name_, map_.segments[*segment].tier.name,
                     fmt::format("cell {} is in {} ({})", cell, map_.segments[*segment].tier.name,
                                 map_.segments[*segment].tier.when)});
    return out;
  }

  std::vector<Finding> lint() const override { return lint_segments(name_, map_, segment_where_, where_); }

  std::vector<std::pair<std::string, std::string>> settings() const override {
    static const char* const kMethods[] = {"rank", "ntile", "fixed"};
    std::vector<std::pair<std::string, std::string>> s{
        {"method", kMethods[static_cast<int>(method_)]}, {"bins", std::to_string(bins_)}};
    if (method_ == Method::kFixed)
      for (int d : {kR, kF, kM}) {
        std::string list;
        for (int64_t b : breaks_[d]) {
          if (!list.empty()) list += ",";
          list += d == kM ? format_fixed(b, 4, 0) : std::to_string(b);
        }
        s.emplace_back(std::string("breaks.") + kBreakKey[d], list);
      }
    return s;
  }

 private:
  std::string name_;
  std::string where_;
  std::vector<std::string> segment_where_;
  Method method_ = Method::kRank;
  int bins_ = 5;
  std::vector<int64_t> breaks_[3];
  SegmentMap map_;
  std::vector<Tier> tiers_;
};

}  // namespace

std::unique_ptr<Rule> make_rfm_rule(const RuleSpec& spec) { return std::make_unique<RfmRule>(spec); }

}  // namespace tiers::rules

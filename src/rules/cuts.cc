#include "rules/cuts.h"

#include <algorithm>

#include <fmt/format.h>

#include "tiers/error.h"
#include "tiers/money.h"

namespace tiers::rules {

std::vector<CutPoint> score_cuts(const std::vector<int64_t>& values, const std::vector<std::string_view>& ids,
                                 const std::vector<int>& scores, int bins, bool higher_is_better,
                                 bool with_ids) {
  // worse(a, b): a comes before b in the worse-to-better order.
  auto worse = [&](size_t a, size_t b) {
    if (values[a] != values[b]) return higher_is_better ? values[a] < values[b] : values[a] > values[b];
    return ids[a] < ids[b];
  };
  // The cut for score s is the worst customer scored s or more: the worst
  // of each score in one pass, then the worst of those from s up.
  const size_t none = values.size();
  std::vector<size_t> worst(static_cast<size_t>(std::max(bins, 1)) + 1, none);
  for (size_t i = 0; i < values.size(); ++i) {
    if (scores[i] < 1) continue;
    size_t& w = worst[static_cast<size_t>(std::min(scores[i], bins))];
    if (w == none || worse(i, w)) w = i;
  }
  std::vector<CutPoint> cuts(static_cast<size_t>(std::max(bins - 1, 0)));
  size_t best = none;
  for (int s = bins; s >= 2; --s) {
    const size_t w = worst[static_cast<size_t>(s)];
    if (w != none && (best == none || worse(w, best))) best = w;
    CutPoint& cut = cuts[static_cast<size_t>(s - 2)];
    cut.label = std::to_string(s);
    if (best != none) {
      cut.value = values[best];
      if (with_ids) cut.customer_id = std::string(ids[best]);
    }
  }
  return cuts;
}

int score_against(int64_t value, std::string_view id, const std::vector<CutPoint>& cuts,
                  bool higher_is_better) {
  int score = 1;
  for (const CutPoint& c : cuts) {
    if (!c.value) continue;
    const bool better = higher_is_better ? value > *c.value : value < *c.value;
    if (better || (value == *c.value && (!c.customer_id || id >= *c.customer_id))) ++score;
  }
  return score;
}

std::vector<CutPoint> tier_cuts(const std::vector<int64_t>& monetary, const std::vector<std::string_view>& ids,
                                const std::vector<uint32_t>& tiers, const std::vector<std::string>& labels,
                                size_t count) {
  // later(a, b): a comes after b in the best-to-worst order.
  auto later = [&](size_t a, size_t b) {
    if (monetary[a] != monetary[b]) return monetary[a] < monetary[b];
    return ids[a] > ids[b];
  };
  // The cut for tier k is the last customer with positive spend in tier k
  // or before: the last of each tier in one pass, then the last of those
  // up to k.
  const size_t none = monetary.size();
  std::vector<size_t> last_of(count, none);
  for (size_t i = 0; i < monetary.size(); ++i) {
    if (monetary[i] <= 0 || tiers[i] >= count) continue;
    size_t& l = last_of[tiers[i]];
    if (l == none || later(i, l)) l = i;
  }
  std::vector<CutPoint> cuts;
  size_t last = none;
  for (size_t k = 0; k < count; ++k) {
    if (last_of[k] != none && (last == none || later(last_of[k], last))) last = last_of[k];
    CutPoint cut{labels[k], std::nullopt, std::nullopt};
    if (last != none) {
      cut.value = monetary[last];
      cut.customer_id = std::string(ids[last]);
    }
    cuts.push_back(std::move(cut));
  }
  return cuts;
}

size_t tier_against(int64_t monetary, std::string_view id, const std::vector<CutPoint>& cuts) {
  if (monetary <= 0) return cuts.size();
  for (size_t k = 0; k < cuts.size(); ++k) {
    const CutPoint& c = cuts[k];
    if (!c.value) continue;
    if (monetary > *c.value || (monetary == *c.value && (!c.customer_id || id <= *c.customer_id))) return k;
  }
  return cuts.size();
}

void check_frozen(const RuleCuts& cuts, const std::string& rule, std::string_view kind,
                  const std::vector<std::string>& metrics, size_t points, const std::string& why) {
  auto fail = [&](const std::string& what) {
    throw Error(ExitCode::kConfig, fmt::format("--thresholds: rule \"{}\": {}", rule, what),
                "use the thresholds.json written by a run with the same rules");
  };
  if (cuts.kind != kind) fail(fmt::format("the saved cut points are for a {} rule, not {}", cuts.kind, kind));
  if (cuts.series.size() != metrics.size())
    fail(fmt::format("expected cut points for {} metric{}, found {}", metrics.size(),
                     metrics.size() == 1 ? "" : "s", cuts.series.size()));
  for (size_t i = 0; i < metrics.size(); ++i) {
    if (cuts.series[i].metric != metrics[i])
      fail(fmt::format("expected cut points for {}, found {}", metrics[i], cuts.series[i].metric));
    if (cuts.series[i].points.size() != points)
      fail(fmt::format("{} needs {} cut points ({}), found {}", metrics[i], points, why,
                       cuts.series[i].points.size()));
  }
}

std::string describe_cut(const CutPoint& cut, bool higher_is_better, int scale) {
  if (!cut.value) return "nobody";
  const std::string v = scale == 0 ? std::to_string(*cut.value) : format_fixed(*cut.value, scale, 2);
  std::string out = fmt::format("{} {}", higher_is_better ? "≥" : "≤", v);
  if (cut.customer_id) out += fmt::format(" (at {}: ids ≥ {})", v, *cut.customer_id);
  return out;
}

}  // namespace tiers::rules

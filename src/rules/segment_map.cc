#include "rules/segment_map.h"

#include <fmt/format.h>

namespace tiers::rules {

std::optional<size_t> SegmentMap::lookup(int r, int f, int m) const {
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    if (s.r.contains(r) && s.f.contains(f) && s.m.contains(m)) return i;
  }
  return std::nullopt;
}

SegmentMap SegmentMap::default_map() {
  auto seg = [](std::string name, ScoreRange r, ScoreRange f, std::string action, int cadence,
                int priority, std::string owner) {
    return Segment{Tier{std::move(name), std::move(action), cadence, priority, std::move(owner)},
                   r, f, ScoreRange{1, 5}};
  };
  SegmentMap map;
  map.bins = 5;
  map.segments = {
      seg("champions", {5, 5}, {4, 5}, "Thank them and ask for a referral or a review", 30, 3, "marketing"),
      seg("loyal", {3, 4}, {4, 5}, "Invite to the loyalty programme and upsell", 30, 3, "marketing"),
      seg("potential_loyalist", {4, 5}, {2, 3}, "Recommend related products and offer membership", 14, 3, "marketing"),
      seg("new", {5, 5}, {1, 1}, "Send the onboarding message", 7, 2, "marketing"),
      seg("promising", {4, 4}, {1, 1}, "Send a welcome-back offer", 14, 3, "marketing"),
      seg("need_attention", {3, 3}, {3, 3}, "Send a limited-time personalised offer", 14, 2, "marketing"),
      seg("about_to_sleep", {3, 3}, {1, 2}, "Send a reactivation offer with recommendations", 14, 2, "marketing"),
      seg("cant_lose", {1, 2}, {5, 5}, "Personal win-back call", 7, 1, "account owner"),
      seg("at_risk", {1, 2}, {3, 4}, "Personal win-back call", 7, 1, "account owner"),
      seg("hibernating", {1, 2}, {1, 2}, "Low-cost reactivation offer", 30, 4, "marketing"),
  };
  return map;
}

Tier no_purchases_tier() {
  return Tier{"no_purchases", "Ask about the refund (service recovery)", 14, 2, "customer service",
              "no purchase in the window"};
}

std::string describe_segment(const Segment& s, int bins) {
  auto range = [](const char* name, ScoreRange r) {
    return r.lo == r.hi ? fmt::format("{} {}", name, r.lo) : fmt::format("{} {}-{}", name, r.lo, r.hi);
  };
  std::string out = range("R", s.r) + ", " + range("F", s.f);
  if (s.m.lo != 1 || s.m.hi != bins) out += ", " + range("M", s.m);
  return out;
}

std::vector<Finding> lint_segments(const std::string& rule, const SegmentMap& map,
                                   const std::vector<std::string>& where, const std::string& rule_where) {
  const int b = map.bins;
  bool uses_m = false;
  for (const Segment& s : map.segments) uses_m = uses_m || s.m.lo != 1 || s.m.hi != b;
  const int m_hi = uses_m ? b : 1;
  auto cells = [&](size_t count) {
    return fmt::format("{} {} cell{}", count, uses_m ? "R×F×M" : "R×F", count == 1 ? "" : "s");
  };
  auto name = [&](int r, int f, int m) {
    return uses_m ? fmt::format("{}{}{}", r, f, m) : fmt::format("{}{}", r, f);
  };
  auto holds = [&](const Segment& s, int r, int f, int m) {
    return s.r.contains(r) && s.f.contains(f) && (!uses_m || s.m.contains(m));
  };
  const size_t n = map.segments.size();
  std::vector<std::vector<std::vector<std::string>>> shared(n, std::vector<std::vector<std::string>>(n));
  std::vector<std::string> uncovered;
  std::vector<bool> reachable(n, false);
  for (int r = 1; r <= b; ++r)
    for (int f = 1; f <= b; ++f)
      for (int m = 1; m <= m_hi; ++m) {
        std::vector<size_t> in;
        for (size_t i = 0; i < n; ++i)
          if (holds(map.segments[i], r, f, m)) in.push_back(i);
        if (in.empty()) uncovered.push_back(name(r, f, m));
        else reachable[in.front()] = true;
        for (size_t x = 0; x < in.size(); ++x)
          for (size_t y = x + 1; y < in.size(); ++y) shared[in[x]][in[y]].push_back(name(r, f, m));
      }
  std::vector<Finding> out;
  const std::string prefix = fmt::format("rule \"{}\": ", rule);
  for (size_t j = 0; j < n; ++j) {
    const std::string& sj = map.segments[j].tier.name;
    for (size_t i = 0; i < j; ++i) {
      const auto& c = shared[i][j];
      if (c.empty()) continue;
      const std::string& si = map.segments[i].tier.name;
      out.push_back({where[j], prefix + fmt::format("segments \"{}\" and \"{}\" overlap on {}: {} "
                                                    "(\"{}\" comes first and takes {})",
                                                    si, sj, cells(c.size()), fmt::join(c, ", "), si,
                                                    c.size() == 1 ? "it" : "them")});
    }
    if (!reachable[j])
      out.push_back({where[j], prefix + fmt::format("segment \"{}\" can never be reached: earlier "
                                                    "segments take all its cells", sj)});
  }
  if (!uncovered.empty())
    out.push_back({rule_where, prefix + fmt::format("{} {} in no segment: {} (customers there get an "
                                                    "empty label)",
                                                    cells(uncovered.size()), uncovered.size() == 1 ? "is" : "are",
                                                    fmt::join(uncovered, ", "))});
  return out;
}

}  // namespace tiers::rules

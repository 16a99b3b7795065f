#include "rules/segment_map.h"

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
  return Tier{"no_purchases", "Ask about the refund (service recovery)", 14, 2, "customer service"};
}

}  // namespace tiers::rules

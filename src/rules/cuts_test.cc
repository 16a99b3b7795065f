#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <utility>

#include "rules/cuts.h"

using namespace tiers;
using namespace tiers::rules;

TEST_CASE("score cuts reproduce NTILE scores when ties straddle a boundary") {
  // Worst to best by value, ties by id: b(10) c(20) a(20) → no: ids ascending among ties: a, c.
  const std::vector<int64_t> values{20, 10, 20, 30};
  const std::vector<std::string_view> ids{"a", "b", "c", "d"};
  // NTILE(2) over b, a, c, d: b a → 1, c d → 2. a and c tie at 20 but differ.
  const std::vector<int> scores{1, 1, 2, 2};
  const auto cuts = score_cuts(values, ids, scores, 2, true, true);
  REQUIRE(cuts.size() == 1);
  CHECK(cuts[0].label == "2");
  CHECK(*cuts[0].value == 20);
  CHECK(*cuts[0].customer_id == "c");
  for (size_t i = 0; i < 4; ++i) CHECK(score_against(values[i], ids[i], cuts, true) == scores[i]);
  // A value-only cut would not: a (20) would reach it.
  CutPoint value_only = cuts[0];
  value_only.customer_id.reset();
  CHECK(score_against(20, "a", {value_only}, true) == 2);
  // New data: an id between a and c at 20 stays below; 25 reaches it.
  CHECK(score_against(20, "b", cuts, true) == 1);
  CHECK(score_against(25, "a", cuts, true) == 2);
}

TEST_CASE("lower is better for recency; scores nobody reached stay out of reach") {
  const std::vector<int64_t> recency{5, 40, 40, 200};
  const std::vector<std::string_view> ids{"a", "b", "c", "d"};
  const std::vector<int> scores{3, 2, 2, 1};  // rank, bins 3: equal values share a score
  const auto cuts = score_cuts(recency, ids, scores, 3, false, false);
  CHECK(*cuts[0].value == 40);  // score 2 needs ≤ 40
  CHECK(*cuts[1].value == 5);   // score 3 needs ≤ 5
  CHECK_FALSE(cuts[0].customer_id.has_value());
  for (size_t i = 0; i < 4; ++i) CHECK(score_against(recency[i], ids[i], cuts, false) == scores[i]);
  const auto nobody = score_cuts(recency, ids, {1, 1, 1, 1}, 2, false, false);
  CHECK_FALSE(nobody[0].value.has_value());
  CHECK(score_against(0, "z", nobody, false) == 1);
}

TEST_CASE("ABC tier cuts: the last key of each tier, ties split by id") {
  // Best to worst: x 50, a 30, b 30, y 10, z -5. Tiers A A B C C (b after a at 30).
  const std::vector<int64_t> monetary{30, 30, 50, 10, -5};
  const std::vector<std::string_view> ids{"a", "b", "x", "y", "z"};
  const std::vector<uint32_t> tiers{0, 1, 0, 2, 2};
  const auto cuts = tier_cuts(monetary, ids, tiers, {"A", "B", "C"}, 2);
  CHECK(*cuts[0].value == 30);
  CHECK(*cuts[0].customer_id == "a");
  CHECK(*cuts[1].value == 30);
  CHECK(*cuts[1].customer_id == "b");
  for (size_t i = 0; i < 5; ++i) CHECK(tier_against(monetary[i], ids[i], cuts) == tiers[i]);
  CHECK(tier_against(1000, "q", cuts) == 0);
  CHECK(tier_against(0, "a", cuts) == 2);  // no positive spend: last tier
}

TEST_CASE("cuts match their definition on random keys (ties, scores in any order, empty tiers)") {
  // The definition, one cut at a time, by brute force: for score s the
  // worst (value, id) among customers scoring >= s; for tier k the last
  // (best-to-worst) customer with positive spend in a tier <= k.
  uint64_t state = 7;
  auto next = [&](uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  for (int round = 0; round < 200; ++round) {
    const size_t n = 1 + next(60);
    const int bins = 2 + static_cast<int>(next(5));
    std::vector<int64_t> values(n);
    std::vector<std::string> names(n);
    std::vector<std::string_view> ids(n);
    std::vector<int> scores(n);
    std::vector<uint32_t> tiers(n);
    for (size_t i = 0; i < n; ++i) {
      values[i] = static_cast<int64_t>(next(7)) - 2;  // many ties, some <= 0
      names[i] = std::string(1, static_cast<char>('a' + next(26))) + std::to_string(i);
      scores[i] = 1 + static_cast<int>(next(static_cast<uint64_t>(bins)));
      tiers[i] = static_cast<uint32_t>(next(4));  // tier 3 is past `count`
    }
    for (size_t i = 0; i < n; ++i) ids[i] = names[i];
    for (const bool higher : {true, false}) {
      const auto cuts = score_cuts(values, ids, scores, bins, higher, true);
      REQUIRE(cuts.size() == static_cast<size_t>(bins - 1));
      for (int s = 2; s <= bins; ++s) {
        std::optional<size_t> want;
        for (size_t i = 0; i < n; ++i) {
          if (scores[i] < s) continue;
          const auto key = [&](size_t j) { return std::pair(higher ? values[j] : -values[j], ids[j]); };
          if (!want || key(i) < key(*want)) want = i;
        }
        const CutPoint& c = cuts[static_cast<size_t>(s - 2)];
        CHECK(c.label == std::to_string(s));
        REQUIRE(c.value.has_value() == want.has_value());
        if (want) {
          CHECK(*c.value == values[*want]);
          CHECK(*c.customer_id == ids[*want]);
        }
      }
    }
    const std::vector<std::string> labels{"A", "B", "C", "D"};
    const auto cuts = tier_cuts(values, ids, tiers, labels, 3);
    REQUIRE(cuts.size() == 3);
    for (uint32_t k = 0; k < 3; ++k) {
      std::optional<size_t> want;
      for (size_t i = 0; i < n; ++i) {
        if (values[i] <= 0 || tiers[i] > k) continue;
        // Later in best-to-worst order: smaller spend, then larger id.
        if (!want || std::pair(-values[i], ids[i]) > std::pair(-values[*want], ids[*want])) want = i;
      }
      CHECK(cuts[k].label == labels[k]);
      REQUIRE(cuts[k].value.has_value() == want.has_value());
      if (want) {
        CHECK(*cuts[k].value == values[*want]);
        CHECK(*cuts[k].customer_id == ids[*want]);
      }
    }
  }
}

#include <doctest/doctest.h>

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

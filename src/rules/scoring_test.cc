#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <utility>
#include <vector>

#include "rules/scoring.h"

using namespace tiers::rules;
using V = std::vector<int>;

TEST_CASE("rank: equal values, equal scores") {
  // n = 5. worse counts: 1 → 0, 2 → 2, 3 → 3. 1 + floor(5·w/5).
  CHECK(rank_scores({1, 1, 2, 3, 3}, 5, true) == V{1, 1, 3, 4, 4});
  // Recency, lower is better; worse = strictly larger. 10 → 1 worse → 1 + 5/4 = 2;
  // 5 → 3 worse → 1 + 15/4 = 4; 30 → 0 → 1.
  CHECK(rank_scores({10, 10, 5, 30}, 5, false) == V{2, 2, 4, 1});
  CHECK(rank_scores({7}, 5, true) == V{1});  // one customer: nobody is worse
}

TEST_CASE("ntile: SQL NTILE over worst-to-best, ties by id (position)") {
  // n = 7, 5 buckets: sizes 2,2,1,1,1. Ascending: 1(i1) 2(i4) | 3(i3) 4(i6) | 5(i0) | 6(i5) | 7(i2).
  CHECK(ntile_scores({5, 1, 7, 3, 2, 6, 4}, 5, true) == V{3, 1, 5, 2, 1, 4, 2});
  // Equal values are split by position: n = 3 < 5 buckets → 1, 2, 3.
  CHECK(ntile_scores({1, 1, 1}, 5, true) == V{1, 2, 3});
  // Recency: worst (largest) first; the two 5s keep id order: 9 | 5(i0) | 5(i2) in 2 buckets of 2,1.
  CHECK(ntile_scores({5, 9, 5}, 2, false) == V{1, 1, 2});
  // 10 values, 5 buckets of 2.
  CHECK(ntile_scores({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, true) == V{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
}

TEST_CASE("fixed breaks, as in DESIGN's examples") {
  // recency = [30, 90, 180, 365]: 5 for ≤ 30, 4 for 31-90, ..., 1 for > 365.
  CHECK(fixed_scores({30, 31, 90, 365, 366, 0}, {30, 90, 180, 365}, false) == V{5, 4, 4, 2, 1, 5});
  // frequency = [2, 3, 5, 10]: 1 for < 2, 2 for 2, 3 for 3-4, 4 for 5-9, 5 for ≥ 10.
  CHECK(fixed_scores({1, 2, 3, 4, 5, 9, 10, 11}, {2, 3, 5, 10}, true) == V{1, 2, 3, 3, 4, 4, 5, 5});
}

TEST_CASE("walk_worst_first is a stable sort by value, like sorting the pairs") {
  // Spreads that fit 8-byte keys with the position and ones that do not.
  std::mt19937_64 rng(11);
  for (int64_t span : {int64_t{0}, int64_t{1}, int64_t{255}, int64_t{256}, int64_t{70000}, int64_t{1} << 40,
                       INT64_MAX}) {
    std::vector<int64_t> values(3000);
    for (uint32_t i = 0; i < values.size(); ++i) {
      const int64_t v = span == 0 ? 42 : static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
      values[i] = (i % 3 == 0) ? ~v : v;  // negatives too
    }
    if (span == INT64_MAX) values[0] = INT64_MIN, values[1] = INT64_MAX;
    std::vector<std::pair<int64_t, uint32_t>> want(values.size());
    for (uint32_t i = 0; i < values.size(); ++i) want[i] = {values[i], i};
    std::sort(want.begin(), want.end());
    std::vector<uint32_t> got;
    walk_worst_first(values, true, [&](uint32_t position, int64_t, bool) { got.push_back(position); });
    std::vector<std::pair<int64_t, uint32_t>> keyed(got.size());
    for (size_t k = 0; k < got.size(); ++k) keyed[k] = {values[got[k]], got[k]};
    CHECK(keyed == want);
  }
}

TEST_CASE("rank scores for other bin counts: thresholds, not divisions, give the same scores") {
  // rank_scores steps the score at ceil(s × n / bins); the reference
  // divides for every customer, for bin counts that do and do not divide n.
  std::mt19937_64 rng(17);
  for (int bins : {1, 2, 3, 4, 7, 10, 100}) {
    for (size_t n : {size_t{1}, size_t{3}, size_t{10}, size_t{99}, size_t{1001}}) {
      for (int64_t span : {int64_t{2}, int64_t{50}, int64_t{1} << 40}) {
        std::vector<int64_t> values(n);
        for (auto& v : values) v = static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
        for (bool higher : {true, false}) {
          V want(n);
          for (size_t i = 0; i < n; ++i) {
            size_t worse = 0;
            for (size_t j = 0; j < n; ++j) worse += higher ? values[j] < values[i] : values[j] > values[i];
            want[i] = static_cast<int>(1 + static_cast<size_t>(bins) * worse / n);
          }
          CAPTURE(bins);
          CAPTURE(n);
          CHECK(rank_scores(values, bins, higher) == want);
        }
      }
    }
  }
}

TEST_CASE("walk_worst_first brings each customer's value and where runs of equal values start") {
  // The value is decoded from the sorted key (8 or 16 bytes, ~v for lower
  // is better): it must be the customer's own, for extreme values too.
  std::mt19937_64 rng(13);
  for (int64_t span : {int64_t{1}, int64_t{7}, int64_t{1} << 41, INT64_MAX}) {
    std::vector<int64_t> values(2000);
    for (auto& v : values) v = static_cast<int64_t>(rng() % static_cast<uint64_t>(span)) - span / 2;
    if (span == INT64_MAX) values[0] = INT64_MIN, values[1] = INT64_MAX, values[2] = INT64_MIN;
    for (bool higher : {true, false}) {
      std::vector<size_t> want(values.size());
      for (size_t i = 0; i < values.size(); ++i) want[i] = i;
      std::stable_sort(want.begin(), want.end(), [&](size_t a, size_t b) {
        return higher ? values[a] < values[b] : values[a] > values[b];
      });
      size_t k = 0, wrong = 0;
      walk_worst_first(values, higher, [&](uint32_t position, int64_t value, bool starts_run) {
        wrong += position != want[k] || value != values[want[k]] ||
                 starts_run != (k == 0 || values[want[k]] != values[want[k - 1]]);
        ++k;
      });
      CHECK(k == values.size());
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("rank and ntile agree with the definitions, for narrow and extreme value ranges") {
  // Narrow ranges sort as packed 8-byte keys, the extremes as pairs: both
  // must give DESIGN's scores. The reference counts "strictly worse" and
  // NTILE positions directly.
  std::mt19937_64 rng(5);
  for (int64_t span : {int64_t{1}, int64_t{3}, int64_t{400}, int64_t{1} << 33, INT64_MAX}) {
    for (size_t n : {size_t{1}, size_t{2}, size_t{63}, size_t{64}, size_t{1000}, size_t{5003}}) {
      std::vector<int64_t> values(n);
      for (auto& v : values) v = static_cast<int64_t>(rng() % static_cast<uint64_t>(span)) - span / 2;
      if (span == INT64_MAX && n > 2) values[0] = INT64_MIN, values[1] = INT64_MAX;
      for (bool higher : {true, false}) {
        V rank_want(n), ntile_want(n);
        // worst-to-best order, ties by position, by a comparison sort
        std::vector<size_t> order(n);
        for (size_t i = 0; i < n; ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
          return higher ? values[a] < values[b] : values[a] > values[b];
        });
        const size_t q = n / 5, r = n % 5;
        for (size_t pos = 0; pos < n; ++pos) {
          ntile_want[order[pos]] = static_cast<int>(pos < r * (q + 1) ? pos / (q + 1) + 1 : r + (pos - r * (q + 1)) / q + 1);
          size_t worse = 0;
          for (size_t j = 0; j < n; ++j)
            worse += higher ? values[j] < values[order[pos]] : values[j] > values[order[pos]];
          rank_want[order[pos]] = static_cast<int>(1 + 5 * worse / n);
        }
        CHECK(rank_scores(values, 5, higher) == rank_want);
        CHECK(ntile_scores(values, 5, higher) == ntile_want);
      }
    }
  }
}

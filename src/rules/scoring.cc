#include "rules/scoring.h"

#include <algorithm>
#include <numeric>

namespace tiers::rules {

std::vector<int> rank_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better) {
  const auto n = static_cast<int64_t>(values.size());
  std::vector<int64_t> sorted(values);
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> scores(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t worse =
        higher_is_better
            ? std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin()
            : sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), values[i]);
    scores[i] = static_cast<int>(1 + bins * worse / n);
  }
  return scores;
}

std::vector<int> ntile_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  // Worst first; stable, so equal values stay in id order.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return higher_is_better ? values[a] < values[b] : values[a] > values[b];
  });
  const size_t b = static_cast<size_t>(bins);
  const size_t q = n / b, r = n % b;
  const size_t big = r * (q + 1);  // rows in the first r buckets, which get one extra row
  std::vector<int> scores(n);
  for (size_t pos = 0; pos < n; ++pos) {
    const size_t bucket = pos < big ? pos / (q + 1) : r + (pos - big) / q;
    scores[order[pos]] = static_cast<int>(bucket + 1);
  }
  return scores;
}

std::vector<int> fixed_scores(const std::vector<int64_t>& values, const std::vector<int64_t>& breaks,
                              bool higher_is_better) {
  std::vector<int> scores(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    int reached = 0;
    for (int64_t b : breaks) reached += higher_is_better ? values[i] >= b : values[i] <= b;
    scores[i] = 1 + reached;
  }
  return scores;
}

}  // namespace tiers::rules

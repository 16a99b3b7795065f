#include "rules/scoring.h"

#include <algorithm>

namespace tiers::rules {

std::vector<int> rank_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better) {
  const auto n = static_cast<int64_t>(values.size());
  std::vector<int> scores(values.size());
  // Walking worst to best, the position where a run of equal values
  // starts is the number of customers strictly worse (`worse`). The score
  // 1 + floor(bins × worse / n) reaches s + 1 once worse >= ceil(s × n /
  // bins): a threshold per score, not a division per customer.
  auto threshold = [&](int s) { return (static_cast<int64_t>(s) * n + bins - 1) / bins; };
  int64_t pos = 0;
  int score = 1;
  int64_t next = threshold(1);
  walk_worst_first(values, higher_is_better, [&](uint32_t position, int64_t, bool starts_run) {
    if (starts_run)
      while (score < bins && pos >= next) next = threshold(++score);
    scores[position] = score;
    ++pos;
  });
  return scores;
}

std::vector<int> ntile_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better) {
  const size_t n = values.size();
  const size_t b = static_cast<size_t>(bins);
  const size_t q = n / b, r = n % b;
  const size_t big = r * (q + 1);  // rows in the first r buckets, which get one extra row
  std::vector<int> scores(n);
  size_t pos = 0;  // ties in id order (= position)
  walk_worst_first(values, higher_is_better, [&](uint32_t position, int64_t, bool) {
    const size_t bucket = pos < big ? pos / (q + 1) : r + (pos - big) / q;
    scores[position] = static_cast<int>(bucket + 1);
    ++pos;
  });
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

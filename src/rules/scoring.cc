#include "rules/scoring.h"

#include <algorithm>

#include "core/radix_sort.h"

namespace tiers::rules {

/// Radix-sorted keys, value above position (so ties stay in position
/// order): one 8-byte key per customer when the spread of values and the
/// position fit in 64 bits together (days, order counts, amounts under 4.3
/// billion units at 2.5M customers), else 16 bytes.
std::vector<uint32_t> worst_first(const std::vector<int64_t>& values, bool higher_is_better) {
  const size_t n = values.size();
  std::vector<uint32_t> order(n);
  if (n == 0) return order;
  // ~v reverses the order without overflow.
  auto key = [&](size_t i) { return higher_is_better ? values[i] : ~values[i]; };
  int64_t lo = key(0), hi = key(0);
  for (size_t i = 1; i < n; ++i) {
    lo = std::min(lo, key(i));
    hi = std::max(hi, key(i));
  }
  const auto spread = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  const unsigned position_bits = n > 1 ? 64 - static_cast<unsigned>(__builtin_clzll(n - 1)) : 1;
  if (position_bits < 64 && (spread >> (64 - position_bits)) == 0) {
    std::vector<uint64_t> keys(n);
    for (size_t i = 0; i < n; ++i)
      keys[i] = (static_cast<uint64_t>(key(i)) - static_cast<uint64_t>(lo)) << position_bits | i;
    {
      std::vector<uint64_t> scratch;
      radix_sort(keys, scratch);
    }
    const uint64_t mask = (uint64_t{1} << position_bits) - 1;
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(keys[i] & mask);
    return order;
  }
  // Else 16-byte keys: the value's offset from the least, then position.
  std::vector<Key128> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i] = {static_cast<uint64_t>(key(i)) - static_cast<uint64_t>(lo), i};
  {
    std::vector<Key128> scratch;
    radix_sort(keys, scratch);
  }
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(keys[i].lo);
  return order;
}

std::vector<int> rank_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better) {
  const auto n = static_cast<int64_t>(values.size());
  const auto order = worst_first(values, higher_is_better);
  std::vector<int> scores(values.size());
  // Walking worst to best, `worse` is the position where a run of equal
  // values starts: the number of customers strictly worse.
  int64_t worse = 0;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    if (pos > 0 && values[order[pos]] != values[order[pos - 1]]) worse = static_cast<int64_t>(pos);
    scores[order[pos]] = static_cast<int>(1 + bins * worse / n);
  }
  return scores;
}

std::vector<int> ntile_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better) {
  const size_t n = values.size();
  const auto order = worst_first(values, higher_is_better);  // ties in id order (= position)
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

#include "rules/scoring.h"

#include <algorithm>

#include "core/radix_sort.h"

namespace tiers::rules {

namespace {

/// Calls visit(position, starts_run) for the positions sorted worst to
/// best, starts_run telling whether the value differs from the one before.
/// Radix-sorted keys, value above position (so ties stay in position
/// order): one 8-byte key per customer when the spread of values and the
/// position fit in 64 bits together (days, order counts, amounts under 4.3
/// billion units at 2.5M customers), else 16 bytes. Runs are told from
/// the keys: looking the values up again would read them at random.
template <typename Visit>
void walk_worst_first(const std::vector<int64_t>& values, bool higher_is_better, Visit&& visit) {
  const size_t n = values.size();
  if (n == 0) return;
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
      // The keys start in position order: sorting the value bits alone
      // keeps ties in it (fewer passes: the position is 19-22 bits).
      std::vector<uint64_t> scratch;
      radix_sort(keys, scratch, position_bits);
    }
    const uint64_t mask = (uint64_t{1} << position_bits) - 1;
    uint64_t value = ~uint64_t{0};  // no key shifted right by one bit or more is all ones
    for (size_t i = 0; i < n; ++i) {
      const uint64_t v = keys[i] >> position_bits;
      visit(static_cast<uint32_t>(keys[i] & mask), v != value);
      value = v;
    }
    return;
  }
  // Else 16-byte keys: the value's offset from the least, then position.
  std::vector<Key128> keys(n);
  for (size_t i = 0; i < n; ++i) keys[i] = {static_cast<uint64_t>(key(i)) - static_cast<uint64_t>(lo), i};
  {
    std::vector<Key128> scratch;
    radix_sort(keys, scratch, 64);  // by value; ties stay in position order
  }
  for (size_t i = 0; i < n; ++i)
    visit(static_cast<uint32_t>(keys[i].lo), i == 0 || keys[i].hi != keys[i - 1].hi);
}

}  // namespace

std::vector<uint32_t> worst_first(const std::vector<int64_t>& values, bool higher_is_better) {
  std::vector<uint32_t> order;
  order.reserve(values.size());
  walk_worst_first(values, higher_is_better, [&](uint32_t position, bool) { order.push_back(position); });
  return order;
}

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
  walk_worst_first(values, higher_is_better, [&](uint32_t position, bool starts_run) {
    if (starts_run)
      while (score < bins && pos >= next) next = threshold(++score);
    scores[position] = score;
    ++pos;
  });
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

// Score a metric 1..bins over all scored customers (DESIGN §4.1).
//
// `values` holds one value per scored customer in customer-id order (the
// table's order), so ties broken "by customer id" are ties broken by
// position. For recency lower is better: pass higher_is_better = false.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/radix_sort.h"

namespace tiers::rules {

/// rank: 1 + floor(bins × worse / n), worse = customers strictly worse.
std::vector<int> rank_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better);

/// SQL NTILE(bins) over customers ordered worst to best, ties by id.
std::vector<int> ntile_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better);

/// Calls visit(position, value, starts_run) for the positions sorted worst
/// to best (ascending values, or descending when higher_is_better is
/// false), equal values in position (= id) order; starts_run tells whether
/// the value differs from the one before. Radix-sorted keys, value above position (so ties stay
/// in position order): one 8-byte key per customer when the spread of
/// values and the position fit in 64 bits together (days, order counts,
/// amounts under 4.3 billion units at 2.5M customers), else 16 bytes.
/// Values and runs are told from the keys: looking the values up again
/// would read them at random.
template <typename Visit>
void walk_worst_first(const std::vector<int64_t>& values, bool higher_is_better, Visit&& visit) {
  const size_t n = values.size();
  if (n == 0) return;
  // ~v reverses the order without overflow (and ~~v = v).
  auto key = [&](size_t i) { return higher_is_better ? values[i] : ~values[i]; };
  int64_t lo = key(0), hi = key(0);
  for (size_t i = 1; i < n; ++i) {
    lo = std::min(lo, key(i));
    hi = std::max(hi, key(i));
  }
  // The value whose key is `offset` above the least.
  auto value = [&](uint64_t offset) {
    const auto k = static_cast<int64_t>(static_cast<uint64_t>(lo) + offset);
    return higher_is_better ? k : ~k;
  };
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
    uint64_t previous = ~uint64_t{0};  // no key shifted right by one bit or more is all ones
    for (size_t i = 0; i < n; ++i) {
      const uint64_t offset = keys[i] >> position_bits;
      visit(static_cast<uint32_t>(keys[i] & mask), value(offset), offset != previous);
      previous = offset;
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
    visit(static_cast<uint32_t>(keys[i].lo), value(keys[i].hi), i == 0 || keys[i].hi != keys[i - 1].hi);
}

/// fixed: 1 + the number of breaks reached (v ≥ b, or v ≤ b for recency).
std::vector<int> fixed_scores(const std::vector<int64_t>& values, const std::vector<int64_t>& breaks,
                              bool higher_is_better);

}  // namespace tiers::rules

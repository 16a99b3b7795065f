// Exact distinct (customer, value) pairs for rows in any order: the
// (customer, order) and (customer, day) pairs of exact counting.
//
// A hash set of every pair costs a cache miss per row: it is many times the
// size of the cache and rows reach it at random. Here a row only appends
// its pair. Once the pairs appended are as many as half the distinct pairs
// kept (and at least a million), they are radix-sorted (11 bits a pass,
// only over the bits that differ), deduplicated and merged into the sorted
// distinct pairs:
// memory stays within about 2.5 times the distinct pairs, at 8 or 16 bytes
// each, and every pass over memory is sequential. Counting per customer at
// the end walks the sorted pairs, and so the customers, in order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/radix_sort.h"

namespace tiers::aggregate {

/// A 128-bit pair: customer in `hi`, a 64-bit value in `lo`.
using Pair128 = Key128;


template <typename Key>
class DistinctPairs {
 public:
  void add(const Key& key) {
    if (pending_.capacity() == 0) [[unlikely]] pending_.reserve(kFirstBatch);
    pending_.push_back(key);
    if (pending_.size() >= limit_) [[unlikely]] compact();
  }

  /// Sorts the pairs added since the last call into the distinct ones.
  void compact() {
    if (pending_.empty()) return;
    std::vector<Key> scratch;
    radix_sort(pending_, scratch);
    scratch = std::vector<Key>();
    pending_.erase(std::unique(pending_.begin(), pending_.end()), pending_.end());
    // Merge from the back, in place: sorted_ grows by the new run. A pair
    // in both is written once, which leaves a gap before the merged tail:
    // it is closed at the end. (The write position k stays at or past
    // i + j, so it never overwrites a kept pair not yet read.) Without
    // branches: in shuffled input which side comes next is a coin toss.
    size_t i = sorted_.size(), j = pending_.size();
    const size_t total = i + j;
    size_t k = total;
    if (sorted_.capacity() < total) sorted_.reserve(total + total / 4);
    sorted_.resize(total);
    Key* const out = sorted_.data();
    const Key* const in = pending_.data();
    while (i > 0 && j > 0) {
      const Key a = out[i - 1], b = in[j - 1];
      const bool kept_first = b < a;
      const bool equal = a == b;
      out[--k] = kept_first ? a : b;
      i -= (kept_first || equal) ? 1 : 0;
      j -= kept_first ? 0 : 1;
    }
    while (j > 0) out[--k] = in[--j];
    if (k > i) std::copy(out + k, out + total, out + i);  // close the gap (moving down)
    sorted_.resize(i + (total - k));
    limit_ = std::max(kMinBatch, sorted_.size() / 2);
    pending_.clear();
    pending_.reserve(limit_);
  }

  /// The distinct pairs in order; complete after compact().
  const std::vector<Key>& sorted() const { return sorted_; }
  /// Every pair added (sorted ones, then the rest), duplicates possible.
  template <typename F>
  void for_each_added(F&& f) const {
    for (const Key& k : sorted_) f(k);
    for (const Key& k : pending_) f(k);
  }
  /// Drops everything, memory included.
  void release() {
    std::vector<Key>().swap(sorted_);
    std::vector<Key>().swap(pending_);
  }
  size_t memory() const { return (sorted_.capacity() + pending_.capacity()) * sizeof(Key); }

 private:
  static constexpr size_t kMinBatch = size_t{1} << 20;
  static constexpr size_t kFirstBatch = 1024;  // small inputs, small memory
  std::vector<Key> sorted_;   // distinct, in order
  std::vector<Key> pending_;  // added since the last compact()
  size_t limit_ = kMinBatch;
};

}  // namespace tiers::aggregate

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
    // Merge from the back, in place: sorted_ grows by the new run.
    size_t i = sorted_.size(), j = pending_.size(), k = i + j;
    if (sorted_.capacity() < k) sorted_.reserve(k + k / 4);
    sorted_.resize(k);
    while (j > 0) {
      if (i > 0 && pending_[j - 1] < sorted_[i - 1]) sorted_[--k] = sorted_[--i];
      else sorted_[--k] = pending_[--j];
    }
    sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
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

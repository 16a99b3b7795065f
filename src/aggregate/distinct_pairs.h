// Exact distinct (customer, value) pairs for rows in any order: the
// (customer, order) and (customer, day) pairs of exact counting.
//
// A hash set of every pair costs a cache miss per row: it is many times the
// size of the cache and rows reach it at random. Here a row only appends
// its pair, to the bucket of its customer (2048 customers a bucket, by
// index). Once a bucket's pairs appended are twice its distinct pairs
// kept (and at least kMinBatch), they are radix-sorted (only over the
// bits that differ), deduplicated and merged into the bucket's sorted
// distinct pairs. A bucket's batch and its sorted pairs fit in the cache
// (tens to hundreds of KB), so sorting and merging them never wait on
// memory, and no sort buffer bigger than a batch is ever allocated; one
// sort of millions of pairs at a time took several passes through memory
// and faulted in a fresh scratch buffer for each batch. Batches of twice
// the kept pairs, not half as before, merge each kept pair about 1.5
// times in all rather than 3, and spread each sort's fixed cost (its
// digit counts) over more pairs: the shuffled 10M-row file 1.44-1.47 ->
// 1.25-1.28 s, 286 -> 306 MB; 50M rows 8.35-8.88 -> 7.24-7.69 s, 1.40 ->
// 1.50 GB (alternating runs). Memory: the distinct pairs (an eighth
// spare), room for twice as many pending in each bucket (at least
// kMinBatch; reserved, and resident as it fills: a part frees it when it
// ends), and one batch of sort scratch; at 8 or 16 bytes a pair. Buckets
// cover customers in index order and are sorted inside, so counting per
// customer at the end walks the customers in order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/radix_sort.h"

namespace tiers::aggregate {

/// A 128-bit pair: customer in `hi`, a 64-bit value in `lo`.
using Pair128 = Key128;

/// Pairs of type Key whose most significant word holds the customer from
/// bit kCustomerShift up.
template <typename Key, unsigned kCustomerShift>
class DistinctPairs {
 public:
  void add(const Key& key) {
    const size_t b = bucket_of(key);
    if (b >= buckets_.size()) [[unlikely]] buckets_.resize(b + 1);
    Bucket& bucket = buckets_[b];
    if (bucket.pending.capacity() == 0) [[unlikely]] bucket.pending.reserve(bucket.limit);
    bucket.pending.push_back(key);
    if (bucket.pending.size() >= bucket.limit) [[unlikely]] compact(bucket);
  }

  /// Sorts the pairs added since the last call into the distinct ones,
  /// and frees the room for pending pairs (reserved again on the next add):
  /// called when a part ends, so a finished part holds only its distinct
  /// pairs.
  void compact() {
    for (Bucket& b : buckets_) {
      compact(b);
      std::vector<Key>().swap(b.pending);
    }
  }

  /// Calls f on each distinct pair, in order; complete after compact().
  template <typename F>
  void for_each_sorted(F&& f) const {
    for (const Bucket& b : buckets_)
      for (const Key& k : b.sorted) f(k);
  }
  /// Calls f on every pair added (a bucket's sorted ones, then the rest,
  /// duplicates possible), freeing each bucket once visited: the pairs
  /// handed to another set need not be held twice. Leaves this empty.
  template <typename F>
  void drain(F&& f) {
    for (Bucket& b : buckets_) {
      for (const Key& k : b.sorted) f(k);
      for (const Key& k : b.pending) f(k);
      b = Bucket();
    }
    release();
  }
  /// The distinct pairs after compact().
  size_t size() const {
    size_t n = 0;
    for (const Bucket& b : buckets_) n += b.sorted.size();
    return n;
  }
  /// Drops everything, memory included.
  void release() {
    std::vector<Bucket>().swap(buckets_);
    std::vector<Key>().swap(scratch_);
  }
  size_t memory() const {
    size_t n = scratch_.capacity() + buckets_.capacity() * sizeof(Bucket) / sizeof(Key);
    for (const Bucket& b : buckets_) n += b.sorted.capacity() + b.pending.capacity();
    return n * sizeof(Key);
  }

 private:
  static constexpr unsigned kBucketBits = 11;   // customers per bucket: 2048
  static constexpr size_t kMinBatch = 4096;     // pairs, 32 or 64 KB
  static constexpr size_t kFirstBatch = 64;     // small inputs, small memory

  struct Bucket {
    std::vector<Key> sorted;   // distinct, in order
    std::vector<Key> pending;  // added since the last compaction
    size_t limit = kFirstBatch;
  };

  static size_t bucket_of(const Key& key) {
    return static_cast<size_t>(RadixKey<Key>::word(key, RadixKey<Key>::kWords - 1) >>
                               (kCustomerShift + kBucketBits));
  }

  void compact(Bucket& bucket) {
    std::vector<Key>& pending = bucket.pending;
    std::vector<Key>& sorted = bucket.sorted;
    if (pending.empty()) return;
    radix_sort(pending, scratch_);
    pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
    // Count the pending pairs not kept yet, then merge from the back, in
    // place: sorted grows by exactly those. (The write position k stays at
    // or past i, so it never overwrites a kept pair not yet read.) Without
    // branches: in shuffled input which side comes next is a coin toss.
    const Key* const in = pending.data();
    size_t i = sorted.size(), j = pending.size();
    size_t fresh = 0;
    {
      const Key* const kept = sorted.data();
      size_t a = 0, b = 0;
      while (a < i && b < j) {
        const Key x = kept[a], y = in[b];
        const bool before = x < y, equal = x == y;
        a += (before || equal) ? 1 : 0;
        b += before ? 0 : 1;
        fresh += (before || equal) ? 0 : 1;
      }
      fresh += j - b;
    }
    const size_t total = i + fresh;
    if (sorted.capacity() < total) sorted.reserve(total + total / 8);
    sorted.resize(total);
    Key* const out = sorted.data();
    size_t k = total;
    while (i > 0 && j > 0) {
      const Key a = out[i - 1], b = in[j - 1];
      const bool kept_first = b < a;
      const bool equal = a == b;
      out[--k] = kept_first ? a : b;
      i -= (kept_first || equal) ? 1 : 0;
      j -= kept_first ? 0 : 1;
    }
    while (j > 0) out[--k] = in[--j];
    const size_t limit = std::max(kMinBatch, 2 * sorted.size());
    pending.clear();
    if (pending.capacity() < limit) std::vector<Key>().swap(pending);  // reserved on the next add
    bucket.limit = limit;
  }

  std::vector<Bucket> buckets_;
  std::vector<Key> scratch_;  // radix sort's, as big as the biggest batch
};

}  // namespace tiers::aggregate

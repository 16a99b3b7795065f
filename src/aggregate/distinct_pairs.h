// Exact distinct (customer, value) pairs for rows in any order: the
// (customer, order) and (customer, day) pairs of exact counting.
//
// A hash set of every pair costs a cache miss per row: it is many times the
// size of the cache and rows reach it at random. Here a row only appends
// its pair. Once the pairs appended are as many as half the distinct pairs
// kept (and at least a million), they are radix-sorted (one pass per byte
// that differs), deduplicated and merged into the sorted distinct pairs:
// memory stays within about 2.5 times the distinct pairs, at 8 or 16 bytes
// each, and every pass over memory is sequential. Counting per customer at
// the end walks the sorted pairs, and so the customers, in order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tiers::aggregate {

/// A 128-bit pair: customer in `hi`, a 64-bit value in `lo`.
struct Pair128 {
  uint64_t hi = 0, lo = 0;
  bool operator==(const Pair128&) const = default;
  bool operator<(const Pair128& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
};

namespace detail {

inline constexpr size_t words(const uint64_t*) { return 1; }
inline constexpr size_t words(const Pair128*) { return 2; }
/// 64-bit word `w` of a key, least significant first.
inline uint64_t word(const uint64_t& k, size_t) { return k; }
inline uint64_t word(const Pair128& k, size_t w) { return w == 0 ? k.lo : k.hi; }

/// Sorts `keys` by the bits that differ between them, least significant
/// first, 11 bits a pass (ids and dates vary in few bits: a customer index
/// and an order number take four passes, not sixteen). Stable, linear.
template <typename Key>
void radix_sort(std::vector<Key>& keys, std::vector<Key>& scratch) {
  const size_t n = keys.size();
  if (n < 64) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  constexpr size_t kWords = words(static_cast<const Key*>(nullptr));
  constexpr unsigned kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  uint64_t differ[kWords] = {};
  for (const Key& k : keys)
    for (size_t w = 0; w < kWords; ++w) differ[w] |= word(k, w) ^ word(keys[0], w);
  // The digits: (word, shift), covering each word's varying bits.
  struct Digit {
    size_t word;
    unsigned shift;
  };
  std::vector<Digit> digits;
  for (size_t w = 0; w < kWords; ++w) {
    if (differ[w] == 0) continue;
    const auto low = static_cast<unsigned>(__builtin_ctzll(differ[w]));
    const auto high = 64 - static_cast<unsigned>(__builtin_clzll(differ[w]));
    for (unsigned shift = low; shift < high; shift += kBits) digits.push_back({w, shift});
  }
  if (digits.empty()) return;  // all equal
  std::vector<uint32_t> counts(digits.size() * kBuckets, 0);
  for (const Key& k : keys)
    for (size_t d = 0; d < digits.size(); ++d)
      ++counts[d * kBuckets + ((word(k, digits[d].word) >> digits[d].shift) & (kBuckets - 1))];
  scratch.resize(n);
  Key* from = keys.data();
  Key* to = scratch.data();
  for (size_t d = 0; d < digits.size(); ++d) {
    uint32_t* count = &counts[d * kBuckets];
    uint32_t sum = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      const uint32_t c = count[b];
      count[b] = sum;
      sum += c;
    }
    const size_t w = digits[d].word;
    const unsigned shift = digits[d].shift;
    for (size_t i = 0; i < n; ++i) {
      const Key& k = from[i];
      to[count[(word(k, w) >> shift) & (kBuckets - 1)]++] = k;
    }
    std::swap(from, to);
  }
  if (from != keys.data()) std::memcpy(keys.data(), from, n * sizeof(Key));
}

}  // namespace detail

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
    detail::radix_sort(pending_, scratch);
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

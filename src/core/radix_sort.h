// LSD radix sort over only the bits in which the keys differ.
//
// Used where millions of keys are sorted: exact distinct pairs
// (aggregate/distinct_pairs.h) and the RFM and ABC orders (rules/scoring.cc).
// Customer indexes, days and order numbers vary in few bits, so a sort
// takes a few streaming passes of 11 bits instead of comparisons.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tiers {

/// How radix_sort reads a key: as `kWords` 64-bit words, least significant
/// first. Specialise it for other key types.
template <typename Key>
struct RadixKey;

template <>
struct RadixKey<uint64_t> {
  static constexpr size_t kWords = 1;
  static uint64_t word(const uint64_t& k, size_t) { return k; }
};

/// A 128-bit key ordered by `hi`, then `lo`.
struct Key128 {
  uint64_t hi = 0, lo = 0;
  bool operator==(const Key128&) const = default;
  bool operator<(const Key128& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
};

template <>
struct RadixKey<Key128> {
  static constexpr size_t kWords = 2;
  static uint64_t word(const Key128& k, size_t w) { return w == 0 ? k.lo : k.hi; }
};

/// Sorts `keys` ascending (as RadixKey reads them), stable, 11 bits a pass
/// over the bits that differ between keys; `scratch` is working memory of
/// the same size (kept for the caller to reuse or free). The lowest
/// `ignored_bits` bits (counted from word 0 up) are not sorted on: keys
/// equal above them keep their input order. (A key holding a value above
/// its position in input order sorts on the value alone.)
template <typename Key>
void radix_sort(std::vector<Key>& keys, std::vector<Key>& scratch, unsigned ignored_bits = 0) {
  using R = RadixKey<Key>;
  const size_t n = keys.size();
  uint64_t sorted_bits[R::kWords];
  for (size_t w = 0; w < R::kWords; ++w) {
    const size_t low = 64 * w;
    sorted_bits[w] = ignored_bits <= low        ? ~uint64_t{0}
                     : ignored_bits >= low + 64 ? 0
                                                : ~uint64_t{0} << (ignored_bits - low);
  }
  if (n < 64) {
    std::stable_sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
      for (size_t w = R::kWords; w-- > 0;) {
        const uint64_t x = R::word(a, w) & sorted_bits[w], y = R::word(b, w) & sorted_bits[w];
        if (x != y) return x < y;
      }
      return false;
    });
    return;
  }
  constexpr unsigned kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  uint64_t differ[R::kWords] = {};
  for (const Key& k : keys)
    for (size_t w = 0; w < R::kWords; ++w) differ[w] |= R::word(k, w) ^ R::word(keys[0], w);
  for (size_t w = 0; w < R::kWords; ++w) differ[w] &= sorted_bits[w];
  struct Digit {
    size_t word;
    unsigned shift;
  };
  std::vector<Digit> digits;
  // Each digit starts at the lowest differing bit not yet covered: bits
  // that no key changes are skipped, not sorted on (a (customer, day) pair
  // varies in its low 11 bits and from bit 32 up: four passes, not five).
  for (size_t w = 0; w < R::kWords; ++w) {
    for (unsigned shift = 0; shift < 64;) {
      const uint64_t rest = differ[w] >> shift;
      if (rest == 0) break;
      shift += static_cast<unsigned>(__builtin_ctzll(rest));
      digits.push_back({w, shift});
      shift += kBits;
    }
  }
  if (digits.empty()) return;  // all equal
  // One pass counts every digit; then one scatter per digit.
  std::vector<uint32_t> counts(digits.size() * kBuckets, 0);
  for (const Key& k : keys)
    for (size_t d = 0; d < digits.size(); ++d)
      ++counts[d * kBuckets + ((R::word(k, digits[d].word) >> digits[d].shift) & (kBuckets - 1))];
  if (scratch.capacity() < n) {  // exactly n: resize alone may double it
    std::vector<Key>().swap(scratch);
    scratch.reserve(n);
  }
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
      to[count[(R::word(k, w) >> shift) & (kBuckets - 1)]++] = k;
    }
    std::swap(from, to);
  }
  if (from != keys.data()) std::memcpy(keys.data(), from, n * sizeof(Key));
}

}  // namespace tiers

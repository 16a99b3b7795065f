// Loads of a few bytes into a word that never touch a byte outside them:
// for ids and cells that end anywhere in memory, even at a page's edge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tiers {

/// The first `n` (at most 8) bytes at `p`, zero-extended, read without
/// touching a byte past them. Whole loads rather than a byte-wise copy into
/// a word: a copy loop followed by a word load stalls on store forwarding.
inline uint64_t load_upto8(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | static_cast<uint64_t>(hi) << (8 * (n - 4));
  }
  if (n == 0) return 0;
  const auto byte = [p](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(p[i])); };
  return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
}

/// The last `n` (1 to 8) of the bytes ending at `end`, zero-extended, when
/// at least 8 bytes end there: one load.
inline uint64_t load_last(const char* end, size_t n) {
  uint64_t w;
  std::memcpy(&w, end - 8, 8);
  return w >> (8 * (8 - n));
}

}  // namespace tiers

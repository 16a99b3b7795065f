// Loads of a few bytes into a word that never touch a byte outside them:
// for ids and cells that end anywhere in memory, even at a page's edge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

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

/// a == b, without a call to memcmp when they are at most 16 bytes long
/// (ids: compared for every row against the row before's).
inline bool equal_bytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return a == b;
  if (n < 8) return load_upto8(a.data(), n) == load_upto8(b.data(), n);
  uint64_t a0, a1, b0, b1;  // the first and the last 8 bytes (overlapping below 16)
  std::memcpy(&a0, a.data(), 8);
  std::memcpy(&b0, b.data(), 8);
  std::memcpy(&a1, a.data() + n - 8, 8);
  std::memcpy(&b1, b.data() + n - 8, 8);
  return a0 == b0 && a1 == b1;
}

}  // namespace tiers

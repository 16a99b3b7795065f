// A fast 64-bit hash for short byte strings (ids, order numbers).
//
// Eight bytes at a time with a multiply-xorshift step, then the MurmurHash3
// 64-bit finalizer for avalanche. Not cryptographic: tables stay correct on
// collisions (keys are compared in full); only speed depends on spread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/load_bytes.h"

namespace tiers::aggregate {

inline uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

inline uint64_t hash_bytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = 0x6A09E667F3BCC909ull ^ (n * kMul);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    const uint64_t w = s.size() >= 8 ? load_last(p + n, n) : load_upto8(p, n);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  return mix64(h);
}

}  // namespace tiers::aggregate

// Helpers shared by the libFuzzer targets: a tiny deterministic random
// source (chunk sizes come from the input, so a crash replays exactly) and
// an abort that says which invariant broke.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace tiers::fuzz {

[[noreturn]] inline void fail(const char* invariant) {
  std::fprintf(stderr, "invariant broken: %s\n", invariant);
  std::abort();
}

#define FUZZ_CHECK(cond) \
  do {                   \
    if (!(cond)) ::tiers::fuzz::fail(#cond); \
  } while (0)

/// xorshift32; never zero.
class Rng {
 public:
  explicit Rng(uint32_t seed) : state_(seed * 2654435761u + 1) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  /// 1..max
  size_t size(size_t max) { return 1 + next() % max; }

 private:
  uint32_t state_;
};

inline std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      lines.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return lines;
}

}  // namespace tiers::fuzz

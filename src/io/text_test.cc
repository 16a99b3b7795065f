#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "io/text.h"

using namespace tiers::io;

TEST_CASE("count_lf counts what std::count counts, at any length and alignment") {
  // Past 255 rounds of 32 bytes its byte lanes are summed and restarted:
  // lengths around 8,160 and a buffer of line feeds only (every lane at
  // its most) cross that.
  std::mt19937_64 rng(3);
  std::string text(40'000, 'x');
  for (char& c : text) c = rng() % 5 == 0 ? '\n' : static_cast<char>('a' + rng() % 26);
  const std::string feeds(20'000, '\n');
  const std::string* inputs[] = {&text, &feeds};
  for (const std::string* s : inputs) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{31}, size_t{32}, size_t{33}, size_t{8159}, size_t{8160},
                     size_t{8161}, size_t{8192}, size_t{16'321}, size_t{19'999}}) {
      for (size_t offset : {size_t{0}, size_t{1}, size_t{7}}) {
        const char* p = s->data() + offset;
        CAPTURE(n);
        CAPTURE(offset);
        CHECK(count_lf(p, n) == static_cast<uint64_t>(std::count(p, p + n, '\n')));
      }
    }
  }
}

#include <doctest/doctest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <random>
#include <set>
#include <string>

#include "aggregate/aggregator.h"
#include "aggregate/hash.h"
#include "../tests/guarded_pages.h"

using namespace tiers::aggregate;

namespace {

/// The first n bytes, zero-extended, by the obvious byte copy.
uint64_t bytes_of(const char* p, size_t n) {
  unsigned char b[8] = {};
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(p[i]);
  uint64_t w = 0;
  for (size_t i = 8; i-- > 0;) w = w << 8 | b[i];
  return w;
}

}  // namespace

TEST_CASE("word loads read exactly the bytes asked for, at any length") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    char buf[24];
    for (char& c : buf) c = static_cast<char>(rng());
    for (size_t n = 0; n <= 8; ++n) {
      CAPTURE(n);
      CHECK(tiers::load_upto8(buf + 3, n) == bytes_of(buf + 3, n));
      if (n > 0) CHECK(tiers::load_last(buf + 16, n) == bytes_of(buf + 16 - n, n));
    }
  }
}

TEST_CASE("ShortKey holds the bytes, zero-padded, and the length in byte 15") {
  const std::string text("\xff\x00" "abcdefghijklmnopq", 19);
  for (size_t n = 0; n <= 15; ++n) {
    CAPTURE(n);
    const std::string s = text.substr(0, n);
    const ShortKey k = ShortKey::of(s);
    unsigned char expected[16] = {};
    std::memcpy(expected, s.data(), n);
    expected[15] = static_cast<unsigned char>(n);
    CHECK(std::memcmp(k.w, expected, 16) == 0);
    CHECK(k.size() == n);
    CHECK(k.view() == s);
  }
}

TEST_CASE("hashing and keys never read past either end of the text") {
  // A read outside the text would touch a page that cannot be read: the
  // test would crash rather than fail.
  tiers::testing::GuardedPages pages;
  std::string s;
  for (size_t n = 0; n <= 40; ++n) {
    CAPTURE(n);
    const uint64_t h = hash_bytes(s);
    CHECK(hash_bytes(pages.at_end(s)) == h);
    CHECK(hash_bytes(pages.at_start(s)) == h);
    if (n <= 15) {
      CHECK(ShortKey::of(pages.at_end(s)) == ShortKey::of(s));
      CHECK(ShortKey::of(pages.at_start(s)) == ShortKey::of(s));
    }
    s.push_back(static_cast<char>('a' + n % 26));
  }
}

TEST_CASE("equal_bytes is ==, for every length and every byte that differs, never reading outside") {
  tiers::testing::GuardedPages pages;
  size_t wrong = 0;
  for (size_t n = 0; n <= 24; ++n) {
    const std::string s(n, 'x');
    wrong += !tiers::equal_bytes(pages.at_end(s), s) || !tiers::equal_bytes(s, pages.at_start(s));
    wrong += tiers::equal_bytes(s, s + "x") || tiers::equal_bytes(s + '\0', s);
    for (size_t i = 0; i < n; ++i)
      for (char c : {'\0', 'y', '\xff'}) {
        std::string t = s;
        t[i] = c;
        wrong += tiers::equal_bytes(pages.at_end(t), s) || tiers::equal_bytes(s, pages.at_start(t));
      }
  }
  CHECK(wrong == 0);
}

TEST_CASE("hash_bytes tells apart texts that differ in one byte or in length") {
  std::set<uint64_t> seen;
  size_t texts = 0;
  for (size_t n = 0; n <= 20; ++n) {
    std::string s(n, 'x');
    seen.insert(hash_bytes(s));
    ++texts;
    for (size_t i = 0; i < n; ++i) {
      for (char c : {'\0', 'y', '\xff'}) {
        std::string t = s;
        t[i] = c;
        seen.insert(hash_bytes(t));
        ++texts;
      }
    }
  }
  CHECK(seen.size() == texts);  // "x", "x\0" and "x\0\0" included
}

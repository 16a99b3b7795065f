#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/utf8.h"
#include "../tests/guarded_pages.h"
#include "../tests/utf8_reference.h"

using namespace tiers::io;
using tiers::testing::reference_invalid;

namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int x : b) s.push_back(static_cast<char>(x));
  return s;
}

}  // namespace

TEST_CASE("utf8: valid text") {
  CHECK(!find_invalid_utf8(""));
  CHECK(!find_invalid_utf8("customer_id,amount\n"));
  CHECK(!find_invalid_utf8("caf\xC3\xA9"));                // é U+00E9
  CHECK(!find_invalid_utf8("\xE4\xB8\xAD\xE6\x96\x87"));   // 中文
  CHECK(!find_invalid_utf8("\xF0\x9F\x98\x80"));           // U+1F600
  CHECK(!find_invalid_utf8("\xEF\xBB\xBF" "a"));           // BOM
  CHECK(!find_invalid_utf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF, the last one
  CHECK(!find_invalid_utf8("\xED\x9F\xBF"));               // U+D7FF, just below surrogates
}

TEST_CASE("utf8: ill-formed sequences are found at their first byte") {
  CHECK(find_invalid_utf8(bytes({0xC0, 0x80})) == 0u);              // overlong NUL
  CHECK(find_invalid_utf8(bytes({0x61, 0xC1, 0xBF})) == 1u);        // overlong
  CHECK(find_invalid_utf8(bytes({0xE0, 0x80, 0x80})) == 0u);        // overlong
  CHECK(find_invalid_utf8(bytes({0xF0, 0x8F, 0xBF, 0xBF})) == 0u);  // overlong
  CHECK(find_invalid_utf8(bytes({0x61, 0x62, 0xED, 0xA0, 0x80})) == 2u); // surrogate U+D800
  CHECK(find_invalid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})) == 0u);  // U+110000
  CHECK(find_invalid_utf8(bytes({0xF5, 0x80, 0x80, 0x80})) == 0u);
  CHECK(find_invalid_utf8(bytes({0x78, 0x80})) == 1u);              // lone continuation
  CHECK(find_invalid_utf8(bytes({0xFF})) == 0u);
  CHECK(find_invalid_utf8("\xE4\xB8" "a") == 0u);                   // cut by ASCII
  // Latin-1 "café" is not UTF-8: E9 followed by nothing / by ASCII.
  CHECK(find_invalid_utf8("caf\xE9") == 3u);
  CHECK(find_invalid_utf8("caf\xE9,12.00") == 3u);
}

TEST_CASE("utf8: the 16-byte ASCII fast path finds errors at any position") {
  for (size_t at = 0; at < 70; ++at) {
    std::string s(70, 'a');
    s[at] = '\xFF';
    CHECK(find_invalid_utf8(s) == at);
    std::string ok(70, 'b');
    ok.replace(at, 0, "\xC3\xA9");
    CHECK(!find_invalid_utf8(ok));
  }
}

TEST_CASE("utf8: the 64-byte ASCII skip stops at the text's end and finds errors anywhere") {
  // Text ending right before an unreadable page: a read past its end
  // (as once at every multiple of 64 bytes) crashes the test.
  tiers::testing::GuardedPages pages;
  for (size_t n = 0; n <= 300; ++n) {
    CAPTURE(n);
    const std::string ascii(n, 'a');
    CHECK(valid_utf8_prefix(pages.at_end(ascii)).valid_bytes == n);
    CHECK(!find_invalid_utf8(pages.at_start(ascii)));
    if (n == 0) continue;
    std::string bad = ascii;
    bad[n - 1] = '\xFF';
    CHECK(find_invalid_utf8(pages.at_end(bad)) == n - 1);
    bad[n - 1] = '\xC3';  // a sequence cut by the end
    const Utf8Prefix cut = valid_utf8_prefix(pages.at_end(bad));
    CHECK(cut.valid_bytes == n - 1);
    CHECK(cut.truncated);
  }
}

TEST_CASE("utf8: a sequence cut by the end is truncated, not ill-formed") {
  auto p = valid_utf8_prefix("ab\xE4\xB8");
  CHECK(p.valid_bytes == 2);
  CHECK(p.truncated);
  p = valid_utf8_prefix("ab\xE0\x80");  // E0 80 can never start a valid sequence
  CHECK(p.valid_bytes == 2);
  CHECK(!p.truncated);
  CHECK(find_invalid_utf8("ab\xE4\xB8") == 2u);
}

TEST_CASE("utf8: agrees with a code-point decoder on all 1- and 2-byte texts and many 3-4 byte ones") {
  for (int a = 0; a < 256; ++a) {
    CHECK(find_invalid_utf8(bytes({a})) == reference_invalid(bytes({a})));
    for (int b = 0; b < 256; ++b) {
      const std::string s = bytes({a, b});
      REQUIRE(find_invalid_utf8(s) == reference_invalid(s));
    }
  }
  const std::vector<int> edge = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0,
                                 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  for (int a : edge)
    for (int b : edge)
      for (int c : edge)
        for (int d : edge) {
          const std::string s = bytes({a, b, c, d});
          REQUIRE(find_invalid_utf8(s) == reference_invalid(s));
        }
}

TEST_CASE("utf8: a stream validator gives the same offsets whatever the block size") {
  const std::vector<std::string> texts = {
      "id,name\n1,\xE5\xBC\xA0\xE4\xB8\x89\n2,\xF0\x9F\x98\x80\n",  // 张三, emoji: valid
      "id,name\n1,caf\xE9\n",                                       // Latin-1 at offset 13
      "ab\xE4\xB8",                                                 // ends inside 中
      "\xE4\xB8\xAD\xED\xA0\x80",                                   // surrogate at 3
  };
  for (const auto& text : texts) {
    const auto expected = reference_invalid(text);
    for (size_t block = 1; block <= text.size(); ++block) {
      Utf8Validator v;
      std::optional<uint64_t> got;
      for (size_t i = 0; i < text.size() && !got; i += block) got = v.feed(std::string_view(text).substr(i, block));
      if (!got) got = v.finish();
      CAPTURE(text);
      CAPTURE(block);
      if (expected) REQUIRE(got == static_cast<uint64_t>(*expected));
      else REQUIRE(!got);
    }
  }
}

TEST_CASE("utf8: a stream validator stays failed") {
  Utf8Validator v;
  CHECK(v.feed("ok") == std::nullopt);
  CHECK(v.feed("\xFF") == 2u);
  CHECK(v.feed("fine") == 2u);
  CHECK(v.finish() == 2u);
}

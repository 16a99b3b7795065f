#include <doctest/doctest.h>

#include <random>
#include <string>

#include "io/line_ends.h"
#include "io/source.h"

using namespace tiers::io;

namespace {

/// Everything `source` hands out, asking for `capacity` bytes at a time.
std::string drain(ByteSource& source, size_t capacity) {
  std::string out, buffer(capacity, '\0');
  for (;;) {
    const size_t n = source.read(buffer.data(), capacity);
    if (n == 0) return out;
    out.append(buffer.data(), n);
  }
}

std::string through_filter(const std::string& text, size_t max_read, size_t capacity) {
  auto source = make_cr_to_lf_source(make_memory_source(text, max_read));
  return drain(*source, capacity);
}

}  // namespace

TEST_CASE("lone-CR line ends: a CR and no LF in the first bytes") {
  CHECK(cr_line_ends("id,date\rC1,2024-01-01\r"));
  CHECK(cr_line_ends("id\r"));
  CHECK_FALSE(cr_line_ends("id,date\r\nC1,2024-01-01\r\n"));  // Windows
  CHECK_FALSE(cr_line_ends("id,date\nC1\r"));                 // an LF anywhere: not this
  CHECK_FALSE(cr_line_ends("id,date"));                       // one line, no end
  CHECK_FALSE(cr_line_ends(""));
}

TEST_CASE("lone CRs become LFs; CRLF, bytes and length stay") {
  // Expected outputs written out by hand.
  const std::pair<std::string, std::string> cases[] = {
      {"a\rb\r", "a\nb\n"},
      {"a\r\nb", "a\r\nb"},
      {"a\r\r\nb\r\r", "a\n\r\nb\n\n"},
      {"\r", "\n"},
      {"\r\n", "\r\n"},
      {"", ""},
      {"\"x\ry\",1\r", "\"x\ny\",1\n"},  // inside quotes too: a line break in the field
      {"\xE5\xAE\xA2\r\xE6\x88\xB7", "\xE5\xAE\xA2\n\xE6\x88\xB7"},
  };
  for (const auto& [in, out] : cases) {
    CAPTURE(in);
    std::string copy = in;
    cr_to_lf(copy);
    CHECK(copy == out);
    // The source, however its input arrives and however much is asked:
    // a CR at the end of one read and its LF at the start of the next.
    for (size_t max_read : {1, 2, 3, 64})
      for (size_t capacity : {1, 2, 5, 4096}) CHECK(through_filter(in, max_read, capacity) == out);
  }
}

TEST_CASE("the filter and the in-place version agree on random CR/LF text") {
  std::mt19937 rng(7);
  const char alphabet[] = {'\r', '\n', 'a', ','};
  for (int round = 0; round < 300; ++round) {
    std::string text(rng() % 200, ' ');
    for (char& c : text) c = alphabet[rng() % 4];
    std::string expected = text;
    cr_to_lf(expected);
    REQUIRE(expected.size() == text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      // Only lone CRs change, into LFs.
      const bool lone = text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n');
      REQUIRE(expected[i] == (lone ? '\n' : text[i]));
    }
    CHECK(through_filter(text, 1 + rng() % 7, 1 + rng() % 9) == expected);
  }
}

TEST_CASE("more than one block: a CR carried across the filter's own blocks") {
  // The filter reads kLineEndSample bytes at a time: a CR right at that
  // boundary, followed by LF in one case and by a letter in the other.
  for (const char next : {'\n', 'x'}) {
    std::string text(kLineEndSample - 1, 'a');
    text += '\r';
    text += next;
    text += "tail\r";
    std::string expected = text;
    expected[kLineEndSample - 1] = next == '\n' ? '\r' : '\n';
    expected.back() = '\n';
    CHECK(through_filter(text, SIZE_MAX, 1 << 20) == expected);
    CHECK(through_filter(text, 1000, 333) == expected);
  }
}

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "io/read_part.h"
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

namespace {
class TextFiller final : public detail::Filler {
 public:
  explicit TextFiller(std::string text) : text_(std::move(text)) {}
  size_t fill(char* dst, size_t capacity) override {
    const size_t n = std::min(capacity, text_.size() - at_);
    std::copy_n(text_.data() + at_, n, dst);
    at_ += n;
    return n;
  }

 private:
  std::string text_;
  size_t at_ = 0;
};
}  // namespace

TEST_CASE("a window reuses the buffer of the thread's last window and shows only its own bytes") {
  // A stream is read in parts of 4 MiB, each through its own window; the
  // buffer of one is handed to the next on the same thread.
  const std::string first(3 << 20, 'a'), second = "b,c\nd,e\n";
  const char* buffer = nullptr;
  {
    TextFiller filler(first);
    detail::Window w(filler, 0, 1 << 20, {}, first.size());
    size_t pos = 0;
    w.refill(pos);
    REQUIRE(w.size() > 0);
    buffer = w.data();
  }
  {
    TextFiller filler(first);  // as big: the same buffer
    detail::Window w(filler, 0, 1 << 20, {}, first.size());
    size_t pos = 0;
    w.refill(pos);
    CHECK(w.data() == buffer);
    CHECK(std::string_view(w.data(), w.size()) == std::string_view(first).substr(0, w.size()));
  }
  {
    TextFiller filler(second);  // small: a small buffer of its own, nothing of the first
    detail::Window w(filler, 0, 1 << 20, {}, second.size());
    size_t pos = 0;
    while (!w.at_eof()) w.refill(pos);
    CHECK(w.data() != buffer);
    CHECK(std::string_view(w.data(), w.size()) == second);
  }
}

namespace {
/// Holds its text in pieces (a stream's chunks) and lends them, as
/// stream_parts' ChunkFiller does; fill copies from where lending left off.
class LendingFiller final : public detail::Filler {
 public:
  LendingFiller(std::string text, std::vector<size_t> ends) : text_(std::move(text)), ends_(std::move(ends)) {}
  size_t fill(char* dst, size_t capacity) override {
    const size_t n = std::min(capacity, piece_end() - at_);
    std::copy_n(text_.data() + at_, n, dst);
    at_ += n;
    copied += n;
    return n;
  }
  std::string_view lend(uint64_t from) override {
    const size_t end = piece_end();
    if (at_ == end || from > at_ || from < piece_start()) return {};
    at_ = end;
    lent_at.push_back(text_.data() + from);
    return std::string_view(text_).substr(from, end - from);
  }
  size_t copied = 0;
  std::vector<const char*> lent_at;

 private:
  /// The piece of the next byte to fill.
  size_t piece_end() const {
    for (size_t e : ends_)
      if (e > at_) return e;
    return text_.size();
  }
  size_t piece_start() const {
    size_t start = 0;
    for (size_t e : ends_)
      if (e <= at_) start = e;
    return start;
  }
  std::string text_;
  std::vector<size_t> ends_;
  size_t at_ = 0;
};
}  // namespace

TEST_CASE("a window reads lent bytes in place and carries a line across them") {
  // Lines of 30 bytes, one of 200 KiB and one with a NUL, in pieces of
  // 1 MiB (and one piece of 7 bytes): every line read whole, in order.
  std::string text;
  std::vector<std::string> lines;
  for (int i = 0; text.size() < (5 << 20); ++i) {
    // Line 66,000 starts about 115 KB before the end of the third piece.
    std::string line = i == 66000 ? std::string(200 << 10, 'L') : std::string(29, static_cast<char>('a' + i % 26));
    if (i == 90000) line[3] = '\0';
    lines.push_back(line);
    text += line;
    text += '\n';
  }
  std::vector<size_t> ends{1 << 20, (1 << 20) + 7, 2 << 20, 3 << 20, 4 << 20};
  LendingFiller filler(text, ends);
  detail::Window w(filler, 0, 1 << 20, {}, text.size());
  std::vector<std::string> read;
  size_t pos = 0;
  bool in_place = false;
  for (;;) {
    const char* end = static_cast<const char*>(std::memchr(w.data() + pos, '\n', w.size() - pos));
    if (end != nullptr) {
      read.emplace_back(w.data() + pos, end);
      pos = static_cast<size_t>(end - w.data()) + 1;
      continue;
    }
    if (w.at_eof()) break;
    w.refill(pos);
    for (const char* lent : filler.lent_at) in_place |= w.data() == lent;
  }
  CHECK(read == lines);
  CHECK(in_place);
  CHECK(w.nul_seen());
  CHECK(w.bytes_read() == text.size());
  // Copied: only what carries a line across a piece's end (64 KiB after
  // each at most, and the long line's rest), not the pieces: reading goes
  // back in place after each.
  CHECK(filler.copied <= ends.size() * (64 << 10) + (200 << 10));
  CHECK(filler.lent_at.size() == ends.size());  // every piece but the 7-byte one, once
}

TEST_CASE("trim drops spaces and tabs at both ends only, on the inline and the out-of-line path") {
  CHECK(trim("") == "");
  CHECK(trim(" ") == "");
  CHECK(trim("\t \t") == "");
  CHECK(trim("C001") == "C001");
  CHECK(trim("C 001") == "C 001");
  CHECK(trim(" C001") == "C001");
  CHECK(trim("C001\t") == "C001");
  CHECK(trim("\t C 001 \t") == "C 001");
  CHECK(trim("\xC2\xA0" "C001") == "\xC2\xA0" "C001");  // only ASCII blanks: trim_spaces knows more
  // Every string of up to 4 bytes over {' ', '\t', 'a'} against a plain loop.
  const char alphabet[] = {' ', '\t', 'a'};
  for (size_t n = 0; n <= 4; ++n) {
    size_t combinations = 1;
    for (size_t k = 0; k < n; ++k) combinations *= 3;
    for (size_t code = 0; code < combinations; ++code) {
      std::string s;
      for (size_t k = 0, c = code; k < n; ++k, c /= 3) s += alphabet[c % 3];
      size_t b = 0, e = s.size();
      while (b < e && s[b] != 'a') ++b;
      while (e > b && s[e - 1] != 'a') --e;
      CHECK(trim(s) == std::string_view(s).substr(b, e - b));
    }
  }
}

TEST_CASE("excel_scientific: numbers as Excel's General format writes 12+ digits") {
  for (std::string_view yes : {"1.23457E+14", "8.8123E+11", "1E+15", "2.5e+12"}) {
    CAPTURE(yes);
    CHECK(excel_scientific(yes));
  }
  for (std::string_view no : {"123456789012345", "C1.2E+14", "1.2E14", "1.2E-14", "1.E+14", "1.2E+",
                              "E+14", "1.2E+14x", "", "12.5", "1,2E+14"}) {
    CAPTURE(no);
    CHECK_FALSE(excel_scientific(no));
  }
}

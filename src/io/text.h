// Small text helpers shared by the reader's parsers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tiers::io {

/// Line feeds in [p, p + n). std::count returns a 64-bit count, which
/// GCC vectorizes with 64-bit lanes; counting into byte lanes (at most 255
/// rounds, then summed) is about 15 times faster, and a stream's reading
/// thread counts every byte of its input.
inline uint64_t count_lf(const char* p, size_t n) {
  uint64_t total = 0;
  size_t i = 0;
  while (n - i >= 32) {
    uint8_t lanes[32] = {};
    const size_t rounds = std::min<size_t>((n - i) / 32, 255);
    for (size_t r = 0; r < rounds; ++r, i += 32)
      for (size_t k = 0; k < 32; ++k) lanes[k] = static_cast<uint8_t>(lanes[k] + (p[i + k] == '\n'));
    for (size_t k = 0; k < 32; ++k) total += lanes[k];
  }
  for (; i < n; ++i) total += p[i] == '\n';
  return total;
}

/// A space or a tab: what trim drops.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// trim's rare case: a cell with a space or tab at an end.
std::string_view trim_ends(std::string_view s);

/// Drops leading and trailing spaces and tabs. Called on two cells of
/// every row: the common cell, with neither at its ends, costs two
/// compares inline (a plain loop stayed out of line and went through the
/// stack: 2-3 % of reading the 10M file).
[[gnu::always_inline]] inline std::string_view trim(std::string_view s) {
  if (s.empty() || (!is_blank(s.front()) && !is_blank(s.back()))) [[likely]]
    return s;
  return trim_ends(s);
}

/// Bytes of the space character starting at `s[i]`: 1 for a space or tab,
/// 2 for U+00A0 (no-break space), 3 for U+2009 (thin) and U+202F (narrow
/// no-break) which spreadsheets put between thousands; 0 for anything else.
inline size_t space_at(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const char c = s[i];
  if (is_blank(c)) return 1;
  if (c == '\xC2') return i + 1 < s.size() && s[i + 1] == '\xA0' ? 2 : 0;
  if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && (s[i + 2] == '\x89' || s[i + 2] == '\xAF'))
    return 3;
  return 0;
}

/// Bytes of the space character (as space_at) that ends just before `end`.
inline size_t space_before(std::string_view s, size_t end) {
  if (end >= 1 && space_at(s, end - 1) == 1) return 1;
  if (end >= 2 && space_at(s, end - 2) == 2) return 2;
  if (end >= 3 && space_at(s, end - 3) == 3) return 3;
  return 0;
}

/// Like trim, also dropping the Unicode spaces space_at knows.
inline std::string_view trim_spaces(std::string_view s) {
  size_t b = 0, e = s.size();
  while (size_t n = space_at(s, b)) b += n;
  while (e > b) {
    const size_t n = space_before(s, e);
    if (n == 0) break;
    e -= n;
  }
  return s.substr(b, e - b);
}

/// A cell as it may be quoted in a message: at most 60 bytes, control
/// characters shown as escapes.
std::string printable(std::string_view s);

/// `1.23457E+14`: a number as Excel's General format writes one of 12 or
/// more digits (a digit, maybe a fraction, `E+`, the exponent), its other
/// digits lost. An id in that form was a long number that Excel rounded.
bool excel_scientific(std::string_view s);

}  // namespace tiers::io

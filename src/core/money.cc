#include "tiers/money.h"

#include <cstdlib>

#include "core/load_bytes.h"

namespace tiers {
namespace {

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr uint64_t kOnes = 0x0101010101010101ull;  // 1 in every byte

/// The high bit of every byte of `x` that is zero (exact: no carry crosses
/// a byte).
constexpr uint64_t zero_bytes(uint64_t x) {
  constexpr uint64_t k7f = 0x7F7F7F7F7F7F7F7Full;
  return ~(((x & k7f) + k7f) | x | k7f);
}

/// 1 to 8 characters of `[digits][.digits]`, at most 4 after the point and
/// at least one digit, into units × 10^4, eight bytes at once; false for
/// anything else (parse_decimal then reads it byte by byte, which gives
/// the same value where both accept).
bool parse_short_decimal(const char* p, size_t n, int64_t& units) {
  const uint64_t in_text = n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;
  uint64_t w = load_upto8(p, n);
  const uint64_t dots = zero_bytes(w ^ (kOnes * '.')) & in_text;
  if ((dots & (dots - 1)) != 0) return false;  // two points
  // The point and the bytes past the text read as '0' for the check.
  w ^= (dots >> 7) * ('.' ^ '0');
  w |= ~in_text & (kOnes * '0');
  // Every byte 0x30-0x39: high nibble 3, low nibble + 6 without a carry.
  if ((w & (kOnes * 0xF0)) != kOnes * 0x30) return false;
  if ((((w & (kOnes * 0x0F)) + kOnes * 6) & (kOnes * 0xF0)) != 0) return false;
  uint64_t digits = w - kOnes * '0';  // 0-9 in every byte, no borrow
  size_t count = n, fraction = 0;
  if (dots != 0) {
    // Close the gap where the point was: the digits after it move down.
    const auto point = static_cast<unsigned>(__builtin_ctzll(dots)) / 8;
    fraction = n - 1 - point;
    if (fraction > 4) return false;
    const uint64_t before = point == 0 ? 0 : digits & ((uint64_t{1} << (8 * point)) - 1);
    const uint64_t after = point == 7 ? 0 : (digits >> (8 * (point + 1))) << (8 * point);
    digits = before | after;
    count = n - 1;
    if (count == 0) return false;  // "." alone
  }
  // First digit in the lowest byte: shifted up, the digits end in the top
  // byte with zeros (leading zero digits) before them, and three
  // multiply-add steps fold pairs, then fours, then the eight.
  digits <<= 8 * (8 - count);
  digits = digits * 10 + (digits >> 8);
  digits = (((digits & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
            (((digits >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
           32;
  units = static_cast<int64_t>(digits) * kPow10[4 - fraction];
  return true;
}

}  // namespace

std::optional<DecimalParse> parse_decimal(std::string_view text) {
  // Most amounts: up to 8 characters after the sign, read as one word.
  {
    const bool sign = !text.empty() && (text[0] == '-' || text[0] == '+');
    const size_t n = text.size() - (sign ? 1 : 0);
    int64_t units;
    if (n >= 1 && n <= 8 && parse_short_decimal(text.data() + (sign ? 1 : 0), n, units))
      return DecimalParse{sign && text[0] == '-' ? -units : units, false};
  }
  return detail::parse_decimal_bytewise(text);
}

namespace detail {

std::optional<DecimalParse> parse_decimal_bytewise(std::string_view text) {
  // Fast path: up to 14 whole digits and up to 4 decimals cannot overflow
  // and need no rounding (most amounts in real exports).
  {
    size_t i = 0;
    const size_t n = text.size();
    const bool negative = n > 0 && text[0] == '-';
    if (negative || (n > 0 && text[0] == '+')) ++i;
    const size_t digits_start = i;
    uint64_t whole = 0;
    while (i < n && is_digit(text[i]) && i - digits_start < 14) whole = whole * 10 + (text[i++] - '0');
    const size_t whole_digits = i - digits_start;
    if (i == n && whole_digits > 0) {
      const auto units = static_cast<int64_t>(whole) * kMoneyScale;
      return DecimalParse{negative ? -units : units, false};
    }
    if (i < n && text[i] == '.' && n - i - 1 <= 4) {
      const size_t frac_start = ++i;
      uint64_t frac = 0;
      while (i < n && is_digit(text[i])) frac = frac * 10 + (text[i++] - '0');
      const size_t frac_digits = i - frac_start;
      if (i == n && whole_digits + frac_digits > 0) {
        const auto units = static_cast<int64_t>(whole * kMoneyScale + frac * kPow10[4 - frac_digits]);
        return DecimalParse{negative ? -units : units, false};
      }
    }
  }
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  int64_t whole = 0;
  size_t whole_digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i, ++whole_digits) {
    if (__builtin_mul_overflow(whole, 10, &whole) ||
        __builtin_add_overflow(whole, text[i] - '0', &whole))
      return std::nullopt;
  }
  int64_t frac = 0;  // first four fractional digits
  size_t frac_digits = 0;
  int next_digit = 0;         // the fifth fractional digit
  bool sticky = false;        // any non-zero digit after the fifth
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && is_digit(text[i]); ++i, ++frac_digits) {
      const int d = text[i] - '0';
      if (frac_digits < 4) frac = frac * 10 + d;
      else if (frac_digits == 4) next_digit = d;
      else sticky |= d != 0;
    }
  }
  if (i != text.size() || whole_digits + frac_digits == 0) return std::nullopt;
  if (frac_digits < 4) frac *= kPow10[4 - frac_digits];

  int64_t units = 0;
  if (__builtin_mul_overflow(whole, kMoneyScale, &units) || __builtin_add_overflow(units, frac, &units))
    return std::nullopt;
  DecimalParse result;
  result.rounded = frac_digits > 4;
  if (next_digit > 5 || (next_digit == 5 && (sticky || (units & 1)))) {
    if (__builtin_add_overflow(units, 1, &units)) return std::nullopt;
  }
  result.units = negative ? -units : units;
  return result;
}

}  // namespace detail

int64_t div_round_half_even(int128 numerator, int128 denominator) {
  // The common case fits 64 bits, where division is several times cheaper.
  if (numerator >= 0 && denominator > 0 && numerator <= INT64_MAX && denominator <= INT64_MAX) {
    const auto n = static_cast<uint64_t>(numerator), d = static_cast<uint64_t>(denominator);
    uint64_t q = n / d;
    const uint64_t r = n % d;
    if (r > d - r || (r == d - r && (q & 1) != 0)) ++q;
    return static_cast<int64_t>(q);
  }
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  int128 quotient = numerator / denominator;
  int128 remainder = numerator % denominator;
  if (remainder < 0) remainder = -remainder;
  const int128 twice = remainder * 2;
  if (twice > denominator || (twice == denominator && (quotient & 1) != 0))
    quotient += numerator < 0 ? -1 : 1;
  return static_cast<int64_t>(quotient);
}

namespace {

/// append_fixed, with a comma between groups of three whole digits when
/// `grouped`.
void append_fixed_grouped(std::string& out, int64_t units, int scale, int min_digits, bool grouped) {
  uint64_t magnitude = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  const auto divisor = static_cast<uint64_t>(kPow10[scale]);
  uint64_t whole = magnitude / divisor;
  uint64_t frac = magnitude % divisor;
  // Built from the right: fraction, dot, whole digits (with commas), sign.
  char text[48];
  char* p = text + sizeof text;
  int keep = scale;
  while (keep > min_digits && frac % 10 == 0) {
    frac /= 10;
    --keep;
  }
  if (keep > 0) {
    for (int k = 0; k < keep; ++k) {
      *--p = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    *--p = '.';
  }
  int digits = 0;
  do {
    if (grouped && digits > 0 && digits % 3 == 0) *--p = ',';
    *--p = static_cast<char>('0' + whole % 10);
    whole /= 10;
    ++digits;
  } while (whole);
  if (units < 0) *--p = '-';
  out.append(p, static_cast<size_t>(text + sizeof text - p));
}

}  // namespace

void append_fixed(std::string& out, int64_t units, int scale, int min_digits) {
  append_fixed_grouped(out, units, scale, min_digits, false);
}

void append_money_grouped(std::string& out, Money m) { append_fixed_grouped(out, m.units, 4, 2, true); }

std::string format_fixed(int64_t units, int scale, int min_digits) {
  std::string out;
  append_fixed(out, units, scale, min_digits);
  return out;
}

std::string format_money_grouped(Money m) {
  std::string out;
  append_money_grouped(out, m);
  return out;
}

}  // namespace tiers

#include "tiers/money.h"

#include <cstdlib>

namespace tiers {
namespace {

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<DecimalParse> parse_decimal(std::string_view text) {
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

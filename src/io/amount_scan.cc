#include "io/amount_scan.h"

#include <algorithm>
#include <array>

#include "io/text.h"
#include "tiers/money.h"

namespace tiers::io {
namespace {

using Fail = AmountScan::Fail;

AmountScan failed(Fail fail) {
  AmountScan s;
  s.fail = fail;
  return s;
}

struct Currency {
  std::string_view text;    ///< as written (codes matched in any case)
  bool code;                ///< letters: a code such as USD
  std::string_view family;  ///< the currency it names: `$`, `US$` and USD are one
};

constexpr std::array<Currency, 57> kCurrencies = {{
    {"$", false, "USD"},   {"€", false, "EUR"},   {"£", false, "GBP"},   {"¥", false, "¥"},
    {"￥", false, "¥"},    {"₹", false, "INR"},   {"₽", false, "RUB"},   {"₩", false, "KRW"},
    {"₺", false, "TRY"},   {"₫", false, "VND"},   {"₪", false, "ILS"},   {"₱", false, "PHP"},
    {"฿", false, "THB"},   {"元", false, "CNY"},  {"円", false, "JPY"},  {"R$", false, "BRL"},
    {"US$", false, "USD"}, {"HK$", false, "HKD"}, {"NT$", false, "TWD"}, {"C$", false, "CAD"},
    {"A$", false, "AUD"},  {"S$", false, "SGD"},  {"USD", true, "USD"},  {"EUR", true, "EUR"},
    {"GBP", true, "GBP"},  {"JPY", true, "JPY"},  {"CNY", true, "CNY"},  {"RMB", true, "CNY"},
    {"HKD", true, "HKD"},  {"TWD", true, "TWD"},  {"CHF", true, "CHF"},  {"CAD", true, "CAD"},
    {"AUD", true, "AUD"},  {"NZD", true, "NZD"},  {"SGD", true, "SGD"},  {"SEK", true, "SEK"},
    {"NOK", true, "NOK"},  {"DKK", true, "DKK"},  {"PLN", true, "PLN"},  {"CZK", true, "CZK"},
    {"HUF", true, "HUF"},  {"RUB", true, "RUB"},  {"INR", true, "INR"},  {"KRW", true, "KRW"},
    {"BRL", true, "BRL"},  {"MXN", true, "MXN"},  {"ZAR", true, "ZAR"},  {"TRY", true, "TRY"},
    {"THB", true, "THB"},  {"IDR", true, "IDR"},  {"MYR", true, "MYR"},  {"PHP", true, "PHP"},
    {"VND", true, "VND"},  {"AED", true, "AED"},  {"SAR", true, "SAR"},  {"ILS", true, "ILS"},
    {"UAH", true, "UAH"},
}};

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

bool matches(std::string_view s, size_t at, const Currency& c) {
  if (s.size() - at < c.text.size()) return false;
  for (size_t k = 0; k < c.text.size(); ++k)
    if ((c.code ? upper(s[at + k]) : s[at + k]) != c.text[k]) return false;
  return true;
}

/// The longest currency at [b, …) (prefix) or ending at e (suffix); its
/// length, 0 for none.
size_t currency_at(std::string_view s, size_t b, size_t e, bool suffix, const Currency*& found) {
  // Every currency starts and ends with a letter, a symbol or a UTF-8
  // byte: skip the table for the usual cell that starts or ends with a digit.
  const char edge = suffix ? s[e - 1] : s[b];
  if ((edge >= '0' && edge <= '9') || edge == '.' || edge == ',' || edge == '-' || edge == '+' ||
      edge == '(' || edge == ')')
    return 0;
  size_t best = 0;
  for (const Currency& c : kCurrencies) {
    if (c.text.size() > e - b || c.text.size() <= best) continue;
    const size_t at = suffix ? e - c.text.size() : b;
    if ((c.code ? upper(s[at]) : s[at]) != c.text[0]) continue;  // cheap first-byte filter
    if (matches(s, at, c)) {
      best = c.text.size();
      found = &c;
    }
  }
  return best;
}

/// A sign at s[b]: '+', '-' or U+2212; its length, 0 for none.
size_t sign_at(std::string_view s, size_t b, bool& negative) {
  if (s[b] == '+' || s[b] == '-') {
    negative = s[b] == '-';
    return 1;
  }
  if (s.substr(b, 3) == "\xE2\x88\x92") {
    negative = true;
    return 3;
  }
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// A thousands separator at core[i]: its length and kind (0 = the
/// punctuation mark, 1 = any space, 2 = apostrophe); 0 for none.
size_t group_at(std::string_view core, size_t i, char group_mark, int& kind) {
  if (core[i] == group_mark) return kind = 0, 1;
  if (core[i] == '\'') return kind = 2, 1;
  if (core[i] == '\t') return 0;
  const size_t n = space_at(core, i);
  if (n > 0) kind = 1;
  return n;
}

/// The digits, group separators and decimal mark left after the sign and
/// currency are peeled off. The digits go to parse_decimal in a short
/// buffer: leading zeros are dropped, and of the fraction only the first
/// five digits and whether any later one is non-zero are kept, which is
/// all that half-to-even rounding to four places looks at.
AmountScan scan_core(std::string_view core, bool negative, bool decimal_comma, std::string* exact) {
  const char dec = decimal_comma ? ',' : '.';
  const char group_mark = decimal_comma ? '.' : ',';
  char buf[40];
  size_t len = 0;
  if (negative) buf[len++] = '-';
  if (exact) exact->assign(negative ? "-" : "");
  const size_t whole_start = len;
  size_t i = 0, digits = 0, group_digits = 0;
  int group_kind = -1, kind = 0;
  while (i < core.size() && core[i] != dec) {
    if (is_digit(core[i])) {
      if (exact) exact->push_back(core[i]);
      if (core[i] != '0' || len > whole_start) {
        if (len - whole_start == 20) return failed(Fail::kOutOfRange);  // beyond int64 units
        buf[len++] = core[i];
      }
      ++i;
      ++digits;
      ++group_digits;
      continue;
    }
    const size_t n = group_at(core, i, group_mark, kind);
    if (n == 0) return failed(Fail::kNotNumber);
    if (group_kind >= 0 && kind != group_kind) return failed(Fail::kMixedGroup);
    if (group_kind >= 0 ? group_digits != 3 : (group_digits < 1 || group_digits > 3)) return failed(Fail::kBadGroup);
    group_kind = kind;
    group_digits = 0;
    i += n;
  }
  if (group_kind >= 0 && group_digits != 3) return failed(Fail::kBadGroup);
  if (digits > 0 && len == whole_start) buf[len++] = '0';  // the whole part was all zeros
  if (i < core.size()) {
    buf[len++] = '.';
    if (exact) exact->push_back('.');
    size_t frac = 0;
    bool sticky = false;
    for (++i; i < core.size(); ++i) {
      if (is_digit(core[i])) {
        if (exact) exact->push_back(core[i]);
        if (frac++ < 5) buf[len++] = core[i];
        else sticky |= core[i] != '0';
        ++digits;
      } else if (core[i] == dec) {
        return failed(Fail::kTwoDecimals);
      } else {
        return failed(group_at(core, i, group_mark, kind) ? Fail::kGroupAfterDecimal : Fail::kNotNumber);
      }
    }
    if (frac > 5) buf[len++] = sticky ? '1' : '0';  // keeps `rounded` and the rounding
  }
  if (digits == 0) return failed(Fail::kNoDigits);
  const auto parsed = parse_decimal(std::string_view(buf, len));
  if (!parsed) return failed(Fail::kOutOfRange);
  AmountScan out;
  out.units = parsed->units;
  out.rounded = parsed->rounded;
  return out;
}

/// Scientific notation, `1.5E+3`, `2e-1`, `1,5E+03` with a decimal comma
/// (spreadsheets write very large and very small numbers so): true when
/// `core` is a mantissa (digits with at most one decimal mark, no
/// thousands separators), `e` or `E`, an optional sign and 1 to 3 digits.
/// `plain` is then the same number with the mark moved (`1500`, `0.2`,
/// exact), or empty when its whole part would have more than 25 digits
/// (out of range for any amount).
bool expand_exponent(std::string_view core, char dec, std::string& plain) {
  const size_t at = core.find_first_of("eE");
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view power = core.substr(at + 1);
  bool down = false;
  if (!power.empty() && (power[0] == '+' || power[0] == '-')) {
    down = power[0] == '-';
    power.remove_prefix(1);
  }
  if (power.empty() || power.size() > 3) return false;
  int exponent = 0;
  for (char c : power) {
    if (!is_digit(c)) return false;
    exponent = exponent * 10 + (c - '0');
  }
  std::string digits;
  size_t point = std::string_view::npos;  // digits before the mark
  for (char c : core.substr(0, at)) {
    if (is_digit(c)) digits.push_back(c);
    else if (c == dec && point == std::string_view::npos) point = digits.size();
    else return false;
  }
  if (digits.empty()) return false;
  if (point == std::string_view::npos) point = digits.size();
  const size_t zeros = std::min(digits.find_first_not_of('0'), digits.size());
  digits.erase(0, zeros);  // leading zeros: 0.05E+2 is 5E+0
  if (digits.empty()) return plain = "0", true;
  const long whole = static_cast<long>(point) - static_cast<long>(zeros) + (down ? -exponent : exponent);
  plain.clear();
  if (whole > 25) return true;
  if (whole <= 0) {
    plain.append("0").push_back(dec);
    plain.append(static_cast<size_t>(-whole), '0').append(digits);
  } else if (static_cast<size_t>(whole) >= digits.size()) {
    plain.append(digits).append(static_cast<size_t>(whole) - digits.size(), '0');
  } else {
    plain.append(digits, 0, static_cast<size_t>(whole)).push_back(dec);
    plain.append(digits, static_cast<size_t>(whole));
  }
  return true;
}

}  // namespace

AmountScan scan_amount(std::string_view text, bool decimal_comma, std::string* exact) {
  const std::string_view s = text;
  size_t b = 0, e = s.size();
  bool negative = false, signed_ = false;
  const Currency* currency = nullptr;
  // Peel spaces, one sign (+, -, parentheses or a trailing minus) and one
  // currency from the outside in, in any order: $-12, -$12, ($12), (12) €.
  for (bool first = true;; first = false) {
    const std::string_view rest = trim_spaces(s.substr(b, e - b));  // never past [b, e)
    b = static_cast<size_t>(rest.data() - s.data());
    e = b + rest.size();
    if (b == e) return failed(first ? Fail::kEmpty : Fail::kNoDigits);
    bool neg = false;
    if (size_t n = sign_at(s, b, neg)) {
      if (signed_) return failed(Fail::kTwoSigns);
      signed_ = true;
      negative = neg;
      b += n;
      continue;
    }
    if (currency == nullptr) {
      if (size_t n = currency_at(s, b, e, false, currency)) {
        b += n;
        continue;
      }
      if (size_t n = currency_at(s, b, e, true, currency)) {
        e -= n;
        continue;
      }
    }
    if (s[b] == '(' || s[e - 1] == ')') {
      if (s[b] != '(' || s[e - 1] != ')' || e - b < 2) return failed(Fail::kUnbalancedParen);
      if (signed_) return failed(Fail::kTwoSigns);
      signed_ = negative = true;
      ++b;
      --e;
      continue;
    }
    if (s[e - 1] == '-' && e - b > 1) {
      if (signed_) return failed(Fail::kTwoSigns);
      signed_ = negative = true;
      --e;
      continue;
    }
    break;
  }
  std::string_view core = s.substr(b, e - b);
  std::string plain;  // allocated only for scientific notation
  if (expand_exponent(core, decimal_comma ? ',' : '.', plain)) {
    if (plain.empty()) return failed(Fail::kOutOfRange);
    core = plain;
  }
  AmountScan out = scan_core(core, negative, decimal_comma, exact);
  if (currency != nullptr) {
    out.currency = currency->text;
    out.currency_family = currency->family;
  }
  return out;
}

}  // namespace tiers::io

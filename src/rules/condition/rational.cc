#include "rules/condition/rational.h"

#include <stdexcept>

namespace tiers::rules {
namespace {

constexpr int128 kLarge = int128{1} << 100;

int128 gcd(int128 a, int128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int128 checked_mul(int128 a, int128 b) {
  // Two 64-bit factors cannot overflow 128 bits: skip the overflow-checking
  // multiply, a library call (the usual case: amounts times quantities).
  if (a == static_cast<int64_t>(a) && b == static_cast<int64_t>(b)) return a * b;
  int128 r;
  if (__builtin_mul_overflow(a, b, &r)) throw std::overflow_error("number too large");
  return r;
}

int128 checked_add(int128 a, int128 b) {
  int128 r;
  if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("number too large");
  return r;
}

int128 floor_div(int128 n, int128 d) {  // d > 0
  int128 q = n / d;
  if (n % d != 0 && n < 0) --q;
  return q;
}

int128 pow10(int n) {
  int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

/// Compares an/ad with bn/bd (ad, bd > 0) without overflow: integer parts
/// first, then the reciprocals of the fractional parts.
int compare_parts(int128 an, int128 ad, int128 bn, int128 bd) {
  int128 l, r;
  if (!__builtin_mul_overflow(an, bd, &l) && !__builtin_mul_overflow(bn, ad, &r))
    return l < r ? -1 : l > r ? 1 : 0;
  const int128 qa = floor_div(an, ad), qb = floor_div(bn, bd);
  if (qa != qb) return qa < qb ? -1 : 1;
  const int128 ra = an - qa * ad, rb = bn - qb * bd;  // 0 ≤ r < d
  if (ra == 0 || rb == 0) return ra == rb ? 0 : ra == 0 ? -1 : 1;
  return -compare_parts(ad, ra, bd, rb);  // ra/ad < rb/bd ⟺ ad/ra > bd/rb
}

}  // namespace

Rational Rational::fixed(int64_t units, int scale) { return Rational(units, pow10(scale)); }

std::optional<Rational> Rational::parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  int128 num = 0, den = 1;
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (num > kLarge || den > kLarge) return std::nullopt;
    num = num * 10 + (c - '0');
    if (dot) den *= 10;
  }
  if (!digits) return std::nullopt;
  return Rational(negative ? -num : num, den);
}

void Rational::reduce_if_large() {
  const int128 n = num_ < 0 ? -num_ : num_;
  if (n < kLarge && den_ < kLarge) return;
  const int128 g = gcd(num_, den_);
  if (g > 1) {
    num_ /= g;
    den_ /= g;
  }
}

Rational operator+(const Rational& a, const Rational& b) {
  if (a.den_ == b.den_) return Rational(checked_add(a.num_, b.num_), a.den_);
  return Rational(checked_add(checked_mul(a.num_, b.den_), checked_mul(b.num_, a.den_)),
                  checked_mul(a.den_, b.den_));
}

Rational Rational::operator-() const { return Rational(-num_, den_); }

Rational operator-(const Rational& a, const Rational& b) { return a + (-b); }

Rational operator*(const Rational& a, const Rational& b) {
  return Rational(checked_mul(a.num_, b.num_), checked_mul(a.den_, b.den_));
}

std::optional<Rational> divide(const Rational& a, const Rational& b) {
  if (b.num_ == 0) return std::nullopt;
  return Rational(checked_mul(a.num_, b.den_), checked_mul(a.den_, b.num_));
}

int compare(const Rational& a, const Rational& b) {
  return compare_parts(a.num_, a.den_, b.num_, b.den_);
}

int128 Rational::floor() const { return floor_div(num_, den_); }
int128 Rational::ceil() const { return -floor_div(-num_, den_); }

std::string Rational::str() const {
  auto print = [](int128 units, int scale) {
    const bool negative = units < 0;
    int128 mag = negative ? -units : units;
    std::string s;
    do {
      s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(mag % 10)));
      mag /= 10;
    } while (mag != 0);
    while (static_cast<int>(s.size()) <= scale) s.insert(s.begin(), '0');
    if (scale > 0) s.insert(s.end() - scale, '.');
    return (negative ? "-" : "") + s;
  };
  const int128 g = gcd(num_, den_);
  const int128 n = num_ / g, d = den_ / g;
  int128 rest = d;
  int twos = 0, fives = 0;
  while (rest % 2 == 0) rest /= 2, ++twos;
  while (rest % 5 == 0) rest /= 5, ++fives;
  const int digits = twos > fives ? twos : fives;
  try {
    if (rest == 1 && digits <= 12) return print(checked_mul(n, pow10(digits) / d), digits);
    // Not a short decimal: round half-to-even to 4 places.
    const int128 scaled = checked_mul(n, 10000);
    int128 q = floor_div(scaled, d);
    const int128 r2 = 2 * (scaled - q * d);
    if (r2 > d || (r2 == d && q % 2 != 0)) ++q;
    std::string s = print(q, 4);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return "≈" + s;
  } catch (const std::overflow_error&) {
    return "≈" + print(floor_div(n, d), 0);
  }
}

}  // namespace tiers::rules

// Exact rational numbers: the numbers of rule conditions.
//
// Conditions compare money, which tiers holds exactly (DESIGN §3), and do
// arithmetic such as `monetary / tenure_days * 30`, whose results need not
// be decimals. A Rational is a 128-bit numerator over a positive 128-bit
// denominator, so `monetary >= 5000` and `0.1 + 0.2 == 0.3` are exact.
// Values are not kept in lowest terms (that costs a gcd per operation);
// they are reduced only when they grow large. Comparison never overflows.
// An operation whose exact result does not fit throws std::overflow_error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tiers/money.h"

namespace tiers::rules {

class Rational {
 public:
  Rational() = default;
  /// den ≠ 0; the sign moves to num. Inline: row expressions make
  /// several per CSV record, and the usual value needs no work.
  Rational(int128 num, int128 den) : num_(num), den_(den) {
    if (den_ < 0) {
      num_ = -num_;
      den_ = -den_;
    }
    const int128 kLarge = int128{1} << 100;
    if (num_ >= kLarge || num_ <= -kLarge || den_ >= kLarge) reduce_if_large();
  }
  static Rational integer(int64_t v) { return Rational(v, 1); }
  /// A fixed-point value `units × 10^-scale` (money: scale 4).
  static Rational fixed(int64_t units, int scale);
  /// `[+-]digits[.digits]`, exactly; nullopt for anything else.
  static std::optional<Rational> parse(std::string_view text);

  int128 num() const { return num_; }
  int128 den() const { return den_; }
  bool is_integer() const { return num_ % den_ == 0; }
  int sign() const { return num_ > 0 ? 1 : num_ < 0 ? -1 : 0; }

  friend Rational operator+(const Rational& a, const Rational& b);
  friend Rational operator-(const Rational& a, const Rational& b);
  friend Rational operator*(const Rational& a, const Rational& b);
  /// nullopt when b is zero.
  friend std::optional<Rational> divide(const Rational& a, const Rational& b);
  Rational operator-() const;

  /// -1, 0 or 1; exact for any two values.
  friend int compare(const Rational& a, const Rational& b);
  friend bool operator==(const Rational& a, const Rational& b) { return compare(a, b) == 0; }

  /// Largest integer ≤ the value / smallest ≥ it.
  int128 floor() const;
  int128 ceil() const;

  /// Exact decimal when the value has one with at most 12 decimals
  /// (`5000`, `0.25`), else rounded half-to-even to 4 decimals after `≈`.
  std::string str() const;

 private:
  void reduce_if_large();

  int128 num_ = 0;
  int128 den_ = 1;
};

int compare(const Rational& a, const Rational& b);
std::optional<Rational> divide(const Rational& a, const Rational& b);

}  // namespace tiers::rules

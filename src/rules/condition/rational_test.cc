#include <doctest/doctest.h>

#include "rules/condition/rational.h"

using tiers::int128;
using tiers::rules::Rational;

namespace {
Rational r(const char* text) { return *Rational::parse(text); }
}  // namespace

TEST_CASE("rationals are exact where binary floating point is not") {
  CHECK(r("0.1") + r("0.2") == r("0.3"));
  CHECK(compare(r("0.1") + r("0.2"), r("0.30000000000000004")) < 0);
  // 5000.00 as money (50,000,000 units of 1/10,000) equals the literal 5000.
  CHECK(Rational::fixed(50'000'000, 4) == Rational::integer(5000));
  CHECK(compare(Rational::fixed(49'999'999, 4), Rational::integer(5000)) < 0);
  // 10 / 3 * 30 is exactly 100 (in doubles it is 100.00000000000001 or 99.999…).
  CHECK(*divide(Rational::integer(10), Rational::integer(3)) * Rational::integer(30) == Rational::integer(100));
  CHECK_FALSE(divide(Rational::integer(1), Rational::integer(0)).has_value());
  CHECK_FALSE(Rational::parse("1e5").has_value());
  CHECK_FALSE(Rational::parse("").has_value());
  CHECK(r("-2.50") == Rational(-5, 2));
}

TEST_CASE("comparison of values whose cross products overflow 128 bits") {
  const int128 big = int128{1} << 120;
  // (2^120 + 1) / 2^120 is just above 1; (2^120 - 1) / (2^120 - 2) just above 1 too, and larger.
  const Rational a(big + 1, big), b(big - 1, big - 2);
  CHECK(compare(a, Rational::integer(1)) > 0);
  CHECK(compare(a, b) < 0);
  CHECK(compare(b, a) > 0);
  CHECK(compare(a, a) == 0);
  CHECK(compare(-a, -b) > 0);
}

TEST_CASE("floor, ceil and printing") {
  CHECK(Rational(-7, 2).floor() == -4);
  CHECK(Rational(-7, 2).ceil() == -3);
  CHECK(Rational(7, 2).floor() == 3);
  CHECK(Rational(5, 2).str() == "2.5");
  CHECK(Rational(-1, 8).str() == "-0.125");
  CHECK(Rational(1, 3).str() == "≈0.3333");
  CHECK(Rational(2, 3).str() == "≈0.6667");
  CHECK(Rational(6, 3).str() == "2");
  CHECK(Rational::fixed(50'000'000, 4).str() == "5000");
}

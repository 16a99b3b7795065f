#include <doctest/doctest.h>

#include <random>
#include <string>

#include "tiers/money.h"

using namespace tiers;

TEST_CASE("parse_decimal reads exact decimals into 1/10000 units") {
  CHECK(parse_decimal("12.5")->units == 125000);
  CHECK(parse_decimal("-3")->units == -30000);
  CHECK(parse_decimal("+7")->units == 70000);
  CHECK(parse_decimal(".5")->units == 5000);
  CHECK(parse_decimal("5.")->units == 50000);
  CHECK(parse_decimal("0012.3400")->units == 123400);
  CHECK(parse_decimal("1234.5678")->units == 12345678);
  CHECK_FALSE(parse_decimal("1234.5678")->rounded);
}

TEST_CASE("parse_decimal rounds a fifth decimal half to even") {
  // 1.23456: kept 1.2345, next digit 6 > 5 → up → 1.2346.
  CHECK(parse_decimal("1.23456")->units == 12346);
  CHECK(parse_decimal("1.23456")->rounded);
  // 0.00005: kept 0.0000, exact tie, last kept digit 0 is even → stays 0.
  CHECK(parse_decimal("0.00005")->units == 0);
  // 0.00015: kept 0.0001, exact tie, 1 is odd → up to 0.0002.
  CHECK(parse_decimal("0.00015")->units == 2);
  // 0.000051: tie broken by the non-zero digit after it → up.
  CHECK(parse_decimal("0.000051")->units == 1);
  // Negative values round by magnitude: -2.50005 → -2.5000 (0 even).
  CHECK(parse_decimal("-2.50005")->units == -25000);
  CHECK(parse_decimal("-2.50015")->units == -25002);
  CHECK(parse_decimal("9.99995")->units == 100000);  // carries into the whole part
}

TEST_CASE("parse_decimal refuses everything else") {
  for (const char* bad : {"", ".", "+", "-", "1e5", "1,5", "--1", "1.2.3", " 1", "1 ", "abc",
                          "12.50 EUR", "99999999999999999999"})
    CHECK_MESSAGE(!parse_decimal(bad), bad);
  // 922337203685477.5807 is the largest value; one more unit overflows.
  CHECK(parse_decimal("922337203685477.5807")->units == INT64_MAX);
  CHECK_FALSE(parse_decimal("922337203685477.5808"));
}

TEST_CASE("format_fixed keeps at least min_digits decimals") {
  CHECK(format_money(Money{125000}) == "12.50");
  CHECK(format_money(Money{12345678}) == "1234.5678");
  CHECK(format_money(Money{12345670}) == "1234.567");
  CHECK(format_money(Money{-30000}) == "-3.00");
  CHECK(format_money(Money{0}) == "0.00");
  CHECK(format_money(Money{-1}) == "-0.0001");
  CHECK(format_money(Money{INT64_MIN}) == "-922337203685477.5808");
  CHECK(format_fixed(2500, 4, 4) == "0.2500");
  CHECK(format_fixed(3050, 2, 2) == "30.50");
  CHECK(format_fixed(800000, 4, 0) == "80");
  CHECK(format_fixed(55000, 4, 0) == "5.5");
}

TEST_CASE("div_round_half_even") {
  CHECK(div_round_half_even(5, 2) == 2);    // 2.5 → 2
  CHECK(div_round_half_even(7, 2) == 4);    // 3.5 → 4
  CHECK(div_round_half_even(-5, 2) == -2);
  CHECK(div_round_half_even(-7, 2) == -4);
  CHECK(div_round_half_even(1, 3) == 0);
  CHECK(div_round_half_even(2, 3) == 1);
  CHECK(div_round_half_even(5, -2) == -2);
  CHECK(div_round_half_even(10, 5) == 2);
}

TEST_CASE("format_money_grouped adds thousands separators") {
  CHECK(format_money_grouped(Money{34100000}) == "3,410.00");
  CHECK(format_money_grouped(Money{-12345678000}) == "-1,234,567.80");
  CHECK(format_money_grouped(Money{9990000}) == "999.00");
  CHECK(format_money_grouped(Money{10000000}) == "1,000.00");
  CHECK(format_money_grouped(Money{0}) == "0.00");
  CHECK(format_money_grouped(Money{-5000}) == "-0.50");
  CHECK(format_money_grouped(Money{1234567}) == "123.4567");
  CHECK(format_money_grouped(Money{INT64_MAX}) == "922,337,203,685,477.5807");
  CHECK(format_money_grouped(Money{INT64_MIN}) == "-922,337,203,685,477.5808");
  CHECK(format_fixed(INT64_MIN, 4, 2) == "-922337203685477.5808");
  std::string out = "net ";
  append_money_grouped(out, Money{12345678900});
  CHECK(out == "net 1,234,567.89");
}

TEST_CASE("parse_decimal: the 8-byte path agrees with reading byte by byte") {
  // Texts up to 8 characters after the sign go through one word; the
  // byte-wise parser is the reference. Every text of up to 5 characters
  // over digits, point, signs and bytes just outside '0'-'9' (so a
  // carry or borrow between bytes would show), then random texts of up
  // to 10 characters, mostly digits and a point.
  const std::string alphabet = std::string("0159.-+/:") + '\0' + " \x80\xb0";
  size_t checked = 0, differ = 0;
  auto check = [&](const std::string& t) {
    const auto a = parse_decimal(t), b = detail::parse_decimal_bytewise(t);
    const bool same = a.has_value() == b.has_value() && (!a || (a->units == b->units && a->rounded == b->rounded));
    if (!same && differ++ < 5) FAIL_CHECK("differs on \"" << t << "\"");
    ++checked;
  };
  std::string t;
  for (size_t len = 0; len <= 5; ++len) {
    size_t combos = 1;
    for (size_t i = 0; i < len; ++i) combos *= alphabet.size();
    t.assign(len, ' ');
    for (size_t c = 0; c < combos; ++c) {
      size_t k = c;
      for (size_t i = 0; i < len; ++i, k /= alphabet.size()) t[i] = alphabet[k % alphabet.size()];
      check(t);
    }
  }
  std::mt19937_64 rng(21);
  const std::string common = "0123456789.";
  for (int i = 0; i < 2'000'000; ++i) {
    const size_t len = rng() % 11;
    t.clear();
    if (rng() % 4 == 0) t += rng() % 2 ? '-' : '+';
    for (size_t j = 0; j < len; ++j)
      t += rng() % 50 == 0 ? alphabet[rng() % alphabet.size()] : common[rng() % common.size()];
    check(t);
  }
  CHECK(differ == 0);
  CHECK(checked > 2'000'000);
  // Values at the edges of the word: eight digits, the point first or
  // last, four decimals, leading zeros.
  CHECK(parse_decimal("99999999")->units == 999'999'990'000);
  CHECK(parse_decimal("-9999999.")->units == -99'999'990'000);
  CHECK(parse_decimal(".0001")->units == 1);
  CHECK(parse_decimal("0000.001")->units == 10);
  CHECK(parse_decimal("123.4567")->units == 1'234'567);
  CHECK(parse_decimal("12.34567")->rounded);
  CHECK_FALSE(parse_decimal("1.2.3"));
  CHECK_FALSE(parse_decimal("."));
  CHECK_FALSE(parse_decimal("-."));
}

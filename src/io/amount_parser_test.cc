#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/amount_parser.h"

using namespace tiers;
using namespace tiers::io;

namespace {

const AmountParser kPoint;
const AmountParser kComma(AmountOptions{true});

/// Units of 1/10,000, or a sentinel when refused.
int64_t units(const AmountParser& p, std::string_view text) {
  auto r = p.parse(text);
  return r ? r->amount.units : INT64_MIN;
}

std::string currency(const AmountParser& p, std::string_view text) {
  auto r = p.parse(text);
  REQUIRE(r);
  return std::string(r->currency);
}

constexpr int64_t kRefused = INT64_MIN;

DecimalMarkDetection detect(std::vector<std::string_view> sample) { return detect_decimal_mark(sample); }

}  // namespace

TEST_CASE("amounts: the plain form is unchanged") {
  CHECK(units(kPoint, "12.50") == 125000);
  CHECK(units(kPoint, " -3 ") == -30000);
  CHECK(units(kPoint, "+7.1") == 71000);
  CHECK(units(kPoint, ".5") == 5000);
  CHECK(units(kPoint, "0") == 0);
  auto r = kPoint.parse("1.23456");
  REQUIRE(r);
  CHECK(r->amount.units == 12346);  // 1.2345|6 rounds up
  CHECK(r->rounded);
  CHECK(r->currency.empty());
}

TEST_CASE("amounts: thousands separators in groups of three") {
  CHECK(units(kPoint, "1,234.50") == 12345000);
  CHECK(units(kPoint, "1,234,567") == 12345670000);
  CHECK(units(kPoint, "12 345") == 123450000);
  CHECK(units(kPoint, "1'234.50") == 12345000);
  CHECK(units(kComma, "1.234,50") == 12345000);
  CHECK(units(kComma, "1 234,50") == 12345000);
  CHECK(units(kComma, "1\xC2\xA0" "234,50") == 12345000);      // U+00A0
  CHECK(units(kComma, "1\xE2\x80\xAF" "234,50") == 12345000);  // U+202F
  CHECK(units(kComma, "1\xE2\x80\x89" "234,50") == 12345000);  // U+2009
  CHECK(units(kComma, "12,5") == 125000);
  CHECK(units(kComma, ",5") == 5000);
  CHECK(units(kComma, "-1.000.000") == -10000000000);
  // Groups that are not three digits are refused, never joined.
  CHECK(units(kPoint, "1,5") == kRefused);
  CHECK(units(kPoint, "12,50") == kRefused);
  CHECK(units(kPoint, "1,2345") == kRefused);
  CHECK(units(kPoint, "1,234,5") == kRefused);
  CHECK(units(kPoint, "1234,567") == kRefused);  // first group longer than three
  CHECK(units(kPoint, ",123") == kRefused);
  CHECK(units(kPoint, "1,,234") == kRefused);
  CHECK(units(kPoint, "1,234 567") == kRefused);  // two kinds of separator
  CHECK(units(kComma, "12.50") == kRefused);
  CHECK(units(kComma, "1.5") == kRefused);
}

TEST_CASE("amounts: currency symbols and codes before or after") {
  CHECK(units(kPoint, "$12.00") == 120000);
  CHECK(units(kPoint, "$ 1,234.56") == 12345600);
  CHECK(units(kPoint, "¥1,234") == 12340000);
  CHECK(units(kPoint, "￥ 88.80") == 888000);
  CHECK(units(kPoint, "£5") == 50000);
  CHECK(units(kPoint, "USD 12.00") == 120000);
  CHECK(units(kPoint, "12.00 EUR") == 120000);
  CHECK(units(kPoint, "12.00eur") == 120000);
  CHECK(units(kPoint, "CNY 99.9") == 999000);
  CHECK(units(kPoint, "RMB99.9") == 999000);
  CHECK(units(kPoint, "12.50元") == 125000);
  CHECK(units(kPoint, "US$12") == 120000);
  CHECK(units(kComma, "12,00 €") == 120000);
  CHECK(units(kComma, "R$ 1.234,56") == 12345600);
  CHECK(currency(kPoint, "$12.00") == "$");
  CHECK(currency(kPoint, "usd 12") == "USD");
  CHECK(currency(kPoint, "US$12") == "US$");
  CHECK(currency(kPoint, "￥ 88.80") == "￥");
  CHECK(currency(kComma, "12,00 €") == "€");
  CHECK(units(kPoint, "$12.00 USD") == kRefused);  // one currency per cell
  CHECK(units(kPoint, "XYZ 12.00") == kRefused);
  CHECK(units(kPoint, "USDX 12.00") == kRefused);
}

TEST_CASE("amounts: the currency a cell names, one name for all its spellings") {
  auto family = [](const AmountParser& p, std::string_view text) {
    auto r = p.parse(text);
    REQUIRE(r);
    return std::string(r->currency_family);
  };
  CHECK(family(kPoint, "$12.00") == "USD");
  CHECK(family(kPoint, "US$12") == "USD");
  CHECK(family(kPoint, "12 usd") == "USD");
  CHECK(family(kComma, "12,00 €") == "EUR");
  CHECK(family(kPoint, "EUR 12") == "EUR");
  CHECK(family(kPoint, "元12") == "CNY");
  CHECK(family(kPoint, "12 RMB") == "CNY");
  CHECK(family(kPoint, "12 円") == "JPY");
  CHECK(family(kPoint, "¥12") == "¥");  // yen or yuan: a name of its own
  CHECK(family(kPoint, "￥ 88.80") == "¥");
  CHECK(family(kPoint, "C$5") == "CAD");
  CHECK(family(kPoint, "(12.00)").empty());
  CHECK(family(kPoint, "12.00").empty());
}

TEST_CASE("amounts: signs, accounting parentheses, trailing minus") {
  CHECK(units(kPoint, "(12.00)") == -120000);
  CHECK(units(kPoint, "($1,234.56)") == -12345600);
  CHECK(units(kPoint, "$(1,234.56)") == -12345600);
  CHECK(units(kPoint, "(12.00) EUR") == -120000);
  CHECK(units(kComma, "(1.234,56 €)") == -12345600);
  CHECK(units(kPoint, "12.00-") == -120000);
  CHECK(units(kPoint, "-$12.50") == -125000);
  CHECK(units(kPoint, "$-12.50") == -125000);
  CHECK(units(kPoint, "- 12.50") == -125000);
  CHECK(units(kPoint, "\xE2\x88\x92" "12.00") == -120000);  // U+2212 minus sign
  CHECK(units(kPoint, "+$12.50") == 125000);
  CHECK(units(kPoint, "--12") == kRefused);
  CHECK(units(kPoint, "-(12)") == kRefused);
  CHECK(units(kPoint, "+12-") == kRefused);
  CHECK(units(kPoint, "(12.00") == kRefused);
  CHECK(units(kPoint, "12.00)") == kRefused);
  CHECK(units(kPoint, "1-2") == kRefused);
}

TEST_CASE("amounts: rounding is parse_decimal's half-to-even on every path") {
  auto r = kPoint.parse("$0.00015");  // 1.5 units: odd 1 rounds up to 2
  REQUIRE(r);
  CHECK(r->amount.units == 2);
  CHECK(r->rounded);
  CHECK(units(kPoint, "$0.00025") == 2);       // 2.5 units: stays at even 2
  CHECK(units(kPoint, "$0.000250001") == 3);   // more than half
  CHECK(units(kComma, "1.234,56785") == 12345678);
  CHECK(units(kComma, "-0,00015") == -2);
}

TEST_CASE("amounts: long digit strings agree with parse_decimal (fuzz regression)") {
  // The general scan once refused more than 96 characters that the plain
  // path accepts. Only five fractional digits and a non-zero-after flag matter.
  const std::string threes(150, '3');
  auto r = kComma.parse("1," + threes);  // 1.3333|3… rounds down
  REQUIRE(r);
  CHECK(r->amount.units == 13333);
  CHECK(r->rounded);
  CHECK(units(kPoint, "$1.23335" + std::string(40, '0') + "1") == 12334);  // past half: up
  CHECK(units(kPoint, "$1.23345" + std::string(40, '0')) == 12334);        // exactly half, even: stays
  CHECK(units(kPoint, "$1.23355" + std::string(40, '0')) == 12336);        // exactly half, odd: up
  CHECK(units(kPoint, "$" + std::string(30, '0') + "1.5") == 15000);      // leading zeros
  CHECK(units(kComma, std::string(30, '0') + "1,5") == 15000);
  CHECK(units(kComma, "0") == 0);  // dropping leading zeros must leave one
  CHECK(units(kComma, "000,5") == 5000);
  CHECK(units(kPoint, "$0") == 0);
  CHECK(units(kPoint, "(0.00)") == 0);
  auto exact = kComma.parse("2,5000000");
  REQUIRE(exact);
  CHECK(exact->amount.units == 25000);
  CHECK(exact->rounded);  // more than four decimals were given, as parse_decimal says
  CHECK(units(kPoint, "$922337203685477.5807") == INT64_MAX);
  CHECK(units(kPoint, "$922337203685477.5808") == kRefused);
}

TEST_CASE("amounts: an empty cell is missing, never zero") {
  CHECK(!kPoint.parse(""));
  CHECK(!kPoint.parse("   "));
  CHECK(!kComma.parse("\xC2\xA0"));
  CHECK(kPoint.explain_failure("") == "amount is empty");
  CHECK(kComma.explain_failure(" \xC2\xA0 ") == "amount is empty");
  CHECK(!kPoint.parse("$"));
  CHECK(kPoint.explain_failure("$") == "amount \"$\" has no digits");
  CHECK(kPoint.explain_failure("()") == "amount \"()\" has no digits");
  // Fuzz regression: the spaces after a sign were trimmed past the cell's end.
  CHECK(kPoint.explain_failure("- ") == "amount \"-\" has no digits");
  CHECK(kComma.explain_failure("( \xE2\x80\xAF)") == "amount \"( \xE2\x80\xAF)\" has no digits");
  CHECK(kPoint.explain_failure("$ - ") == "amount \"$ -\" has no digits");
}

TEST_CASE("amounts: precise reasons, and a hint when the other decimal mark reads it") {
  CHECK(kPoint.explain_failure("abc") == "amount \"abc\" is not a number");
  CHECK(kPoint.explain_failure("12;50") == "amount \"12;50\" is not a number");
  CHECK(kPoint.explain_failure("12,50") ==
        "amount \"12,50\" is not a number: thousands separators must split the digits in groups of "
        "three (1,234.50); with --decimal-comma it reads as 12.50");
  auto d = kPoint.diagnose("1,5");
  CHECK(d.reason ==
        "amount \"1,5\" is not a number: thousands separators must split the digits in groups of three "
        "(1,234.50)");
  CHECK(d.hint == "with --decimal-comma it reads as 1.50");
  CHECK(kPoint.diagnose("1.234,56").reason ==
        "amount \"1.234,56\" is not a number: a thousands separator follows the decimal mark \".\"");
  CHECK(kPoint.diagnose("1.234,56").hint == "with --decimal-comma it reads as 1234.56");
  CHECK(kPoint.diagnose("1.234.567").reason ==
        "amount \"1.234.567\" is not a number: it has more than one decimal mark \".\"");
  CHECK(kPoint.diagnose("1.234.567").hint == "with --decimal-comma it reads as 1234567.00");
  CHECK(kComma.diagnose("12.50").reason ==
        "amount \"12.50\" is not a number: thousands separators must split the digits in groups of "
        "three (1.234,50)");
  CHECK(kComma.diagnose("12.50").hint == "without --decimal-comma it reads as 12.50");
  CHECK(kPoint.explain_failure("1,234 567") == "amount \"1,234 567\" is not a number: it mixes thousands separators");
  CHECK(kPoint.explain_failure("--12") == "amount \"--12\" is not a number: it has more than one sign");
  CHECK(kPoint.explain_failure("(12") == "amount \"(12\" is not a number: unbalanced parenthesis");
  CHECK(kPoint.explain_failure("99999999999999999999") == "amount \"99999999999999999999\" is out of range");
  CHECK(kPoint.explain_failure(std::string(200, '1')) == "amount \"" + std::string(60, '1') + "…\" is out of range");
  CHECK(kPoint.diagnose("12.50").reason.empty());
}

TEST_CASE("decimal mark detection") {
  auto comma = detect({"12,50", "3,75", "1.234,50", ""});
  CHECK(comma.mark == DecimalMark::kComma);
  CHECK(comma.comma_only == 3);
  CHECK(detect({"12.50", "1,234.50", "7"}).mark == DecimalMark::kPoint);
  CHECK(detect({"12", "1 234", "", "-5"}).mark == DecimalMark::kEither);
  CHECK(detect({}).mark == DecimalMark::kEither);
  // 1,234 is 1234 or 1.234 — but 12.50 settles it.
  CHECK(detect({"1,234", "12.50"}).mark == DecimalMark::kPoint);
  CHECK(detect({"1.234", "12,5"}).mark == DecimalMark::kComma);
  auto amb = detect({"1,234", "2,500"});
  CHECK(amb.mark == DecimalMark::kAmbiguous);
  CHECK(amb.differ == 2);
  CHECK(amb.message ==
        "the decimal mark is ambiguous: amounts such as \"1,234\" read as 1234.00 with a decimal point "
        "and as 1.234 with --decimal-comma");
  auto both = detect({"12.50", "3,75", "x"});
  CHECK(both.mark == DecimalMark::kConflict);
  CHECK(both.neither == 1);
  CHECK(both.message ==
        "amounts need both decimal marks: \"12.50\" reads only with a decimal point, \"3,75\" only with "
        "--decimal-comma");
}

TEST_CASE("exact_digits keeps every digit of what parse() accepts") {
  const AmountParser point, comma(AmountOptions{true});
  CHECK(point.exact_digits("0.00125") == "0.00125");
  CHECK(point.exact_digits(" $1,234.567891 ") == "1234.567891");
  CHECK(point.exact_digits("(12.00005)") == "-12.00005");
  CHECK(point.exact_digits("−0.5") == "-0.5");
  CHECK(comma.exact_digits("1.234,56789 €") == "1234.56789");
  CHECK(point.exact_digits("12,5") == std::nullopt);
  CHECK(point.exact_digits("") == std::nullopt);
}

TEST_CASE("amounts: scientific notation, exact, as if written out in full") {
  CHECK(units(kPoint, "1.5E+3") == 15000000);  // 1500
  CHECK(units(kPoint, "2e-1") == 2000);        // 0.2
  CHECK(units(kPoint, "1E5") == 1000000000);   // 100000
  CHECK(units(kPoint, "-1.5e2") == -1500000);  // -150
  CHECK(units(kPoint, "(2.5E1)") == -250000);  // -25
  CHECK(units(kPoint, "0.05E+2") == 50000);    // 5
  CHECK(units(kPoint, ".5e1") == 50000);       // 5
  CHECK(units(kPoint, "0E+999") == 0);
  CHECK(units(kComma, "1,5E+03") == 15000000);  // a decimal comma in the mantissa
  CHECK(currency(kPoint, "$1.5E+3") == "$");
  CHECK(units(kPoint, "$1.5E+3") == 15000000);
  CHECK(units(kPoint, "1E+14") == 1000000000000000000);  // 10^14: the largest power in range
  // Rounding as written out: 123.456789 → 123.4568; 0.00005 and 0.00015
  // are halves, to the even 0.0000 and 0.0002; 10^-999 rounds to 0.
  for (const auto& [text, want] : std::vector<std::pair<const char*, int64_t>>{
           {"1.23456789E+2", 1234568}, {"5E-5", 0}, {"1.5E-4", 2}, {"1E-999", 0}}) {
    CAPTURE(text);
    auto r = kPoint.parse(text);
    REQUIRE(r);
    CHECK(r->amount.units == want);
    CHECK(r->rounded);
  }
  CHECK_FALSE(kPoint.parse("1.5E+3")->rounded);
  CHECK(kPoint.exact_digits("1.5E+3") == "1500");
  CHECK(kPoint.exact_digits("2.5e-7") == "0.00000025");
  CHECK(kPoint.exact_digits("-1.25E1") == "-12.5");
  CHECK(detect({"1.5E+3", "12"}).mark == DecimalMark::kPoint);
  CHECK(detect({"1,5E+03", "12"}).mark == DecimalMark::kComma);
  // Out of range: 10^15 is 10^19 units; past 25 digits the text is not built.
  CHECK(kPoint.explain_failure("1E+15") == "amount \"1E+15\" is out of range");
  CHECK(kPoint.explain_failure("1.5E+99") == "amount \"1.5E+99\" is out of range");
  // Not scientific notation: no mantissa or exponent digits, an exponent
  // of four digits, thousands separators, a comma the mode does not read.
  CHECK(kPoint.explain_failure("E5") == "amount \"E5\" is not a number");
  CHECK(kPoint.explain_failure("1e") == "amount \"1e\" is not a number");
  CHECK(kPoint.explain_failure("1E+1234") == "amount \"1E+1234\" is not a number");
  CHECK(kComma.explain_failure("1.234,5E+3") == "amount \"1.234,5E+3\" is not a number");
  CHECK(kPoint.explain_failure("1,5E+03") ==
        "amount \"1,5E+03\" is not a number; with --decimal-comma it reads as 1500.00");
}

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "tiers/date.h"

using namespace tiers;

TEST_CASE("days_from_civil and back") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(1970, 1, 2) == 1);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);   // 30 years incl. 7 leap days + Jan/Feb 2000
  CHECK(days_from_civil(2025, 1, 1) - days_from_civil(2024, 1, 1) == 366);
  for (int32_t d = days_from_civil(1, 1, 1); d <= days_from_civil(9999, 12, 31); d += 97) {
    const CivilDate c = civil_from_days(d);
    REQUIRE(days_from_civil(c.year, c.month, c.day) == d);
    REQUIRE(is_valid_civil(c.year, c.month, c.day));
  }
}

TEST_CASE("calendar validity") {
  CHECK(is_valid_civil(2024, 2, 29));
  CHECK_FALSE(is_valid_civil(2023, 2, 29));
  CHECK_FALSE(is_valid_civil(1900, 2, 29));
  CHECK(is_valid_civil(2000, 2, 29));
  CHECK_FALSE(is_valid_civil(2024, 4, 31));
  CHECK_FALSE(is_valid_civil(2024, 13, 1));
  CHECK_FALSE(is_valid_civil(2024, 0, 1));
  CHECK_FALSE(is_valid_civil(0, 1, 1));
}

TEST_CASE("parse_iso_date is strict") {
  CHECK(parse_iso_date("2024-02-29")->days == days_from_civil(2024, 2, 29));
  CHECK_FALSE(parse_iso_date("2024-2-29"));
  CHECK_FALSE(parse_iso_date("2024-02-30"));
  CHECK_FALSE(parse_iso_date("2024/02/01"));
  CHECK_FALSE(parse_iso_date("2024-02-01 "));
  CHECK(format_date(Date{days_from_civil(2011, 12, 9)}) == "2011-12-09");
  CHECK(format_date(Date{days_from_civil(1, 1, 1)}) == "0001-01-01");
}

TEST_CASE("parse_iso_date: every day and every bad day of 1800-2299 as the calendar says") {
  // Against is_valid_civil and days_from_civil for every (year, month,
  // day) with month 0-13 and day 0-32 (the month table covers 1900-2155;
  // the years around it take the other way).
  size_t valid = 0;
  for (int y = 1800; y <= 2299; ++y)
    for (unsigned m = 0; m <= 13; ++m)
      for (unsigned d = 0; d <= 32; ++d) {
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, m, d);
        const auto parsed = parse_iso_date(text);
        if (is_valid_civil(y, m, d)) {
          ++valid;
          REQUIRE(parsed.has_value());
          REQUIRE(parsed->days == days_from_civil(y, m, d));
        } else {
          REQUIRE_FALSE(parsed.has_value());
        }
      }
  // 500 years of 365 days, and 121 leap days: 125 years divisible by 4
  // from 1800 to 2296, less 1800, 1900, 2100 and 2200.
  CHECK(valid == 182621);
  // A byte other than a digit anywhere, and the dashes elsewhere.
  const std::string good = "2024-03-15";
  for (size_t i = 0; i < good.size(); ++i)
    for (int c = 0; c < 256; ++c) {
      std::string t = good;
      t[i] = static_cast<char>(c);
      const bool digit_place = i != 4 && i != 7;
      const bool ok = digit_place ? c >= '0' && c <= '9' : c == '-';
      if (!ok) REQUIRE_FALSE(parse_iso_date(t));
    }
  CHECK_FALSE(parse_iso_date("0000-01-01"));  // no year 0
  CHECK(parse_iso_date("9999-12-31")->days == days_from_civil(9999, 12, 31));
  CHECK(parse_iso_date("1900-02-28")->days == days_from_civil(1900, 2, 28));
  CHECK_FALSE(parse_iso_date("1900-02-29"));
  CHECK(parse_iso_date("2155-12-31")->days == days_from_civil(2155, 12, 31));
  CHECK(parse_iso_date("2156-02-29")->days == days_from_civil(2156, 2, 29));
}

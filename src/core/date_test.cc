#include <doctest/doctest.h>

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

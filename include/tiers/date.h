// Calendar dates as day numbers.
//
// A Date is the number of days since 1970-01-01 in the proleptic Gregorian
// calendar; differences of dates are day counts (recency, tenure). Timestamps
// are truncated to their date as written: tiers never converts time zones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiers {

struct Date {
  int32_t days = 0;  ///< days since 1970-01-01

  friend constexpr bool operator==(Date, Date) = default;
  friend constexpr auto operator<=>(Date, Date) = default;
};

/// Days since 1970-01-01 of a valid y-m-d (Howard Hinnant's algorithm).
constexpr int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};

CivilDate civil_from_days(int32_t days);

/// True for a real calendar day (month 1-12, day within the month).
bool is_valid_civil(int y, unsigned m, unsigned d);

/// Strict `YYYY-MM-DD` (what --as-of takes).
std::optional<Date> parse_iso_date(std::string_view text);

/// `YYYY-MM-DD`.
std::string format_date(Date d);
void append_date(std::string& out, Date d);

}  // namespace tiers

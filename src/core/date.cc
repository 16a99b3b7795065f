#include "tiers/date.h"

namespace tiers {

CivilDate civil_from_days(int32_t days) {
  int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int y = static_cast<int>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  return {y, m, d};
}

bool is_valid_civil(int y, unsigned m, unsigned d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= (m == 2 && leap ? 29u : kDays[m - 1]);
}

namespace {

/// The day number of the 1st of each month of the years kFirstYear to
/// kFirstYear + 255, and of the 1st of January after: a date of those
/// years is one lookup and its month's length one subtraction.
constexpr int kFirstYear = 1900;
struct MonthStarts {
  int32_t days[256][13];
  constexpr MonthStarts() : days{} {
    for (int y = 0; y < 256; ++y)
      for (unsigned m = 0; m < 13; ++m)
        days[y][m] = m < 12 ? days_from_civil(kFirstYear + y, m + 1, 1) : days_from_civil(kFirstYear + y + 1, 1, 1);
  }
};
constexpr MonthStarts kMonthStarts;

}  // namespace

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  // Each byte minus '0', modulo 256: 0-9 for a digit, 10-255 otherwise;
  // plus 6 it is below 16 exactly for a digit, so one test covers all
  // eight. (The reader parses a date per row unless it repeats the row
  // before's: files sorted by customer or with times of day.)
  auto digit = [&](size_t i) { return static_cast<unsigned>(static_cast<uint8_t>(s[i] - '0')); };
  const unsigned y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3);
  const unsigned m0 = digit(5), m1 = digit(6), d0 = digit(8), d1 = digit(9);
  if (((y0 + 6) | (y1 + 6) | (y2 + 6) | (y3 + 6) | (m0 + 6) | (m1 + 6) | (d0 + 6) | (d1 + 6)) > 15)
    return std::nullopt;
  const int y = static_cast<int>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
  const unsigned m = m0 * 10 + m1, d = d0 * 10 + d1;
  if (m - 1 > 11 || d == 0) return std::nullopt;
  if (const unsigned k = static_cast<unsigned>(y - kFirstYear); k < 256) {
    const int32_t start = kMonthStarts.days[k][m - 1];
    if (static_cast<int32_t>(d) > kMonthStarts.days[k][m] - start) return std::nullopt;
    return Date{start + static_cast<int32_t>(d) - 1};
  }
  if (!is_valid_civil(y, m, d)) return std::nullopt;
  return Date{days_from_civil(y, m, d)};
}

void append_date(std::string& out, Date date) {
  const CivilDate c = civil_from_days(date.days);
  char buf[10];
  int y = c.year;
  for (int i = 3; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + y % 10);
    y /= 10;
  }
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + c.month / 10);
  buf[6] = static_cast<char>('0' + c.month % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + c.day / 10);
  buf[9] = static_cast<char>('0' + c.day % 10);
  out.append(buf, 10);
}

std::string format_date(Date d) {
  std::string s;
  append_date(s, d);
  return s;
}

}  // namespace tiers

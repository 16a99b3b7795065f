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

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[8];
  static constexpr int kPos[] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    const char c = s[static_cast<size_t>(kPos[i])];
    if (c < '0' || c > '9') return std::nullopt;
    v[i] = c - '0';
  }
  const int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  const auto m = static_cast<unsigned>(v[4] * 10 + v[5]);
  const auto d = static_cast<unsigned>(v[6] * 10 + v[7]);
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

#include "io/date_parser.h"

#include <cstring>
#include <span>

#include <fmt/format.h>

#include "core/load_bytes.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_time_char(char c) {
  return is_digit(c) || c == ':' || c == '.' || c == ',' || c == '+' || c == '-' || c == 'Z' ||
         c == ' ';
}

/// Drops a final `AM`/`PM` (any case) after a space or digit.
std::string_view strip_meridiem(std::string_view rest) {
  const size_t n = rest.size();
  if (n < 3) return rest;
  const char a = static_cast<char>(rest[n - 2] | 0x20), m = static_cast<char>(rest[n - 1] | 0x20);
  if ((a != 'a' && a != 'p') || m != 'm') return rest;
  if (rest[n - 3] != ' ' && !is_digit(rest[n - 3])) return rest;
  return rest.substr(0, n - 2);
}

/// Drops a final time-zone abbreviation, 2 to 5 capital letters after a
/// space (`2024-01-05 10:00:00 UTC`, as BigQuery exports timestamps;
/// `... GMT` in HTTP dates; `... CEST`): the date is kept as written.
std::string_view strip_zone_name(std::string_view rest) {
  size_t letters = 0;
  while (letters < rest.size() && rest[rest.size() - 1 - letters] >= 'A' &&
         rest[rest.size() - 1 - letters] <= 'Z')
    ++letters;
  if (letters < 2 || letters > 5 || letters == rest.size() || rest[rest.size() - 1 - letters] != ' ')
    return rest;
  return rest.substr(0, rest.size() - 1 - letters);
}

/// After a date: nothing, or `T`/space, a digit, then time characters
/// (and maybe AM/PM and a zone name: the time is dropped anyway).
bool is_tail_after_date(std::string_view rest) {
  if (rest.empty()) return true;
  rest = strip_meridiem(strip_zone_name(rest));
  if (rest.empty()) return false;
  if ((rest[0] != 'T' && rest[0] != ' ') || rest.size() < 2 || !is_digit(rest[1])) return false;
  for (char c : rest.substr(1))
    if (!is_time_char(c)) return false;
  return true;
}

/// After a time field: nothing, or seconds, fraction, zone (`:05.250Z`).
bool is_tail_after_time(std::string_view rest) {
  if (rest.empty()) return true;
  rest = strip_meridiem(strip_zone_name(rest));
  if (rest.empty()) return true;
  const char c0 = rest[0];
  if (c0 != ':' && c0 != '.' && c0 != ',' && c0 != 'Z' && c0 != '+' && c0 != '-' && c0 != ' ')
    return false;
  for (char c : rest)
    if (!is_time_char(c)) return false;
  return true;
}

/// Today's default: strict ISO date, optional time part.
std::optional<Date> parse_iso_with_time(std::string_view text) {
  text = trim(text);
  if (text.size() > 10) {
    if (!is_tail_after_date(text.substr(10))) return std::nullopt;
    text = text.substr(0, 10);
  }
  return parse_iso_date(text);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool starts_with_nocase(std::string_view s, size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (lower(s[i + k]) != word[k]) return false;
  return true;
}

constexpr std::string_view kMonthNames[12] = {"january", "february", "march",     "april",
                                              "may",     "june",     "july",      "august",
                                              "september", "october", "november", "december"};

constexpr std::string_view kWeekdayNames[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                               "friday", "saturday", "sunday"};

/// One of `names` (lowercase English), full or its first three letters,
/// in any case, at `i`: its 1-based index (then `i` is past it), or 0.
unsigned read_name(std::string_view s, size_t& i, std::span<const std::string_view> names) {
  for (size_t k = 0; k < names.size(); ++k)
    if (starts_with_nocase(s, i, names[k])) {
      i += names[k].size();
      return static_cast<unsigned>(k + 1);
    }
  for (size_t k = 0; k < names.size(); ++k)
    if (starts_with_nocase(s, i, names[k].substr(0, 3))) {
      i += 3;
      return static_cast<unsigned>(k + 1);
    }
  return 0;
}

/// English month name, full or abbreviated (and `Sept`); 1-12 or 0.
unsigned read_month_name(std::string_view s, size_t& i) {
  const size_t start = i;
  const unsigned month = read_name(s, i, kMonthNames);
  if (month == 9 && i == start + 3 && i < s.size() && lower(s[i]) == 't') ++i;  // Sept
  return month;
}

/// Reads min..max digits (as many as there are, up to max).
bool read_number(std::string_view s, size_t& i, unsigned min, unsigned max, unsigned& value) {
  unsigned n = 0;
  value = 0;
  while (n < max && i < s.size() && is_digit(s[i])) {
    value = value * 10 + static_cast<unsigned>(s[i] - '0');
    ++i;
    ++n;
  }
  return n >= min;
}

constexpr int64_t kFirstDay = days_from_civil(1, 1, 1);
constexpr int64_t kLastDay = days_from_civil(9999, 12, 31);

}  // namespace

std::optional<Date> DateFormat::parse(std::string_view text) const {
  Date d;
  if (parse(text, d) != Status::kOk) return std::nullopt;
  return d;
}

DateFormat::Status DateFormat::parse(std::string_view text, Date& out) const {
  text = trim(text);
  const size_t n = text.size();
  size_t i = 0;
  int year = 0;
  unsigned month = 0, day = 0, yday = 0, v = 0;
  int64_t epoch = 0, serial = -1;
  bool have_epoch = false, out_of_range = false;
  for (size_t k = 0; k < step_count_; ++k) {
    const Step& s = steps_[k];
    switch (s.op) {
      case Op::kLiteral:
        if (n - i < s.literal_len || std::memcmp(text.data() + i, &literals_[s.literal_pos], s.literal_len) != 0)
          return Status::kNoMatch;
        i += s.literal_len;
        break;
      case Op::kSpaces:
        if (i >= n || text[i] != ' ') return Status::kNoMatch;
        while (i < n && text[i] == ' ') ++i;
        break;
      case Op::kMonthName:
        month = read_month_name(text, i);
        if (month == 0) return Status::kNoMatch;
        break;
      case Op::kWeekdayName:
        if (read_name(text, i, kWeekdayNames) == 0) return Status::kNoMatch;
        break;
      case Op::kAmPm:
        if (!starts_with_nocase(text, i, "am") && !starts_with_nocase(text, i, "pm"))
          return Status::kNoMatch;
        i += 2;
        break;
      case Op::kEpoch: {
        const bool negative = i < n && text[i] == '-';
        if (negative) ++i;
        const size_t start = i;
        while (i < n && i - start < 12 && is_digit(text[i])) epoch = epoch * 10 + (text[i++] - '0');
        if (i == start) return Status::kNoMatch;
        if (negative) epoch = -epoch;
        have_epoch = true;
        break;
      }
      case Op::kExcelSerial: {
        const size_t start = i;
        serial = 0;
        while (i < n && i - start < 7 && is_digit(text[i])) serial = serial * 10 + (text[i++] - '0');
        if (i == start) return Status::kNoMatch;
        break;
      }
      default: {
        if (s.leading_space && i < n && text[i] == ' ') ++i;
        if (!read_number(text, i, s.min_digits, s.max_digits, v)) return Status::kNoMatch;
        switch (s.op) {
          case Op::kYear4: year = static_cast<int>(v); break;
          case Op::kYear2: year = static_cast<int>(v < 69 ? 2000 + v : 1900 + v); break;
          case Op::kMonth: month = v; out_of_range |= v < 1 || v > 12; break;
          case Op::kDay: day = v; out_of_range |= v < 1 || v > 31; break;
          case Op::kYearDay: yday = v; out_of_range |= v < 1 || v > 366; break;
          case Op::kHour: out_of_range |= v > 23; break;
          case Op::kHour12: out_of_range |= v < 1 || v > 12; break;
          case Op::kMinute: out_of_range |= v > 59; break;
          case Op::kSecond: out_of_range |= v > 60; break;
          default: break;
        }
      }
    }
  }
  if (!(date_last_ ? is_tail_after_date(text.substr(i)) : is_tail_after_time(text.substr(i))))
    return Status::kNoMatch;
  if (out_of_range) return Status::kNotCalendarDate;
  int64_t days;
  if (have_epoch) {
    days = epoch / 86400 - (epoch % 86400 < 0 ? 1 : 0);  // floor: 1969-12-31 for -1
  } else if (serial >= 0) {
    if (serial < 61) return Status::kNotCalendarDate;  // Excel's 1900 is not the calendar's
    days = days_from_civil(1899, 12, 30) + serial;
  } else if (yday != 0) {
    if (!is_valid_civil(year, 12, 31)) return Status::kNotCalendarDate;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (yday > (leap ? 366u : 365u)) return Status::kNotCalendarDate;
    days = days_from_civil(year, 1, 1) + static_cast<int64_t>(yday) - 1;
  } else {
    if (!is_valid_civil(year, month, day)) return Status::kNotCalendarDate;
    days = days_from_civil(year, month, day);
  }
  if (days < kFirstDay || days > kLastDay) return Status::kNotCalendarDate;
  out = Date{static_cast<int32_t>(days)};
  return Status::kOk;
}

DateParser::DateParser(DateFormat format)
    : format_(std::move(format)),
      iso_fast_path_(format_->pattern() == "%Y-%m-%d" || format_->pattern() == "%F") {}

bool DateParser::parse(std::string_view text, Date& out) const {
  // Exports sorted by date repeat the same date row after row, whatever
  // its format (`01.03.2024` takes 27 ns in tiers_parse_bench).
  if (last_days_ != INT32_MIN && equal_bytes(text, std::string_view(last_text_, last_size_))) {
    out = Date{last_days_};
    return true;
  }
  std::optional<Date> d;
  if (iso_fast_path_) {
    // A timestamp (`2024-03-01 10:30:17`) changes every row, its date
    // seldom: the date part's text is remembered apart, the time only
    // checked.
    const std::string_view t = trim(text);
    if (t.size() > 10 && prefix_days_ != INT32_MIN && std::memcmp(t.data(), prefix_text_, 10) == 0 &&
        is_tail_after_date(t.substr(10))) {
      out = Date{prefix_days_};
      return true;
    }
    d = parse_iso_with_time(t);
    if (d && t.size() > 10) {
      std::memcpy(prefix_text_, t.data(), 10);
      prefix_days_ = d->days;
    }
  }
  if (!d && format_) d = format_->parse(text);
  if (!d) return false;
  if (text.size() <= sizeof last_text_) {
    std::memcpy(last_text_, text.data(), text.size());
    last_size_ = static_cast<uint8_t>(text.size());
    last_days_ = d->days;
  }
  out = *d;
  return true;
}

std::optional<Date> DateParser::parse_shared(std::string_view text) const {
  if (iso_fast_path_) {
    if (auto d = parse_iso_with_time(text)) return d;
    if (!format_) return std::nullopt;
  }
  return format_->parse(text);
}

std::string DateParser::explain_failure(std::string_view text) const {
  const std::string_view t = trim(text);
  if (t.empty()) return "date is empty";
  if (!format_) return fmt::format("date \"{}\" is not a date (expected YYYY-MM-DD)", printable(t));
  Date d;
  if (format_->parse(t, d) == DateFormat::Status::kNotCalendarDate)
    return fmt::format("date \"{}\" is not a calendar date (date format {})", printable(t),
                       format_->pattern());
  return fmt::format("date \"{}\" does not match the date format {}", printable(t), format_->pattern());
}

std::string DateParser::pattern() const { return format_ ? format_->pattern() : "%Y-%m-%d"; }

}  // namespace tiers::io

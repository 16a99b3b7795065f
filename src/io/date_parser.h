// Turns the text of a date cell into a Date.
//
// By default (DateParser{}) accepts ISO dates `YYYY-MM-DD`, optionally
// followed by a time part after `T` or a space (`2011-12-09 12:50:00`,
// `2024-03-01T08:00:00Z`), which is dropped: timestamps are truncated to
// their date as written. Surrounding spaces are ignored.
//
// A DateFormat is a strftime-style pattern (`%d.%m.%Y`, `%m/%d/%Y %H:%M`,
// `%Y%m%d`, `%Y年%m月%d日`, `%s`) compiled once into a short program of
// steps, so the per-cell parse does no allocation, no locale lookup and no
// regex: it walks the steps over the bytes. Rules, chosen for exports:
//  * `%m %d %e %H %M %S %j` accept 1 or 2 (3 for %j) digits (`3/7/2024`),
//    except when next to another number field (`%Y%m%d`), where the full
//    width is required; `%Y` is exactly 4 digits, `%y` exactly 2
//    (69-99 → 19xx, 00-68 → 20xx, as POSIX strptime).
//  * `%b` / `%B` (also `%h`) accept English month names, full or
//    abbreviated, in any case; no locale is consulted. `%a` / `%A`
//    accept English weekday names the same way (Excel's long date,
//    `Friday, January 5, 2024`); the weekday is not checked against the
//    date.
//  * `%I` (hour 1-12) and `%p` (AM/PM) are accepted for 12-hour times.
//  * `%s` is Unix epoch seconds (UTC day; an optional `.fraction` follows).
//  * The pattern `excel` (any case) reads Excel's date serials: days since
//    1899-12-30 (45292 is 2024-01-01), an optional `.fraction` (the time)
//    ignored; serials below 61 (before 1900-03-01, where Excel counts a
//    29 February 1900 that never was) are not calendar dates.
//  * `%F` = `%Y-%m-%d`, `%T` = `%H:%M:%S`, `%D` = `%m/%d/%y`, `%%` = `%`.
//  * A space matches one or more spaces; other characters, including
//    UTF-8 ones such as 年, match themselves.
//  * When the pattern ends with a date field, a trailing time part is
//    ignored as in the ISO default; after a time field, seconds,
//    fractions and a zone (`:05`, `.250`, `Z`, `+01:00`) are ignored.
// Time fields are checked (hour ≤ 23, minute ≤ 59, second ≤ 60) and
// dropped.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tiers/date.h"

namespace tiers::io {

class DateFormat {
 public:
  /// Compiles a strftime-style pattern. Throws Error(kUsage) naming the
  /// problem: an unknown directive, a repeated field, a pattern without a
  /// year, month and day (or day of year, or %s).
  static DateFormat compile(std::string_view pattern);

  /// Parses a cell (surrounding spaces ignored) or returns nullopt.
  std::optional<Date> parse(std::string_view text) const;

  /// Like parse, but tells a shape mismatch from an impossible date.
  enum class Status : uint8_t { kOk, kNoMatch, kNotCalendarDate };
  Status parse(std::string_view text, Date& out) const;

  /// The pattern as given, e.g. `%d.%m.%Y`.
  const std::string& pattern() const { return pattern_; }

 private:
  DateFormat() = default;  // made by compile()
  enum class Op : uint8_t {
    kYear4, kYear2, kMonth, kMonthName, kDay, kYearDay, kHour, kHour12, kMinute, kSecond,
    kAmPm, kEpoch, kExcelSerial, kWeekdayName, kLiteral, kSpaces,
  };
  struct Step {
    Op op;
    uint8_t min_digits = 0, max_digits = 0;
    uint8_t literal_pos = 0, literal_len = 0;
    bool leading_space = false;  ///< %e: a space may pad the day
  };
  static constexpr size_t kMaxSteps = 24;
  static constexpr size_t kMaxLiteralBytes = 48;

  friend class DateFormatCompiler;

  std::array<Step, kMaxSteps> steps_{};
  uint8_t step_count_ = 0;
  std::array<char, kMaxLiteralBytes> literals_{};
  uint8_t literal_size_ = 0;
  bool date_last_ = true;  ///< ends with a date field: a time part may follow
  std::string pattern_;
};

class DateParser {
 public:
  /// ISO `YYYY-MM-DD` with an optional time part (the default).
  DateParser() = default;
  /// Dates in `format`; an ISO pattern keeps the fast path.
  explicit DateParser(DateFormat format);

  std::optional<Date> parse(std::string_view text) const {
    Date date;
    if (parse(text, date)) return date;
    return std::nullopt;
  }
  /// The same, into `out`: false when `text` is not a date. The reader's
  /// loop calls this one: an optional<Date> built there was stored as
  /// two pieces and loaded as one word, which stalls store forwarding on
  /// every row.
  bool parse(std::string_view text, Date& out) const;
  /// The same date, without the cache of the last date parse() keeps: for
  /// a parser that several threads share (row expressions), and a second
  /// entry point that leaves parse() the one call site in the reader's
  /// loop the compiler inlines it into.
  std::optional<Date> parse_shared(std::string_view text) const;
  /// Why `text` was refused, as a reject reason.
  std::string explain_failure(std::string_view text) const;
  /// The pattern in use, `%Y-%m-%d` for the default.
  std::string pattern() const;

 private:
  std::optional<DateFormat> format_;
  bool iso_fast_path_ = true;
  // The last date parsed from a text of up to 16 bytes (a cache: one
  // parser per thread).
  mutable char last_text_[16] = {};
  mutable uint8_t last_size_ = 0;
  mutable int32_t last_days_ = INT32_MIN;
  // ISO: the date part of the last timestamp parsed.
  mutable char prefix_text_[10] = {};
  mutable int32_t prefix_days_ = INT32_MIN;
};

}  // namespace tiers::io

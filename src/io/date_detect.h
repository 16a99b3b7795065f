// Finds the date format of a column from a sample of its cells.
//
// Without --date-format the reader samples date cells and asks which of the
// formats exports commonly use fits them: ISO `YYYY-MM-DD` (with or without
// a time), `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, `M/D/YYYY` and
// `D/M/YYYY` (also with `.` or `-`), `YYYY年M月D日`, `07-Mar-2024`,
// `7 Mar 2024`, `Mar 7, 2024`, `Friday, March 7, 2024`, `Fri, 07 Mar 2024`,
// and Unix epoch seconds (10 digits, up to
// 2100). The format that reads the most sampled cells wins if it reads
// more than half of them; ISO, the default, wins whenever it reads more
// than any other format (the cells it cannot read are rejected row by row).
//
// Day/month order is never guessed: when the month-first and day-first
// readings fit equally well (every sampled value has both numbers ≤ 12),
// the result is an error asking for --date-format, with examples from the
// sample read both ways.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "io/date_parser.h"

namespace tiers::io {

struct DateDetection {
  std::optional<DateFormat> format;  ///< set when a format was found
  size_t sampled = 0;                ///< non-empty cells looked at
  size_t matched = 0;                ///< of those, read by `format`
  std::string message;               ///< why none was chosen (an error)
  std::string hint;                  ///< what to do about it

  bool ok() const { return format.has_value(); }
};

/// Detects the format of `sample` (date cells as read; empty ones are
/// ignored). With no non-empty cell the result is ISO.
DateDetection detect_date_format(std::span<const std::string_view> sample);

}  // namespace tiers::io

// Turns the text of a date cell into a Date.
//
// Accepts ISO dates `YYYY-MM-DD`, optionally followed by a time part after
// `T` or a space (`2011-12-09 12:50:00`, `2024-03-01T08:00:00Z`), which is
// dropped: timestamps are truncated to their date as written. Surrounding
// spaces are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "tiers/date.h"

namespace tiers::io {

class DateParser {
 public:
  std::optional<Date> parse(std::string_view text) const;

 private:
  // Exports sorted by date repeat the same date row after row.
  mutable char last_text_[10] = {};
  mutable int32_t last_days_ = INT32_MIN;
};

}  // namespace tiers::io

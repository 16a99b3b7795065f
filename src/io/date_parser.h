// Turns the text of a date cell into a Date.
//
// Accepts ISO dates `YYYY-MM-DD`, optionally followed by a time part after
// `T` or a space (`2011-12-09 12:50:00`, `2024-03-01T08:00:00Z`), which is
// dropped: timestamps are truncated to their date as written. Surrounding
// spaces are ignored.
#pragma once

#include <optional>
#include <string_view>

#include "tiers/date.h"

namespace tiers::io {

class DateParser {
 public:
  std::optional<Date> parse(std::string_view text) const;
};

}  // namespace tiers::io

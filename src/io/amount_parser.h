// Turns the text of an amount cell into exact Money.
//
// Accepts `[+-]?digits[.digits]` with surrounding spaces; more than four
// fractional digits are rounded half-to-even and flagged so the run summary
// can count them. An empty cell is missing, never zero.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tiers/money.h"

namespace tiers::io {

struct AmountResult {
  Money amount;
  bool rounded = false;
};

class AmountParser {
 public:
  std::optional<AmountResult> parse(std::string_view text) const;
  /// Why `text` was refused, as a reject reason.
  std::string explain_failure(std::string_view text) const;
};

}  // namespace tiers::io

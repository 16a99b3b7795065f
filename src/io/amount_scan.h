// The general amount scan behind AmountParser (see amount_parser.h for the
// accepted forms). Separate so the parser, the decimal-mark detection and
// the fuzz target share one implementation; no allocation, but for a number
// in scientific notation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tiers::io {

struct AmountScan {
  enum class Fail : uint8_t {
    kNone, kEmpty, kNoDigits, kNotNumber, kBadGroup, kMixedGroup, kTwoDecimals,
    kGroupAfterDecimal, kTwoSigns, kUnbalancedParen, kOutOfRange,
  };
  Fail fail = Fail::kNone;
  int64_t units = 0;
  bool rounded = false;
  std::string_view currency;  ///< canonical spelling, static storage
  /// The currency it names, one spelling for all of its forms (`$`, `US$`,
  /// `usd` → USD; `¥` and `￥`, which name yen or yuan, → ¥); static storage.
  std::string_view currency_family;
};

/// `exact`, when given, receives the number's digits in full as
/// `[-]digits[.digits]` (no rounding), for callers that need every digit.
AmountScan scan_amount(std::string_view text, bool decimal_comma, std::string* exact = nullptr);

}  // namespace tiers::io

// Turns the text of an amount cell into exact Money.
//
// The plain form `[+-]?digits[.digits]` (with surrounding spaces) takes a
// fast path straight to parse_decimal. Anything else goes through a
// general scan that accepts what spreadsheets and shops export:
//  * thousands separators in groups of exactly three: `1,234.50`; with
//    `decimal_comma`, `1.234,50`; in both modes spaces (also U+00A0 and
//    U+202F, U+2009) and `'` (`1 234,50`, `1'234.50`). A separator of one
//    kind per number; `1,5` with a decimal point is refused, never 15;
//  * a currency symbol or code before or after the number, with or
//    without a space: `$ € £ ¥ ￥ ₹ ₽ ₩ 元 円 R$ US$ HK$`, `USD 12.00`,
//    `12.00 EUR`, CNY/RMB/GBP/JPY/… (codes in any case). One per cell;
//  * negatives as `-12.00`, `−12.00` (U+2212), `(12.00)` (accounting) or
//    `12.00-` (trailing minus); a leading `+`. One sign per cell;
//  * scientific notation, as spreadsheets write very large or very small
//    numbers: `1.5E+3` is 1500, `2e-1` 0.2 (`1,5E+03` with decimal_comma);
//    exact, as if written out in full; no thousands separators in it.
// The value is then exactly what parse_decimal gives for the digits: more
// than four fractional digits are rounded half-to-even and flagged. An
// empty cell is missing, never zero. A refused cell gets a precise reason
// and, when the other decimal mark would read it, a hint saying so.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tiers/money.h"

namespace tiers::io {

struct AmountOptions {
  bool decimal_comma = false;  ///< `,` marks decimals and `.` groups thousands
};

struct AmountResult {
  Money amount;
  bool rounded = false;
  /// The currency written in the cell, as spelled in the built-in table
  /// (codes upper-cased: `usd` → `USD`), or empty. Static storage.
  std::string_view currency;
  /// The currency it names (AmountScan::currency_family), or empty: a run
  /// whose amounts name more than one is refused.
  std::string_view currency_family;
};

/// Why a cell was refused, and what would read it.
struct AmountFailure {
  std::string reason;  ///< `amount "12,50" is not a number: …`
  std::string hint;    ///< `with --decimal-comma it reads as 12.50`, or empty
};

class AmountParser {
 public:
  AmountParser() = default;
  explicit AmountParser(AmountOptions options) : options_(options) {}

  std::optional<AmountResult> parse(std::string_view text) const;
  /// The cell's number with every digit, as `[-]digits[.digits]` (no
  /// rounding to 4 decimals), or nullopt when parse() refuses it. For
  /// expressions over cells (`Quantity * UnitPrice`), which stay exact.
  std::optional<std::string> exact_digits(std::string_view text) const;
  /// Why `text` was refused, as a reject reason (the hint, if any, is
  /// appended after `; `).
  std::string explain_failure(std::string_view text) const;
  AmountFailure diagnose(std::string_view text) const;

  const AmountOptions& options() const { return options_; }

 private:
  AmountOptions options_;
};

/// What a sample of amount cells says about the decimal mark.
enum class DecimalMark : uint8_t {
  kPoint,      ///< some cells only read with a decimal point: decimal comma impossible
  kComma,      ///< some cells only read with a decimal comma: decimal comma certain
  kAmbiguous,  ///< every cell reads both ways, some to different values (`1,234`)
  kEither,     ///< every cell reads the same both ways (`12`, `1 234`), or no cells
  kConflict,   ///< some cells need a point and others a comma
};

struct DecimalMarkDetection {
  DecimalMark mark = DecimalMark::kEither;
  size_t point_only = 0, comma_only = 0, differ = 0, same = 0, neither = 0;
  std::string message;  ///< for kAmbiguous and kConflict: examples read both ways
};

/// Classifies the sample (empty cells ignored). Use --decimal-comma for
/// kComma, the default for kPoint and kEither; kAmbiguous and kConflict
/// need the user to say (the message shows why).
DecimalMarkDetection detect_decimal_mark(std::span<const std::string_view> sample);

}  // namespace tiers::io

#include "io/amount_parser.h"

#include <fmt/format.h>

#include "io/amount_scan.h"
#include "io/text.h"

namespace tiers::io {
namespace {

std::string reason_for(AmountScan::Fail fail, std::string_view t, bool decimal_comma) {
  const std::string q = fmt::format("amount \"{}\"", printable(t));
  const char dec = decimal_comma ? ',' : '.';
  const char group = decimal_comma ? '.' : ',';
  switch (fail) {
    case AmountScan::Fail::kNone:
    case AmountScan::Fail::kEmpty: return "amount is empty";
    case AmountScan::Fail::kNoDigits: return q + " has no digits";
    case AmountScan::Fail::kBadGroup:
      return fmt::format("{} is not a number: thousands separators must split the digits in "
                         "groups of three (1{}234{}50)",
                         q, group, dec);
    case AmountScan::Fail::kMixedGroup: return q + " is not a number: it mixes thousands separators";
    case AmountScan::Fail::kTwoDecimals:
      return fmt::format("{} is not a number: it has more than one decimal mark \"{}\"", q, dec);
    case AmountScan::Fail::kGroupAfterDecimal:
      return fmt::format("{} is not a number: a thousands separator follows the decimal mark \"{}\"", q, dec);
    case AmountScan::Fail::kTwoSigns: return q + " is not a number: it has more than one sign";
    case AmountScan::Fail::kUnbalancedParen: return q + " is not a number: unbalanced parenthesis";
    case AmountScan::Fail::kOutOfRange: return q + " is out of range";
    case AmountScan::Fail::kNotNumber: return q + " is not a number";
  }
  return q + " is not a number";
}

}  // namespace

std::optional<AmountResult> AmountParser::parse(std::string_view text) const {
  if (!options_.decimal_comma) {
    // The plain form needs nothing else: keep it as fast as it always was.
    if (auto parsed = parse_decimal(trim(text))) return AmountResult{Money{parsed->units}, parsed->rounded, {}, {}};
  }
  const AmountScan scan = scan_amount(text, options_.decimal_comma);
  if (scan.fail != AmountScan::Fail::kNone) return std::nullopt;
  return AmountResult{Money{scan.units}, scan.rounded, scan.currency, scan.currency_family};
}

std::optional<std::string> AmountParser::exact_digits(std::string_view text) const {
  std::string digits;
  if (scan_amount(text, options_.decimal_comma, &digits).fail != AmountScan::Fail::kNone) return std::nullopt;
  return digits;
}

AmountFailure AmountParser::diagnose(std::string_view text) const {
  const AmountScan scan = scan_amount(text, options_.decimal_comma);
  AmountFailure failure;
  if (scan.fail == AmountScan::Fail::kNone) return failure;
  const std::string_view t = trim_spaces(text);
  failure.reason = reason_for(scan.fail, t, options_.decimal_comma);
  if (scan.fail == AmountScan::Fail::kEmpty) return failure;
  const AmountScan other = scan_amount(text, !options_.decimal_comma);
  if (other.fail == AmountScan::Fail::kNone)
    failure.hint = fmt::format("{} it reads as {}", options_.decimal_comma ? "without --decimal-comma" : "with --decimal-comma",
                               format_money(Money{other.units}));
  return failure;
}

std::string AmountParser::explain_failure(std::string_view text) const {
  AmountFailure f = diagnose(text);
  if (f.reason.empty()) return {};
  if (!f.hint.empty()) f.reason += "; " + f.hint;
  return f.reason;
}

DecimalMarkDetection detect_decimal_mark(std::span<const std::string_view> sample) {
  DecimalMarkDetection d;
  std::string_view differ_example, point_example, comma_example;
  for (auto v : sample) {
    if (trim_spaces(v).empty()) continue;
    const AmountScan point = scan_amount(v, false), comma = scan_amount(v, true);
    const bool p = point.fail == AmountScan::Fail::kNone, c = comma.fail == AmountScan::Fail::kNone;
    if (p && c && point.units == comma.units) ++d.same;
    else if (p && c) ++d.differ, differ_example = differ_example.empty() ? v : differ_example;
    else if (p) ++d.point_only, point_example = point_example.empty() ? v : point_example;
    else if (c) ++d.comma_only, comma_example = comma_example.empty() ? v : comma_example;
    else ++d.neither;
  }
  if (d.point_only > 0 && d.comma_only > 0) {
    d.mark = DecimalMark::kConflict;
    d.message = fmt::format(
        "amounts need both decimal marks: \"{}\" reads only with a decimal point, \"{}\" only with "
        "--decimal-comma",
        printable(trim_spaces(point_example)), printable(trim_spaces(comma_example)));
  } else if (d.comma_only > 0) {
    d.mark = DecimalMark::kComma;
  } else if (d.point_only > 0) {
    d.mark = DecimalMark::kPoint;
  } else if (d.differ > 0) {
    d.mark = DecimalMark::kAmbiguous;
    const AmountScan point = scan_amount(differ_example, false), comma = scan_amount(differ_example, true);
    d.message = fmt::format(
        "the decimal mark is ambiguous: amounts such as \"{}\" read as {} with a decimal point and "
        "as {} with --decimal-comma",
        printable(trim_spaces(differ_example)), format_money(Money{point.units}),
        format_money(Money{comma.units}));
  }
  return d;
}

}  // namespace tiers::io

// Fuzzes the amount parser and decimal-mark detection.
//
// Input: lines of cells. Invariants, in both decimal modes: a refused cell
// has a reason; a parsed amount printed as money and parsed back as a
// plain number gives the same units; whatever the plain fast path
// (parse_decimal) accepts, the general scan accepts with the same value
// and rounding flag; the exact digits of an accepted cell (row
// expressions read them) round to the same amount and flag; detection
// counts every non-empty cell once.
#include <string>

#include "fuzz_util.h"
#include "io/amount_parser.h"
#include "io/amount_scan.h"
#include "io/text.h"

using namespace tiers;
using namespace tiers::io;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto lines = fuzz::split_lines(text);
  static const AmountParser point;
  static const AmountParser comma(AmountOptions{true});
  size_t non_empty = 0;
  for (std::string_view cell : lines) {
    non_empty += trim_spaces(cell).empty() ? 0 : 1;
    for (const AmountParser* p : {&point, &comma}) {
      if (auto r = p->parse(cell)) {
        const auto back = parse_decimal(format_money(r->amount));
        FUZZ_CHECK(back && back->units == r->amount.units && !back->rounded);
        const auto digits = p->exact_digits(cell);
        FUZZ_CHECK(digits.has_value());
        const auto exact = parse_decimal(*digits);
        FUZZ_CHECK(exact && exact->units == r->amount.units && exact->rounded == r->rounded);
      } else {
        FUZZ_CHECK(!p->explain_failure(cell).empty());
      }
    }
    if (auto fast = parse_decimal(trim(cell))) {
      const AmountScan slow = scan_amount(cell, false);
      FUZZ_CHECK(slow.fail == AmountScan::Fail::kNone);
      FUZZ_CHECK(slow.units == fast->units && slow.rounded == fast->rounded);
    }
  }
  const auto d = detect_decimal_mark(lines);
  FUZZ_CHECK(d.point_only + d.comma_only + d.differ + d.same + d.neither == non_empty);
  return 0;
}

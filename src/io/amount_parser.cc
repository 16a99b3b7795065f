#include "io/amount_parser.h"

#include <fmt/format.h>

#include "io/text.h"

namespace tiers::io {

std::optional<AmountResult> AmountParser::parse(std::string_view text) const {
  auto parsed = parse_decimal(trim(text));
  if (!parsed) return std::nullopt;
  return AmountResult{Money{parsed->units}, parsed->rounded};
}

std::string AmountParser::explain_failure(std::string_view text) const {
  const std::string_view t = trim(text);
  if (t.empty()) return "amount is empty";
  return fmt::format("amount \"{}\" is not a number", printable(t));
}

}  // namespace tiers::io

#include "io/row_parser.h"

#include <fmt/format.h>

#include "io/row_expression.h"
#include "io/text.h"

namespace tiers::io {

RowKind RowParser::parse(const std::vector<std::string_view>& fields, Transaction& row,
                         bool& rounded, std::string_view& currency, std::string& reason) const {
  row.customer = trim(fields[columns_.customer]);
  if (row.customer.empty()) return RowKind::kUnattributed;

  const std::string_view date_text = fields[columns_.date];
  Date date;
  if (!dates_.parse(date_text, date)) {
    reason = dates_.explain_failure(date_text);
    return RowKind::kRejected;
  }
  if (columns_.amount) {
    const auto amount = amounts_.parse(fields[*columns_.amount]);
    if (!amount) {
      reason = amounts_.explain_failure(fields[*columns_.amount]);
      return RowKind::kRejected;
    }
    row.amount = amount->amount;
    rounded = amount->rounded;
    if (!amount->currency_family.empty()) currency = amount->currency_family;
  } else {
    const auto amount = program_->amount(fields, rounded, currency, reason);
    if (!amount) return RowKind::kRejected;
    row.amount = *amount;
  }
  if (as_of_ && date >= *as_of_) return RowKind::kFuture;
  row.date = date;
  row.order = columns_.order ? trim(fields[*columns_.order]) : std::string_view{};
  return RowKind::kUsed;
}

}  // namespace tiers::io

// Interprets one data record: picks the needed cells and parses them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/amount_parser.h"
#include "io/date_parser.h"
#include "io/header.h"
#include "tiers/transaction.h"

namespace tiers::io {

enum class RowKind { kUsed, kFuture, kUnattributed, kRejected };

class RowParser {
 public:
  RowParser(ColumnMap columns, std::optional<Date> as_of, DateParser dates = {},
            AmountParser amounts = {})
      : columns_(columns), as_of_(as_of), dates_(std::move(dates)), amounts_(std::move(amounts)) {}

  /// Fills `row` for kUsed; sets `reason` for kRejected and `rounded` when
  /// the amount lost digits. `fields` must have the header's field count.
  RowKind parse(const std::vector<std::string_view>& fields, Transaction& row, bool& rounded,
                std::string& reason) const;

 private:
  ColumnMap columns_;
  std::optional<Date> as_of_;
  DateParser dates_;
  AmountParser amounts_;
};

}  // namespace tiers::io

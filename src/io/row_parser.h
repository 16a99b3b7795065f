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

enum class RowKind { kUsed, kFuture, kUnattributed, kRejected, kFiltered };

class RowProgram;

class RowParser {
 public:
  /// `program`, when not null, computes the amount (--amount-expr) and
  /// must outlive the parser.
  RowParser(ColumnMap columns, std::optional<Date> as_of, DateParser dates = {},
            AmountParser amounts = {}, const RowProgram* program = nullptr)
      : columns_(columns), as_of_(as_of), dates_(std::move(dates)), amounts_(std::move(amounts)),
        program_(program) {}

  /// Fills `row` for kUsed; sets `reason` for kRejected, `rounded` when
  /// the amount lost digits and `currency` to the currency the amount cell
  /// names (AmountResult::currency_family; left alone when it names none).
  /// `fields` must have the header's field count. Filters
  /// (RowProgram::filter) are not applied here.
  RowKind parse(const std::vector<std::string_view>& fields, Transaction& row, bool& rounded,
                std::string_view& currency, std::string& reason) const;

 private:
  ColumnMap columns_;
  std::optional<Date> as_of_;
  DateParser dates_;
  AmountParser amounts_;
  const RowProgram* program_;
};

}  // namespace tiers::io

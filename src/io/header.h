// Finds the customer, date, amount and order columns in a header row.
//
// Columns are named by the user (--customer, --date, --amount, --order) or
// recognised from common export names (DESIGN §2), compared after folding
// ASCII case and dropping spaces, underscores, hyphens and dots, so
// "Customer ID", "customer_id" and "CustomerID" are one name. A missing or
// ambiguous column is a usage error that lists the header and suggests the
// option (with "did you mean" for near misses).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiers::io {

/// Column names given on the command line; empty = recognise automatically.
struct ColumnChoice {
  std::string customer;
  std::string date;
  std::string amount;
  std::string order;
  bool no_order = false;  ///< ignore any order column: every purchase row is an order
  bool amount_from_expression = false;  ///< --amount-expr: no amount column is needed
};

/// Positions of the needed columns in one file's header.
struct ColumnMap {
  size_t customer = 0;
  size_t date = 0;
  std::optional<size_t> amount;  ///< nullopt when --amount-expr gives the amount
  std::optional<size_t> order;
  size_t field_count = 0;
};

/// `Customer ID` → `customerid`.
std::string normalize_header(std::string_view name);

/// Resolves the columns of `header` (already trimmed) read from `file`.
/// Throws Error(kUsage) naming `file:line` for a missing or ambiguous column.
ColumnMap resolve_columns(const std::vector<std::string>& header, const ColumnChoice& choice,
                          const std::string& file, uint64_t line);

/// The header's names for a message: "a, b, (empty), c".
std::string list_header(const std::vector<std::string>& header);

/// The columns a name given by the user names: those of exactly that
/// name, else those that fold to the same (normalize_header), else the
/// column at that position (column_position). Several when ambiguous.
std::vector<size_t> find_columns(const std::vector<std::string>& header, std::string_view wanted);

/// The column a number names when used as a column name (`--amount 4`,
/// `` `4` `` in an expression: the fourth, index 3), if it is a plain
/// number from 1 to `columns`. Callers try the header's names first.
std::optional<size_t> column_position(std::string_view given, size_t columns);

/// The closest of `candidates` to `name` when it is a plausible typo, else
/// the one candidate that contains `name` (at least 3 characters).
std::optional<std::string> did_you_mean(std::string_view name,
                                        const std::vector<std::string>& candidates);

}  // namespace tiers::io

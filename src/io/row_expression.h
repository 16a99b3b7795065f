// Expressions over the cells of a CSV record: --amount-expr, --where and
// --exclude.
//
// Line-item exports have no amount column (`Quantity * UnitPrice`) and
// carry rows to leave out (cancelled invoices, test orders). These options
// take an expression in the condition language of rules files (README
// "Conditions"; rules/condition parses, binds and defines every operator),
// parsed once when the options are read and bound to each input file's
// header: a name is a column of that header, matched exactly, else as
// header names are (ASCII case folded; spaces, `_`, `-` and `.` dropped).
//
// Cells are typed by use, as attribute cells are: a cell used as a number is
// read with the file's amount parser (decimal comma, thousands separators,
// currencies) keeping every digit; one used as a yes/no value reads `yes no
// true false 1 0 是 否`; otherwise it is text, trimmed of spaces and tabs.
// The file's date column is a date in the file's date format, and a column
// compared with it is read the same way. An empty cell, or one that does not
// read as its use needs, is an empty value, so (SQL's three-valued logic) a
// comparison or arithmetic that reads it is unknown.
//
// A record is kept when every --where is true and no --exclude is true:
// unknown is "not true" for both, so an --exclude over an empty cell keeps
// the row. The amount is the expression's exact value rounded half-to-even
// to 4 decimals; an empty one (a cell missing or not a number, a division
// by zero) rejects the row with the cell to blame. Evaluating a record does
// not allocate, except for a number cell with more than four decimals.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/amount_parser.h"
#include "io/date_parser.h"
#include "rules/condition/ast.h"
#include "tiers/money.h"

namespace tiers::io {

enum class RowRole : uint8_t { kAmount, kWhere, kExclude };

/// One --amount-expr, --where or --exclude, parsed but not yet bound.
class RowExpression {
 public:
  /// Throws Error(kUsage) for a syntax error, naming the character.
  RowExpression(RowRole role, std::string text);

  RowRole role() const { return role_; }
  const std::string& text() const { return parsed_.text; }
  const rules::condition::Condition& parsed() const { return parsed_; }
  /// The option as typed, for messages: `--where 'InvoiceNo starts with "C"'`.
  std::string shown() const;

 private:
  RowRole role_;
  rules::condition::Condition parsed_;
};

/// What the command line asks of every record.
struct RowExpressions {
  std::optional<RowExpression> amount;  ///< --amount-expr
  std::vector<RowExpression> filters;   ///< --where and --exclude, in command-line order

  bool empty() const { return !amount && filters.empty(); }
};

enum class RowVerdict : uint8_t { kKeep, kFiltered, kRejected };

/// The expressions bound to one file's header, ready for its records.
/// Evaluation is const and keeps no state (dates are read without
/// DateParser's cache): the parts of a file, on several threads, share one
/// program.
class RowProgram {
 public:
  /// Binds to `header` (trimmed names) of `file`, whose header ends on
  /// `line`; `date_column` is the file's date column. Throws Error(kUsage)
  /// for an unknown or ambiguous name, or a use that does not fit.
  RowProgram(const RowExpressions& expressions, const std::vector<std::string>& header,
             size_t date_column, const std::string& file, uint64_t line);
  ~RowProgram();
  RowProgram(RowProgram&&) noexcept;

  /// Columns some expression reads as numbers, in order, without repeats
  /// (their cells are sampled for the decimal mark).
  std::vector<size_t> number_columns() const;
  /// The readers of the file's dates and numbers; before evaluating.
  void set_formats(const DateParser& dates, const AmountParser& amounts);

  bool has_filters() const;
  bool has_amount() const;

  /// Whether the filters keep the record (`fields` has the header's
  /// count). kRejected, with `reason`, when the arithmetic overflows.
  RowVerdict filter(const std::vector<std::string_view>& fields, std::string& reason) const;
  /// The amount; nullopt with `reason` (`amount expression: UnitPrice "abc"
  /// is not a number`) when it is empty or out of range, or when its cells
  /// name two currencies. `rounded` says whether it had more than 4
  /// decimals; `currency` is set to the currency its cells name, if any
  /// (AmountResult::currency_family), for the run's one-currency check.
  std::optional<Money> amount(const std::vector<std::string_view>& fields, bool& rounded,
                              std::string_view& currency, std::string& reason) const;

 private:
  struct Bound;
  std::vector<std::unique_ptr<Bound>> filters_;
  std::unique_ptr<Bound> amount_;
  std::vector<std::string> header_;
  DateParser dates_;
  AmountParser amounts_;
};

/// The exact value `v` as Money, rounded half-to-even to 4 decimals;
/// nullopt when out of Money's range. For the row amount and its tests.
std::optional<Money> to_money(const rules::Rational& v, bool& rounded);

}  // namespace tiers::io

#include <doctest/doctest.h>

#include "io/row_expression.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

const std::vector<std::string> kRetail{"InvoiceNo", "StockCode", "Description", "Quantity",
                                       "InvoiceDate", "UnitPrice", "CustomerID", "Country"};
constexpr size_t kRetailDate = 4;

/// The error an expression gives, as "message | hint".
std::string error_of(RowRole role, const std::string& text,
                     const std::vector<std::string>& header = kRetail) {
  try {
    RowExpressions e;
    if (role == RowRole::kAmount) e.amount.emplace(role, text);
    else e.filters.emplace_back(role, text);
    RowProgram program(e, header, kRetailDate, "retail.csv", 1);
  } catch (const Error& err) {
    CHECK(err.code() == ExitCode::kUsage);
    return std::string(err.what()) + (err.hint().empty() ? "" : " | " + err.hint());
  }
  return "ok";
}

RowProgram program(const std::string& amount, const std::vector<std::pair<RowRole, std::string>>& filters = {},
                   bool decimal_comma = false, const std::vector<std::string>& header = kRetail,
                   size_t date_column = kRetailDate) {
  RowExpressions e;
  if (!amount.empty()) e.amount.emplace(RowRole::kAmount, amount);
  for (const auto& [role, text] : filters) e.filters.emplace_back(role, text);
  RowProgram p(e, header, date_column, "retail.csv", 1);
  p.set_formats(DateParser(DateFormat::compile("%m/%d/%Y %H:%M")), AmountParser(AmountOptions{decimal_comma}));
  return p;
}

using Fields = std::vector<std::string_view>;

Fields line(std::string_view invoice, std::string_view quantity, std::string_view price,
            std::string_view customer = "17850", std::string_view date = "12/1/2010 8:26") {
  return {invoice, "85123A", "WHITE HANGING HEART", quantity, date, price, customer, "United Kingdom"};
}

/// The amount in 1/10000 units, or the reject reason.
std::string amount_of(const RowProgram& p, const Fields& f, bool* rounded_out = nullptr,
                      std::string_view* currency_out = nullptr) {
  bool rounded = false;
  std::string_view currency;
  std::string reason;
  const auto m = p.amount(f, rounded, currency, reason);
  if (rounded_out) *rounded_out = rounded;
  if (currency_out) *currency_out = currency;
  return m ? std::to_string(m->units) : reason;
}

std::string verdict(const RowProgram& p, const Fields& f) {
  std::string reason;
  switch (p.filter(f, reason)) {
    case RowVerdict::kKeep: return "keep";
    case RowVerdict::kFiltered: return "filtered";
    case RowVerdict::kRejected: return "rejected: " + reason;
  }
  return "";
}

}  // namespace

TEST_CASE("row expressions: syntax errors name the option and the character") {
  CHECK(error_of(RowRole::kExclude, "InvoiceNo starts \"C\"") ==
        "--exclude 'InvoiceNo starts \"C\"' (character 18): expected with after starts, found \"\"C\"\" | "
        "write x starts with \"text\"");
  CHECK(error_of(RowRole::kAmount, "Quantity * ") ==
        "--amount-expr 'Quantity * ' (character 12): expected a value, found the end of the condition");
  CHECK(error_of(RowRole::kWhere, "Country == 'Côte d'Ivoire'") ==
        "--where \"Country == 'Côte d'Ivoire'\" (character 20): expected and, or or the end of the condition, "
        "found \"Ivoire\" | is an operator (and, or, >=, ...) missing?");
  CHECK(error_of(RowRole::kWhere, "Country == \"Côte d'Ivoire\"") == "ok");
  CHECK(error_of(RowRole::kWhere, "InvoiceDate < as_of") ==
        "--where 'InvoiceDate < as_of' (character 15): as_of is not known while rows are read | "
        "compare the date column with a date, e.g. InvoiceDate >= '2011-01-01'");
}

TEST_CASE("row expressions: names are the header's, with did you mean") {
  CHECK(error_of(RowRole::kAmount, "Quantity * UnitPrise") ==
        "--amount-expr 'Quantity * UnitPrise' (character 12): retail.csv:1 has no column \"UnitPrise\"; its "
        "header has: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country | "
        "did you mean UnitPrice?");
  CHECK(error_of(RowRole::kAmount, "qty * cost", {"Customer", "Date", "Unit Price", "Qty"}) ==
        "--amount-expr 'qty * cost' (character 7): retail.csv:1 has no column \"cost\"; its header has: "
        "Customer, Date, Unit Price, Qty | write a name of the header; names with spaces go in backquotes: "
        "`Unit Price`");
  // A name that is part of one column's name is suggested.
  CHECK(error_of(RowRole::kAmount, "qty * price", {"Customer", "Date", "Unit Price", "Qty"}) ==
        "--amount-expr 'qty * price' (character 7): retail.csv:1 has no column \"price\"; its header has: "
        "Customer, Date, Unit Price, Qty | did you mean `Unit Price`?");
  CHECK(error_of(RowRole::kAmount, "qty * unitprce", {"Customer", "Date", "Unit Price", "Qty"}) ==
        "--amount-expr 'qty * unitprce' (character 7): retail.csv:1 has no column \"unitprce\"; its header has: "
        "Customer, Date, Unit Price, Qty | did you mean `Unit Price`?");
  CHECK(error_of(RowRole::kWhere, "unit_price > 0", {"Customer", "Date", "Unit Price", "unit-price"}) ==
        "--where 'unit_price > 0' (character 1): \"unit_price\" could be 2 columns of retail.csv: \"Unit Price\" "
        "(column 3), \"unit-price\" (column 4) | write the exact name, in backquotes when it has spaces");
  // Folded names and backquoted names with spaces find their column.
  CHECK(error_of(RowRole::kAmount, "qty * `Unit Price`", {"Customer", "Date", "Unit Price", "Qty"}) == "ok");
  CHECK(error_of(RowRole::kAmount, "QTY * unit_price", {"Customer", "Date", "Unit Price", "Qty"}) == "ok");
  // An exact match wins over folded ones.
  CHECK(error_of(RowRole::kWhere, "Unit Price > 0", {"Customer", "Date", "Unit Price", "unit-price"}) != "ok");
  CHECK(error_of(RowRole::kWhere, "`Unit Price` > 0", {"Customer", "Date", "Unit Price", "unit-price"}) == "ok");
}

TEST_CASE("row expressions: columns of the same name are read by position") {
  const std::vector<std::string> header{"Customer", "Date", "Qty", "Price", "Price"};
  CHECK(error_of(RowRole::kAmount, "Qty * Price", header) ==
        "--amount-expr 'Qty * Price' (character 7): \"Price\" could be 2 columns of retail.csv: \"Price\" "
        "(column 4), \"Price\" (column 5) | columns of the same name are read by position: `4` or `5`");
  const RowProgram p = program("Qty * `5`", {}, false, header, 1);
  CHECK(amount_of(p, {"C1", "12/1/2010 8:26", "3", "2.00", "0.50"}) == "15000");  // 3 × 0.50
  // A column named like a number is read by its name; a number past the
  // last column names nothing.
  CHECK(error_of(RowRole::kAmount, "`1` * 2", {"Customer", "Date", "2", "1"}) == "ok");
  const RowProgram named = program("`1` * 2", {}, false, {"Customer", "Date", "2", "1"}, 1);
  CHECK(amount_of(named, {"C1", "12/1/2010 8:26", "7", "3"}) == "60000");  // column "1" is 3: 3 × 2
  CHECK(error_of(RowRole::kAmount, "`6` * 2", header) ==
        "--amount-expr '`6` * 2' (character 1): retail.csv:1 has no column \"6\"; its header has: Customer, Date, "
        "Qty, Price, Price | write a name of the header; names with spaces go in backquotes: `Unit Price`");
}

TEST_CASE("row expressions: types are checked against their use") {
  CHECK(error_of(RowRole::kAmount, "Quantity > 0") ==
        "--amount-expr 'Quantity > 0' (character 1): Quantity > 0 is a yes/no value, not a number");
  CHECK(error_of(RowRole::kWhere, "Quantity * 2") ==
        "--where 'Quantity * 2' (character 1): Quantity * 2 is a number, not a yes/no value | "
        "compare it, e.g. Quantity * 2 > 0");
  // The date column is a date: arithmetic on it is refused, text tests too.
  CHECK(error_of(RowRole::kAmount, "InvoiceDate * 2") ==
        "--amount-expr 'InvoiceDate * 2' (character 1): \"InvoiceDate\" is a date; arithmetic needs numbers | "
        "subtract two dates for the days between them, e.g. as_of - last_date");
  CHECK(error_of(RowRole::kExclude, "InvoiceDate starts with '12/'") ==
        "--exclude \"InvoiceDate starts with '12/'\" (character 1): \"InvoiceDate\" is a date, but starts with "
        "compares text | compare numbers and dates with ==, <, >=, ...");
  CHECK(error_of(RowRole::kWhere, "InvoiceDate >= '2011-13-01'") ==
        "--where \"InvoiceDate >= '2011-13-01'\" (character 16): \"2011-13-01\" is not a date | "
        "write dates as YYYY-MM-DD");
}

TEST_CASE("the amount is the exact value, rounded half-to-even to 4 decimals") {
  const RowProgram p = program("Quantity * UnitPrice");
  CHECK(amount_of(p, line("536365", "6", "2.55")) == "153000");      // 15.30
  CHECK(amount_of(p, line("C536379", "-1", "27.50")) == "-275000");  // a cancellation: -27.50
  CHECK(amount_of(p, line("536365", " 12 ", " 0.85 ")) == "102000");  // cells are trimmed: 10.20
  CHECK(amount_of(p, line("536365", "6", "$1,234.50")) == "74070000");  // currency, grouping: 7407.00
  // Every digit of a cell counts: 1000 × 0.00125 = 1.25, not 1000 × 0.0012.
  bool rounded = true;
  CHECK(amount_of(p, line("1", "1000", "0.00125"), &rounded) == "12500");
  CHECK_FALSE(rounded);
  // 3 × 0.33335 = 1.00005: a tie, rounded to the even 1.0000, and flagged.
  CHECK(amount_of(p, line("1", "3", "0.33335"), &rounded) == "10000");
  CHECK(rounded);
  CHECK(amount_of(p, line("1", "-3", "0.33335"), &rounded) == "-10000");
  CHECK(amount_of(p, line("1", "3", "0.33345"), &rounded) == "10004");  // 1.00035 → 1.0004 (4 is even)
  const RowProgram third = program("UnitPrice / Quantity");
  CHECK(amount_of(third, line("1", "3", "1"), &rounded) == "3333");  // 1/3 → 0.3333
  CHECK(rounded);
  CHECK(amount_of(third, line("1", "3", "2"), &rounded) == "6667");  // 2/3 → 0.6667
}

TEST_CASE("the currency an amount's cells name, for the one-currency check") {
  const RowProgram p = program("Quantity * UnitPrice");
  std::string_view currency;
  CHECK(amount_of(p, line("1", "2", "$1.50"), nullptr, &currency) == "30000");
  CHECK(currency == "USD");
  currency = {};
  CHECK(amount_of(p, line("1", "2", "1.50"), nullptr, &currency) == "30000");
  CHECK(currency.empty());  // no currency named: goes with any
  // Two cells, one currency in two spellings: 2.00 - 0.50.
  const RowProgram net = program("UnitPrice - Quantity");
  CHECK(amount_of(net, line("1", "0.50 EUR", "€2"), nullptr, &currency) == "15000");
  CHECK(currency == "EUR");
  // Two currencies in one row: rejected, as their difference means nothing.
  currency = {};
  CHECK(amount_of(net, line("1", "0.50 EUR", "$2"), nullptr, &currency) ==
        "amount expression: its cells name two currencies, USD and EUR (convert them first)");
  CHECK(currency.empty());
}

TEST_CASE("cells read with the file's decimal mark") {
  const RowProgram p = program("Quantity * UnitPrice", {}, true);
  CHECK(amount_of(p, line("1", "2", "1.234,50 €")) == "24690000");  // 2469.00
  CHECK(amount_of(p, line("1", "2", "0,5")) == "10000");
}

TEST_CASE("an empty amount rejects the row and blames the cell") {
  const RowProgram p = program("Quantity * UnitPrice");
  CHECK(amount_of(p, line("1", "6", "abc")) == "amount expression: UnitPrice \"abc\" is not a number");
  CHECK(amount_of(p, line("1", "", "2.55")) == "amount expression: Quantity is empty");
  CHECK(amount_of(p, line("1", "x", "")) == "amount expression: Quantity \"x\" is not a number");
  CHECK(amount_of(p, line("1", "6", "2,5")) ==
        "amount expression: UnitPrice \"2,5\" is not a number: thousands separators must split the digits in "
        "groups of three (1,234.50); with --decimal-comma it reads as 2.50");
  const RowProgram ratio = program("UnitPrice / (Quantity - 6)");
  CHECK(amount_of(ratio, line("1", "6", "2.55")) == "amount expression: division by zero");
}

TEST_CASE("filters: --where must be true, --exclude must not be; unknown is not true") {
  const RowProgram p = program("", {{RowRole::kExclude, "InvoiceNo starts with \"C\""},
                                    {RowRole::kWhere, "Quantity > 0"}});
  CHECK(verdict(p, line("536365", "6", "2.55")) == "keep");
  CHECK(verdict(p, line("C536379", "-1", "27.50")) == "filtered");
  CHECK(verdict(p, line("536366", "-2", "1")) == "filtered");   // --where false
  CHECK(verdict(p, line("536366", "", "1")) == "filtered");     // --where unknown: not kept
  CHECK(verdict(p, line("536366", "lots", "1")) == "filtered");  // not a number: empty, unknown
  CHECK(verdict(p, line("", "6", "1")) == "keep");              // --exclude unknown: not dropped
  const RowProgram keep_empty = program("", {{RowRole::kWhere, "Quantity > 0 or Quantity is empty"}});
  CHECK(verdict(keep_empty, line("1", "", "1")) == "keep");
  CHECK(verdict(keep_empty, line("1", "0", "1")) == "filtered");
}

TEST_CASE("filters read dates in the file's format, text and yes/no cells") {
  const RowProgram p = program("", {{RowRole::kWhere, "InvoiceDate >= '2010-12-02' and InvoiceDate < '2011-01-01'"}});
  CHECK(verdict(p, line("1", "1", "1", "17850", "12/1/2010 8:26")) == "filtered");
  CHECK(verdict(p, line("1", "1", "1", "17850", "12/2/2010 9:00")) == "keep");
  CHECK(verdict(p, line("1", "1", "1", "17850", "1/4/2011 10:00")) == "filtered");
  CHECK(verdict(p, line("1", "1", "1", "17850", "garbage")) == "filtered");  // unknown
  const std::vector<std::string> header{"customer", "date", "amount", "test", "note"};
  const RowProgram flags = program("", {{RowRole::kExclude, "test"}, {RowRole::kExclude, "note contains 'gift'"}},
                                   false, header, 1);
  CHECK(verdict(flags, {"c", "12/1/2010 8:26", "1", "yes", ""}) == "filtered");
  CHECK(verdict(flags, {"c", "12/1/2010 8:26", "1", "NO", "a gift card"}) == "filtered");
  CHECK(verdict(flags, {"c", "12/1/2010 8:26", "1", "0", "gifted"}) == "filtered");
  CHECK(verdict(flags, {"c", "12/1/2010 8:26", "1", "maybe", "Gift"}) == "keep");  // unknown; case counts
}

TEST_CASE("arithmetic beyond the exact range rejects the row, never wraps") {
  const RowProgram p = program("Quantity * Quantity * Quantity * UnitPrice",
                               {{RowRole::kWhere, "Quantity * Quantity * Quantity > 0"}});
  const Fields huge = line("1", "900000000000000", "900000000000000");
  CHECK(amount_of(p, huge) == "amount expression: the arithmetic exceeds the exact range of numbers");
  CHECK(verdict(p, huge) == "rejected: --where 'Quantity * Quantity * Quantity > 0': the arithmetic exceeds "
                            "the exact range of numbers");
  const RowProgram big = program("Quantity * UnitPrice");
  CHECK(amount_of(big, line("1", "900000000000000", "900000000000000")) ==
        "amount expression: 810000000000000000000000000000 is out of range");
}

TEST_CASE("the columns read as numbers are sampled for the decimal mark") {
  const RowProgram p = program("Quantity * UnitPrice", {{RowRole::kWhere, "UnitPrice > 0 and CustomerID != ''"}});
  CHECK(p.number_columns() == std::vector<size_t>{3, 5});
  CHECK(p.has_amount());
  CHECK(p.has_filters());
}

TEST_CASE("to_money rounds half to even in both directions") {
  bool rounded = false;
  using tiers::rules::Rational;
  CHECK(to_money(Rational(5, 100000), rounded)->units == 0);  // 0.00005 → 0.0000
  CHECK(rounded);
  CHECK(to_money(Rational(-15, 100000), rounded)->units == -2);  // -0.00015 → -0.0002
  CHECK(to_money(Rational(-25, 100000), rounded)->units == -2);  // -0.00025 → -0.0002
  CHECK(to_money(Rational(-26, 100000), rounded)->units == -3);
  CHECK(to_money(Rational(7, 2), rounded)->units == 35000);
  CHECK_FALSE(rounded);
}

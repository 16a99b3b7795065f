#include <doctest/doctest.h>

#include <fmt/format.h>

#include "io/header.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {
std::string message_of(const std::vector<std::string>& header, const ColumnChoice& choice) {
  try {
    resolve_columns(header, choice, "sales.csv", 1);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kUsage);
    return std::string(e.what()) + " | " + e.hint();
  }
  return "no error";
}
}  // namespace

TEST_CASE("common export headers are recognised") {
  auto m = resolve_columns({"InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice",
                            "CustomerID", "Country", "Revenue"},
                           {}, "f.csv", 1);
  CHECK(m.customer == 5);
  CHECK(m.date == 3);
  CHECK(m.amount == 7);
  CHECK(m.order == size_t{0});
  auto zh = resolve_columns({"订单号", "客户", "日期", "金额"}, {}, "f.csv", 1);
  CHECK(zh.customer == 1);
  CHECK(zh.date == 2);
  CHECK(zh.amount == 3);
  CHECK(zh.order == size_t{0});
  auto spaced = resolve_columns({"Customer ID", "Order Date", "Total"}, {}, "f.csv", 1);
  CHECK(spaced.customer == 0);
  CHECK_FALSE(spaced.order.has_value());
}

TEST_CASE("named columns win, exactly or after folding case") {
  ColumnChoice c;
  c.customer = "buyer";
  c.amount = "NET";
  auto m = resolve_columns({"buyer", "date", "net", "amount"}, c, "f.csv", 1);
  CHECK(m.customer == 0);
  CHECK(m.amount == 2);
}

TEST_CASE("missing, misspelt and ambiguous columns are usage errors") {
  CHECK(message_of({"id", "day", "value"}, {}) ==
        "sales.csv:1: cannot find the customer column; the header has: id, day, value | name it "
        "with --customer COLUMN");
  ColumnChoice c;
  c.customer = "custmer_id";
  CHECK(message_of({"customer_id", "date", "amount"}, c) ==
        "sales.csv:1: no column \"custmer_id\" (given with --customer); the header has: "
        "customer_id, date, amount | did you mean --customer customer_id?");
  CHECK(message_of({"customer_id", "client_id", "date", "amount"}, {}) ==
        "sales.csv:1: 2 columns could be the customer column: \"customer_id\" (column 1), "
        "\"client_id\" (column 2) | choose one with --customer \"customer_id\" or --customer \"client_id\"");
  CHECK(message_of({"customer_id", "dates", "amount"}, {}) ==
        "sales.csv:1: cannot find the date column; the header has: customer_id, dates, amount | "
        "did you mean --date \"dates\"?");
  ColumnChoice same;
  same.amount = "customer_id";
  CHECK(message_of({"customer_id", "date", "amount"}, same) ==
        "sales.csv:1: column \"customer_id\" cannot be both the customer and the amount column | ");
}

TEST_CASE("columns of the same name are chosen by position") {
  const std::vector<std::string> header{"customer", "date", "amount", "Amount", "amount"};
  CHECK(message_of(header, {}) ==
        "sales.csv:1: 3 columns could be the amount column: \"amount\" (column 3), \"Amount\" (column 4), "
        "\"amount\" (column 5) | choose one with --amount 3, --amount \"Amount\" or --amount 5");
  ColumnChoice named;
  named.amount = "amount";  // exact matches: columns 3 and 5
  CHECK(message_of(header, named) ==
        "sales.csv:1: 2 columns could be the amount column: \"amount\" (column 3), \"amount\" (column 5) | "
        "choose one with --amount 3 or --amount 5");
  auto amount_at = [](const char* given) {
    ColumnChoice c;
    c.amount = given;
    return c;
  };
  CHECK(resolve_columns(header, amount_at("5"), "f.csv", 1).amount == 4);
  CHECK(resolve_columns(header, amount_at("4"), "f.csv", 1).amount == 3);
  // A column named like a number is found by its name first.
  CHECK(resolve_columns({"customer", "date", "1", "2"}, amount_at("2"), "f.csv", 1).amount == 3);
  // Out of range, zero, leading zeros: not positions.
  for (const char* bad : {"6", "0", "03"}) {
    CAPTURE(bad);
    ColumnChoice c;
    c.amount = bad;
    CHECK(message_of({"customer", "date", "amount"}, c) ==
          fmt::format("sales.csv:1: no column \"{}\" (given with --amount); the header has: customer, date, amount | "
                      "name one of the header's columns with --amount, or give its position (1 to 3)",
                      bad));
  }
}

TEST_CASE("did_you_mean only suggests near misses") {
  CHECK(did_you_mean("--rfm-mehtod", {"--rfm-method", "--bins"}) == std::string("--rfm-method"));
  CHECK_FALSE(did_you_mean("colour", {"amount", "date"}));
  // Part of exactly one name: suggested; of several, or too short: not.
  CHECK(did_you_mean("date", {"order_id", "Order Date", "amount"}) == std::string("Order Date"));
  CHECK_FALSE(did_you_mean("date", {"order_date", "ship_date"}));
  CHECK_FALSE(did_you_mean("id", {"order_id", "amount"}));
}

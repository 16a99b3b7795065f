#include <doctest/doctest.h>

#include <vector>

#include "aggregate/aggregator.h"

using namespace tiers;
using namespace tiers::aggregate;

namespace {

struct In {
  const char* customer;
  const char* order;
  int day;  // of January 2024
  int64_t cents;
};

Transaction tx(const In& in) {
  return Transaction{in.customer, in.order, Date{days_from_civil(2024, 1, static_cast<unsigned>(in.day))},
                     Money{in.cents * 100}};
}

// Worked example; expected metrics in the test below.
const std::vector<In> kRows{
    {"C1", "O1", 1, 1000},  {"C1", "O1", 1, 500},  // one order, two adjacent lines
    {"C2", "O2", 2, 2000},  {"C1", "O3", 5, 700},
    {"C1", "O1", 1, 100},                          // back to O1: not a new order
    {"C1", "O4", 5, -200},                         // refund: not an order
    {"C3", "O5", 3, -400},  {"C3", "O6", 4, 0},    // refund-only customer, zero row
    {"C4", "", 6, 300},     {"C4", "", 6, 400},    // no order ids: one order per row
};

std::vector<std::string> row(const Table& t, size_t r) {
  std::vector<std::string> out;
  for (size_t c = 0; c < t.width(); ++c) out.push_back(t.column(c).value(r));
  return out;
}

}  // namespace

TEST_CASE("metrics per DESIGN section 3") {
  Aggregator a;
  for (const auto& r : kRows) a.add(tx(r));
  CHECK(a.max_date()->days == days_from_civil(2024, 1, 6));
  const Table t = a.finish(Date{days_from_civil(2024, 1, 7)});
  REQUIRE(t.rows() == 4);
  CHECK(t.column(0).name() == "customer_id");
  using V = std::vector<std::string>;
  // id, first, last, recency, tenure, frequency, purchase_days, monetary, gross, refunds, aov
  // C1: purchases 10+5+7+1 = 23, refund 2; orders O1,O3; days Jan 1 and 5; aov 23/2.
  CHECK(row(t, 0) == V{"C1", "2024-01-01", "2024-01-05", "2", "6", "2", "2", "21.00", "23.00",
                       "2.00", "11.50"});
  CHECK(row(t, 1) == V{"C2", "2024-01-02", "2024-01-02", "5", "5", "1", "1", "20.00", "20.00",
                       "0.00", "20.00"});
  // C3 has no purchase: empty dates, frequency 0, net -4.
  CHECK(row(t, 2) == V{"C3", "", "", "", "", "0", "0", "-4.00", "0.00", "4.00", ""});
  // C4: two rows without order id = two orders on one day.
  CHECK(row(t, 3) == V{"C4", "2024-01-06", "2024-01-06", "1", "1", "2", "1", "7.00", "7.00",
                       "0.00", "3.50"});
}

TEST_CASE("merging aggregators of consecutive parts equals one aggregator") {
  const Date as_of{days_from_civil(2024, 1, 7)};
  Aggregator whole;
  for (const auto& r : kRows) whole.add(tx(r));
  for (size_t split = 0; split <= kRows.size(); ++split) {
    Aggregator first, second;
    for (size_t i = 0; i < kRows.size(); ++i) (i < split ? first : second).add(tx(kRows[i]));
    first.merge(second);
    const Table a = whole.finish(as_of), b = first.finish(as_of);
    REQUIRE(a.rows() == b.rows());
    for (size_t r = 0; r < a.rows(); ++r) CHECK(row(a, r) == row(b, r));
  }
}

TEST_CASE("customer ids sort in byte order, non-ASCII and huge ids included") {
  Aggregator a;
  for (const char* id : {"张伟", "Zoë", "zoe", "99999999999999999999", "100", "Zoe"})
    a.add(Transaction{id, "", Date{0}, Money{10000}});
  const Table t = a.finish(Date{1});
  std::vector<std::string> ids;
  for (size_t r = 0; r < t.rows(); ++r) ids.push_back(t.column(0).value(r));
  CHECK(ids == std::vector<std::string>{"100", "99999999999999999999", "Zoe", "Zoë", "zoe", "张伟"});
}

TEST_CASE("an order id reused by another customer is that customer's own order") {
  Aggregator a;
  a.add(Transaction{"A", "1", Date{0}, Money{1}});
  a.add(Transaction{"B", "1", Date{0}, Money{1}});
  a.add(Transaction{"A", "1", Date{0}, Money{1}});
  const Table t = a.finish(Date{1});
  CHECK(t.column("frequency").number(0) == 1);
  CHECK(t.column("frequency").number(1) == 1);
}

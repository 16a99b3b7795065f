#include <doctest/doctest.h>

#include "aggregate/aggregator.h"

using namespace tiers;
using namespace tiers::aggregate;

namespace {

int32_t jan(unsigned d) { return days_from_civil(2024, 1, d); }

std::vector<std::string> column(const Table& t, const char* name) {
  std::vector<std::string> out;
  const Column& c = t.column(name);
  for (size_t i = 0; i < t.rows(); ++i) out.push_back(c.value(i));
  return out;
}

}  // namespace

TEST_CASE("MetricRequest parses column names") {
  MetricRequest r;
  CHECK(r.request("monetary_30d"));
  CHECK(r.request("frequency_prev_90d"));
  CHECK(r.request("last_order_amount"));
  CHECK_FALSE(r.request("monetary"));
  CHECK_FALSE(r.request("monetary_d"));
  CHECK_FALSE(r.request("monetary_30"));
  CHECK(r.windows == std::vector<int>{30, 90});
  CHECK(r.column_names() ==
        std::vector<std::string>{"monetary_30d", "frequency_30d", "monetary_prev_30d",
                                 "frequency_prev_30d", "monetary_90d", "frequency_90d",
                                 "monetary_prev_90d", "frequency_prev_90d", "last_order_amount"});
}

TEST_CASE("window sums, distinct orders per window, last day, orders per month") {
  // as_of = Jan 31; 10-day window = Jan 21..30, previous = Jan 11..20.
  MetricRequest r;
  r.add_window(10);
  r.last_order_amount = r.orders_per_month = true;
  const Date as_of{jan(31)};
  AggregatorOptions o;
  o.metrics = r;
  o.as_of = as_of;
  o.exact_orders = o.exact_days = true;
  Aggregator a(o);
  auto add = [&](const char* c, const char* order, unsigned d, int64_t cents) {
    a.add(Transaction{c, order, Date{jan(d)}, Money{cents * 100}});
  };
  add("A", "1", 5, 1000);   // before both windows
  add("A", "2", 15, 2000);  // previous window
  add("A", "3", 20, 500);   // previous window
  add("A", "3", 21, 700);   // order 3 again, now in the window: counts in both
  add("A", "4", 30, 300);   // window, last day
  add("A", "5", 30, 200);   // window, last day, second order
  add("A", "4", 30, 100);   // order 4 again
  add("A", "6", 25, -400);  // refund in the window: monetary only
  add("B", "7", 2, 900);    // only long ago
  add("C", "8", 29, -50);   // refund only
  const Table t = a.finish(as_of);
  // A window: 700 + 300 + 200 + 100 - 400 = 900; orders 3, 4, 5.
  CHECK(column(t, "monetary_10d") == std::vector<std::string>{"9.00", "0.00", "-0.50"});
  CHECK(column(t, "frequency_10d") == std::vector<std::string>{"3", "0", "0"});
  // A previous: 2000 + 500; orders 2, 3.
  CHECK(column(t, "monetary_prev_10d") == std::vector<std::string>{"25.00", "0.00", "0.00"});
  CHECK(column(t, "frequency_prev_10d") == std::vector<std::string>{"2", "0", "0"});
  // A's last purchase day Jan 30: 300 + 200 + 100.
  CHECK(column(t, "last_order_amount") == std::vector<std::string>{"6.00", "9.00", ""});
  // A: 5 orders over tenure 26 days → max(26, 30) = 30 → 5.00; B: 1 order, tenure 29 → 1.00.
  CHECK(column(t, "orders_per_month") == std::vector<std::string>{"5.00", "1.00", ""});
}

TEST_CASE("extended metrics survive merging") {
  MetricRequest r;
  r.add_window(10);
  r.last_order_amount = true;
  const Date as_of{jan(31)};
  AggregatorOptions o;
  o.metrics = r;
  o.as_of = as_of;
  o.exact_orders = o.exact_days = true;
  Aggregator whole(o), first(o), second(o);
  const Transaction rows[] = {{"A", "3", Date{jan(20)}, Money{5}}, {"A", "3", Date{jan(21)}, Money{7}},
                              {"A", "", Date{jan(25)}, Money{1}}, {"B", "9", Date{jan(22)}, Money{2}},
                              {"A", "3", Date{jan(22)}, Money{3}}, {"A", "", Date{jan(25)}, Money{1}}};
  for (size_t i = 0; i < 6; ++i) {
    whole.add(rows[i]);
    (i < 3 ? first : second).add(rows[i]);
  }
  first.merge_next(second);
  const Table a = whole.finish(as_of), b = first.finish(as_of);
  for (const char* name : {"monetary_10d", "frequency_10d", "monetary_prev_10d",
                           "frequency_prev_10d", "last_order_amount"})
    CHECK_MESSAGE(column(a, name) == column(b, name), name);
  // A: window orders {3, unnamed, unnamed} = 3; previous {3} = 1.
  CHECK(column(a, "frequency_10d")[0] == "3");
  CHECK(column(a, "frequency_prev_10d")[0] == "1");
}

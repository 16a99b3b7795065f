#include <doctest/doctest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

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

AggregatorOptions exact() {
  AggregatorOptions o;
  o.exact_orders = o.exact_days = true;
  return o;
}

/// `rows` cut into three parts at a and b (a ≤ b), each added to its own
/// aggregator, then the later two merged into `p1` in order.
void add_in_three_parts(const std::vector<In>& rows, size_t a, size_t b, Aggregator& p1,
                        Aggregator& p2, Aggregator& p3) {
  for (size_t i = 0; i < rows.size(); ++i) (i < a ? p1 : i < b ? p2 : p3).add(tx(rows[i]));
  p1.merge_next(p2);
  p1.merge_next(p3);
}

TEST_CASE("metrics per DESIGN section 3") {
  Aggregator a(exact());
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

TEST_CASE("batches of any size: each row counted for its own customer, the table growing mid-batch") {
  // add_batch looks customers up ahead of the row it is on (hashes and
  // fetches run a few dozen rows in front), reuses the index of a row of
  // the customer just before, and the table grows while it is at it
  // (6,000 customers, from 4,096 slots): each row must still land on its
  // own customer. Expected per customer: rows, gross and distinct orders
  // counted here with std::map.
  std::mt19937_64 rng(7);
  std::vector<std::string> ids, orders;
  for (int c = 0; c < 6'000; ++c) ids.push_back(fmt::format("K{}", c * 7919 % 100'003));
  struct Want {
    int64_t gross = 0;
    std::set<std::string> orders;
  };
  std::map<std::string, Want> want;
  std::vector<std::pair<size_t, int64_t>> picks;  // (customer, cents)
  while (picks.size() < 20'000) {
    const size_t c = rng() % ids.size();
    const size_t run = rng() % 4 + 1;  // adjacent rows of one customer
    for (size_t k = 0; k < run; ++k) picks.emplace_back(c, static_cast<int64_t>(rng() % 900 + 1));
  }
  for (size_t i = 0; i < picks.size(); ++i) orders.push_back(fmt::format("{}", i / 3));
  std::vector<Transaction> rows;
  for (size_t i = 0; i < picks.size(); ++i) {
    const auto [c, cents] = picks[i];
    rows.push_back(Transaction{ids[c], orders[i], Date{19'000}, Money{cents * 100}});
    want[ids[c]].gross += cents;
    want[ids[c]].orders.insert(orders[i]);
  }
  for (const size_t batch : {size_t{1}, size_t{7}, size_t{31}, size_t{32}, size_t{33}, size_t{1000}, rows.size()}) {
    CAPTURE(batch);
    Aggregator a(exact());
    for (size_t at = 0; at < rows.size(); at += batch)
      a.add_batch(rows.data() + at, std::min(batch, rows.size() - at));
    const Table t = a.finish(Date{19'001});
    REQUIRE(t.rows() == want.size());
    size_t wrong = 0, r = 0;
    for (const auto& [id, w] : want) {  // the table is in id byte order, as the map
      wrong += t.column("customer_id").value(r) != id;
      wrong += t.column("gross").value(r) != fmt::format("{}.{:02}", w.gross / 100, w.gross % 100);
      wrong += t.column("frequency").number(r) != static_cast<int64_t>(w.orders.size());
      ++r;
    }
    CHECK(wrong == 0);
  }
}

TEST_CASE("fast mode notices rows it cannot count exactly") {
  Aggregator a;  // fast: C1 goes back from order O3 to O1
  for (const auto& r : kRows) a.add(tx(r));
  CHECK(a.orders_violated());
  CHECK(a.days_violated());  // C1's purchase days: 1, 1, 5, 1 → back to day 1
}

TEST_CASE("fast mode notices a day going back, and order ids too long to keep") {
  Aggregator days;
  days.add(tx({"A", "1", 5, 100}));
  days.add(tx({"A", "2", 4, 100}));
  CHECK(days.days_violated());
  Aggregator orders;
  orders.add(tx({"A", "0123456789abcdef", 5, 100}));  // 16 bytes
  CHECK(orders.orders_violated());
}

TEST_CASE("merging aggregators of consecutive parts equals one aggregator (exact)") {
  const Date as_of{days_from_civil(2024, 1, 7)};
  Aggregator whole(exact());
  for (const auto& r : kRows) whole.add(tx(r));
  for (size_t split = 0; split <= kRows.size(); ++split) {
    Aggregator first(exact()), second(exact());
    for (size_t i = 0; i < kRows.size(); ++i) (i < split ? first : second).add(tx(kRows[i]));
    first.merge_next(second);
    const Table a = whole.finish(as_of), b = first.finish(as_of);
    REQUIRE(a.rows() == b.rows());
    for (size_t r = 0; r < a.rows(); ++r) CHECK(row(a, r) == row(b, r));
  }
}

TEST_CASE("exact mode: three parts cut anywhere count the same as one") {
  // Orders and days shared between the parts and new in the last one.
  const std::vector<In> rows{
      {"A", "1", 1, 10}, {"B", "2", 1, 10}, {"A", "3", 2, 10}, {"A", "1", 1, 5},  {"B", "4", 3, 10},
      {"C", "5", 2, 10}, {"A", "3", 2, 10}, {"B", "2", 1, 1},  {"A", "6", 4, 10}, {"C", "5", 2, 3},
      {"B", "7", 5, 10}, {"A", "1", 1, 1},  {"C", "8", 6, 10}, {"B", "2", 1, 2}};
  const Date as_of{days_from_civil(2024, 1, 7)};
  Aggregator whole(exact());
  for (const auto& r : rows) whole.add(tx(r));
  const Table want = whole.finish(as_of);
  // A: orders 1, 3, 6 on days 1, 2, 4; B: 2, 4, 7 on 1, 3, 5; C: 5, 8 on 2, 6.
  CHECK(want.column("frequency").value(0) == "3");
  CHECK(want.column("purchase_days").value(0) == "3");
  CHECK(want.column("frequency").value(2) == "2");
  for (size_t a = 0; a <= rows.size(); ++a)
    for (size_t b = a; b <= rows.size(); ++b) {
      Aggregator p1(exact()), p2(exact()), p3(exact());
      add_in_three_parts(rows, a, b, p1, p2, p3);
      const Table got = p1.finish(as_of);
      REQUIRE(got.rows() == want.rows());
      for (size_t r = 0; r < want.rows(); ++r) REQUIRE(row(got, r) == row(want, r));
      // finish() counted the pairs: nothing may be added after it, and a
      // second finish() gives the same table.
      Aggregator p4(exact());
      CHECK_THROWS_AS(p1.merge_next(p4), std::logic_error);
      CHECK_THROWS_AS(p1.add(tx(rows[0])), std::logic_error);
      const Table again = p1.finish(as_of);
      for (size_t r = 0; r < want.rows(); ++r) REQUIRE(row(again, r) == row(want, r));
    }
}

TEST_CASE("fast mode on sorted rows: any split, merged, equals exact counting") {
  // Per customer, order ids and days never go back; orders span several
  // rows, some rows have no order id, one order spans two days.
  const std::vector<In> rows{
      {"A", "10", 1, 100}, {"B", "11", 1, 200}, {"A", "10", 1, 50},  {"A", "12", 2, 10},
      {"B", "", 2, 5},     {"A", "12", 3, 10},  {"B", "13", 3, -20}, {"B", "13", 3, 30},
      {"A", "9", 4, -5},   {"A", "14", 4, 0},   {"C", "", 4, 1},     {"A", "15", 4, 7},
      {"C", "", 4, 1},     {"B", "16", 5, 1},   {"B", "16", 5, 1},   {"A", "15", 6, 7}};
  const Date as_of{days_from_civil(2024, 1, 7)};
  Aggregator reference(exact());
  for (const auto& r : rows) reference.add(tx(r));
  const Table want = reference.finish(as_of);
  // A: orders 10, 12, 15 (14 is a zero row) = 3; days 1, 2, 3, 4, 6 = 5.
  CHECK(want.column("frequency").value(0) == "3");
  CHECK(want.column("purchase_days").value(0) == "5");
  // B: orders 11, unnamed, 13, 16 = 4; days 1, 2, 3, 5 = 4.
  CHECK(want.column("frequency").value(1) == "4");
  CHECK(want.column("purchase_days").value(1) == "4");
  for (size_t a = 0; a <= rows.size(); ++a)
    for (size_t b = a; b <= rows.size(); ++b) {
      Aggregator p1, p2, p3;
      add_in_three_parts(rows, a, b, p1, p2, p3);
      REQUIRE_FALSE(p1.orders_violated());
      REQUIRE_FALSE(p1.days_violated());
      const Table got = p1.finish(as_of);
      for (size_t r = 0; r < want.rows(); ++r) REQUIRE(row(got, r) == row(want, r));
    }
}

TEST_CASE("a merge that goes back in order ids is a violation") {
  Aggregator first, second;
  first.add(tx({"A", "5", 1, 100}));
  second.add(tx({"A", "4", 2, 100}));
  first.merge_next(second);
  CHECK(first.orders_violated());
}

TEST_CASE("ids longer than 15 bytes are kept whole") {
  Aggregator a;
  const std::string long1 = "customer-with-a-very-long-id-0001", long2 = "customer-with-a-very-long-id-0002";
  a.add(Transaction{long1, "", Date{0}, Money{10000}});
  a.add(Transaction{long2, "", Date{0}, Money{20000}});
  a.add(Transaction{long1, "", Date{0}, Money{10000}});
  a.add(Transaction{"customer-with-a", "", Date{0}, Money{1}});  // its 15-byte prefix
  const Table t = a.finish(Date{1});
  REQUIRE(t.rows() == 3);
  CHECK(t.column(0).value(0) == "customer-with-a");
  CHECK(t.column(0).value(1) == long1);
  CHECK(t.column("monetary").value(1) == "2.00");
  CHECK(t.column(0).value(2) == long2);
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

TEST_CASE("customer ids of one shape and of any shape sort in byte order, with their own rows") {
  // Ids that differ in few bits ("acct-" and ten digits, some continued
  // past 15 bytes) are sorted packed in one word with their index; ids of
  // random bytes differ in too many bits for that and take the two-word
  // sort. Either way: the table's ids are the distinct ids in byte order
  // (std::string compares bytes as unsigned), each with its own amount.
  std::mt19937_64 rng(7);
  std::vector<std::vector<std::string>> shapes(2);
  for (int i = 0; i < 3000; ++i) {
    std::string id = "acct-" + std::to_string(1'000'000'000 + rng() % 9'000'000'000);
    if (i % 3 == 0) id += "-branch-" + std::to_string(rng() % 5);  // long: ties on 15 bytes
    shapes[0].push_back(id);
    std::string any(1 + rng() % 20, ' ');
    for (char& c : any) c = static_cast<char>(1 + rng() % 255);  // no NUL
    shapes[1].push_back(any);
  }
  shapes[0].push_back(shapes[0][0]);  // a repeat: one customer
  shapes[0].push_back("acct-1000000000");
  shapes[0].push_back("acct-1000000000-a");
  for (const auto& ids : shapes) {
    Aggregator a;
    for (const std::string& id : ids) a.add(Transaction{id, "", Date{0}, Money{static_cast<int64_t>(id.size()) * 10'000}});
    std::vector<std::string> want = ids;
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    const Table t = a.finish(Date{1});
    REQUIRE(t.rows() == want.size());
    size_t wrong = 0;
    for (size_t r = 0; r < t.rows(); ++r) {
      const std::string id = t.column(0).value(r);
      const auto times = std::count(ids.begin(), ids.end(), id);
      wrong += id != want[r] || t.column("gross").value(r) != std::to_string(times * id.size()) + ".00";
    }
    CHECK(wrong == 0);
  }
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

TEST_CASE("finish on two threads: the same table, customers in id byte order") {
  // Enough customers for the two-thread sort and fill (64k and more), with
  // long ids that share their first 15 bytes, so that the sort must look
  // past them, and customers without purchases (empty date columns).
  Aggregator a(exact());
  std::vector<std::string> ids;
  const Date day{days_from_civil(2024, 3, 1)};
  for (uint32_t i = 0; i < 90'000; ++i) {
    const uint32_t k = (i * 2654435761u) % 1'000'003u;  // not in id order
    std::string id = i % 7 == 0 ? "a-shared-prefix-" : "C";
    id += std::to_string(k);
    ids.push_back(id);
    std::string order = "O";
    order += std::to_string(i);
    const int64_t units = i % 11 == 0 ? -100 : static_cast<int64_t>(k % 5000) * 100;
    a.add(Transaction{id, order, Date{day.days + static_cast<int32_t>(i % 30)}, Money{units}});
  }
  const Date as_of{day.days + 40};
  const Table one = a.finish(as_of, 1), two = a.finish(as_of, 2);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  REQUIRE(one.rows() == ids.size());
  REQUIRE(two.rows() == ids.size());
  REQUIRE(two.width() == one.width());
  size_t wrong_order = 0, differences = 0;
  for (size_t r = 0; r < two.rows(); ++r) {
    if (two.column(0).text(r) != ids[r]) ++wrong_order;
    if (row(two, r) != row(one, r)) ++differences;
  }
  CHECK(wrong_order == 0);
  CHECK(differences == 0);
  // Row 11 is a refund: its customer has no purchase (no dates, frequency 0).
  std::string refunder = "C";
  refunder += std::to_string((11 * 2654435761u) % 1'000'003u);
  const auto at = static_cast<size_t>(std::lower_bound(ids.begin(), ids.end(), refunder) - ids.begin());
  REQUIRE(at < ids.size());
  CHECK(two.column(0).text(at) == refunder);
  CHECK(!two.column("first_date").has(at));
  CHECK(two.column("frequency").number(at) == 0);
  CHECK(two.column("refunds").value(at) == "0.01");  // -100 units of 1/10000
}

TEST_CASE("exact mode: order numbers below and above 2^40, text ids, split anywhere") {
  // Numbers below 2^40 are packed into 64-bit pairs, larger ones and text
  // ids are not; a pair must be counted once whichever way it was kept.
  const std::vector<In> rows{
      {"A", "1099511627775", 1, 10}, {"A", "1099511627776", 1, 10}, {"B", "1099511627776", 2, 10},
      {"A", "5", 2, 10},             {"A", "1099511627775", 3, 10}, {"A", "O5", 3, 10},
      {"B", "1099511627776", 4, 10}, {"A", "1099511627776", 4, 10}, {"A", "5", 5, 10},
      {"B", "05", 5, 10},            {"B", "5", 5, 10},             {"A", "O5", 6, 10}};
  const Date as_of{days_from_civil(2024, 1, 7)};
  for (size_t a = 0; a <= rows.size(); ++a)
    for (size_t b = a; b <= rows.size(); ++b) {
      Aggregator p1(exact()), p2(exact()), p3(exact());
      add_in_three_parts(rows, a, b, p1, p2, p3);
      const Table got = p1.finish(as_of);
      REQUIRE(got.rows() == 2);
      // A: 2^40 - 1, 2^40, 5, O5 = 4 orders on days 1-6 = 6 days.
      CHECK(got.column("frequency").value(0) == "4");
      CHECK(got.column("purchase_days").value(0) == "6");
      // B: 2^40, "05" (not the number 5), 5 = 3 orders on days 2, 4, 5.
      CHECK(got.column("frequency").value(1) == "3");
      CHECK(got.column("purchase_days").value(1) == "3");
    }
}

TEST_CASE("exact mode over millions of rows: batches sorted and merged, parts merged") {
  // 2.7M purchase rows of 150k customers, shuffled, in three parts (the
  // first has more than a million: its pairs are sorted in batches while
  // it reads); every customer's
  // orders and days are known by construction: customer c has c % 7 + 1
  // orders of 1-8 lines each, order o on day o % 5 (so days repeat).
  std::vector<Transaction> rows;
  std::vector<std::string> ids, orders;
  const uint32_t customers = 150'000;
  std::vector<uint32_t> want_orders(customers), want_days(customers);
  for (uint32_t c = 0; c < customers; ++c) {
    std::string id = "C";
    id += std::to_string(100'000 + c);
    ids.push_back(id);
    want_orders[c] = c % 7 + 1;
    want_days[c] = std::min<uint32_t>(want_orders[c], 5);
  }
  orders.reserve(customers * 7);
  for (uint32_t c = 0; c < customers; ++c)
    for (uint32_t o = 0; o < want_orders[c]; ++o) orders.push_back(std::to_string(uint64_t{c} * 10 + o));
  size_t k = 0;
  for (uint32_t c = 0; c < customers; ++c)
    for (uint32_t o = 0; o < want_orders[c]; ++o, ++k)
      for (uint32_t line = 0; line < (c + o) % 8 + 1; ++line)
        rows.push_back(Transaction{ids[c], orders[k], Date{19'000 + static_cast<int32_t>(o % 5)}, Money{10'000}});
  std::mt19937_64 rng(1);
  std::shuffle(rows.begin(), rows.end(), rng);
  REQUIRE(rows.size() > 2'500'000);
  Aggregator p1(exact()), p2(exact()), p3(exact());
  const size_t first = rows.size() * 2 / 3, second = rows.size() / 6;
  p1.add_batch(rows.data(), first);
  p2.add_batch(rows.data() + first, second);
  p3.add_batch(rows.data() + first + second, rows.size() - first - second);
  for (Aggregator* p : {&p1, &p2, &p3}) p->end_part();
  p1.merge_next(p2);
  p1.merge_next(p3);
  const Table t = p1.finish(Date{19'010});
  REQUIRE(t.rows() == customers);
  size_t wrong = 0;
  for (uint32_t c = 0; c < customers; ++c) {  // ids sort like c
    wrong += t.column("frequency").number(c) != want_orders[c];
    wrong += t.column("purchase_days").number(c) != want_days[c];
  }
  CHECK(wrong == 0);
}

TEST_CASE("merging big parts on two threads: the same table as on one, new customers and order checks") {
  // A part of 100k customers and one of 140k, 80k of them in both (found
  // and merged by two threads, each taking half of the second part's
  // customers), 60k only in the second (inserted after, which takes the
  // table past half full: it grows once first). Fast mode, rows
  // sorted by date: exact. Then the same with one customer's order id
  // going back across the parts, found by the second half's thread.
  std::deque<std::string> texts;  // the rows' views point here
  auto part_rows = [&texts](uint32_t from, uint32_t to, int day, uint64_t order_base) {
    std::vector<Transaction> rows;
    for (uint32_t c = from; c < to; ++c) {
      std::string& id_text = texts.emplace_back("C");
      id_text += std::to_string(1'000'000 + c);
      const std::string_view id = id_text;
      texts.push_back(std::to_string(order_base + c));
      rows.push_back(Transaction{id, texts.back(), Date{day}, Money{(c % 50 + 1) * 10'000}});
      rows.push_back(Transaction{id, texts.back(), Date{day}, Money{-(int64_t{c} % 3) * 10'000}});
    }
    return rows;
  };
  for (const bool back : {false, true}) {
    CAPTURE(back);
    const auto first = part_rows(0, 100'000, 19'000, 10'000'000);
    auto second = part_rows(20'000, 160'000, 19'001, 20'000'000);
    // Before customer 99,990's order in the first part (10,099,990).
    std::string old_order = "10099989";
    if (back) second[2 * (99'990 - 20'000)].order = old_order;  // second half of part 2's customers
    Table want, got;
    for (unsigned threads : {1u, 2u}) {
      AggregatorOptions o;
      o.threads = threads;
      Aggregator p1(o), p2(o);
      p1.add_batch(first.data(), first.size());
      p2.add_batch(second.data(), second.size());
      p1.merge_next(p2);
      // p2 is used up (its slots are freed): more rows or merges throw.
      CHECK_THROWS_AS(p2.add(first[0]), std::logic_error);
      CHECK_THROWS_AS(p1.merge_next(p2), std::logic_error);
      CHECK(p1.orders_violated() == back);
      CHECK(!p1.days_violated());
      (threads == 1 ? want : got) = p1.finish(Date{19'010}, threads);
    }
    REQUIRE(got.rows() == 160'000);
    REQUIRE(want.rows() == got.rows());
    size_t differences = 0;
    for (size_t r = 0; r < got.rows(); ++r) differences += row(got, r) != row(want, r);
    CHECK(differences == 0);
    if (!back) {
      // Customer 50,000 (in both parts): 2 orders, 2 days, gross 2 × 1.0000 × (50000 % 50 + 1).
      const size_t r = 50'000;
      CHECK(got.column(0).text(r) == "C1050000");
      CHECK(got.column("frequency").number(r) == 2);
      CHECK(got.column("purchase_days").number(r) == 2);
      CHECK(got.column("gross").value(r) == "2.00");
      CHECK(got.column("refunds").value(r) == "4.00");  // 50000 % 3 = 2, twice
      // Customer 110,000 (second part only).
      CHECK(got.column(0).text(110'000) == "C1110000");
      CHECK(got.column("frequency").number(110'000) == 1);
      CHECK(got.column(0).text(159'999) == "C1159999");
      CHECK(got.column("gross").value(159'999) == "50.00");  // 159999 % 50 + 1
      CHECK(got.column("refunds").value(159'999) == "0.00");  // 159999 % 3 = 0
    }
  }
}

namespace {

AggregatorOptions logged(size_t log_blocks_in_memory = PurchaseLog::kBlocksInMemory) {
  AggregatorOptions o;
  o.logged = true;
  o.log_blocks_in_memory = log_blocks_in_memory;
  return o;
}

/// Distinct orders (rows without an order id: one each) and purchase days
/// per customer, counted with sets: DESIGN §3 written out directly.
std::map<std::string, std::pair<size_t, size_t>> counted_with_sets(const std::vector<Transaction>& rows) {
  std::map<std::string, std::set<std::string>> orders;
  std::map<std::string, size_t> unnamed;
  std::map<std::string, std::set<int32_t>> days;
  for (const Transaction& t : rows) {
    const std::string id(t.customer);
    orders[id];
    if (t.amount.units <= 0) continue;
    if (t.order.empty()) ++unnamed[id];
    else orders[id].insert(std::string(t.order));
    days[id].insert(t.date.days);
  }
  std::map<std::string, std::pair<size_t, size_t>> out;
  for (const auto& [id, set] : orders) out[id] = {set.size() + unnamed[id], days[id].size()};
  return out;
}

/// Feeds `rows`, cut into parts of `part_rows`, to `workers` logged
/// aggregators the way a stream is read (stream_parts.h): part k goes to
/// some worker, each worker taking its parts in increasing order, told
/// which part it is; then the workers are merged into the first.
Table read_like_a_stream(const std::vector<Transaction>& rows, size_t part_rows, unsigned workers,
                         std::mt19937& rng, Aggregator*& total,
                         std::vector<std::unique_ptr<Aggregator>>& keep,
                         size_t log_blocks_in_memory = PurchaseLog::kBlocksInMemory) {
  keep.clear();
  for (unsigned w = 0; w < workers; ++w) keep.push_back(std::make_unique<Aggregator>(logged(log_blocks_in_memory)));
  for (size_t k = 0, at = 0; at < rows.size(); ++k, at += part_rows) {
    Aggregator& a = *keep[rng() % workers];
    a.start_part(k);
    a.add_batch(rows.data() + at, std::min(part_rows, rows.size() - at));
  }
  for (unsigned w = 1; w < workers; ++w) keep[0]->merge_next(*keep[w]);
  total = keep[0].get();
  return total->finish(Date{days_from_civil(2025, 1, 1)});
}

}  // namespace

TEST_CASE("logged mode: the worked example, in one part and cut anywhere") {
  const Date as_of{days_from_civil(2024, 1, 7)};
  Aggregator e(exact());
  for (const auto& r : kRows) e.add(tx(r));
  const Table want = e.finish(as_of);
  for (size_t split = 0; split <= kRows.size(); ++split) {
    // Parts 0 and 1 into two aggregators, merged in input order, or the
    // other way round (a stream's second worker may take part 0).
    for (bool swapped : {false, true}) {
      CAPTURE(split);
      CAPTURE(swapped);
      Aggregator first(logged()), second(logged());
      Aggregator& a = swapped ? second : first;
      Aggregator& b = swapped ? first : second;
      a.start_part(0);
      for (size_t i = 0; i < split; ++i) a.add(tx(kRows[i]));
      b.start_part(1);
      for (size_t i = split; i < kRows.size(); ++i) b.add(tx(kRows[i]));
      first.merge_next(second);
      const Table got = first.finish(as_of);
      REQUIRE(got.rows() == want.rows());
      for (size_t r = 0; r < want.rows(); ++r) CHECK(row(got, r) == row(want, r));
      // C1 goes back from O3 to O1 (orders) and from day 5 to day 1 (days).
      CHECK(first.orders_recounted() == 1);
      CHECK(first.days_recounted() == 1);
    }
  }
}

TEST_CASE("logged mode: any row order, any cut into parts taken by any worker, counts exact") {
  // Order ids of every kind the log codes differently: numbers, numbers
  // with leading zeros, short text, text of 8 to 15 bytes, over 15 bytes,
  // none; a few customers with ids over 15 bytes too.
  std::mt19937 rng(11);
  std::vector<std::string> customer_ids, order_ids;
  for (int c = 0; c < 300; ++c)
    customer_ids.push_back(c % 50 == 7 ? fmt::format("customer-with-a-long-id-{}", c) : fmt::format("C{}", c));
  // Rows sorted by date, each order's lines adjacent, order ids rising;
  // each customer's ids of one kind (customer number mod 6).
  std::vector<In> sorted;
  std::deque<std::string> order_texts;  // the rows' order ids (stable addresses)
  int next_order = 1;
  for (int day = 1; day <= 28; ++day)
    for (int o = 0; o < 60; ++o) {
      const size_t customer = rng() % customer_ids.size();
      const int n = next_order++;
      std::string& id = order_texts.emplace_back();
      switch (customer % 6) {
        case 0: id = std::to_string(n); break;
        case 1: id = fmt::format("{:08}", n); break;                // leading zeros
        case 2: id = fmt::format("A{:05}", n); break;               // short text
        case 3: id = fmt::format("ORD-2024-{:06}", n); break;       // 15 bytes
        case 4: id = fmt::format("order-number-{:010}", n); break;  // 23 bytes
        default: break;                                             // none
      }
      for (int lines = 1 + static_cast<int>(rng() % 3); lines > 0; --lines) {
        const int64_t cents = rng() % 7 == 0 ? -100 : rng() % 11 == 0 ? 0 : 100 + static_cast<int64_t>(rng() % 900);
        sorted.push_back({customer_ids[customer].c_str(), id.c_str(), day, cents});
      }
    }
  std::vector<Transaction> in_order;
  for (const In& r : sorted) in_order.push_back(tx(r));
  std::vector<Transaction> shuffled = in_order;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);

  for (const bool shuffle : {false, true}) {
    const std::vector<Transaction>& rows = shuffle ? shuffled : in_order;
    const auto want = counted_with_sets(rows);
    for (const size_t part_rows : {size_t{1}, size_t{7}, size_t{500}, rows.size()})
      for (const unsigned workers : {1u, 2u, 3u})
      // 1: every finished block of the log goes to its temporary file.
      for (const size_t blocks : {PurchaseLog::kBlocksInMemory, size_t{1}}) {
        CAPTURE(shuffle);
        CAPTURE(part_rows);
        CAPTURE(workers);
        CAPTURE(blocks);
        Aggregator* total = nullptr;
        std::vector<std::unique_ptr<Aggregator>> keep;
        const Table got = read_like_a_stream(rows, part_rows, workers, rng, total, keep, blocks);
        REQUIRE(got.rows() == want.size());
        size_t wrong = 0;
        for (size_t r = 0; r < got.rows(); ++r) {
          const auto& [orders, days] = want.at(std::string(got.column(0).text(r)));
          wrong += got.column("frequency").number(r) != static_cast<int64_t>(orders);
          wrong += got.column("purchase_days").number(r) != static_cast<int64_t>(days);
        }
        CHECK(wrong == 0);
        // Rows in input order need no recounting, whatever worker took
        // which part; shuffled rows need it for nearly every customer.
        if (!shuffle) {
          CHECK(total->days_recounted() == 0);
          CHECK(total->orders_recounted() == 0);
        } else {
          CHECK(total->days_recounted() > want.size() / 2);
          CHECK(total->orders_recounted() > want.size() / 2);
        }
      }
  }
}

TEST_CASE("logged mode: rising ids of one kind in input order are counted without recounting") {
  // Each customer's orders rise in shortlex order in every id style; parts
  // of 3 rows go to two workers at random.
  std::mt19937 rng(5);
  for (const char* style : {"{}", "{:07}", "X{:04}", "INV-{:09}", "long-invoice-number-{:09}"}) {
    CAPTURE(style);
    std::vector<std::string> ids;
    for (int n = 1; n <= 400; ++n) ids.push_back(fmt::format(fmt::runtime(style), 1000 + n));
    std::vector<Transaction> rows;
    const std::string customers[] = {"A", "B", "C"};
    for (int n = 0; n < 400; ++n)
      for (int line = 0; line < 2; ++line)
        rows.push_back(Transaction{customers[n % 3], ids[static_cast<size_t>(n)],
                                   Date{19'000 + n / 10}, Money{100'000}});
    Aggregator* total = nullptr;
    std::vector<std::unique_ptr<Aggregator>> keep;
    const Table got = read_like_a_stream(rows, 3, 2, rng, total, keep);
    CHECK(total->orders_recounted() == 0);
    CHECK(total->days_recounted() == 0);
    CHECK(got.column("frequency").number(0) == 134);  // n = 0, 3, ..., 399
    CHECK(got.column("frequency").number(1) == 133);
    CHECK(got.column("purchase_days").number(0) == 40);  // every day 19000..19039 has an n ≡ 0 mod 3
  }
}

TEST_CASE("a merge frees the next part's records as it inserts: every mode, the counts of one part") {
  // Part 1 has customers c < 200,000 with c % 3 != 2; part 2 those with
  // c % 3 != 0 below 300,000: its new customers (c % 3 == 2, and all from
  // 200,000) are spread over all four of its blocks of 65,536 records,
  // which the merge frees behind its inserts. Every 97th id is longer
  // than 15 bytes (kept outside the record); orders are numbers, text of
  // 13 bytes (no 64-bit code: counted by each part in exact mode), or
  // missing (one order per row, counted in the record in exact mode).
  // Rows are in date order, so fast mode is exact. Checked against one
  // aggregator of all the rows and against counting with sets.
  std::deque<std::string> texts;
  auto id_of = [](uint32_t c) {
    return c % 97 == 0 ? fmt::format("customer-with-a-long-id-{:07}", c) : fmt::format("C{:07}", c);
  };
  auto part_rows = [&](bool second) {
    std::vector<Transaction> rows;
    for (uint32_t c = 0; c < 300'000; ++c) {
      if (second ? c % 3 == 0 : (c % 3 == 2 || c >= 200'000)) continue;
      const std::string_view id = texts.emplace_back(id_of(c));
      const int day = second ? 19'100 + static_cast<int>(c % 5) : 19'000 + static_cast<int>(c % 7);
      std::string_view order;
      if (c % 4 == 1) order = texts.emplace_back(fmt::format("ORD-{}-{:07}", second ? 'B' : 'A', c));
      else if (c % 4 == 2) order = texts.emplace_back(std::to_string((second ? 2'000'000 : 1'000'000) + c));
      rows.push_back(Transaction{id, order, Date{day}, Money{(c % 50 + 1) * 10'000}});
      rows.push_back(Transaction{id, order, Date{day}, Money{-static_cast<int64_t>(c % 3) * 10'000}});
    }
    return rows;
  };
  const auto first = part_rows(false), second = part_rows(true);
  std::vector<Transaction> all = first;
  all.insert(all.end(), second.begin(), second.end());
  const auto want_counts = counted_with_sets(all);

  AggregatorOptions fast;
  AggregatorOptions exact_mode = exact();
  AggregatorOptions logged_mode = logged();
  for (const AggregatorOptions& mode : {fast, exact_mode, logged_mode}) {
    CAPTURE(mode.exact_orders);
    CAPTURE(mode.logged);
    for (unsigned threads : {1u, 2u}) {
      CAPTURE(threads);
      AggregatorOptions o = mode;
      o.threads = threads;
      Aggregator one(o), p1(o), p2(o);
      one.start_part(0);
      one.add_batch(all.data(), all.size());
      p1.start_part(0);
      p1.add_batch(first.data(), first.size());
      p2.start_part(1);
      p2.add_batch(second.data(), second.size());
      for (Aggregator* a : {&one, &p1, &p2}) a->end_part();
      REQUIRE(p2.customers() > 3 * 65'536);
      p1.merge_next(p2);
      CHECK(!p1.orders_violated());
      CHECK(!p1.days_violated());
      const Table want = one.finish(Date{19'200}, threads);
      const Table got = p1.finish(Date{19'200}, threads);
      REQUIRE(got.rows() == want_counts.size());
      REQUIRE(want.rows() == got.rows());
      size_t differences = 0, wrong_counts = 0;
      for (size_t r = 0; r < got.rows(); ++r) {
        differences += row(got, r) != row(want, r);
        const auto& [orders, days] = want_counts.at(std::string(got.column(0).text(r)));
        wrong_counts += static_cast<size_t>(got.column("frequency").number(r)) != orders;
        wrong_counts += static_cast<size_t>(got.column("purchase_days").number(r)) != days;
      }
      CHECK(differences == 0);
      CHECK(wrong_counts == 0);
    }
  }
}

#include <doctest/doctest.h>

#include <vector>

#include "../tests/test_util.h"
#include "io/reader.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

struct Row {
  std::string customer, order;
  int32_t date;
  int64_t amount;
};

struct Collect : TransactionSink {
  std::vector<Row> rows;
  void add(const Transaction& t) override {
    rows.push_back({std::string(t.customer), std::string(t.order), t.date.days, t.amount.units});
  }
};

struct Read {
  InputReport report;
  std::vector<Row> rows;
  RejectLog rejects;
};

Read read(const std::string& csv, ReaderOptions options = {}) {
  testing::TempFile file(csv);
  Read r;
  Collect sink;
  r.report = read_input(file.path(), options, sink, r.rejects);
  r.rows = sink.rows;
  for (auto& reject : r.rejects.kept()) const_cast<Reject&>(reject).file = "in.csv";
  return r;
}

int32_t day(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

}  // namespace

TEST_CASE("rows are parsed, trimmed and counted") {
  auto r = read(
      "\xEF\xBB\xBF\"order_id\",customer,date,amount\n"
      "A1, C1 ,2024-03-01,12.50\n"
      "A1,C1,2024-03-01 10:30:00,1.00005\n"
      ",C2,2024-03-02T08:00:00Z,-3\n"
      "A2,,2024-03-02,9\n");
  CHECK(r.report.counts.rows_read == 4);
  CHECK(r.report.counts.rows_used == 3);
  CHECK(r.report.counts.rows_unattributed == 1);
  CHECK(r.report.counts.amounts_rounded == 1);
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].customer == "C1");
  CHECK(r.rows[0].order == "A1");
  CHECK(r.rows[0].date == day(2024, 3, 1));
  CHECK(r.rows[0].amount == 125000);
  CHECK(r.rows[1].date == day(2024, 3, 1));
  CHECK(r.rows[1].amount == 10000);  // 1.00005 → 1.0000 (tie, 0 is even)
  CHECK(r.rows[2].order == "");
  CHECK(r.rows[2].amount == -30000);
}

TEST_CASE("bad rows are rejected with their line and the reading goes on") {
  auto r = read(
      "customer_id,date,amount,note\n"
      "C1,2024-01-01,5,\"multi\nline\"\n"
      "C2,2024-13-01,5,x\n"
      "C3,2024-01-01,12;50,x\n"
      "C4,2024-01-01,,x\n"
      "C5,2024-01-01,5\n"
      "C6,2024-01-01,5,a\"b\n"
      "C7,2024-01-01,5,ok\n");
  CHECK(r.report.counts.rows_read == 7);
  CHECK(r.report.counts.rows_used == 2);
  CHECK(r.report.counts.rows_rejected == 5);
  const auto& k = r.rejects.kept();
  REQUIRE(k.size() == 5);
  CHECK(k[0].line == 4);
  CHECK(k[0].reason == "date \"2024-13-01\" is not a date (expected YYYY-MM-DD)");
  CHECK(k[0].raw == "C2,2024-13-01,5,x");
  CHECK(k[1].line == 5);
  CHECK(k[1].reason == "amount \"12;50\" is not a number");
  CHECK(k[2].line == 6);
  CHECK(k[2].reason == "amount is empty");
  CHECK(k[3].line == 7);
  CHECK(k[3].reason == "expected 4 fields as in the header, found 3");
  CHECK(k[4].line == 8);
  CHECK(k[4].reason == "quote inside an unquoted field");
  CHECK(r.rows.back().customer == "C7");
}

TEST_CASE("rows on or after --as-of are skipped and counted") {
  ReaderOptions o;
  o.as_of = Date{day(2024, 1, 2)};
  auto r = read("customer_id,date,amount\nC1,2024-01-01,1\nC1,2024-01-02,1\nC2,2025-01-01,1\n", o);
  CHECK(r.report.counts.rows_used == 1);
  CHECK(r.report.counts.rows_future == 2);
}

TEST_CASE("header-only and blank-line files have no rows; an empty file is an error") {
  CHECK(read("customer_id,date,amount\n").report.counts.rows_read == 0);
  CHECK(read("customer_id,date,amount\n\n\r\n").report.counts.rows_read == 0);
  testing::TempFile empty("");
  Collect sink;
  RejectLog rejects;
  try {
    read_input(empty.path(), {}, sink, rejects);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kData);
    CHECK(std::string(e.what()) == empty.path() + ": the file is empty: no header row");
  }
}

TEST_CASE("a missing file is kNoInput") {
  Collect sink;
  RejectLog rejects;
  try {
    read_input("/nonexistent/x.csv", {}, sink, rejects);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kNoInput);
    CHECK(std::string(e.what()) == "/nonexistent/x.csv: cannot open: No such file or directory");
  }
}

TEST_CASE("a record spanning read blocks parses whole") {
  // A 3 MiB quoted field crosses the 1 MiB read blocks.
  std::string big(3 << 20, 'x');
  ReaderOptions o;
  o.dialect.max_record_bytes = 4 << 20;
  auto r = read("customer_id,date,amount,note\nC1,2024-01-01,1,\"" + big + "\"\nC2,2024-01-01,2,y\n", o);
  CHECK(r.report.counts.rows_used == 2);
  CHECK(r.rows[1].customer == "C2");
}

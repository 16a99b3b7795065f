#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "../tests/collect_rows.h"
#include "../tests/test_util.h"
#include "io/read_part.h"
#include "io/reader.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;
using tiers::testing::CollectParts;
using tiers::testing::Row;

namespace {

struct Read {
  InputReport report;
  std::vector<Row> rows;
  RejectLog rejects;
};

/// Reads the file at `path`: its report, rows and rejects.
Read read_path(const std::string& path, const ReaderOptions& options) {
  Read r;
  CollectParts sink;
  r.report = read_input(path, options, sink, r.rejects);
  r.rows = sink.rows;
  return r;
}

/// Reads `csv` from a scratch file, its rejects named in.csv.
Read read(const std::string& csv, ReaderOptions options = {}) {
  testing::TempFile file(csv);
  Read r = read_path(file.path(), options);
  for (auto& reject : r.rejects.kept()) const_cast<Reject&>(reject).file = "in.csv";
  return r;
}

int32_t day(int y, unsigned m, unsigned d) { return days_from_civil(y, m, d); }

/// "C" and `n`, a customer id for generated files.
std::string customer(int n) {
  std::string id = "C";
  id += std::to_string(n);  // (not "C" + ...: GCC 12 -Wrestrict false positive)
  return id;
}

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
  CHECK(k[0].reason == "date \"2024-13-01\" is not a calendar date (date format %Y-%m-%d)");
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

/// How a field-count reason that names a cut value ends.
const std::string kMustQuote =
    ": a value holding the delimiter must be quoted (re-export quoting such values, or with ';' or tab as the "
    "delimiter)";

TEST_CASE("an unquoted amount cut at its delimiter is named in the field-count reason") {
  auto r = read(
      "customer_id,date,amount,note\n"
      "C1,2024-01-01,$1,234.56,x\n"          // thousands separator
      "C2,2024-01-01,1,234,567,x\n"          // two of them
      "C3,2024-01-01,12,50,x\n"              // a decimal comma
      "C4,2024-01-01,(1,234.00),x\n"         // accounting negative
      "C5,2024-01-01,5,x,y\n"                // an extra field, not in the amount
      "C6,2024-01-01,1,,x\n"                 // empty: not a cut amount
      "C7,2024-01-01,1,2x,x\n"               // not digits after the cut
      "C8,2024-01-01,1\n");                  // one short: no hint
  const auto& k = r.rejects.kept();
  REQUIRE(k.size() == 8);
  CHECK(k[0].reason == "expected 4 fields as in the header, found 5; fields 3-4 read together as the amount "
                       "\"$1,234.56\"" + kMustQuote);
  CHECK(k[1].reason == "expected 4 fields as in the header, found 6; fields 3-5 read together as the amount "
                       "\"1,234,567\"" + kMustQuote);
  CHECK(k[2].reason == "expected 4 fields as in the header, found 5; fields 3-4 read together as the amount "
                       "\"12,50\"" + kMustQuote);
  CHECK(k[3].reason == "expected 4 fields as in the header, found 5; fields 3-4 read together as the amount "
                       "\"(1,234.00)\"" + kMustQuote);
  // Not the amount: the note, joined with what follows, puts the date and
  // amount in place.
  CHECK(k[4].reason == "expected 4 fields as in the header, found 5; read as one value, fields 4-5 (\"x,y\") puts "
                       "the date and amount in place" + kMustQuote);
  CHECK(k[5].reason == "expected 4 fields as in the header, found 5; read as one value, fields 4-5 (\",x\") puts "
                       "the date and amount in place" + kMustQuote);
  CHECK(k[6].reason == "expected 4 fields as in the header, found 5; read as one value, fields 4-5 (\"2x,x\") puts "
                       "the date and amount in place" + kMustQuote);
  CHECK(k[7].reason == "expected 4 fields as in the header, found 3");
}

TEST_CASE("empty extra fields at the end of a line are named as delimiters the header lacks") {
  auto r = read(
      "customer_id,date,amount,note\n"
      "C1,2024-01-01,5,x,\n"       // one delimiter too many
      "C2,2024-01-01,5,x,, \n"     // two, the last field a space
      "C3,2024-01-01,5,,x\n"       // the empty field is not the extra one: a cut value
      "C4,2024-01-01,5,x\n");
  const auto& k = r.rejects.kept();
  REQUIRE(k.size() == 3);
  CHECK(k[0].reason == "expected 4 fields as in the header, found 5; the extra field at the end is empty (the line "
                       "ends with a delimiter the header does not have)");
  CHECK(k[1].reason == "expected 4 fields as in the header, found 6; the 2 extra fields at the end are empty (the "
                       "line ends with delimiters the header does not have)");
  CHECK(k[2].reason == "expected 4 fields as in the header, found 5; read as one value, fields 4-5 (\",x\") puts "
                       "the date and amount in place" + kMustQuote);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].customer == "C4");
}

TEST_CASE("an unquoted name cut at its delimiter: the fields that put the date and amount in place") {
  auto r = read(
      "customer,name,date,amount\n"
      "C1,Smith, John,2024-01-05,12.5\n"    // the id or the name
      "C2,Lee, Ann, Jr,2024-01-05,7\n"      // two cuts
      "C3,x,2024-01-05,5,tail\n"            // after the last column: no value puts it in place
      "C4,Bo,2024-01-05,3\n");
  const auto& k = r.rejects.kept();
  REQUIRE(k.size() == 3);
  CHECK(k[0].reason == "expected 4 fields as in the header, found 5; read as one value, fields 1-2 (\"C1,Smith\") or "
                       "fields 2-3 (\"Smith, John\") put the date and amount in place" + kMustQuote);
  CHECK(k[1].reason == "expected 4 fields as in the header, found 6; read as one value, fields 1-3 (\"C2,Lee, Ann\") "
                       "or fields 2-4 (\"Lee, Ann, Jr\") put the date and amount in place" + kMustQuote);
  CHECK(k[2].reason == "expected 4 fields as in the header, found 5");
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].customer == "C4");
}

TEST_CASE("ids with escaped quotes survive being batched with later rows") {
  auto r = read("customer_id,date,amount\n\"O\"\"Neil\",2024-01-01,1\n\"Zoë \"\"Z\"\"\",2024-01-01,2\nplain,2024-01-01,3\n");
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].customer == "O\"Neil");
  CHECK(r.rows[1].customer == "Zoë \"Z\"");
  CHECK(r.rows[2].customer == "plain");
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
  CollectParts sink;
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
  CollectParts sink;
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

TEST_CASE("empty lines across the end of a read block count for the lines after them") {
  // Four empty lines at every offset around the 1 MiB blocks a file and a
  // pipe are read in; the bad record after them must be on its own line.
  const std::string header = "customer_id,date,amount,note\n";
  const std::string row = "C1,2024-01-01,5,";
  for (size_t block : {size_t{1} << 20, size_t{3} << 20}) {
    for (size_t shift = 0; shift < 6; ++shift) {
      const size_t before = block - 3 + shift;  // bytes before the empty lines
      std::string csv = header;
      uint64_t rows = 0;
      while (csv.size() + 2 * row.size() + 2 < before) {
        csv += row + "x\n";
        ++rows;
      }
      csv += row + std::string(before - csv.size() - row.size() - 1, 'y') + "\n";
      ++rows;
      REQUIRE(csv.size() == before);
      csv += "\n\n\r\n\n" "C2,2024-01-01,bad,\n";
      CAPTURE(before);
      const Read file = read(csv);
      REQUIRE(file.rejects.kept().size() == 1);
      CHECK(file.rejects.kept()[0].line == 1 + rows + 4 + 1);
      testing::TempPipe pipe(csv);
      Read streamed;
      CollectParts sink;
      streamed.report = read_input(pipe.path(), ReaderOptions{}, sink, streamed.rejects);
      REQUIRE(streamed.rejects.kept().size() == 1);
      CHECK(streamed.rejects.kept()[0].line == 1 + rows + 4 + 1);
    }
  }
}

namespace {

/// About 24 MB: records with multi-line quoted notes, so that most cuts
/// between threads fall inside a quoted field; some bad records; blank lines.
std::string tricky_file() {
  std::string csv = "customer_id,date,amount,note\n";
  std::string note;
  for (int k = 0; k < 40; ++k) note += "line " + std::to_string(k) + " of a note, with a \"\"quote\"\"\n";
  for (int i = 0; i < 40000; ++i) {
    const std::string id = customer(i % 977);
    if (i % 1000 == 500) csv += id + ",2024-01-01,1,bad\"quote\n";   // stray quote
    else if (i % 1000 == 900) csv += id + ",2024-01-01,1,\"open\n";  // closed by the next note's quote
    else if (i % 1000 == 700) csv += "\n\r\n";                         // blank lines
    else if (i % 3 == 0) csv += id + ",2024-01-0" + std::to_string(1 + i % 9) + "," + std::to_string(i) + ",\"" + note + "\"\r\n";
    else csv += id + ",2024-02-0" + std::to_string(1 + i % 9) + "," + std::to_string(i) + ".5,plain\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("any number of threads reads the same rows, rejects and lines") {
  testing::TempFile file(tricky_file());
  auto read_with = [&](unsigned threads) {
    ReaderOptions o;
    o.threads = threads;
    return read_path(file.path(), o);
  };
  const Read one = read_with(1);
  CHECK(one.report.parts == 1);
  CHECK(one.report.counts.rows_read == 39960);
  // 40 stray quotes and 40 quotes opened by mistake: each its own line only.
  CHECK(one.report.counts.rows_rejected == 80);
  CHECK(one.rejects.kept().size() == 80);
  // Record i = 500 starts after 500 records; those with i % 3 == 0 (167 of
  // them) span 41 lines; i = 0 is on line 2. So 2 + 500 + 167 * 40 = 7182.
  CHECK(one.rejects.kept()[0].line == 7182);
  // A part gets at least 4 MiB.
  const auto max_parts = static_cast<unsigned>(std::filesystem::file_size(file.path()) >> 22);
  REQUIRE(max_parts >= 4);
  unsigned rereads = 0;
  for (unsigned threads : {2u, 3u, 4u, 7u}) {
    const Read many = read_with(threads);
    // One part per thread, and any a thread took over from another.
    CHECK(many.report.parts >= std::min(threads, max_parts));
    rereads += many.report.parts_reread;
    CHECK(many.report.counts.rows_read == one.report.counts.rows_read);
    CHECK(many.report.counts.rows_used == one.report.counts.rows_used);
    CHECK(many.report.counts.rows_rejected == one.report.counts.rows_rejected);
    REQUIRE(many.rows.size() == one.rows.size());
    CHECK(many.rows == one.rows);
    REQUIRE(many.rejects.kept().size() == one.rejects.kept().size());
    for (size_t i = 0; i < one.rejects.kept().size(); ++i) {
      CHECK(many.rejects.kept()[i].line == one.rejects.kept()[i].line);
      CHECK(many.rejects.kept()[i].raw == one.rejects.kept()[i].raw);
    }
  }
  CHECK(rereads > 0);  // the cuts did fall inside quoted fields
}

namespace {

/// Reads `csv` through a pipe (a stream) into sinks that take rows in any
/// order, so that it is cut into parts of `chunk` bytes, all `threads`
/// workers reading from the start (not only as the stream outruns them:
/// the cuts and guesses of several workers, whatever the timing); rows
/// sorted.
Read read_stream(const std::string& csv, unsigned threads, uint64_t chunk, ReaderOptions o = {}) {
  testing::TempPipe pipe(csv);
  o.threads = threads;
  o.min_part_bytes = chunk;
  o.stream_workers_ahead = 0;
  Read r;
  testing::CollectAnyOrder sink;
  r.report = read_input(pipe.path(), o, sink, r.rejects);
  CHECK(r.report.workers == threads);
  r.rows = sink.rows;
  std::sort(r.rows.begin(), r.rows.end());
  return r;
}

/// `one`, read by one thread, and `many` hold the same rows (in any order),
/// rejects with the same lines, and counts.
void same_reading(const Read& one, const Read& many) {
  std::vector<Row> sorted = one.rows;
  std::sort(sorted.begin(), sorted.end());
  REQUIRE(many.rows.size() == sorted.size());
  CHECK(many.rows == sorted);
  CHECK(many.report.counts.rows_read == one.report.counts.rows_read);
  CHECK(many.report.counts.rows_used == one.report.counts.rows_used);
  CHECK(many.report.counts.rows_rejected == one.report.counts.rows_rejected);
  CHECK(many.report.counts.rows_repeated == one.report.counts.rows_repeated);
  CHECK(many.report.counts.rows_future == one.report.counts.rows_future);
  // Copies of one input look alike however they are read (when it has records).
  CHECK(many.report.first_record == one.report.first_record);
  CHECK(many.report.last_record == one.report.last_record);
  CHECK(many.report.record_bytes == one.report.record_bytes);
  CHECK(likely_copies(one.report, many.report) == (one.report.counts.rows_read > 0));
  REQUIRE(many.rejects.kept().size() == one.rejects.kept().size());
  for (size_t i = 0; i < one.rejects.kept().size(); ++i) {
    CHECK(many.rejects.kept()[i].line == one.rejects.kept()[i].line);
    CHECK(many.rejects.kept()[i].reason == one.rejects.kept()[i].reason);
    CHECK(many.rejects.kept()[i].raw == one.rejects.kept()[i].raw);
  }
}

}  // namespace

TEST_CASE("likely copies: one export as CSV and as .gz; other exports are not") {
  // The header is 25 bytes with its CRLF; the records run from byte 25 to
  // the end: three of 17 bytes with their CRLF and an empty line of 2 = 53.
  const std::string csv =
      "customer_id,date,amount\r\n"
      "C1,2024-01-01,5\r\n"
      "\r\n"
      "C2,2024-01-02,7\r\n"
      "C1,2024-01-03,1\r\n";
  const Read plain = read(csv);
  CHECK(plain.report.counts.rows_read == 3);
  CHECK(plain.report.record_bytes == 53);
  CHECK(plain.report.first_record == "C1,2024-01-01,5");
  CHECK(plain.report.last_record == "C1,2024-01-03,1");
  testing::TempFile gz(testing::gzip(csv), "copy.csv.gz");
  const Read compressed = read_path(gz.path(), ReaderOptions{});
  CHECK(compressed.report.compression == "gzip");
  CHECK(likely_copies(plain.report, compressed.report));
  CHECK(likely_copies(compressed.report, plain.report));

  // Another export with the same first and last records and as many rows,
  // one amount longer: 54 bytes.
  std::string longer = csv;
  longer.replace(longer.find("C2,2024-01-02,7"), 15, "C2,2024-01-02,17");
  CHECK_FALSE(likely_copies(plain.report, read(longer).report));
  // As many bytes, the last record another.
  std::string last = csv;
  last.replace(last.find("C1,2024-01-03,1"), 15, "C1,2024-01-03,2");
  CHECK(read(last).report.record_bytes == 53);
  CHECK_FALSE(likely_copies(plain.report, read(last).report));
  // A record more (the bytes and the count differ).
  CHECK_FALSE(likely_copies(plain.report, read(csv + "C3,2024-01-04,9\r\n").report));
  // Files without records are never copies: nothing is counted twice.
  const Read header = read("customer_id,date,amount\r\n");
  CHECK_FALSE(likely_copies(header.report, read("customer_id,date,amount\r\n").report));
}

TEST_CASE("shared stops: a part claims ahead, another takes half of what is unclaimed") {
  io::detail::SharedStops stops(10, 40);
  const size_t a = stops.add(0, 100), b = stops.add(100, 160);
  CHECK(stops.claim(a, 0) == 10);   // a step ahead
  CHECK(stops.claim(a, 12) == 22);  // a record ran past the claim
  CHECK(stops.claim(b, 105) == 115);
  // The largest unclaimed rest is a's (78 bytes; b has 45): its second half.
  const auto first = stops.take();
  REQUIRE(first);
  CHECK(first->from == 22 + 78 / 2);
  CHECK(first->stop == 100);
  CHECK(stops.stop(a) == 61);
  CHECK(stops.claim(a, 55) == 61);  // up to the new stop, not past it
  CHECK(stops.claim(a, 61) == 61);  // at the stop: a ends there
  CHECK(stops.claim(a, 70) == 61);  // or its last record ran past it
  stops.close(a);
  // Now b has the most (45); the part taken from a has 39, under 40.
  const auto second = stops.take();
  REQUIRE(second);
  CHECK(second->from == 115 + 45 / 2);
  CHECK(second->stop == 160);
  CHECK(stops.stop(b) == 137);
  CHECK(stops.claim(b, 150) == 137);
  stops.close(b);
  stops.close(second->id);
  CHECK(!stops.take());  // the part from a has too few bytes left
  stops.close(first->id);
  CHECK(!stops.take());
}

namespace {

/// Rows in input order; the first part opened (the main thread's, from the
/// start of the file) is slow, so the others take over most of it.
struct SlowFirstPart : io::PartSinks {
  struct Sink : testing::CollectRows {
    bool slow = false;
    void add_batch(const Transaction* batch, size_t count) override {
      if (slow) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      for (size_t i = 0; i < count; ++i) add(batch[i]);
    }
  };
  std::vector<Row> rows;
  unsigned opened = 0;  // open_part is called under the reader's lock
  std::unique_ptr<TransactionSink> open_part() override {
    auto sink = std::make_unique<Sink>();
    sink->slow = opened++ == 0;
    return sink;
  }
  void close_part(std::unique_ptr<TransactionSink> part) override {
    auto& c = static_cast<Sink&>(*part);
    rows.insert(rows.end(), c.rows.begin(), c.rows.end());
  }
};

}  // namespace

TEST_CASE("a thread that has finished its part takes over the rest of a slower one") {
  const std::string csv = tricky_file();
  testing::TempFile file(csv);
  const Read one = read_path(file.path(), ReaderOptions{});
  unsigned rereads = 0;
  for (unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    ReaderOptions o;
    o.threads = threads;
    o.min_part_bytes = 64 << 10;
    Read many;
    SlowFirstPart sinks;
    many.report = read_input(file.path(), o, sinks, many.rejects);
    many.rows = sinks.rows;
    // The fast threads took over parts of the slow one, and of each other.
    CHECK(many.report.parts > threads + 2);
    rereads += many.report.parts_reread;
    // Concatenated in input order, the parts hold one thread's rows; rejects
    // have one thread's lines.
    REQUIRE(many.rows.size() == one.rows.size());
    CHECK(many.rows == one.rows);
    std::sort(many.rows.begin(), many.rows.end());
    same_reading(one, many);
  }
  CHECK(rereads > 0);  // some parts taken over began inside a multi-line note
}

TEST_CASE("lone-CR line ends (Excel for Mac): rows, rejects and lines as with LF, any threads") {
  const std::string lf =
      "customer_id,date,amount,note\n"
      "C1,2024-01-01,5,\"multi\nline\"\n"
      "C2,2024-13-01,5,x\n"
      "\n"
      "C3,2024-01-02,7,x\n"
      "C4,2024-01-03,1,x";
  std::string cr = lf;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  const Read want = read(lf);
  REQUIRE(want.rows.size() == 3);
  REQUIRE(want.rejects.kept().size() == 1);
  CHECK(want.rejects.kept()[0].line == 4);
  for (unsigned threads : {1u, 2u}) {
    ReaderOptions o;
    o.threads = threads;
    const Read got = read(cr, o);
    CHECK(got.rows == want.rows);
    CHECK(got.report.counts.rows_read == 4);
    REQUIRE(got.rejects.kept().size() == 1);
    CHECK(got.rejects.kept()[0].line == 4);
    CHECK(got.rejects.kept()[0].raw == "C2,2024-13-01,5,x");
    // Through a pipe, cut into parts.
    same_reading(want, read_stream(cr, threads, 8, o));
  }
  // CRLF is not this: its CRs stay line ends' CRs, as before.
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(read(crlf).rows == want.rows);
}

TEST_CASE("a UTF-16 byte-order mark means UTF-16 when --encoding is not given") {
  const std::string text = "customer_id,date,amount\nC\xC3\xA9,2024-01-01,5\nC2,2024-01-02,7\n";
  auto utf16 = [&](bool little) {
    std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
    for (char c : text) {  // the text is ASCII but for U+00E9
      const auto u = static_cast<unsigned char>(c);
      if (u == 0xC3) continue;
      const char unit = u == 0xA9 ? '\xE9' : c;
      out += little ? std::string{unit, '\0'} : std::string{'\0', unit};
    }
    return out;
  };
  const Read want = read(text);
  REQUIRE(want.rows.size() == 2);
  CHECK(want.report.encoding == "utf-8");
  CHECK(want.report.encoding_from == "default");
  for (bool little : {true, false}) {
    CAPTURE(little);
    const Read got = read(utf16(little));
    CHECK(got.rows == want.rows);
    CHECK(got.report.encoding == "utf-16");
    CHECK(got.report.encoding_from == "byte-order mark");
    same_reading(want, read_stream(utf16(little), 2, 8));
    // Given, --encoding wins: UTF-8 refuses the mark.
    ReaderOptions o;
    o.encoding = Encoding::kUtf8;
    CHECK_THROWS_AS(read(utf16(little), o), Error);
    o.encoding = Encoding::kUtf16;
    CHECK(read(utf16(little), o).report.encoding_from == "--encoding");
  }
}

TEST_CASE("Excel's sep= first line names the delimiter; lines stay the file's") {
  const std::string csv =
      "\xEF\xBB\xBFsep=;\r\n"
      "customer_id;date;amount\r\n"
      "C1;2024-01-01;1,50\r\n"
      "C2;2024-01-02;x\r\n"
      "C3;2024-01-03;2\r\n";
  for (unsigned threads : {1u, 2u}) {
    ReaderOptions o;
    o.threads = threads;
    const Read r = read(csv, o);
    CHECK(r.report.delimiter == ';');
    CHECK(r.report.delimiter_from == "sep= line");
    CHECK(r.report.header_line == 2);
    REQUIRE(r.rows.size() == 2);
    CHECK(r.rows[0].customer == "C1");
    CHECK(r.rows[0].amount == 15000);  // the decimal comma, detected as before
    REQUIRE(r.rejects.kept().size() == 1);
    CHECK(r.rejects.kept()[0].line == 4);
    same_reading(r, read_stream(csv, threads, 8, o));
  }
  // A header error names line 2.
  try {
    read("sep=;\nid;when;value\nC1;2024-01-01;1\n");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find(":2: cannot find the customer column") != std::string::npos);
  }
}

TEST_CASE("--no-header: the first record is data, columns are named by position") {
  const std::string csv =
      "\n"
      "O1,C1,2024-01-01,5\n"
      "O2,C2,2024-13-01,5\n"
      "O3,\"C3\nx\",2024-01-02,7\n"
      "O4,C1,2024-01-03,1";
  ReaderOptions o;
  o.no_header = true;
  o.columns.order = "1";
  o.columns.customer = "2";
  o.columns.date = "3";
  o.columns.amount = "4";
  for (unsigned threads : {1u, 2u}) {
    o.threads = threads;
    const Read r = read(csv, o);
    CHECK(r.report.counts.rows_read == 4);
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].customer == "C1");
    CHECK(r.rows[0].order == "O1");
    CHECK(r.rows[1].customer == "C3\nx");
    CHECK(r.rows[2].amount == 10000);
    REQUIRE(r.rejects.kept().size() == 1);
    CHECK(r.rejects.kept()[0].line == 3);  // an empty line 1, O1 on line 2
    CHECK(r.report.header_line == 0);
    same_reading(r, read_stream(csv, threads, 8, o));
  }
  // The same rows with a header, read the usual way: the same rows.
  ReaderOptions named;
  named.columns = {"customer", "date", "amount", "order"};
  CHECK(read("order,customer,date,amount\n" + csv, named).rows == read(csv, o).rows);
  // A position the first record does not have.
  o.columns.amount = "5";
  CHECK_THROWS_WITH_AS(read(csv, o), doctest::Contains(":2: --amount 5: the first record has 4 fields"), Error);
  // Nothing at all.
  CHECK_THROWS_WITH_AS(read("", o), doctest::Contains("the file is empty"), Error);
}

TEST_CASE("--skip-lines: title lines before the header are skipped as lines") {
  const std::string body =
      "customer_id,date,amount\r\n"
      "C1,2024-01-01,5\r\n"
      "C2,2024-13-01,5\r\n"
      "C3,2024-01-02,7\r\n";
  // A quote left open and a comma in the titles mean nothing.
  const std::string csv = "\xEF\xBB\xBFSales \"report\r\nQ1, 2024\r\n\r\n" + body;
  ReaderOptions o;
  o.skip_lines = 3;
  const Read want = read(body);
  for (unsigned threads : {1u, 2u}) {
    o.threads = threads;
    const Read r = read(csv, o);
    CHECK(r.rows == want.rows);
    REQUIRE(r.rejects.kept().size() == 1);
    CHECK(r.rejects.kept()[0].line == 6);  // 3 titles, the header on line 4
    CHECK(r.report.header_line == 4);
    same_reading(r, read_stream(csv, threads, 8, o));
  }
  // A title line longer than the first block is skipped too.
  o.threads = 2;
  CHECK(read(std::string(5 << 20, 'x') + "\n" + body, [] {
          ReaderOptions one;
          one.skip_lines = 1;
          return one;
        }()).rows == want.rows);
  // More lines than the file has.
  o.skip_lines = 9;
  CHECK_THROWS_WITH_AS(read(csv, o), doctest::Contains("--skip-lines 9, but the file has only 7 lines"), Error);
  // With --no-header, the data starts after the skipped lines; with a
  // sep= line, that line follows them.
  ReaderOptions bare;
  bare.skip_lines = 1;
  bare.no_header = true;
  bare.columns = {"1", "2", "3", ""};
  CHECK(read("Report\nC1,2024-01-01,5\nC3,2024-01-02,7\n", bare).rows.size() == 2);
  ReaderOptions sep;
  sep.skip_lines = 1;
  const Read semicolons = read("Report\nsep=;\ncustomer_id;date;amount\nC1;2024-01-01;5\nC2;x;1\n", sep);
  CHECK(semicolons.report.delimiter == ';');
  CHECK(semicolons.report.header_line == 3);  // the title, the sep= line, then the header
  CHECK(semicolons.rows.size() == 1);
  REQUIRE(semicolons.rejects.kept().size() == 1);
  CHECK(semicolons.rejects.kept()[0].line == 5);
}

TEST_CASE("a rejected record that takes several lines says how many, on any number of threads") {
  // Line 3's quote closes on line 4, before a delimiter: one record of four
  // fields, lines 3-4. Line 6 is a one-line reject: no count. Lines 7-8 are
  // a broken record (text after line 8's quote), whose reason says so and
  // nothing more (the raw text of a broken record may be cut).
  const std::string csv =
      "customer_id,date,amount\n"
      "C1,2024-01-01,5\n"
      "C2,\"2024-01-02,6\n"
      "C3,2024-01-03\",7,x\n"
      "C4,2024-01-04,8\n"
      "C5,2024-13-01,9\n"
      "\"C6\nx\",2024-01-06,\"7\"z\n"
      "C7,2024-01-07,10\n";
  for (unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    const Read r = threads == 1 ? read(csv) : read_stream(csv, threads, 8);
    CHECK(r.report.counts.rows_used == 3);
    REQUIRE(r.rejects.kept().size() == 3);
    CHECK(r.rejects.kept()[0].line == 3);
    CHECK(r.rejects.kept()[0].reason ==
          "expected 3 fields as in the header, found 4; the record takes 2 lines (a quoted field holds line breaks)");
    CHECK(r.rejects.kept()[1].line == 6);
    CHECK(r.rejects.kept()[1].reason == "date \"2024-13-01\" is not a calendar date (date format %Y-%m-%d)");
    CHECK(r.rejects.kept()[2].line == 7);
    CHECK(r.rejects.kept()[2].reason == "text after the closing quote of a quoted field");
  }
}

TEST_CASE("used rows are counted by the currency their amount names, on any number of threads") {
  std::string csv = "customer_id,date,amount\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string id = customer(i % 50);
    switch (i % 5) {
      case 0: csv += id + ",2024-01-01,$" + std::to_string(i) + "\n"; break;      // USD
      case 1: csv += id + ",2024-01-01," + std::to_string(i) + " USD\n"; break;   // USD
      case 2: csv += id + ",2024-01-01,\"€" + std::to_string(i) + "\"\n"; break;  // EUR
      case 3: csv += id + ",2030-01-01,€" + std::to_string(i) + "\n"; break;      // future: not counted
      default: csv += id + ",2024-01-01," + std::to_string(i) + "\n"; break;      // none
    }
  }
  ReaderOptions o;
  o.as_of = Date{day(2025, 1, 1)};
  const Read one = read(csv, o);
  using Counts = std::vector<std::pair<std::string_view, uint64_t>>;
  CHECK(one.report.counts.currencies == Counts{{"USD", 1200}, {"EUR", 600}});
  for (unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    auto many = read_stream(csv, threads, 512, o).report.counts.currencies;
    std::sort(many.begin(), many.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    CHECK(many == Counts{{"USD", 1200}, {"EUR", 600}});
  }
}

TEST_CASE("a stream is read in parts: the rows, rejects and lines of one thread") {
  const std::string csv = tricky_file();
  testing::TempFile file(csv);
  const Read one = read_path(file.path(), ReaderOptions{});
  REQUIRE(one.report.counts.rows_rejected == 80);
  unsigned rereads = 0;
  for (unsigned threads : {2u, 3u, 5u}) {
    for (uint64_t chunk : {uint64_t{1} << 20, uint64_t{4} << 20}) {
      CAPTURE(threads);
      CAPTURE(chunk);
      const Read many = read_stream(csv, threads, chunk);
      same_reading(one, many);
      CHECK(many.report.bytes == csv.size());
      // One part per chunk (the header's bytes are in the first).
      CHECK(many.report.parts >= csv.size() / chunk);
      CHECK(many.report.parts <= csv.size() / chunk + 1);
      rereads += many.report.parts_reread;
    }
  }
  CHECK(rereads > 0);  // some cuts fell inside the multi-line notes

  // Sinks that need input order get the stream as one part.
  testing::TempPipe pipe(csv);
  ReaderOptions o;
  o.threads = 3;
  Read ordered;
  CollectParts sink;
  ordered.report = read_input(pipe.path(), o, sink, ordered.rejects);
  CHECK(ordered.report.parts == 1);
  CHECK(sink.rows == one.rows);
}

namespace {
/// Rows in any order, each with the part start_part named for it.
struct CollectNumbered : io::PartSinks {
  struct Sink : TransactionSink {
    std::vector<std::pair<size_t, Row>> rows;
    size_t part = SIZE_MAX;
    bool increasing = true;
    void start_part(size_t index) override {
      increasing &= part == SIZE_MAX || index > part;
      part = index;
    }
    void add(const Transaction& t) override {
      rows.push_back({part, Row{std::string(t.customer), std::string(t.order), t.date.days, t.amount.units}});
    }
  };
  std::vector<std::pair<size_t, Row>> rows;
  bool increasing = true;
  std::unique_ptr<TransactionSink> open_part() override { return std::make_unique<Sink>(); }
  void close_part(std::unique_ptr<TransactionSink> part) override {
    auto& sink = static_cast<Sink&>(*part);
    rows.insert(rows.end(), sink.rows.begin(), sink.rows.end());
    increasing &= sink.increasing;
  }
  bool any_order() const override { return true; }
};
}  // namespace

TEST_CASE("a stream read in parts names each row's part: by part, the rows are in input order") {
  // What logged counting relies on to replay the rows in input order.
  const std::string csv = tricky_file();
  testing::TempFile file(csv);
  const Read one = read_path(file.path(), ReaderOptions{});
  for (unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    testing::TempPipe pipe(csv);
    ReaderOptions o;
    o.threads = threads;
    o.min_part_bytes = 64 << 10;
    o.stream_workers_ahead = 0;
    CollectNumbered sinks;
    RejectLog rejects;
    const InputReport report = read_input(pipe.path(), o, sinks, rejects);
    CHECK(report.parts > 8);
    CHECK(sinks.increasing);  // each sink is told its parts in increasing order
    std::stable_sort(sinks.rows.begin(), sinks.rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Row> by_part;
    for (const auto& [part, row] : sinks.rows) by_part.push_back(row);
    REQUIRE(by_part.size() == one.rows.size());
    CHECK(by_part == one.rows);
    CHECK(sinks.rows.front().first == 0);
    CHECK(sinks.rows.back().first + 1 == report.parts);
  }
}

namespace {
/// Rows in any order, counted as they arrive. With `hold_until_open`, the
/// first sink opened keeps its first rows waiting (up to 10 s) until that
/// many sinks are open: a worker that has stalled.
class CountingSinks final : public io::PartSinks {
 public:
  explicit CountingSinks(size_t hold_until_open = 0) : hold_(hold_until_open) {}
  std::unique_ptr<TransactionSink> open_part() override {
    std::unique_ptr<TransactionSink> sink;
    {
      std::lock_guard lock(mutex_);
      sink = std::make_unique<Sink>(*this, opened_++ == 0);
    }
    changed_.notify_all();
    return sink;
  }
  void close_part(std::unique_ptr<TransactionSink> part) override {
    auto& sink = static_cast<Sink&>(*part);
    rows.insert(rows.end(), sink.rows.begin(), sink.rows.end());
  }
  bool any_order() const override { return true; }
  /// Waits (up to 10 s) until `n` rows have arrived.
  void wait_for_rows(size_t n) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return arrived_ >= n; });
  }
  std::vector<Row> rows;

 private:
  struct Sink final : testing::CollectRows {
    Sink(CountingSinks& to, bool first_opened) : owner(to), first(first_opened) {}
    void add(const Transaction& row) override { add_batch(&row, 1); }
    void add_batch(const Transaction* batch, size_t n) override {
      if (first) owner.wait_until_open();
      first = false;
      for (size_t i = 0; i < n; ++i) CollectRows::add(batch[i]);
      owner.arrive(n);
    }
    CountingSinks& owner;
    bool first;
  };
  void wait_until_open() {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return opened_ >= hold_; });
  }
  void arrive(size_t n) {
    {
      std::lock_guard lock(mutex_);
      arrived_ += n;
    }
    changed_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable changed_;
  size_t hold_;
  size_t opened_ = 0;
  size_t arrived_ = 0;
};

/// Twelve 1 MiB pieces of plain rows (a header, then C000000,2024-01-01,1
/// ...), and how many rows end within the first i + 1 pieces.
std::string plain_rows(size_t piece, std::vector<size_t>& rows_through) {
  std::string csv = "customer_id,date,amount\n";
  for (int i = 0; csv.size() < 12 * piece; ++i) csv += fmt::format("C{:06},2024-01-01,1\n", i);
  for (size_t end = piece; end <= csv.size(); end += piece)
    rows_through.push_back(static_cast<size_t>(std::count(csv.begin(), csv.begin() + end, '\n')) - 1);
  return csv;
}
}  // namespace

TEST_CASE("a stream starts one worker, and another each time it gets three chunks ahead of them") {
  constexpr size_t kPiece = 1 << 20;  // a chunk, and what the header's block reads
  std::vector<size_t> rows_through;
  const std::string csv = plain_rows(kPiece, rows_through);
  testing::TempFile file(csv);
  const Read one = read_path(file.path(), ReaderOptions{});
  REQUIRE(one.report.counts.rows_used > 500000);
  ReaderOptions o;
  o.threads = 3;
  o.min_part_bytes = kPiece;
  REQUIRE(o.stream_workers_ahead == 3);  // the default

  SUBCASE("a stream that comes no faster than one worker reads it keeps one worker") {
    // The writer writes piece i + 1 once the rows of pieces 0 .. i - 1 have
    // arrived: the chunks read are never more than two parts ahead.
    CountingSinks sinks;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::thread writer([&, fd = fds[1]] {
      for (size_t i = 0, at = 0; at < csv.size(); ++i, at += kPiece) {
        if (i >= 2) sinks.wait_for_rows(rows_through[i - 2]);
        const size_t n = std::min(kPiece, csv.size() - at);
        for (size_t done = 0; done < n;) {
          const ssize_t w = ::write(fd, csv.data() + at + done, n - done);
          if (w <= 0) break;
          done += static_cast<size_t>(w);
        }
      }
      ::close(fd);
    });
    Read paced;
    paced.report = read_input("/proc/self/fd/" + std::to_string(fds[0]), o, sinks, paced.rejects);
    writer.join();
    ::close(fds[0]);
    paced.rows = sinks.rows;
    std::sort(paced.rows.begin(), paced.rows.end());
    same_reading(one, paced);
    CHECK(paced.report.parts >= 12);
    CHECK(paced.report.workers == 1);
  }
  SUBCASE("a worker that stalls while the stream comes: the others start, one at a time") {
    CountingSinks sinks(3);  // the first worker waits until three are open
    testing::TempPipe pipe(csv);
    Read held;
    held.report = read_input(pipe.path(), o, sinks, held.rejects);
    held.rows = sinks.rows;
    std::sort(held.rows.begin(), held.rows.end());
    same_reading(one, held);
    CHECK(held.report.workers == 3);
  }
}

TEST_CASE("a stream in tiny parts: records longer than a part, cuts everywhere") {
  // Parts of 1 to 64 bytes: most records span several parts, most parts
  // start inside a record; every kind of record and line ending meets a cut.
  std::string csv = "customer_id,order_id,date,amount,note\r\n";
  for (int i = 0; i < 120; ++i) {
    const std::string id = customer(i % 7);
    switch (i % 6) {
      case 0: csv += id + ",O" + std::to_string(i) + ",2024-03-01,1.5,\"a,\nb \"\"q\"\"\"\n"; break;
      case 1: csv += id + ",,2024-03-02,2,plain\r\n"; break;
      case 2: csv += id + ",O1,2024-03-03,-3,\"x\"y\n"; break;  // junk after a quote
      case 3:  // blank lines, or a quote opened by mistake (closed by case 0's quote, a follows)
        csv += i % 12 == 9 ? id + ",O3,2024-03-06,6,\"open\n" : std::string("\n\n");
        break;
      case 4: csv += "C4,O2,2024-03-04,4,\"\"\n"; break;
      default: csv += "C4,O2,2024-03-04,4,\"\"\n"; break;  // the row before, repeated
    }
  }
  csv += "C9,O9,2024-03-05,5,\"never closed\n";  // unterminated at the end of the input
  testing::TempFile file(csv);
  const Read one = read_path(file.path(), ReaderOptions{});
  REQUIRE(one.report.counts.rows_rejected >= 20);
  REQUIRE(one.report.counts.rows_repeated > 0);
  // i = 9, 21, ..., 117: ten quotes opened by mistake, each rejected alone.
  CHECK(std::count_if(one.rejects.kept().begin(), one.rejects.kept().end(), [](const Reject& r) {
          return r.reason == describe(RecordProblem::kJunkAfterLines, size_t{1} << 20) && r.raw.ends_with("\"open");
        }) == 10);
  for (unsigned threads : {2u, 4u})
    for (uint64_t chunk : {1u, 3u, 17u, 64u}) {
      CAPTURE(threads);
      CAPTURE(chunk);
      const Read many = read_stream(csv, threads, chunk);
      same_reading(one, many);
      CHECK(many.report.parts > csv.size() / chunk / 2);
    }
}

TEST_CASE("a log that keeps a few rejects: the first few in the file, all counted, any threads") {
  // Parts keep no more details than the run's log (a file of bad rows does
  // not fill memory); the first ones kept are the file's first, wherever
  // the parts were cut.
  std::string csv = "customer_id,date,amount\n";
  for (int i = 0; i < 30000; ++i) csv += i % 3 == 0 ? "C1,2024-01-01,5\n" : "C1,not a date,5\n";
  testing::TempFile file(csv);
  for (unsigned threads : {1u, 3u}) {
    for (bool pipe : {false, true}) {
      CAPTURE(threads);
      CAPTURE(pipe);
      ReaderOptions o;
      o.threads = threads;
      o.min_part_bytes = 4096;
      RejectLog rejects(3);
      testing::CollectAnyOrder sink;
      std::optional<testing::TempPipe> stream;
      if (pipe) stream.emplace(csv);
      const InputReport report = read_input(pipe ? stream->path() : file.path(), o, sink, rejects);
      if (threads > 1) CHECK(report.parts > 2);
      CHECK(report.counts.rows_rejected == 20000);
      CHECK(rejects.count() == 20000);
      REQUIRE(rejects.kept().size() == 3);
      CHECK(rejects.kept()[0].line == 3);  // line 2 is the first row (i = 0), a good one
      CHECK(rejects.kept()[1].line == 4);
      CHECK(rejects.kept()[2].line == 6);
    }
  }
}

TEST_CASE("a stream in parts stops when the sinks ask, without waiting for the rest") {
  // Sinks that ask to stop (the aggregator, when fast counting fails) end
  // every part early; the reading of the stream ends too, it does not hang.
  struct Stopping : testing::CollectAnyOrder {
    bool stop_requested() const override { return true; }
  };
  std::string csv = "customer_id,date,amount\n";
  for (int i = 0; i < 200000; ++i) csv += "C1,2024-01-01,5\n";
  testing::TempPipe pipe(csv);
  ReaderOptions o;
  o.threads = 3;
  o.min_part_bytes = 4096;
  Stopping sink;
  RejectLog rejects;
  const InputReport report = read_input(pipe.path(), o, sink, rejects);
  CHECK(report.counts.rows_read < 200000);
}

TEST_CASE("a stream in parts: empty, header only, no final line feed, invalid UTF-8") {
  for (const std::string csv : {"customer_id,date,amount\n", "customer_id,date,amount",
                                "customer_id,date,amount\nC1,2024-01-01,5",
                                "customer_id,date,amount\n\n\nC1,2024-01-01,5\n\n"}) {
    testing::TempFile file(csv);
    const Read one = read_path(file.path(), ReaderOptions{});
    for (uint64_t chunk : {1u, 5u, 1024u}) same_reading(one, read_stream(csv, 3, chunk));
  }
  CHECK_THROWS_WITH_AS(read_stream("", 2, 4), doctest::Contains("the file is empty"), Error);
  // Bad UTF-8 far into the stream: the same message (file, line, offset)
  // whatever the number of threads.
  std::string csv = "customer_id,date,amount\n";
  for (int i = 0; i < 5000; ++i) {
    csv += "C";
    csv += std::to_string(i) + ",2024-01-01,5\n";
  }
  csv += "C\xff,2024-01-01,5\n";
  for (int i = 0; i < 100; ++i) csv += "C1,2024-01-01,5\n";
  std::string expected;
  try {
    read_stream(csv, 1, 1 << 20);
  } catch (const Error& e) {
    expected = e.what();
  }
  REQUIRE(expected.find("5002") != std::string::npos);  // the line of the bad byte
  for (uint64_t chunk : {7u, 4096u}) CHECK_THROWS_WITH_AS(read_stream(csv, 3, chunk), expected.c_str(), Error);

  // Bad bytes just before a 64 KiB or 128 KiB mark, where reads of a pipe
  // or a file end: a file and a stream quote the same 4 bytes (found by
  // fuzz_reader: the stream quoted only the 3 left in its block).
  for (size_t mark : {size_t{1} << 16, size_t{1} << 17}) {
    for (size_t before : {1u, 2u, 3u}) {
      CAPTURE(mark);
      CAPTURE(before);
      std::string bad = "customer_id,date,amount\n";
      while (bad.size() < mark - before - 2) bad += "C1,2024-01-01,5\n";
      bad.resize(mark - before - 2);  // a row cut short: the bad bytes fail the file first
      bad += "C,\xA7\xA7\xA7\xA7\xA7,5\n";
      const size_t at = bad.find('\xA7');
      REQUIRE(at == mark - before);
      const std::string want = ": invalid UTF-8 at byte offset " + std::to_string(at) +
                               " (bytes 0xA7 0xA7 0xA7 0xA7)";
      auto message = [](auto&& read) {
        try {
          read();
        } catch (const Error& e) {
          const std::string what = e.what();
          return what.substr(what.find(": invalid"));  // past the input's name and line
        }
        return std::string("no error");
      };
      testing::TempFile file(bad);
      for (unsigned threads : {1u, 3u}) {
        ReaderOptions o;
        o.threads = threads;
        CHECK(message([&] { read_path(file.path(), o); }) == want);
        CHECK(message([&] { read_stream(bad, threads, 4096); }) == want);
      }
    }
  }
}

namespace {

ReaderOptions with_rows(const std::string& amount, const std::vector<std::string>& exclude = {}) {
  ReaderOptions o;
  if (!amount.empty()) o.rows.amount.emplace(RowRole::kAmount, amount);
  for (const auto& x : exclude) o.rows.filters.emplace_back(RowRole::kExclude, x);
  return o;
}

}  // namespace

TEST_CASE("--amount-expr and --exclude: filters first, every row counted once") {
  auto r = read(
      "InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID,Amount\n"
      "1,2,2024-01-01,2.50,A,999\n"       // used: 2 × 2.50 = 5.00 (the Amount column is not read)
      "C2,-1,2024-01-01,2.50,A,999\n"     // excluded
      "3,x,2024-01-01,2.50,B,999\n"       // rejected: Quantity is not a number
      "4,1,2024-01-01,1.00,,999\n"        // no customer
      "C5,1,someday,1,B,999\n"            // excluded before its date is looked at
      "6,1,2024-13-01,1,B,999\n"          // rejected: not a calendar date
      "7,3,2024-01-02,0.33335,B,999\n"    // used: 1.00005 → 1.0000, rounded
      "8,1\n",                            // rejected: field count
      with_rows("Quantity * UnitPrice", {"InvoiceNo starts with 'C'"}));
  const InputCounts& c = r.report.counts;
  CHECK(c.rows_read == 8);
  CHECK(c.rows_used == 2);
  CHECK(c.rows_filtered == 2);
  CHECK(c.rows_unattributed == 1);
  CHECK(c.rows_rejected == 3);
  CHECK(c.rows_future == 0);
  CHECK(c.amounts_rounded == 1);
  CHECK(c.rows_read == c.rows_used + c.rows_future + c.rows_unattributed + c.rows_filtered + c.rows_rejected);
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].amount == 50000);
  CHECK(r.rows[1].amount == 10000);
  const auto& k = r.rejects.kept();
  REQUIRE(k.size() == 3);
  CHECK(k[0].line == 4);
  CHECK(k[0].reason == "amount expression: Quantity \"x\" is not a number");
  CHECK(k[1].line == 7);
  CHECK(k[1].reason == "date \"2024-13-01\" is not a calendar date (date format %Y-%m-%d)");
  CHECK(k[2].reason == "expected 6 fields as in the header, found 2");
}

TEST_CASE("--amount-expr: no amount column needed; its cells decide the decimal mark") {
  // `;` and decimal commas, detected from the cells the expression reads as numbers.
  auto r = read("customer;date;Menge;Preis\nK1;2024-01-01;3;1,50\nK1;2024-01-02;2;2.345,10\n",
                with_rows("Menge * Preis"));
  CHECK(r.report.delimiter == ';');
  CHECK(r.report.decimal_comma);
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].amount == 45000);      // 3 × 1,50 = 4.50
  CHECK(r.rows[1].amount == 46902000);   // 2 × 2.345,10 = 4690.20
  // Without --amount-expr the same file has no amount column.
  CHECK_THROWS_WITH_AS(read("customer;date;Menge;Preis\nK1;2024-01-01;3;1,50\n"),
                       doctest::Contains("cannot find the amount column"), Error);
}

TEST_CASE("rows identical to the row before are counted; broken records never are") {
  auto r = read(
      "customer_id,date,amount\n"
      "C1,2024-01-01,5\n"
      "C1,2024-01-01,5\n"        // repeat 1
      "\n"
      "C1,2024-01-01,5\r\n"      // repeat 2: empty lines and line endings do not count
      "C2,2024-01-01,5\"x\n"     // broken: a stray quote (never a repeat)
      "C2,2024-01-01,5\"x\n"     // broken again: not a repeat either
      "C1,2024-01-01,5\n"        // the record before it was broken: not a repeat
      "C1,2024-01-01,5 \n");     // one more byte: not a repeat
  CHECK(r.report.counts.rows_read == 7);
  CHECK(r.report.counts.rows_repeated == 2);
  CHECK(r.report.counts.rows_used == 5);  // repeats are used: only --dedupe drops rows
  CHECK(r.report.counts.rows_rejected == 2);
  CHECK(r.report.counts.rows_duplicate == 0);
}

TEST_CASE("--dedupe drops every later copy of a record, wherever it is") {
  ReaderOptions o;
  RecordFingerprints seen;
  o.dedupe = &seen;
  auto r = read(
      "customer_id,date,amount\n"
      "C1,2024-01-01,5\n"
      "C2,2024-01-01,7\n"
      "C1,2024-01-01,5\n"      // duplicate (not adjacent)
      "C2,2024-01-01,7\n"      // duplicate
      "C2,2024-01-01,7\n"      // duplicate, and a repeat of the row before
      ",2024-01-01,1\n"
      ",2024-01-01,1\n"        // duplicate of an unattributed row: a duplicate
      "C3,2024-13-01,1\n"
      "C3,2024-13-01,1\n"      // duplicate of a reject: dropped, the first copy is the reject
      "C4,2024-01-01,5\"x\n"
      "C4,2024-01-01,5\"x\n",  // broken records are never duplicates: both rejected
      o);
  const InputCounts& c = r.report.counts;
  CHECK(c.rows_read == 11);
  CHECK(c.rows_used == 2);
  CHECK(c.rows_duplicate == 5);
  CHECK(c.rows_unattributed == 1);
  CHECK(c.rows_rejected == 3);
  CHECK(c.rows_repeated == 3);
  CHECK(c.rows_read == c.rows_used + c.rows_future + c.rows_unattributed + c.rows_filtered +
                           c.rows_duplicate + c.rows_rejected);
  CHECK(r.rows.size() == 2);
  CHECK(r.rejects.kept()[0].line == 9);  // the first copy is the one reported
}

TEST_CASE("--dedupe across files: the same header shares records, another header does not") {
  ReaderOptions o;
  RecordFingerprints seen;
  o.dedupe = &seen;
  o.format.date_format = "%Y-%m-%d";
  testing::TempFile jan("customer_id,date,amount\nC1,2024-01-01,5\nC1,2024-01-31,6\n");
  testing::TempFile feb("customer_id,date,amount\nC1,2024-01-31,6\nC1,2024-02-01,7\n");  // overlaps jan
  testing::TempFile other("date,customer_id,amount\nC1,2024-01-31,6\n");  // same bytes, other meaning
  CollectParts sink;
  RejectLog rejects;
  CHECK(read_input(jan.path(), o, sink, rejects).counts.rows_duplicate == 0);
  CHECK(read_input(feb.path(), o, sink, rejects).counts.rows_duplicate == 1);
  const InputReport third = read_input(other.path(), o, sink, rejects);
  CHECK(third.counts.rows_duplicate == 0);
  CHECK(third.counts.rows_rejected == 1);  // "C1" is not a date in that file
  CHECK(sink.rows.size() == 3);
}

namespace {

constexpr int kRepeatRows = 360000;

/// About 20 MB of fixed-width records, all distinct except five runs of
/// 3000 identical records centred on 1/4, 1/3, 1/2, 2/3 and 3/4 of the
/// file, so that a cut between 2, 3 or 4 parts falls inside a run.
std::string repeats_file() {
  std::string csv = "customer_id,order_id,date,amount,note\n";
  const int centres[] = {kRepeatRows / 4, kRepeatRows / 3, kRepeatRows / 2, 2 * kRepeatRows / 3,
                         3 * kRepeatRows / 4};
  for (int i = 0; i < kRepeatRows; ++i) {
    int run = 0;
    for (int r = 0; r < 5; ++r)
      if (i >= centres[r] - 1500 && i < centres[r] + 1500) run = r + 1;
    char row[96];
    if (run > 0)
      std::snprintf(row, sizeof row, "R%07d,X%08d,2024-03-01,10.25,some note text here\n", run, run);
    else
      std::snprintf(row, sizeof row, "C%07d,O%08d,2024-03-%02d,%02d.25,some note text here\n", i % 5000, i,
                    1 + i % 28, 10 + i % 90);
    csv += row;
  }
  return csv;
}

}  // namespace

TEST_CASE("repeats and duplicates do not depend on the number of threads") {
  testing::TempFile file(repeats_file());
  // Five runs of 3000 identical records: 2999 repeats each, and as many duplicates.
  const uint64_t expected = 5 * 2999;
  REQUIRE(std::filesystem::file_size(file.path()) >= uint64_t{4} * (4 << 20));
  auto read_with = [&](unsigned threads, bool dedupe) {
    ReaderOptions o;
    o.threads = threads;
    RecordFingerprints seen;
    if (dedupe) o.dedupe = &seen;
    return read_path(file.path(), o);
  };
  // Filters on the date column, read by every part at once (the parts share
  // one program, so its date reading must keep no per-thread cache).
  auto filtered_with = [&](unsigned threads) {
    ReaderOptions o;
    o.threads = threads;
    o.rows.filters.emplace_back(RowRole::kWhere, "date >= '2024-03-10' and date < '2024-03-20'");
    return read_path(file.path(), o);
  };
  const Read filtered_one = filtered_with(1);
  CHECK(filtered_one.report.counts.rows_filtered > 0);
  for (const auto& row : filtered_one.rows) REQUIRE((row.date >= day(2024, 3, 10) && row.date < day(2024, 3, 20)));
  for (unsigned threads : {1u, 2u, 3u, 4u}) {
    const Read f = filtered_with(threads);
    CHECK(f.report.counts.rows_filtered == filtered_one.report.counts.rows_filtered);
    CHECK(f.rows == filtered_one.rows);
    const Read r = read_with(threads, false);
    CHECK(r.report.parts >= threads);
    CHECK(r.report.counts.rows_repeated == expected);
    CHECK(r.report.counts.rows_duplicate == 0);
    const Read d = read_with(threads, true);
    CHECK(d.report.parts == 1);  // --dedupe reads a file in order, on one thread
    CHECK(d.report.counts.rows_repeated == expected);
    CHECK(d.report.counts.rows_duplicate == expected);
    CHECK(d.rows.size() == kRepeatRows - expected);
  }
}

TEST_CASE("a repeat is seen across read blocks: every record twice, varying lengths") {
  // ~5 MB read in 1 MiB blocks: some blocks end between the two copies.
  std::string csv = "customer_id,date,amount,note\n";
  constexpr int kPairs = 60000;
  for (int i = 0; i < kPairs; ++i) {
    std::string row = "C";
    row += std::to_string(i);
    row += ",2024-01-01,1,";
    row.append(static_cast<size_t>(10 + i % 61), static_cast<char>('a' + i % 26));
    row += '\n';
    csv += row;
    csv += row;
  }
  ReaderOptions o;
  o.threads = 1;
  auto r = read(csv, o);
  CHECK(r.report.counts.rows_read == 2 * kPairs);
  CHECK(r.report.counts.rows_repeated == kPairs);
}

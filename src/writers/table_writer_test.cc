#include <doctest/doctest.h>

#include <atomic>

#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "../tests/test_util.h"
#include "tiers/error.h"
#include "writers/table_writer.h"

using namespace tiers;
using namespace tiers::writers;

namespace {

Table sample() {
  Column id = Column::text("customer_id"), n = Column::integer("n"), m = Column::money("monetary");
  Column d = Column::date("day");
  id.push_text("plain");
  id.push_text("a,\"b\"\nc|d\te\\");
  n.push_number(-5);
  n.push_null();
  m.push_number(125000);
  m.push_null();
  d.push_number(0);
  d.push_null();
  Table t;
  for (Column* c : {&id, &n, &m, &d}) t.add(std::move(*c));
  return t;
}

std::string render(Format format, const Table& table = sample()) {
  testing::TempFile file("");
  {
    const int fd = ::open(file.path().c_str(), O_WRONLY | O_TRUNC);
    OutputStream out(fd, "test", true);
    write_table(table, format, out);
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("csv quotes only what needs it") {
  CHECK(render(Format::kCsv) ==
        "customer_id,n,monetary,day\n"
        "plain,-5,12.50,1970-01-01\n"
        "\"a,\"\"b\"\"\nc|d\te\\\",,,\n");
}

TEST_CASE("csv quotes a field for a comma, quote, CR or LF at any position, and only then") {
  // Fields are checked eight bytes at a time: try every position in the
  // words and in the tail, and the bytes next to the special ones.
  const std::string others = std::string("+-!#\x01\x7f\x80\xaa\xff") + "\x0b\x0c\x0e\x21\x23\x2b\x2d";
  for (size_t length : {1, 7, 8, 9, 16, 21}) {
    for (char special : {',', '"', '\r', '\n'}) {
      for (size_t at = 0; at < length; ++at) {
        std::string field;
        for (size_t i = 0; i < length; ++i) field.push_back(others[(i + at) % others.size()]);
        Column plain = Column::text("f");
        plain.push_text(field);
        Table t1;
        t1.add(std::move(plain));
        CHECK(render(Format::kCsv, t1) == "f\n" + field + "\n");
        field[at] = special;
        std::string quoted = "\"";
        for (char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        Column col = Column::text("f");
        col.push_text(field);
        Table t2;
        t2.add(std::move(col));
        CHECK(render(Format::kCsv, t2) == "f\n" + quoted + "\"\n");
      }
    }
  }
}

TEST_CASE("tsv escapes tab, newline and backslash") {
  CHECK(render(Format::kTsv) ==
        "customer_id\tn\tmonetary\tday\n"
        "plain\t-5\t12.50\t1970-01-01\n"
        "a,\"b\"\\nc|d\\te\\\\\t\t\t\n");
}

TEST_CASE("json: numbers as numbers, empty as null") {
  CHECK(render(Format::kJson) ==
        "[\n"
        "{\"customer_id\":\"plain\",\"n\":-5,\"monetary\":12.50,\"day\":\"1970-01-01\"},\n"
        "{\"customer_id\":\"a,\\\"b\\\"\\nc|d\\te\\\\\",\"n\":null,\"monetary\":null,\"day\":null}\n"
        "]\n");
}

TEST_CASE("markdown: numbers right-aligned, pipes escaped") {
  CHECK(render(Format::kMarkdown) ==
        "| customer_id | n | monetary | day |\n"
        "| --- | ---: | ---: | --- |\n"
        "| plain | -5 | 12.50 | 1970-01-01 |\n"
        "| a,\"b\"<br>c\\|d\te\\ |  |  |  |\n");
}

namespace {
/// 70,000 rows of about 90 bytes: 16384-row blocks of about 1.5 MiB.
Table big_table(std::string& expected) {
  Column id = Column::text("customer_id"), n = Column::integer("n");
  const std::string padding(80, 'x');
  for (int i = 0; i < 70'000; ++i) {
    std::string text = "C";
    text += std::to_string(i);
    text += padding;
    id.push_text(text);
    n.push_number(i * 7 - 3);
    expected += text;
    expected += ',';
    expected += std::to_string(i * 7 - 3);
    expected += '\n';
  }
  Table t;
  t.add(std::move(id));
  t.add(std::move(n));
  return t;
}
}  // namespace

TEST_CASE("a big table: blocks of a megabyte and more go out whole, in order, on any thread count") {
  // Blocks are written straight from where they were formatted, not
  // through the stream's buffer; with threads, while the next are formatted.
  std::string expected = "customer_id,n\n";
  const Table t = big_table(expected);
  for (unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    testing::TempFile file("");
    {
      const int fd = ::open(file.path().c_str(), O_WRONLY | O_TRUNC);
      OutputStream out(fd, "test", true);
      out.write("small write first;");  // buffered bytes go out before a block
      write_table(t, Format::kCsv, out, threads);
    }
    std::ifstream in(file.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string want = "small write first;";
    want += expected;
    CHECK(ss.str() == want);
  }
}

TEST_CASE("a write that fails stops the formatting threads and reports the output") {
  std::string expected;
  const Table t = big_table(expected);
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    const int fd = ::open("/dev/full", O_WRONLY);
    REQUIRE(fd >= 0);
    OutputStream out(fd, "full.csv", true);
    try {
      write_table(t, Format::kCsv, out, threads);
      FAIL("no error writing to /dev/full");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::kIo);
      CHECK(std::string(e.what()).find("full.csv: write failed") != std::string::npos);
    }
  }
}

namespace {

/// Rows [from, to) of `t`, copied cell by cell.
Table slice(const Table& t, size_t from, size_t to) {
  Table out;
  for (size_t c = 0; c < t.width(); ++c) {
    const Column& s = t.column(c);
    Column col = s.type() == ColumnType::kText ? Column::text(s.name())
                 : s.type() == ColumnType::kDate ? Column::date(s.name())
                 : s.type() == ColumnType::kInt ? Column::integer(s.name())
                 : Column::decimal(s.name(), s.scale(), s.min_digits());
    for (size_t r = from; r < to; ++r) {
      if (!s.has(r)) col.push_null();
      else if (s.type() == ColumnType::kText) col.push_text(s.text(r));
      else col.push_number(s.number(r));
    }
    out.add(std::move(col));
  }
  return out;
}

std::string render_blocks(Format format, const Table& table, size_t block_rows, unsigned threads = 2) {
  testing::TempFile file("");
  std::atomic<size_t> calls{0};  // blocks are made on `threads` threads at once
  {
    const int fd = ::open(file.path().c_str(), O_WRONLY | O_TRUNC);
    OutputStream out(fd, "test", true);
    write_table_blocks(
        table.rows(), block_rows,
        [&](size_t from, size_t to) {
          ++calls;
          return slice(table, from, to);
        },
        format, out, threads);
  }
  // Every block asked for once; an empty table is one empty block.
  CHECK(calls == std::max<size_t>(1, (table.rows() + block_rows - 1) / block_rows));
  std::ifstream in(file.path(), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a table written a block at a time has the bytes of the whole table") {
  // Seven rows: the sample's two (quotes, separators, empty cells) and five more.
  Table t = sample();
  Table more = sample();
  Table seven;
  for (size_t c = 0; c < t.width(); ++c) {
    Column col = slice(t, 0, 2).column(c);
    for (size_t k = 0; k < 5; ++k) {
      const Column& s = more.column(c);
      const size_t r = k % 2;
      if (!s.has(r)) col.push_null();
      else if (s.type() == ColumnType::kText) col.push_text(std::string(s.text(r)) + std::to_string(k));
      else col.push_number(s.number(r) + static_cast<int64_t>(k));
    }
    seven.add(std::move(col));
  }
  REQUIRE(seven.rows() == 7);
  for (Format format : {Format::kCsv, Format::kTsv, Format::kJson, Format::kMarkdown}) {
    CAPTURE(static_cast<int>(format));
    const std::string whole = render(format, seven);
    for (size_t block : {1u, 2u, 3u, 6u, 7u, 100u}) {
      CAPTURE(block);
      for (unsigned threads : {1u, 2u, 3u}) {
        CAPTURE(threads);
        CHECK(render_blocks(format, seven, block, threads) == whole);
      }
    }
    const Table empty = slice(seven, 0, 0);
    CHECK(render_blocks(format, empty, 4) == render(format, empty));
  }
  // And the JSON is one array however it was cut: a comma after every row
  // but the last, the bracket closed once.
  CHECK(render_blocks(Format::kJson, seven, 3).find("}\n]\n") != std::string::npos);
  CHECK(render(Format::kJson, slice(seven, 0, 0)) == "[\n]\n");
}

TEST_CASE("a block that cannot be made stops the writing with its error, on any thread count") {
  const Table t = sample();
  for (unsigned threads : {1u, 2u, 4u}) {
    for (size_t bad : {size_t{0}, size_t{5}, size_t{39}}) {
      CAPTURE(threads);
      CAPTURE(bad);
      testing::TempFile file("");
      const int fd = ::open(file.path().c_str(), O_WRONLY | O_TRUNC);
      OutputStream out(fd, "test", true);
      std::atomic<size_t> made{0};
      try {
        write_table_blocks(
            40, 1,
            [&](size_t from, size_t) {
              if (from == bad) throw Error(ExitCode::kData, "block " + std::to_string(from));
              ++made;
              return slice(t, 0, 1);
            },
            Format::kCsv, out, threads);
        FAIL("no error from the bad block");
      } catch (const Error& e) {
        CHECK(std::string(e.what()) == "block " + std::to_string(bad));
      }
      // On one thread the blocks before it were made, none after; on
      // more, at most a few buffers' worth past it.
      if (threads == 1) CHECK(made.load() == bad);
      CHECK(made.load() <= bad + 2 * threads);
    }
  }
}

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../tests/tokenize_helper.h"
#include "io/csv_tokenizer.h"

using namespace tiers::io;

namespace {

using Parsed = tiers::testing::Tokenized;

std::vector<Parsed> tokenize(const std::string& input, size_t chunk = 0, Dialect dialect = {}) {
  return tiers::testing::tokenize(input, chunk, dialect);
}

/// Same records whatever the chunking.
std::vector<Parsed> tokenize_all_ways(const std::string& input, Dialect dialect = {}) {
  auto whole = tokenize(input, 0, dialect);
  for (size_t chunk : {1, 2, 3, 7}) {
    auto parts = tokenize(input, chunk, dialect);
    REQUIRE(parts.size() == whole.size());
    for (size_t i = 0; i < whole.size(); ++i) {
      CHECK(parts[i].fields == whole[i].fields);
      CHECK(parts[i].problem == whole[i].problem);
      CHECK(parts[i].line == whole[i].line);
      CHECK(parts[i].raw == whole[i].raw);
    }
  }
  return whole;
}

using Fields = std::vector<std::string>;

}  // namespace

TEST_CASE("plain records, LF and CRLF, missing final newline") {
  auto r = tokenize_all_ways("a,b,c\n1,2,3\r\n4,5,6");
  REQUIRE(r.size() == 3);
  CHECK(r[0].fields == Fields{"a", "b", "c"});
  CHECK(r[1].fields == Fields{"1", "2", "3"});
  CHECK(r[2].fields == Fields{"4", "5", "6"});
  CHECK(r[2].line == 3);
  CHECK(r[1].raw == "1,2,3");
}

TEST_CASE("quoted fields: delimiters, doubled quotes, newlines") {
  auto r = tokenize_all_ways("id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"\"\n5,x\n");
  REQUIRE(r.size() == 6);
  CHECK(r[1].fields == Fields{"1", "a, b"});
  CHECK(r[2].fields == Fields{"2", "say \"hi\""});
  CHECK(r[3].fields == Fields{"3", "two\nlines"});
  CHECK(r[3].line == 4);
  CHECK(r[4].fields == Fields{"4", ""});
  CHECK(r[4].line == 6);  // the record after the two-line one starts on line 6
  CHECK(r[5].fields == Fields{"5", "x"});
}

TEST_CASE("quoted field with CRLF inside and CRLF after") {
  auto r = tokenize_all_ways("\"a\r\nb\",c\r\nd,e\r\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].fields == Fields{"a\r\nb", "c"});
  CHECK(r[1].fields == Fields{"d", "e"});
  CHECK(r[1].line == 3);
}

TEST_CASE("empty lines are skipped but counted") {
  auto r = tokenize_all_ways("\n\na,b\n\r\n\nc,d\n\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].line == 3);
  CHECK(r[1].line == 6);
}

TEST_CASE("empty fields and a trailing delimiter") {
  auto r = tokenize_all_ways(",,\na,,\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].fields == Fields{"", "", ""});
  CHECK(r[1].fields == Fields{"a", "", ""});
}

TEST_CASE("a quoted last field at the end of input") {
  auto r = tokenize_all_ways("a,\"b\"");
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields == Fields{"a", "b"});
}

TEST_CASE("stray quote: the record is bad, the next one parses") {
  auto r = tokenize_all_ways("1,ab\"c,3\n2,ok,4\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].problem == RecordProblem::kStrayQuote);
  CHECK(r[0].raw == "1,ab\"c,3");
  CHECK(r[1].problem == RecordProblem::kNone);
  CHECK(r[1].fields == Fields{"2", "ok", "4"});
  CHECK(r[1].line == 2);
}

TEST_CASE("text after a closing quote: bad up to the end of that line") {
  auto r = tokenize_all_ways("1,\"ab\"c,3\n2,\"x\ny\",5\n3,ok,6\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].problem == RecordProblem::kJunkAfterQuote);
  CHECK(r[0].raw == "1,\"ab\"c,3");
  CHECK(r[1].fields == Fields{"2", "x\ny", "5"});
  CHECK(r[2].fields == Fields{"3", "ok", "6"});
  CHECK(r[2].line == 4);
}

TEST_CASE("text after the quote closing a field that holds a line feed: only the opening line is bad") {
  // Line 2's quote is closed on line 3, where z follows it: line 2 is
  // rejected alone, and line 3 read as a record of its own (a stray quote).
  auto r = tokenize_all_ways("1,ok,2\n2,\"x\ny\"z,5\n3,ok,6\n");
  REQUIRE(r.size() == 4);
  CHECK(r[1].problem == RecordProblem::kJunkAfterLines);
  CHECK(r[1].line == 2);
  CHECK(r[1].raw == "2,\"x");
  CHECK(r[2].problem == RecordProblem::kStrayQuote);
  CHECK(r[2].line == 3);
  CHECK(r[2].raw == "y\"z,5");
  CHECK(r[3].fields == Fields{"3", "ok", "6"});
  CHECK(r[3].line == 4);
}

TEST_CASE("a quote opened by mistake does not take the lines up to the next quoted field with it") {
  // The quote opened on line 1 is "closed" by the opening quote of line 4's
  // "C4", which C follows. Lines 2 to 5 are records as written.
  auto r = tokenize_all_ways("1,\"C1,5\r\n2,C2,6\r\n3,C3,7\n4,\"C4\",8\n5,C5,9\n");
  REQUIRE(r.size() == 5);
  CHECK(r[0].problem == RecordProblem::kJunkAfterLines);
  CHECK(r[0].raw == "1,\"C1,5");
  CHECK(r[1].fields == Fields{"2", "C2", "6"});
  CHECK(r[1].line == 2);
  CHECK(r[2].fields == Fields{"3", "C3", "7"});
  CHECK(r[3].fields == Fields{"4", "C4", "8"});
  CHECK(r[3].line == 4);
  CHECK(r[4].fields == Fields{"5", "C5", "9"});
  CHECK(r[4].line == 5);
}

TEST_CASE("junk after a one-line quoted field is judged on its own line, whatever came before") {
  // The first field holds a line feed and is well closed; the second, on
  // line 2, is followed by d: the record is bad up to the end of line 2.
  auto r = tokenize_all_ways("\"a\nb\",\"c\"d\nok\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].problem == RecordProblem::kJunkAfterQuote);
  CHECK(r[0].raw == "\"a\nb\",\"c\"d");
  CHECK(r[1].fields == Fields{"ok"});
  CHECK(r[1].line == 3);
}

TEST_CASE("unterminated quote: bad to the first line feed after it, then go on") {
  auto r = tokenize_all_ways("1,\"open,3\n2,ok,4\n3,ok,5\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].problem == RecordProblem::kUnterminatedQuote);
  CHECK(r[0].raw == "1,\"open,3");
  CHECK(r[1].fields == Fields{"2", "ok", "4"});
  CHECK(r[1].line == 2);
  CHECK(r[2].line == 3);
}

TEST_CASE("a quote left open longer than max_record_bytes is unterminated") {
  Dialect d;
  d.max_record_bytes = 16;
  // The quote opened on line 1 would close on line 3, 25 bytes later.
  auto r = tokenize_all_ways("1,\"abc\ndefghijklmnop\nq\",2\n3,4\n", d);
  REQUIRE(r.size() == 4);
  CHECK(r[0].problem == RecordProblem::kUnterminatedQuote);
  CHECK(r[0].line == 1);
  CHECK(r[1].fields == Fields{"defghijklmnop"});
  CHECK(r[1].line == 2);
  CHECK(r[2].problem == RecordProblem::kStrayQuote);  // q",2: a quote inside an unquoted field
  CHECK(r[3].fields == Fields{"3", "4"});
  CHECK(r[3].line == 4);
}

TEST_CASE("over-long record: bad, raw cut, next line parses") {
  Dialect d;
  d.max_record_bytes = 8;
  auto r = tokenize_all_ways("0123456789abcdef,x\nok,1\n", d);
  REQUIRE(r.size() == 2);
  CHECK(r[0].problem == RecordProblem::kTooLong);
  CHECK(r[0].raw == "01234567");
  CHECK(r[1].fields == Fields{"ok", "1"});
  CHECK(r[1].line == 2);
}

TEST_CASE("other delimiters") {
  Dialect d;
  d.delimiter = ';';
  auto r = tokenize_all_ways("a;\"b;c\";1,5\n", d);
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields == Fields{"a", "b;c", "1,5"});
}

TEST_CASE("lone CR inside an unquoted field is data; CR before LF is not") {
  auto r = tokenize_all_ways("a\rb,c\r\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields == Fields{"a\rb", "c"});
}

TEST_CASE("empty input gives no records") {
  CHECK(tokenize_all_ways("").empty());
  CHECK(tokenize_all_ways("\n\r\n").empty());
}

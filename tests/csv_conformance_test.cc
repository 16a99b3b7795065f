// Conformance table: the standard CSV edge cases through CsvTokenizer.
//
// Each row is an input and the records RFC 4180 (plus the recovery rules
// in csv_tokenizer.h) says it holds. Every input is also fed 1, 2, 3 and 7
// bytes at a time: the records must not depend on where blocks end.
// Expected records are written by hand from the RFC, not from the output.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/csv_tokenizer.h"
#include "tokenize_helper.h"

using namespace tiers::io;

namespace {

struct Expected {
  std::vector<std::string> fields;  ///< empty when the record is bad
  RecordProblem problem = RecordProblem::kNone;
  uint64_t line = 0;  ///< where the record starts; 0 = not checked
};

struct Case {
  const char* name;
  std::string input;
  std::vector<Expected> records;
  char delimiter = ',';
};

Expected bad(RecordProblem p, uint64_t line = 0) { return {{}, p, line}; }

using S = std::string;

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {
      {"simple", "a,b,c\n1,2,3\n", {{{"a", "b", "c"}}, {{"1", "2", "3"}}}},
      {"simple CRLF", "a,b,c\r\n1,2,3\r\n", {{{"a", "b", "c"}}, {{"1", "2", "3"}}}},
      {"no final line break", "a,b\n1,2", {{{"a", "b"}}, {{"1", "2"}}}},
      {"single column", "a\nb\n", {{{"a"}}, {{"b"}}}},
      {"delimiter in quotes", "first,address\nJohn,\"120 Any St., Anytown\"\n",
       {{{"first", "address"}}, {{"John", "120 Any St., Anytown"}}}},
      {"only a delimiter, quoted", "\",\",x\n", {{{",", "x"}}}},
      {"escaped quotes", "a,b\n1,\"ha \"\"ha\"\" ha\"\n3,4\n",
       {{{"a", "b"}}, {{"1", "ha \"ha\" ha"}}, {{"3", "4"}, RecordProblem::kNone, 3}}},
      {"a field that is one escaped quote", "\"\"\"\",x\n", {{{"\"", "x"}}}},
      {"newline in quotes", "a,b,c\n1,2,3\n\"Once upon \na time\",5,6\n7,8,9\n",
       {{{"a", "b", "c"}},
        {{"1", "2", "3"}},
        {{"Once upon \na time", "5", "6"}, RecordProblem::kNone, 3},
        {{"7", "8", "9"}, RecordProblem::kNone, 5}}},
      {"CRLF in quotes, CRLF records", "a,b\r\n\"x\r\ny\",2\r\n3,4\r\n",
       {{{"a", "b"}}, {{"x\r\ny", "2"}}, {{"3", "4"}, RecordProblem::kNone, 4}}},
      {"quotes and newlines", "a,b\n1,\"ha \n\"\"ha\"\" \nha\"\n3,4\n",
       {{{"a", "b"}}, {{"1", "ha \n\"ha\" \nha"}}, {{"3", "4"}, RecordProblem::kNone, 5}}},
      {"quoted CRLF at the end of input", "\"x\r\ny\"", {{{"x\r\ny"}}}},
      {"empty quoted fields", "a,b,c\n1,\"\",\"\"\n2,3,4\n",
       {{{"a", "b", "c"}}, {{"1", "", ""}}, {{"2", "3", "4"}}}},
      {"empty unquoted fields", ",,\n1,,\n", {{{"", "", ""}}, {{"1", "", ""}}}},
      {"trailing delimiter", "a,b,\n", {{{"a", "b", ""}}}},
      {"empty quoted last field at the end", "a,\"\"", {{{"a", ""}}}},
      {"spaces around fields are data", " a , b \n", {{{" a ", " b "}}}},
      {"a line of spaces is a record", "a\n  \nb\n", {{{"a"}}, {{"  "}, RecordProblem::kNone, 2}, {{"b"}}}},
      {"space before an opening quote: stray quote", "x, \"a\",b\ny,z\n",
       {bad(RecordProblem::kStrayQuote, 1), {{"y", "z"}, RecordProblem::kNone, 2}}},
      {"space after a closing quote: junk", "\"a\" ,b\ny,z\n",
       {bad(RecordProblem::kJunkAfterQuote, 1), {{"y", "z"}, RecordProblem::kNone, 2}}},
      {"quote inside an unquoted field", "ab\"c,d\ne,f\n", {bad(RecordProblem::kStrayQuote), {{"e", "f"}}}},
      {"a quote closed on a later line with text after it: its line alone is bad", "a,\"b\nc,d\ne,\"f\"\n",
       {bad(RecordProblem::kJunkAfterLines, 1), {{"c", "d"}, RecordProblem::kNone, 2},
        {{"e", "f"}, RecordProblem::kNone, 3}}},
      {"unterminated quote at the end", "a,\"bc\nd,e", {bad(RecordProblem::kUnterminatedQuote), {{"d", "e"}, RecordProblem::kNone, 2}}},
      {"UTF-8 fields", "客户,金额\n张三,12.50\n\xF0\x9F\x98\x80,\"ʤ, ü\"\n",
       {{{"客户", "金额"}}, {{"张三", "12.50"}}, {{"\xF0\x9F\x98\x80", "ʤ, ü"}}}},
      {"a BOM is the reader's business: it stays in the first field", "\xEF\xBB\xBF" "a,b\n",
       {{{"\xEF\xBB\xBF" "a", "b"}}}},
      {"NUL bytes are data to the tokenizer", S("a\0b,c\n", 6), {{{S("a\0b", 3), "c"}}}},
      {"blank lines are skipped, lines still counted", "\n\na,b\n\r\n\n1,2\n\n",
       {{{"a", "b"}, RecordProblem::kNone, 3}, {{"1", "2"}, RecordProblem::kNone, 6}}},
      {"ragged rows are records; counting fields is the reader's job", "a,b\n1\n1,2,3\n",
       {{{"a", "b"}}, {{"1"}}, {{"1", "2", "3"}}}},
      {"a lone CR is data, not a line end (RFC 4180 ends lines with CRLF)", "a,b\rc,d\n",
       {{{"a", "b\rc", "d"}}}},
      {"semicolons with decimal commas", "a;b\n\"x;y\";12,50\n", {{{"a", "b"}}, {{"x;y", "12,50"}}}, ';'},
      {"tabs, a quoted tab", "a\tb\n\"x\ty\"\t2\n", {{{"a", "b"}}, {{"x\ty", "2"}}}, '\t'},
      {"pipes", "a|b\n1|\"|\"\n", {{{"a", "b"}}, {{"1", "|"}}}, '|'},
  };
  return kCases;
}

struct Got {
  std::vector<std::string> fields;
  RecordProblem problem;
  uint64_t line;
};

std::vector<Got> tokenize(const std::string& input, size_t chunk, char delimiter,
                          size_t max_record_bytes = size_t{1} << 20) {
  Dialect dialect;
  dialect.delimiter = delimiter;
  dialect.max_record_bytes = max_record_bytes;
  std::vector<Got> out;
  for (auto& t : tiers::testing::tokenize(input, chunk, dialect))
    out.push_back(Got{std::move(t.fields), t.problem, t.line});
  return out;
}

void check_case(const Case& c) {
  for (size_t chunk : {0, 1, 2, 3, 7}) {
    const std::string name = c.name;
    CAPTURE(name);
    CAPTURE(chunk);
    const auto got = tokenize(c.input, chunk, c.delimiter);
    REQUIRE(got.size() == c.records.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CAPTURE(i);
      CHECK(got[i].problem == c.records[i].problem);
      if (c.records[i].problem == RecordProblem::kNone) CHECK(got[i].fields == c.records[i].fields);
      if (c.records[i].line != 0) CHECK(got[i].line == c.records[i].line);
    }
  }
}

}  // namespace

TEST_CASE("csv conformance table") {
  for (const Case& c : cases()) check_case(c);
}

// A final line holding only CR (a CRLF file cut after its CR) is an empty
// line and skipped, as "\r\n" lines are (found by the conformance table).
TEST_CASE("csv conformance: a final lone CR is an empty line") {
  check_case({"final CR", "a,b\n1,2\n\r", {{{"a", "b"}}, {{"1", "2"}}}});
}

// The limit counts a quoted field's closing quote (found by
// fuzz_csv_tokenizer): with max_record_bytes = 6, `abcdefg` and `"abcde"`
// are both 7 bytes and both rejected.
TEST_CASE("csv conformance: the record limit is the same for quoted fields") {
  Dialect d;
  d.max_record_bytes = 6;
  Record record;
  for (const std::string input : {"abcdefg\nx\n", "\"abcde\"\nx\n"}) {
    CsvTokenizer tokenizer(d);
    size_t pos = 0;
    REQUIRE(tokenizer.next(input.data(), input.size(), pos, true, record) == Step::kRecord);
    CAPTURE(input);
    CHECK(record.problem != RecordProblem::kNone);
  }
}

// The reason for an over-long record does not depend on where the input
// was cut (found by fuzz_csv_tokenizer, minimized): with max_record_bytes =
// 4, `abcd,"` holds 5 bytes before its quote opens, so it is too long,
// read at once or byte by byte.
TEST_CASE("csv conformance: the problem of an over-long record does not depend on chunking") {
  const std::string input = "abcd,\"";
  const auto whole = tokenize(input, 0, ',', 4);
  const auto bytewise = tokenize(input, 1, ',', 4);
  REQUIRE(whole.size() == 1);
  REQUIRE(bytewise.size() == 1);
  CHECK(whole[0].problem == RecordProblem::kTooLong);
  CHECK(bytewise[0].problem == whole[0].problem);
}

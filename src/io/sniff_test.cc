#include <doctest/doctest.h>

#include <string>

#include "io/input_format.h"
#include "io/sniff.h"

using namespace tiers::io;

namespace {

char sniff(std::string_view head, bool complete = true) { return sniff_delimiter(head, complete).delimiter; }

}  // namespace

TEST_CASE("sniff: each candidate delimiter") {
  CHECK(sniff("a,b,c\n1,2,3\n4,5,6\n") == ',');
  CHECK(sniff("a;b;c\n1;2;3\n") == ';');
  CHECK(sniff("a\tb\n1\t2,5\n") == '\t');
  CHECK(sniff("a|b|c\n1|x,y|3\n") == '|');
  CHECK(sniff("a,b\r\n1,2\r\n") == ',');
}

TEST_CASE("sniff: semicolons with decimal commas pick the semicolon") {
  auto g = sniff_delimiter("customer;date;amount\nC1;2024-01-01;12,50\nC2;2024-01-02;3,75\n", true);
  CHECK(g.delimiter == ';');
  CHECK(g.confident);
  CHECK(g.header_fields == 3);
  CHECK(g.rows == 2);
  CHECK(g.matching_rows == 2);
  // Even when the header has a comma too: ';' splits it into more fields.
  CHECK(sniff("id;Betrag, EUR;Datum\n1;12,50;2024-01-01\n2;3,75;2024-01-02\n") == ';');
  // And when every amount has a decimal comma and the header has a comma.
  CHECK(sniff("kunde;umsatz,brutto\nK1;1,5\nK2;2,25\n") == ';');
}

TEST_CASE("sniff: quoted fields are honoured") {
  CHECK(sniff("name,note\n\"Smith; John\",\"a;b;c\"\n\"Doe; Jane\",x\n") == ',');
  CHECK(sniff("name;note\n\"Smith, John\";\"a,b\nc\"\n\"Doe, Jane\";x\n") == ';');
}

TEST_CASE("sniff: ragged rows lower a candidate; the best one wins") {
  // With ',' the header has 2 fields and the rows 2, 3, 2; with ';' 2, 2, 2.
  CHECK(sniff("a;b,x\n1;2\n3;4,5,6\n7;8\n") == ';');
  auto g = sniff_delimiter("a,b\n1,2\n3\n4,5\n", true);
  CHECK(g.delimiter == ',');
  CHECK(g.matching_rows == 2);
  CHECK(!g.confident);  // 2 of 3 rows
}

TEST_CASE("sniff: a cut-off last record is ignored unless the head is the whole file") {
  auto g = sniff_delimiter("a;b;c\n1;2;3\n4;5", false);
  CHECK(g.delimiter == ';');
  CHECK(g.rows == 1);
  CHECK(sniff_delimiter("a;b;c\n1;2;3\n4;5", true).rows == 2);
}

TEST_CASE("sniff: one column, BOM, header only, nothing") {
  auto one = sniff_delimiter("customer\nC1\nC2\n", true);
  CHECK(one.delimiter == ',');
  CHECK(!one.confident);
  CHECK(sniff("\xEF\xBB\xBF" "a;b\n1;2\n") == ';');
  CHECK(sniff("a|b|c\n") == '|');
  CHECK(sniff("") == ',');
}

TEST_CASE("sniff: .tsv implies tab") {
  CHECK(delimiter_from_path("sales.tsv") == '\t');
  CHECK(delimiter_from_path("SALES.TSV") == '\t');
  CHECK(delimiter_from_path("dir/x.tab") == '\t');
  CHECK(delimiter_from_path("x.tsv.gz") == '\t');
  CHECK(delimiter_from_path("x.tsv.zst") == '\t');
  CHECK(!delimiter_from_path("x.csv"));
  CHECK(!delimiter_from_path("x.csv.gz"));
  CHECK(!delimiter_from_path("tsv"));
  CHECK(!delimiter_from_path("-"));
}

TEST_CASE("Excel's sep= line: the delimiter it names and its length") {
  auto check = [](std::string_view text, char delimiter, size_t length) {
    CAPTURE(text);
    const auto line = excel_sep_line(text);
    REQUIRE(line.has_value());
    CHECK(line->delimiter == delimiter);
    CHECK(line->length == length);
  };
  check("sep=;\ncustomer;date", ';', 6);
  check("sep=,\r\ncustomer,date", ',', 7);
  check("SEP=|\n", '|', 6);
  check("Sep=\t\n", '\t', 6);
  check("sep=;", ';', 5);  // the whole file
  for (std::string_view text : {"sep=;x\n", "sep=\n", "sep=:\n", "sep=;;\n", "sep;\n", "sep=;\r",
                                "se", "", "separator,date\n", " sep=;\n", "sep =;\n"}) {
    CAPTURE(text);
    CHECK_FALSE(excel_sep_line(text).has_value());
  }
}

TEST_CASE("the delimiter: --delimiter, then the sep= line, then the file name, then detection") {
  const SepLine semicolon{';', 6};
  InputFormat f;
  choose_delimiter(FormatChoice{}, "a.tsv", "a,b\n1,2\n", true, f, semicolon);
  CHECK(f.delimiter == ';');
  CHECK(f.delimiter_from == "sep= line");
  FormatChoice given;
  given.delimiter = '|';
  choose_delimiter(given, "a.csv", "a,b\n", true, f, semicolon);
  CHECK(f.delimiter == '|');
  CHECK(f.delimiter_from == "--delimiter");
  choose_delimiter(FormatChoice{}, "a.tsv", "a,b\n1,2\n", true, f);
  CHECK(f.delimiter == '\t');
  CHECK(f.delimiter_from == "file name");
}

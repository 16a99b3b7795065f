#include <doctest/doctest.h>

#include <string>

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

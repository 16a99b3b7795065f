#include <doctest/doctest.h>

#include "aggregate/aggregator.h"
#include "aggregate/attribute_join.h"
#include "io/attributes.h"
#include "../tests/test_util.h"
#include "tiers/error.h"

using namespace tiers;

namespace {
std::vector<std::string> row(const Table& t, size_t r) {
  std::vector<std::string> out;
  for (size_t c = 0; c < t.width(); ++c) out.push_back(t.column(c).value(r));
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("attribute table: BOM, quoting, trimming, empty cells; key recognised") {
  testing::TempFile f("\xEF\xBB\xBFname, Lead ID ,note\n\"Ada, Ltd\", L2 ,\"two\nlines\"\nBo,L1,\n");
  const io::AttributeTable t = io::read_attributes(f.path(), "", io::Dialect{});
  CHECK(t.key == "Lead ID");
  REQUIRE(t.rows() == 2);
  CHECK(t.ids.text(0) == "L2");
  CHECK(t.columns[0].name() == "name");
  CHECK(t.columns[0].text(0) == "Ada, Ltd");
  CHECK(t.columns[1].text(0) == "two\nlines");
  CHECK_FALSE(t.columns[1].has(1));
  CHECK(t.lines == std::vector<uint64_t>{2, 4});
}

TEST_CASE("attribute table with lone-CR line ends (Excel for Mac) reads like LF") {
  testing::TempFile f("name,lead_id,note\r\"Ada, Ltd\",L2,\"two\rlines\"\rBo,L1,\r");
  const io::AttributeTable t = io::read_attributes(f.path(), "", io::Dialect{});
  REQUIRE(t.rows() == 2);
  CHECK(t.ids.text(0) == "L2");
  CHECK(t.ids.text(1) == "L1");
  CHECK(t.columns[1].text(0) == "two\nlines");
  CHECK(t.lines == std::vector<uint64_t>{2, 4});
}

TEST_CASE("attribute table in UTF-16 with a byte-order mark reads without --encoding") {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("lead_id,name\r\nL1,Ada\r\n")) utf16 += std::string{c, '\0'};
  testing::TempFile f(utf16);
  const io::AttributeTable t = io::read_attributes(f.path(), "", io::Dialect{});
  REQUIRE(t.rows() == 1);
  CHECK(t.ids.text(0) == "L1");
  CHECK(t.columns[0].text(0) == "Ada");
}

TEST_CASE("attribute table with Excel's sep= line") {
  testing::TempFile f("sep=;\nlead_id;name\nL1;Ada, Ltd\nL2;Bo\n");
  const io::AttributeTable t = io::read_attributes(f.path(), "", io::Dialect{});
  REQUIRE(t.rows() == 2);
  CHECK(t.ids.text(0) == "L1");
  CHECK(t.columns[0].text(0) == "Ada, Ltd");
  CHECK(t.lines == std::vector<uint64_t>{3, 4});
}

TEST_CASE("attribute table: columns without a name or with a repeated name are renamed, and said so") {
  testing::TempFile f("lead_id,name,name,,phone,name_2,column_4,\nL1,Ada,Ada Lovelace,x,123,n2,c4,\n");
  const io::AttributeTable t = io::read_attributes(f.path(), "", io::Dialect{});
  CHECK(io::attribute_names(t) == V{"name", "name_3", "column_4_2", "phone", "name_2", "column_4", "column_8"});
  REQUIRE(t.rows() == 1);
  CHECK(t.columns[1].text(0) == "Ada Lovelace");
  CHECK(t.columns[2].text(0) == "x");
  CHECK(t.columns[4].text(0) == "n2");
  CHECK_FALSE(t.columns[6].has(0));
  REQUIRE(t.renamed.size() == 3);
  CHECK(t.header_line == 1);
  std::vector<std::string> warnings;
  for (const io::RenamedColumn& c : t.renamed) warnings.push_back(c.warning("crm.csv", t.header_line));
  CHECK(warnings == V{"crm.csv:1: column 3 is called \"name\" like column 2: read as \"name_3\"",
                      "crm.csv:1: column 4 has no name: read as \"column_4_2\"",
                      "crm.csv:1: column 8 has no name: read as \"column_8\""});
  CHECK(t.renamed[0].was == "name");
  CHECK(t.renamed[1].was.empty());
  CHECK(t.renamed[1].name == "column_4_2");
}

TEST_CASE("join: customers in both tables, only in transactions, only in attributes") {
  aggregate::AggregatorOptions options;
  options.metrics = aggregate::MetricRequest{{30}, true, true};
  options.as_of = Date{100};
  aggregate::Aggregator a(options);
  a.add(Transaction{"B", "1", Date{90}, Money{100000}});
  a.add(Transaction{"D", "2", Date{95}, Money{-20000}});
  const Table customers = a.finish(Date{100});
  testing::TempFile f("id,tier\nC,gold\nB,silver\nA,\n");
  const io::AttributeTable attributes = io::read_attributes(f.path(), "id", io::Dialect{});
  aggregate::JoinCounts counts;
  const Table t = aggregate::join_attributes(customers, attributes, counts);
  CHECK(counts.matched == 1);
  CHECK(counts.attributes_only == 2);
  REQUIRE(t.rows() == 4);
  // customer_id … avg_order_value, monetary_30d, frequency_30d, monetary_prev_30d,
  // frequency_prev_30d, last_order_amount, orders_per_month, tier
  CHECK(row(t, 0) == V{"A", "", "", "", "", "0", "0", "0.00", "0.00", "0.00", "", "0.00", "0", "0.00", "0", "", "", ""});
  CHECK(row(t, 1)[0] == "B");
  CHECK(row(t, 1).back() == "silver");
  CHECK(row(t, 2) == V{"C", "", "", "", "", "0", "0", "0.00", "0.00", "0.00", "", "0.00", "0", "0.00", "0", "", "", "gold"});
  CHECK(row(t, 3)[7] == "-2.00");
  CHECK(row(t, 3).back() == "");
  const Table shown = aggregate::rearrange_columns(t, {"frequency_30d"}, {"customer_id"});
  CHECK(shown.column(0).name() == "first_date");
  CHECK(shown.column(shown.width() - 1).name() == "customer_id");
  CHECK_FALSE(shown.find("frequency_30d"));
}

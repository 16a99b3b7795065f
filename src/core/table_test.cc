#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tiers/error.h"
#include "tiers/table.h"

using namespace tiers;

TEST_CASE("a labels column is pushed by code, keeps its words past 64, and takes nulls") {
  std::vector<std::string> cells;
  for (int i = 0; i < 125; ++i) cells.push_back(std::to_string(100 + i));
  Column c = Column::labels("cell", cells);
  c.push_code(0);
  c.push_null();
  c.push_code(124);
  c.push_text("101");  // text already a word: stays a dictionary
  REQUIRE(c.size() == 4);
  CHECK(c.has_dictionary());
  CHECK(c.text(0) == "100");
  CHECK(!c.has(1));
  CHECK(c.text(1).empty());
  CHECK(c.text(2) == "224");
  CHECK(c.text(3) == "101");
  CHECK(c.value(2) == "224");
  // A word not in a full dictionary: the column turns into plain text,
  // values unchanged.
  c.push_text("new");
  CHECK(!c.has_dictionary());
  CHECK(c.text(0) == "100");
  CHECK(c.text(2) == "224");
  CHECK(c.text(4) == "new");
  CHECK_THROWS_AS(c.push_code(0), Error);
  Column few = Column::labels("tier", {"A", "B"});
  CHECK_THROWS_AS(few.push_code(3), Error);
}

TEST_CASE("numbers and text read back as pushed") {
  Column i = Column::integer("n"), d = Column::money("m"), t = Column::text("t");
  i.push_number(-7);
  i.push_null();
  d.push_number(123456789012);
  t.push_text("x");
  t.push_null();
  CHECK(i.number(0) == -7);
  CHECK(i.number(1) == 0);
  CHECK(!i.has(1));
  CHECK(d.number(0) == 123456789012);
  CHECK(d.value(0) == "12345678.9012");
  CHECK(t.text(0) == "x");
  CHECK(t.number(0) == 0);
  CHECK_THROWS_AS(t.push_number(1), Error);
  CHECK_THROWS_AS(i.push_text("1"), Error);
}

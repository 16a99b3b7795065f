#include <doctest/doctest.h>

#include <deque>

#include "rules/condition/binder.h"
#include "rules/condition/evaluator.h"
#include "rules/condition/parser.h"

using namespace tiers;
using namespace tiers::rules::condition;

namespace {

/// A catalog over a fixed list of columns.
class TestCatalog final : public ColumnCatalog {
 public:
  explicit TestCatalog(std::vector<ColumnInfo> columns) : columns_(columns.begin(), columns.end()) {}
  const ColumnInfo* find(std::string_view name) override {
    for (const auto& c : columns_)
      if (c.name == name) return &c;
    return nullptr;
  }
  std::vector<std::string> names() const override {
    std::vector<std::string> out;
    for (const auto& c : columns_) out.push_back(c.name);
    return out;
  }

 private:
  std::deque<ColumnInfo> columns_;
};

ColumnInfo attribute(std::string name, std::string not_number = "", std::string not_boolean = "",
                     std::string not_date = "") {
  ColumnInfo c{std::move(name), ColumnType::kText, true};
  c.not_number = std::move(not_number);
  c.not_boolean = std::move(not_boolean);
  c.not_date = std::move(not_date);
  return c;
}

TestCatalog catalog() {
  return TestCatalog({{"recency_days", ColumnType::kInt},
                      {"tenure_days", ColumnType::kInt},
                      {"frequency", ColumnType::kInt},
                      {"monetary", ColumnType::kDecimal},
                      {"last_date", ColumnType::kDate},
                      {"abc", ColumnType::kText},
                      attribute("stage", "leads.csv:2 has \"visited\"", "leads.csv:2 has \"visited\"",
                                "leads.csv:2 has \"visited\""),
                      attribute("budget", "", "leads.csv:2 has \"20000\"", "leads.csv:2 has \"20000\""),
                      attribute("decision_maker", "leads.csv:2 has \"yes\"", "", "leads.csv:2 has \"yes\""),
                      attribute("close", "leads.csv:2 has \"2025-01-20\"", "leads.csv:2 has \"2025-01-20\"", ""),
                      attribute("note", "leads.csv:7 has \"50k\"", "leads.csv:7 has \"50k\"",
                                "leads.csv:7 has \"50k\"")});
}

/// Parses and binds, returning the error (offset, message, hint) if any.
std::string error(const std::string& text) {
  try {
    Condition c = parse(text);
    TestCatalog cat = catalog();
    bind(c, cat);
  } catch (const ConditionError& e) {
    return std::to_string(e.offset) + ": " + e.message + (e.hint.empty() ? "" : " | " + e.hint);
  }
  return "ok";
}

/// Two customers: A (recent buyer) and B (no purchases: empty dates).
Table table() {
  Column recency = Column::integer("recency_days"), tenure = Column::integer("tenure_days");
  Column frequency = Column::integer("frequency"), monetary = Column::money("monetary");
  Column last = Column::date("last_date"), abc = Column::text("abc"), stage = Column::text("stage");
  Column budget = Column::text("budget"), dm = Column::text("decision_maker"), close = Column::text("close");
  Column note = Column::text("note");
  recency.push_number(4);
  tenure.push_number(3);
  frequency.push_number(2);
  monetary.push_number(50'000'000);  // 5000.00
  last.push_number(days_from_civil(2024, 12, 28));
  abc.push_text("A");
  stage.push_text("visited");
  budget.push_text("20000");
  dm.push_text("是");
  close.push_text("2025-01-20");
  note.push_text("50k");
  recency.push_null();
  tenure.push_null();
  frequency.push_number(0);
  monetary.push_number(-100'000);  // -10.00
  last.push_null();
  abc.push_text("C");
  stage.push_null();
  budget.push_text("9999.99");
  dm.push_text("no");
  close.push_null();
  note.push_null();
  Table t;
  for (Column* c : {&recency, &tenure, &frequency, &monetary, &last, &abc, &stage, &budget, &dm, &close, &note})
    t.add(std::move(*c));
  return t;
}

const Date kAsOf{days_from_civil(2025, 1, 1)};

/// The condition's value for rows 0 and 1, e.g. "true/unknown".
std::string truth(const std::string& text) {
  Condition c = parse(text);
  TestCatalog cat = catalog();
  bind(c, cat);
  const Table t = table();
  const Evaluator e(c, t, kAsOf);
  return std::string(truth_name(e.test(0))) + "/" + truth_name(e.test(1));
}

}  // namespace

TEST_CASE("syntax errors point at the offending token") {
  CHECK(error("monetary >= ") == "12: expected a value, found the end of the condition");
  CHECK(error("monetary => 5") == "9: unknown operator \"=>\" | did you mean \">=\"?");
  CHECK(error("monetary > 5 && frequency > 1") == "13: unknown operator \"&&\" | write and");
  CHECK(error("0 < frequency < 5") == "14: expected and, or or the end of the condition, found \"<\" | "
                                      "comparisons cannot be chained: write a < b and b < c");
  CHECK(error("(monetary > 5 or frequency > 1") ==
        "30: expected ), found the end of the condition | close the ( opened at character 1 of the condition");
  CHECK(error("monetary 5000") == "9: expected and, or or the end of the condition, found \"5000\" | "
                                  "is an operator (and, or, >=, ...) missing?");
  CHECK(error("stage == 'visited") == "9: the string is not closed | end it with '");
  CHECK(error("stage in 'a'") == "9: expected [ after in, found \"'a'\" | write x in [\"a\", \"b\"]");
  CHECK(error("monetary >= 5k") == "12: \"5k\" is not a number | names start with a letter or _; quote "
                                   "other column names in backquotes");
  CHECK(error("recency_days is 3") == "16: expected empty after is, found \"3\" | write x is empty or x is not empty");
  CHECK(error("") == "0: the condition is empty | write a condition, or leave out when for a catch-all tier");
  CHECK(error("monetary >= 5 and") == "17: expected a value, found the end of the condition");
}

TEST_CASE("binding errors: unknown columns and uses that do not fit") {
  CHECK(error("recncy_days <= 30") == "0: unknown column \"recncy_days\" | did you mean \"recency_days\"?");
  CHECK(error("frequency >= 1 and monetry > 0") == "19: unknown column \"monetry\" | did you mean \"monetary\"?");
  CHECK(error("monetary") == "0: \"monetary\" is a number, not a yes/no value | compare it, e.g. monetary > 0");
  CHECK(error("abc > 5") == "4: cannot compare \"abc\" (text) with 5 (a number)");
  CHECK(error("abc in [1, 2]") == "4: \"abc\" is text, but the list holds numbers");
  CHECK(error("abc in ['A', 2]") == "13: the list mixes numbers and strings");
  CHECK(error("note >= 5000") == "0: column \"note\" is used as a number, but leads.csv:7 has \"50k\" | "
                                 "numbers are written like 5000 or 1234.50, without separators");
  CHECK(error("stage and frequency > 1") == "0: column \"stage\" is used as a yes/no value, but leads.csv:2 "
                                            "has \"visited\" | yes/no cells are yes, no, true, false, 1, 0, 是 or 否");
  CHECK(error("last_date >= '2024-13-01'") == "13: \"2024-13-01\" is not a date | write dates as YYYY-MM-DD");
  CHECK(error("last_date + 1 > 5") == "0: \"last_date\" is a date; arithmetic needs numbers | subtract two dates "
                                      "for the days between them, e.g. as_of - last_date");
  CHECK(error("decision_maker > true") == "15: yes/no values cannot be ordered | compare them with == or !=");
  CHECK(error("`and` > 1") == "0: unknown column \"and\" | a condition reads metrics, attribute columns "
                              "(--attributes) and the columns of earlier rules");
}

TEST_CASE("three-valued logic: empty values make comparisons unknown") {
  CHECK(truth("recency_days <= 30") == "true/unknown");
  CHECK(truth("not (recency_days <= 30)") == "false/unknown");
  CHECK(truth("recency_days <= 30 or frequency = 0") == "true/true");
  CHECK(truth("recency_days <= 30 and frequency > 0") == "true/false");
  CHECK(truth("recency_days is empty") == "false/true");
  CHECK(truth("recency_days is not empty or stage is empty") == "true/true");
  CHECK(truth("monetary / tenure_days > 0") == "true/unknown");
}

TEST_CASE("exact numbers: money compares exactly, arithmetic is rational") {
  CHECK(truth("monetary >= 5000") == "true/false");
  CHECK(truth("monetary > 5000") == "false/false");
  CHECK(truth("monetary == 5000.0000") == "true/false");
  CHECK(truth("monetary >= 4999.9999 and monetary < 5000.0001") == "true/false");
  // 5000 / 3 * 30 / 50000 = 1 exactly: no rounding on the way.
  CHECK(truth("monetary / tenure_days * 30 / 50000 == 1") == "true/unknown");
  // A: 5000 / (2 - 2) divides by zero: empty, so unknown. B: -10 / (0 - 2) = 5 > 0.
  CHECK(truth("monetary / (frequency - 2) > 0") == "unknown/true");
}

TEST_CASE("text, membership, yes/no and dates") {
  CHECK(truth("abc == \"A\"") == "true/false");
  CHECK(truth("abc in ['A', 'B']") == "true/false");
  CHECK(truth("abc not in ['A', 'B']") == "false/true");
  CHECK(truth("stage in ['visited', 'qualified']") == "true/unknown");
  CHECK(truth("decision_maker") == "true/false");
  CHECK(truth("decision_maker == true") == "true/false");
  CHECK(truth("not decision_maker") == "false/true");
  CHECK(truth("budget >= 10000") == "true/false");
  CHECK(truth("budget == 9999.99") == "false/true");
  CHECK(truth("last_date >= '2024-12-01'") == "true/unknown");
  CHECK(truth("close - as_of <= 30") == "true/unknown");  // 2025-01-20 − 2025-01-01 = 19 days
  CHECK(truth("as_of - last_date == recency_days") == "true/unknown");
}

TEST_CASE("substituted shows each column's value in the condition as written") {
  Condition c = parse("monetary >= 5000 and\n  stage in ['visited'] or recency_days is empty");
  TestCatalog cat = catalog();
  bind(c, cat);
  const Table t = table();
  const Evaluator e(c, t, kAsOf);
  CHECK(e.substituted(0) == "5000.00 >= 5000 and \"visited\" in ['visited'] or 4 is empty");
  CHECK(e.substituted(1) == "-10.00 >= 5000 and empty in ['visited'] or empty is empty");
  CHECK(columns_read(c) == std::vector<std::string>{"monetary", "stage", "recency_days"});
}

TEST_CASE("text tests: starts with, ends with, contains") {
  // Row 0: abc "A", stage "visited", note "50k"; row 1: abc "C", stage and note empty.
  CHECK(truth("stage starts with \"vis\"") == "true/unknown");
  CHECK(truth("stage STARTS WITH 'Vis'") == "false/unknown");  // words in any case; bytes compared exactly
  CHECK(truth("stage ends with 'ted'") == "true/unknown");
  CHECK(truth("stage contains 'sit'") == "true/unknown");
  CHECK(truth("stage contains ''") == "true/unknown");
  CHECK(truth("abc contains 'A' or abc == 'C'") == "true/true");
  CHECK(truth("not (stage starts with 'v')") == "false/unknown");
  CHECK(truth("not stage starts with 'v'") == "false/unknown");
  CHECK(truth("stage not starts with 'x'") == "true/unknown");
  CHECK(truth("abc not contains 'A'") == "false/true");
  CHECK(truth("note ends with 'k' and note starts with '50'") == "true/unknown");
  // Two columns: stage starts with abc? "visited" does not start with "A".
  CHECK(truth("stage starts with abc") == "false/unknown");
}

TEST_CASE("text tests: syntax and type errors") {
  CHECK(error("stage starts 'v'") == "13: expected with after starts, found \"'v'\" | write x starts with \"text\"");
  CHECK(error("stage ends") == "10: expected with after ends, found the end of the condition | write x ends with \"text\"");
  CHECK(error("stage not like 'v'") == "10: expected in, starts with, ends with or contains after not, found \"like\"");
  CHECK(error("monetary starts with '5'") ==
        "0: \"monetary\" is a number, but starts with compares text | compare numbers and dates with ==, <, >=, ...");
  CHECK(error("last_date contains '2024'") ==
        "0: \"last_date\" is a date, but contains compares text | compare numbers and dates with ==, <, >=, ...");
  CHECK(error("abc ends with 5") ==
        "14: 5 is a number, but ends with compares text | compare numbers and dates with ==, <, >=, ...");
  // A backquoted `contains` is a column name, never the operator.
  CHECK(error("abc `contains` 'x'") ==
        "4: expected and, or or the end of the condition, found \"`contains`\" | is an operator (and, or, >=, ...) missing?");
  CHECK(error("contains == 'x'") == "0: unknown column \"contains\" | a condition reads metrics, attribute columns "
                                    "(--attributes) and the columns of earlier rules");
}

TEST_CASE("text tests show their values substituted") {
  Condition c = parse("stage starts with 'v' and not (abc contains \"B\")");
  TestCatalog cat = catalog();
  bind(c, cat);
  const Table t = table();
  const Evaluator e(c, t, kAsOf);
  CHECK(e.substituted(0) == "\"visited\" starts with 'v' and not (\"A\" contains \"B\")");
  CHECK(e.substituted(1) == "empty starts with 'v' and not (\"C\" contains \"B\")");
}

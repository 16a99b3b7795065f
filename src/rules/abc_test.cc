#include <doctest/doctest.h>

#include "rules/registry.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::rules;

namespace {

/// A table of ids (in byte order, as the aggregator gives them) and monetary.
Table table(const std::vector<std::pair<const char*, int64_t>>& rows) {
  Column id = Column::text("customer_id"), m = Column::money("monetary");
  for (auto [name, cents] : rows) {
    id.push_text(name);
    m.push_number(cents * 100);
  }
  Table t;
  t.add(std::move(id));
  t.add(std::move(m));
  return t;
}

std::vector<std::string> labels(const Table& t, toml::table settings) {
  settings["kind"] = "abc";
  auto rule = make_rule(RuleSpec(toml::value(settings), false));
  auto cols = rule->apply(t, RuleContext{Date{0}});
  std::vector<std::string> out;
  for (size_t i = 0; i < t.rows(); ++i) out.push_back(cols[0].value(i));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("value mode: share of revenue before the customer, compared exactly") {
  // Positive total 100. Sorted: a 50 (before 0) A; b 30 (before .50) A;
  // c 15 (before .80: not < .80, < .95) B; d 5 (before .95: not < .95) C;
  // e 0 and f -3: C because monetary ≤ 0.
  const Table t = table({{"a", 5000}, {"b", 3000}, {"c", 1500}, {"d", 500}, {"e", 0}, {"f", -300}});
  CHECK(labels(t, {}) == V{"A", "A", "B", "C", "C", "C"});
}

TEST_CASE("the top customer is always in the first tier; ties go by id") {
  // y and x tie at 60: x first (byte order). Total 160: x before 0 → A,
  // y before 60/160 = .375 → A, z before 120/160 = .75 → A.
  const Table t = table({{"x", 6000}, {"y", 6000}, {"z", 4000}});
  CHECK(labels(t, {}) == V{"A", "A", "A"});
  const Table one = table({{"solo", 100}});
  CHECK(labels(one, {}) == V{"A"});
  // With cut 0.5: x (0) → A, y (.375) → A, z (.75) → B.
  CHECK(labels(t, {{"cuts", toml::array{0.5}}}) == V{"A", "A", "B"});
  // Rank mode, cut 0.5, n = 3: positions 0, 1 < 1.5 → A; position 2 → B.
  CHECK(labels(t, {{"cuts", toml::array{0.5}}, {"by", "rank"}}) == V{"A", "A", "B"});
  // Rows come in id order; a and b tie at 60 and keep that order. Rank
  // mode, cut 0.3, n = 3: a at position 0 → A; b at 1/3 ≥ 0.3 → B.
  const Table tie = table({{"a", 6000}, {"b", 6000}, {"c", 100}});
  CHECK(labels(tie, {{"cuts", toml::array{0.3}}, {"by", "rank"}}) == V{"A", "B", "B"});
}

TEST_CASE("rank mode: share of customers, n counts everyone") {
  // n = 6, cut 0.5: positions 0-2 → A. e (0) and f (-3) are last anyway.
  const Table t = table({{"a", 5000}, {"b", 3000}, {"c", 1500}, {"d", 500}, {"e", 0}, {"f", -300}});
  CHECK(labels(t, {{"cuts", toml::array{0.5}}, {"by", "rank"}}) == V{"A", "A", "A", "B", "B", "B"});
}

TEST_CASE("presets: pyramid 5/15/20/60 and metals 1/4/15/80 of customers") {
  std::vector<std::pair<const char*, int64_t>> rows;
  static std::vector<std::string> names;
  names.clear();
  for (int i = 0; i < 100; ++i) names.push_back(std::string(1, char('a' + i / 26)) + char('a' + i % 26));
  for (int i = 0; i < 100; ++i) rows.emplace_back(names[static_cast<size_t>(i)].c_str(), 10000 - i);
  const Table t = table(rows);
  const auto p = labels(t, {{"preset", "pyramid"}});
  // Position i < 5 vip, < 20 major, < 40 middle, else small.
  CHECK(p[0] == "vip");
  CHECK(p[4] == "vip");
  CHECK(p[5] == "major");
  CHECK(p[19] == "major");
  CHECK(p[20] == "middle");
  CHECK(p[39] == "middle");
  CHECK(p[40] == "small");
  const auto m = labels(t, {{"preset", "metals"}});
  CHECK(m[0] == "platinum");
  CHECK(m[1] == "gold");
  CHECK(m[4] == "gold");
  CHECK(m[5] == "iron");
  CHECK(m[19] == "iron");
  CHECK(m[20] == "lead");
  // by = value overrides the preset's rank measure.
  const auto v = labels(t, {{"preset", "pyramid"}, {"by", "value"}});
  CHECK(v[0] == "vip");
}

TEST_CASE("abc settings are checked") {
  auto fails = [](toml::table s) -> std::string {
    s["kind"] = "abc";
    try {
      make_rule(RuleSpec(toml::value(s), false, {{"cuts", "--abc-cuts"}, {"preset", "--abc"}}));
    } catch (const Error& e) {
      return std::string(e.what()) + " | " + e.hint();
    }
    return "no error";
  };
  CHECK(fails({{"cuts", toml::array{0.9, 0.5}}}) == "--abc-cuts: rule \"abc\": cuts must be strictly ascending | ");
  CHECK(fails({{"cuts", toml::array{1.5}}}) ==
        "--abc-cuts: rule \"abc\": each cut must be a fraction above 0 and at most 1 (e.g. 0.8) | ");
  CHECK(fails({{"preset", "pyramd"}}) ==
        "--abc: rule \"abc\": preset \"pyramd\" is not one of default, pyramid, metals | did you mean \"pyramid\"?");
}

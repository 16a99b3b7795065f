#include <doctest/doctest.h>

#include "aggregate/aggregator.h"
#include "rules/registry.h"
#include "rules/segment_map.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::rules;

TEST_CASE("the default map puts each of the 25 R×F cells in exactly one segment") {
  const SegmentMap map = SegmentMap::default_map();
  for (int r = 1; r <= 5; ++r)
    for (int f = 1; f <= 5; ++f) {
      int hits = 0;
      for (const auto& s : map.segments) hits += s.r.contains(r) && s.f.contains(f);
      CHECK_MESSAGE(hits == 1, "cell ", r, f);
    }
  auto name = [&](int r, int f) { return map.segments[*map.lookup(r, f, 3)].tier.name; };
  CHECK(name(5, 5) == "champions");
  CHECK(name(5, 4) == "champions");
  CHECK(name(4, 5) == "loyal");
  CHECK(name(3, 4) == "loyal");
  CHECK(name(5, 3) == "potential_loyalist");
  CHECK(name(4, 2) == "potential_loyalist");
  CHECK(name(5, 1) == "new");
  CHECK(name(4, 1) == "promising");
  CHECK(name(3, 3) == "need_attention");
  CHECK(name(3, 2) == "about_to_sleep");
  CHECK(name(3, 1) == "about_to_sleep");
  CHECK(name(2, 5) == "cant_lose");
  CHECK(name(1, 4) == "at_risk");
  CHECK(name(2, 3) == "at_risk");
  CHECK(name(1, 1) == "hibernating");
  CHECK(name(2, 2) == "hibernating");
}

namespace {
RuleSpec spec(toml::table t) { return RuleSpec(toml::value(std::move(t)), false, {{"method", "--rfm-method"}, {"bins", "--bins"}}); }
}  // namespace

TEST_CASE("rfm columns: segment, scores, cell; no_purchases for customers without purchases") {
  aggregate::Aggregator a;
  // A: 3 orders, recent, 60; B: 1 order, old, 10; C: refund only.
  a.add(Transaction{"A", "1", Date{100}, Money{200000}});
  a.add(Transaction{"A", "2", Date{101}, Money{200000}});
  a.add(Transaction{"A", "3", Date{109}, Money{200000}});
  a.add(Transaction{"B", "4", Date{10}, Money{100000}});
  a.add(Transaction{"C", "5", Date{50}, Money{-50000}});
  Table t = a.finish(Date{110});
  auto rule = make_rule(spec({{"kind", "rfm"}}));
  CHECK(rule->column_names() == std::vector<std::string>{"rfm", "rfm_r", "rfm_f", "rfm_m", "rfm_cell"});
  for (auto& c : rule->apply(t, RuleContext{Date{110}})) t.add(std::move(c));
  // n = 2 scored. A is better on every dimension: worse = 1 → 1 + 5·1/2 = 3; B: 1.
  CHECK(t.column("rfm_cell").value(0) == "333");
  CHECK(t.column("rfm").value(0) == "need_attention");
  CHECK(t.column("rfm_cell").value(1) == "111");
  CHECK(t.column("rfm").value(1) == "hibernating");
  CHECK(t.column("rfm").value(2) == "no_purchases");
  CHECK(t.column("rfm_r").value(2) == "");
  CHECK(t.column("rfm_cell").value(2) == "");
  CHECK(rule->reason(t, 0) == "R=3 F=3 M=3: last purchase 1 days ago, 3 orders, 60.00 net");
  CHECK(rule->reason(t, 1) == "R=1 F=1 M=1: last purchase 100 days ago, 1 order, 10.00 net");
  CHECK(rule->reason(t, 2) == "no purchase in the window; net -5.00");
  CHECK(rule->tiers().back().name == "no_purchases");
}

TEST_CASE("rfm reasons: thousands grouped, fractions kept") {
  aggregate::Aggregator a;
  a.add(Transaction{"A", "1", Date{0}, Money{12345678912}});  // 1,234,567.8912
  a.add(Transaction{"A", "1", Date{0}, Money{1}});            // + 0.0001, same order
  a.add(Transaction{"B", "2", Date{1500}, Money{10000}});
  Table t = a.finish(Date{1500});
  auto rule = make_rule(spec({{"kind", "rfm"}}));
  for (auto& c : rule->apply(t, RuleContext{Date{1500}})) t.add(std::move(c));
  // A: worse on recency, better on monetary; frequency tied (1 each).
  CHECK(rule->reason(t, 0) == "R=1 F=1 M=3: last purchase 1500 days ago, 1 order, 1,234,567.8913 net");
  CHECK(rule->reason(t, 1) == "R=3 F=1 M=1: last purchase 0 days ago, 1 order, 1.00 net");
}

TEST_CASE("rfm settings errors name the option and suggest") {
  try {
    make_rule(spec({{"kind", "rfm"}, {"method", "rnak"}}));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kUsage);
    CHECK(std::string(e.what()) == "--rfm-method: rule \"rfm\": method \"rnak\" is not one of rank, ntile, fixed");
    CHECK(e.hint() == "did you mean \"rank\"?");
  }
  try {
    make_rule(spec({{"kind", "rfm"}, {"bins", 4}}));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--bins: rule \"rfm\": the default segment map is for bins = 5");
  }
  try {
    make_rule(spec({{"kind", "rfm"}, {"method", "fixed"}}));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("method \"fixed\" needs breaks.recency") != std::string::npos);
  }
}

TEST_CASE("rules from a file report file:line:col and unknown settings") {
  std::istringstream in("[[rule]]\nkind = \"rfm\"\nmehtod = \"ntile\"\n");
  const auto doc = toml::parse(in, "rules.toml");
  const RuleSpec s(toml::find(doc, "rule").as_array().at(0), true);
  try {
    make_rule(s);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kConfig);
    CHECK(std::string(e.what()) == "rules.toml:3:10: unknown setting \"mehtod\"");
    CHECK(e.hint() == "did you mean \"method\"?");
  }
}

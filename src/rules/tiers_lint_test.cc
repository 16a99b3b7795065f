#include <doctest/doctest.h>

#include "rules/catalog.h"
#include "rules/rules_file.h"

using namespace tiers;
using namespace tiers::rules;

namespace {

/// Findings of the last rule of a rules file, one line each ("where: message").
std::vector<std::string> findings(const std::string& toml) {
  RulesFile file = parse_rules_file("t.toml", toml);
  aggregate::MetricRequest metrics;
  auto built = build_rules(file.rules, nullptr, metrics, nullptr, "");
  std::vector<std::string> out;
  for (const Finding& f : built.rules.back()->lint()) out.push_back(f.where + ": " + f.message);
  return out;
}

/// A tiers rule with these conditions (empty = catch-all), named t1, t2, ...
std::string tiers_rule(const std::vector<std::string>& whens) {
  std::string s = "[[rule]]\nkind = \"abc\"\n[[rule]]\nkind = \"tiers\"\nname = \"r\"\n";
  for (size_t i = 0; i < whens.size(); ++i) {
    s += "[[rule.tiers]]\nname = \"t" + std::to_string(i + 1) + "\"\n";
    if (!whens[i].empty()) s += "when = \"" + whens[i] + "\"\n";
  }
  return s;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("a tier covered by the union of earlier single-column tiers") {
  // monetary is exact money: >= 100 and < 100 together take every value.
  CHECK(findings(tiers_rule({"monetary >= 100", "monetary < 100", "monetary > 50", ""})) ==
        V{"t.toml:14:8: rule \"r\": tier \"t3\" can never match: tiers \"t1\", \"t2\" before it already "
          "take every customer it would (monetary > 50)"});
}

TEST_CASE("open and closed bounds: whole numbers are rounded, money is not") {
  // monetary > 100 leaves 100.00 itself to the next tier: no finding.
  CHECK(findings(tiers_rule({"monetary > 100", "monetary >= 100", ""})).empty());
  // frequency counts orders: > 3 is >= 4.
  CHECK(findings(tiers_rule({"frequency > 3", "frequency >= 4", ""})) ==
        V{"t.toml:11:8: rule \"r\": tier \"t2\" can never match: tier \"t1\" before it already takes "
          "every customer it would (frequency >= 4)"});
  CHECK(findings(tiers_rule({"frequency > 3.5 and frequency < 4", ""})) ==
        V{"t.toml:8:8: rule \"r\": tier \"t1\" can never match: its condition is never true"});
}

TEST_CASE("conditions on other columns are assumed to match: no false findings") {
  CHECK(findings(tiers_rule({"recency_days <= 30", "recency_days <= 10 or frequency > 5", ""})).empty());
  CHECK(findings(tiers_rule({"recency_days <= 30 and frequency > 1", "recency_days <= 10", ""})).empty());
  // But extra conditions on other columns do not save a covered tier.
  CHECK(findings(tiers_rule({"recency_days <= 30", "recency_days <= 10 and frequency > 5", ""})).size() == 1);
}

TEST_CASE("empty values: comparisons never take them, is empty does") {
  // recency is empty for customers without purchases, so t3 can still match them.
  // (Generated files: t1's when is on line 8, t2's on 11, t3's on 14.)
  CHECK(findings(tiers_rule({"recency_days <= 30", "recency_days > 30", "recency_days is empty or frequency > 1"}))
            .size() == 1);  // only "no catch-all"
  CHECK(findings(tiers_rule({"recency_days <= 30", "recency_days > 30 or recency_days is empty",
                             "not (recency_days <= 5)", ""})) ==
        V{"t.toml:14:8: rule \"r\": tier \"t3\" can never match: tiers \"t1\", \"t2\" before it already take "
          "every customer it would (recency_days >= 6)"});
}

TEST_CASE("text sets, lists and dates") {
  CHECK(findings(tiers_rule({"abc != 'C'", "abc == 'A'", ""})) ==
        V{"t.toml:11:8: rule \"r\": tier \"t2\" can never match: tier \"t1\" before it already takes every "
          "customer it would (abc == \"A\")"});
  CHECK(findings(tiers_rule({"frequency == 1", "frequency == 2", "frequency in [1, 2]", ""})).size() == 1);
  CHECK(findings(tiers_rule({"last_date >= '2024-12-01'", "last_date > '2024-12-15'", ""})) ==
        V{"t.toml:11:8: rule \"r\": tier \"t2\" can never match: tier \"t1\" before it already takes every "
          "customer it would (last_date >= 2024-12-16)"});
}

TEST_CASE("catch-alls: tiers after one, and rules without one") {
  CHECK(findings(tiers_rule({"frequency > 1", "", "frequency > 5"})) ==
        V{"t.toml:13:8: rule \"r\": tier \"t3\" can never match: tier \"t2\" before it has no condition "
          "and takes everyone left"});
  CHECK(findings(tiers_rule({"frequency > 1"})) ==
        V{"t.toml:3:1: rule \"r\" has no catch-all tier: customers that no tier takes get an empty label"});
}

TEST_CASE("segment maps over R×F×M when a segment limits M") {
  const std::string toml =
      "[[rule]]\nkind = \"rfm\"\nbins = 2\nsegments = [\n"
      "  { name = \"a\", r = 2, f = \"1-2\", m = 2 },\n"
      "  { name = \"b\", r = 2, f = 2 },\n"
      "  { name = \"c\", r = 1, f = 1, m = 1 },\n"
      "]\n";
  // Cells RFM: a = 212 222; b = 221 222; c = 111. Uncovered: 112 121 122 211.
  CHECK(findings(toml) ==
        V{"t.toml:6:3: rule \"rfm\": segments \"a\" and \"b\" overlap on 1 R×F×M cell: 222 (\"a\" comes first "
          "and takes it)",
          "t.toml:1:1: rule \"rfm\": 4 R×F×M cells are in no segment: 112, 121, 122, 211 (customers there get "
          "an empty label)"});
}

TEST_CASE("text tests are opaque to the linter: never reported, never a crash") {
  // The linter cannot tell what `starts with` takes, so it assumes the tier can match.
  CHECK(findings(tiers_rule({"abc starts with 'A'", "abc starts with 'A'", "not (abc contains 'B')", ""})).empty());
  // An exact tier before does not hide a text test after it, nor the other way round.
  CHECK(findings(tiers_rule({"abc == 'A'", "abc ends with 'A' and monetary > 0", ""})).empty());
  // A text test that is combined with a covered comparison is still caught by that comparison.
  CHECK(findings(tiers_rule({"monetary >= 100", "monetary >= 200 and abc starts with 'A'", ""})) ==
        V{"t.toml:11:8: rule \"r\": tier \"t2\" can never match: tier \"t1\" before it already takes "
          "every customer it would (monetary >= 200)"});
}

#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "report/followups.h"
#include "report/tier_report.h"

using namespace tiers;

namespace {

/// A rule whose labels are already in the table: only tiers() matters here.
class FixedRule final : public Rule {
 public:
  FixedRule() {
    tiers_ = {{"gold", "Call", 7, 1, "owner"}, {"silver", "Mail", 30, 3, ""}, {"none", "", 0, 0, ""}};
  }
  std::string_view kind() const override { return "fixed"; }
  const std::string& name() const override { return name_; }
  const std::vector<Tier>& tiers() const override { return tiers_; }
  std::vector<std::string> column_names() const override { return {name_}; }
  std::vector<Column> apply(const Table&, const RuleContext&) const override { return {}; }
  std::unique_ptr<FollowUpText> follow_ups(const Table& t) const override {
    struct Because final : FollowUpText {
      explicit Because(const Column& c) : ids(c) {}
      void append_reason(size_t row, std::string& out) const override {
        out += "because ";
        ids.append_value(row, out);
      }
      const Column& ids;
    };
    return std::make_unique<Because>(t.column("customer_id"));
  }
  std::vector<std::pair<std::string, std::string>> settings() const override { return {}; }

 private:
  std::string name_ = "seg";
  std::vector<Tier> tiers_;
};

Table customers() {
  Column id = Column::text("customer_id"), rec = Column::integer("recency_days");
  Column freq = Column::integer("frequency"), mon = Column::money("monetary");
  Column seg = Column::text("seg");
  struct R { const char* id; int recency; int f; int64_t cents; const char* seg; };
  for (R r : {R{"a", 10, 2, 10000, "gold"}, R{"b", 20, 3, 5000, "gold"}, R{"c", -1, 0, -1000, "silver"},
              R{"d", 5, 1, 0, "silver"}}) {
    id.push_text(r.id);
    if (r.recency >= 0) rec.push_number(r.recency);
    else rec.push_null();
    freq.push_number(r.f);
    mon.push_number(r.cents * 100);
    seg.push_text(r.seg);
  }
  Table t;
  for (Column* c : {&id, &rec, &freq, &mon, &seg}) t.add(std::move(*c));
  return t;
}

std::vector<std::string> row(const Table& t, size_t r) {
  std::vector<std::string> out;
  for (size_t c = 0; c < t.width(); ++c) out.push_back(t.column(c).value(r));
  return out;
}

}  // namespace

TEST_CASE("tier report: counts, shares and averages, empty tiers kept") {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<FixedRule>());
  const Table r = report::build_tier_report(customers(), rules);
  REQUIRE(r.rows() == 3);
  using V = std::vector<std::string>;
  // Total revenue 100 + 50 - 10 + 0 = 140.
  // gold: 2 of 4; revenue 150, 150/140 = 1.07142… → 1.0714; recency (10+20)/2; freq 2.5; 75.
  CHECK(row(r, 0) == V{"seg", "gold", "2", "0.5000", "150.00", "1.0714", "15.00", "2.50", "75.00"});
  // silver: revenue -10, -10/140 = -0.0714…; recency only d's 5; freq (0+1)/2; -5.
  CHECK(row(r, 1) == V{"seg", "silver", "2", "0.5000", "-10.00", "-0.0714", "5.00", "0.50", "-5.00"});
  CHECK(row(r, 2) == V{"seg", "none", "0", "0.0000", "0.00", "0.0000", "", "", ""});
}

TEST_CASE("follow-ups: only tiers with an action, most urgent first, due = as_of + cadence") {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<FixedRule>());
  const Date as_of{days_from_civil(2025, 1, 1)};
  const Table f = report::build_followups(customers(), rules, as_of, {"frequency"});
  REQUIRE(f.rows() == 4);
  using V = std::vector<std::string>;
  // gold (priority 1): a (100.00) before b (50.00); then silver: d (0) before c (-10).
  CHECK(row(f, 0) == V{"a", "seg", "gold", "Call", "owner", "2025-01-08", "7", "1", "because a", "2"});
  CHECK(row(f, 1)[0] == "b");
  CHECK(row(f, 2) == V{"d", "seg", "silver", "Mail", "", "2025-01-31", "30", "3", "because d", "1"});
  CHECK(row(f, 3)[0] == "c");
}

TEST_CASE("follow-ups: reasons written on several threads, in blocks, land on their rows") {
  // More rows than a few blocks of reasons (32768 each) on 1 and 3 threads:
  // every row's reason names its own customer, and the tables are equal.
  Column id = Column::text("customer_id"), rec = Column::integer("recency_days");
  Column freq = Column::integer("frequency"), mon = Column::money("monetary");
  Column seg = Column::text("seg");
  const size_t n = 150'000;
  for (size_t i = 0; i < n; ++i) {
    std::string name = "c";
    name += std::to_string(i);
    id.push_text(name);
    rec.push_number(static_cast<int64_t>(i % 97));
    freq.push_number(1);
    mon.push_number(static_cast<int64_t>((i * 7919) % 100'003) * 100);  // ties and no ties
    seg.push_text(i % 3 == 0 ? "gold" : i % 3 == 1 ? "silver" : "none");
  }
  Table t;
  for (Column* c : {&id, &rec, &freq, &mon, &seg}) t.add(std::move(*c));
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<FixedRule>());
  const Date as_of{days_from_civil(2025, 1, 1)};
  const Table one = report::build_followups(t, rules, as_of, {}, 1);
  const Table three = report::build_followups(t, rules, as_of, {}, 3);
  REQUIRE(one.rows() == 100'000);  // gold and silver have actions, none has not
  REQUIRE(three.rows() == one.rows());
  const Column& ids = three.column("customer_id");
  const Column& reasons = three.column("reason");
  size_t mismatches = 0;
  for (size_t r = 0; r < three.rows(); ++r) {
    if (reasons.text(r) != "because " + std::string(ids.text(r))) ++mismatches;
    if (row(three, r) != row(one, r)) ++mismatches;
  }
  CHECK(mismatches == 0);
  // Most urgent first: gold (priority 1) before silver, larger net spend first.
  CHECK(three.column("tier").text(0) == "gold");
  CHECK(three.column("tier").text(three.rows() - 1) == "silver");
  // Row after row (the list is sorted in two halves, then merged): priority,
  // then due date, then larger net spend, then the customer's row ("c<i>").
  for (const Table* list : {&one, &three}) {
    const Column &priority = list->column("priority"), &due = list->column("due_date");
    const Column& who = list->column("customer_id");
    auto key = [&](size_t r) {
      const size_t i = std::stoul(std::string(who.text(r).substr(1)));
      return std::tuple(priority.number(r), due.number(r), -t.column("monetary").number(i), i);
    };
    size_t out_of_order = 0;
    for (size_t r = 1; r < list->rows(); ++r) out_of_order += key(r - 1) < key(r) ? 0 : 1;
    CHECK(out_of_order == 0);
  }

  // Made a block at a time (as tiers run and followup write it), the rows
  // are the whole list's, in order, with the same columns.
  const report::FollowUps list(t, rules, as_of, {});
  REQUIRE(list.size() == one.rows());
  for (size_t block : {size_t{7'777}, size_t{32'773}, size_t{100'000}}) {
    CAPTURE(block);
    size_t at = 0, wrong = 0;
    for (size_t from = 0; from < list.size(); from += block) {
      const Table part = list.rows(from, std::min(list.size(), from + block), 2);
      REQUIRE(part.width() == one.width());
      for (size_t c = 0; c < one.width(); ++c) CHECK(part.column(c).name() == one.column(c).name());
      for (size_t r = 0; r < part.rows(); ++r, ++at)
        if (row(part, r) != row(one, at)) ++wrong;
    }
    CHECK(at == one.rows());
    CHECK(wrong == 0);
  }
  CHECK(list.rows(5, 5).rows() == 0);
  CHECK(list.rows(5, 5).width() == one.width());
}

namespace {

/// A rule reading its labels from column `name`, with the given tiers.
class LabelRule final : public Rule {
 public:
  LabelRule(std::string name, std::vector<Tier> tiers) : name_(std::move(name)), tiers_(std::move(tiers)) {}
  std::string_view kind() const override { return "fixed"; }
  const std::string& name() const override { return name_; }
  const std::vector<Tier>& tiers() const override { return tiers_; }
  std::vector<std::string> column_names() const override { return {name_}; }
  std::vector<Column> apply(const Table&, const RuleContext&) const override { return {}; }
  std::unique_ptr<FollowUpText> follow_ups(const Table&) const override {
    struct Nothing final : FollowUpText {
      void append_reason(size_t, std::string&) const override {}
    };
    return std::make_unique<Nothing>();
  }
  std::vector<std::pair<std::string, std::string>> settings() const override { return {}; }

 private:
  std::string name_;
  std::vector<Tier> tiers_;
};

}  // namespace

TEST_CASE("follow-ups: urgency order across rules, ties, extreme amounts and no priority") {
  // Two rules whose tiers share priorities and cadences (so entries of both
  // tie on priority and due date), amounts with many ties and the extremes
  // of the range, a tier without priority (sorts as 10) and one without an
  // action. The expected order is computed here from the definition:
  // priority, due date, larger net spend, row (= id order), rule.
  const std::vector<Tier> first{{"a1", "Call", 7, 1, ""}, {"a2", "Mail", 30, 0, ""}, {"a3", "", 0, 0, ""}};
  const std::vector<Tier> second{{"b1", "Visit", 7, 1, ""}, {"b2", "Mail", 30, 10, ""}, {"b3", "Text", 1, 2, ""}};
  const int64_t amounts[] = {INT64_MIN, -5, 0, 7, 7, 7, 1'000'000, INT64_MAX, INT64_MAX - 1, -1};
  Column id = Column::text("customer_id"), mon = Column::money("monetary");
  Column one = Column::text("one"), two = Column::text("two");
  const size_t n = 5'000;
  uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  struct Want {
    int priority;
    int32_t due;
    int64_t monetary;
    size_t row;
    size_t rule;
  };
  std::vector<Want> want;
  const Date as_of{days_from_civil(2025, 1, 1)};
  for (size_t i = 0; i < n; ++i) {
    id.push_text(fmt::format("c{:05}", i));  // rows in id order
    const int64_t m = amounts[next() % std::size(amounts)];
    mon.push_number(m);
    const size_t k1 = next() % 4, k2 = next() % 4;  // 3: no label
    if (k1 < 3) one.push_text(first[k1].name);
    else one.push_null();
    if (k2 < 3) two.push_text(second[k2].name);
    else two.push_null();
    if (k1 < 3 && !first[k1].action.empty())
      want.push_back({first[k1].priority > 0 ? first[k1].priority : 10, as_of.days + first[k1].cadence_days, m, i, 0});
    if (k2 < 3) want.push_back({second[k2].priority, as_of.days + second[k2].cadence_days, m, i, 1});
  }
  std::sort(want.begin(), want.end(), [](const Want& a, const Want& b) {
    if (a.monetary != b.monetary && std::tie(a.priority, a.due) == std::tie(b.priority, b.due))
      return a.monetary > b.monetary;
    return std::tie(a.priority, a.due, a.row, a.rule) < std::tie(b.priority, b.due, b.row, b.rule);
  });
  Table t;
  for (Column* c : {&id, &mon, &one, &two}) t.add(std::move(*c));
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<LabelRule>("one", first));
  rules.push_back(std::make_unique<LabelRule>("two", second));
  const Table f = report::build_followups(t, rules, as_of, {});
  REQUIRE(f.rows() == want.size());
  size_t wrong = 0;
  for (size_t r = 0; r < f.rows(); ++r) {
    const Want& w = want[r];
    if (f.column("customer_id").text(r) != fmt::format("c{:05}", w.row) ||
        f.column("rule").text(r) != (w.rule == 0 ? "one" : "two") || f.column("due_date").number(r) != w.due)
      ++wrong;
  }
  CHECK(wrong == 0);
}

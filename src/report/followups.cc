#include "report/followups.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace tiers::report {
namespace {

struct Entry {
  uint32_t row;
  uint16_t rule;
  uint16_t tier;
  int priority;
  int32_t due;
};

}  // namespace

Table build_followups(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules,
                      Date as_of, const std::vector<std::string>& keep) {
  const size_t n = customers.rows();
  const Column& monetary = customers.column("monetary");
  std::vector<Entry> entries;
  for (size_t r = 0; r < rules.size(); ++r) {
    const auto& tiers = rules[r]->tiers();
    std::unordered_map<std::string_view, size_t> index;
    for (size_t k = 0; k < tiers.size(); ++k)
      if (!tiers[k].action.empty()) index.emplace(tiers[k].name, k);
    if (index.empty()) continue;
    const Column& labels = customers.column(rules[r]->name());
    for (size_t i = 0; i < n; ++i) {
      if (!labels.has(i)) continue;
      const auto it = index.find(labels.text(i));
      if (it == index.end() || !rules[r]->follows_up(customers, i)) continue;
      const Tier& t = tiers[it->second];
      // A tier without a priority sorts after every prioritised one.
      entries.push_back(Entry{static_cast<uint32_t>(i), static_cast<uint16_t>(r),
                              static_cast<uint16_t>(it->second), t.priority > 0 ? t.priority : 10,
                              as_of.days + t.cadence_days});
    }
  }
  std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    if (a.due != b.due) return a.due < b.due;
    const int64_t ma = monetary.number(a.row), mb = monetary.number(b.row);
    if (ma != mb) return ma > mb;
    if (a.row != b.row) return a.row < b.row;  // rows are in id order
    return a.rule < b.rule;
  });

  const Column& ids = customers.column("customer_id");
  Column id = Column::text("customer_id"), rule = Column::text("rule"), tier = Column::text("tier");
  Column action = Column::text("action"), owner = Column::text("owner");
  Column due = Column::date("due_date"), cadence = Column::integer("cadence_days");
  Column priority = Column::integer("priority"), reason = Column::text("reason");
  std::vector<const Column*> kept_from;
  std::vector<Column> kept;
  for (const auto& name : keep) {
    const Column& source = customers.column(name);
    kept_from.push_back(&source);
    kept.push_back(source.type() == ColumnType::kText ? Column::text(name)
                   : source.type() == ColumnType::kDate ? Column::date(name)
                   : source.type() == ColumnType::kInt ? Column::integer(name)
                   : Column::decimal(name, source.scale(), source.min_digits()));
  }
  for (const Entry& e : entries) {
    const Rule& r = *rules[e.rule];
    const Tier& t = r.tiers()[e.tier];
    id.push_text(ids.text(e.row));
    rule.push_text(r.name());
    tier.push_text(t.name);
    action.push_text(t.action);
    if (t.owner.empty()) owner.push_null();
    else owner.push_text(t.owner);
    due.push_number(e.due);
    cadence.push_number(t.cadence_days);
    if (t.priority > 0) priority.push_number(t.priority);
    else priority.push_null();
    reason.push_text(r.reason(customers, e.row));
    for (size_t k = 0; k < kept.size(); ++k) {
      const Column& s = *kept_from[k];
      if (!s.has(e.row)) kept[k].push_null();
      else if (s.type() == ColumnType::kText) kept[k].push_text(s.text(e.row));
      else kept[k].push_number(s.number(e.row));
    }
  }
  Table out;
  for (Column* c : {&id, &rule, &tier, &action, &owner, &due, &cadence, &priority, &reason})
    out.add(std::move(*c));
  for (auto& c : kept) out.add(std::move(c));
  return out;
}

}  // namespace tiers::report

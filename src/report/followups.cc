#include "report/followups.h"

#include <algorithm>
#include <exception>
#include <span>
#include <string_view>
#include <thread>

#include "core/side_by_side.h"
#include "report/tier_lookup.h"

namespace tiers::report {
namespace {


/// Most urgent first: priority, due date, larger net spend, id (= row), rule.
bool more_urgent(const FollowUps::Entry& a, const FollowUps::Entry& b) {
  if (a.priority != b.priority) return a.priority < b.priority;
  if (a.due != b.due) return a.due < b.due;
  if (a.monetary != b.monetary) return a.monetary > b.monetary;
  if (a.row != b.row) return a.row < b.row;
  return a.rule < b.rule;
}

/// The reason column, written by `threads` threads a block of entries
/// each, appended in order. Blocks are done a round at a time, so only one
/// round's text is held twice.
Column reasons(std::span<const FollowUps::Entry> entries,
               const std::vector<std::unique_ptr<FollowUpText>>& texts, unsigned threads) {
  constexpr size_t kBlock = size_t{1} << 15;
  Column column = Column::text("reason");
  column.reserve(entries.size());
  struct Block {
    std::string text;
    std::vector<uint32_t> ends;
  };
  std::vector<Block> blocks(std::max(1u, threads));
  auto write = [&](size_t b, size_t from) {
    Block& block = blocks[b];
    block.text.clear();
    block.ends.clear();
    const size_t to = std::min(entries.size(), from + kBlock);
    constexpr size_t kAhead = 8;  // entries are in urgency order: rows at random
    for (size_t k = from; k < to; ++k) {
      if (k + kAhead < to) texts[entries[k + kAhead].rule]->prefetch(entries[k + kAhead].row);
      texts[entries[k].rule]->append_reason(entries[k].row, block.text);
      block.ends.push_back(static_cast<uint32_t>(block.text.size()));
    }
  };
  for (size_t round = 0; round < entries.size(); round += kBlock * blocks.size()) {
    std::vector<std::thread> workers;
    std::vector<std::exception_ptr> errors(blocks.size());
    for (size_t b = 1; b < blocks.size() && round + b * kBlock < entries.size(); ++b)
      workers.emplace_back([&, b] {
        try {
          write(b, round + b * kBlock);
        } catch (...) {
          errors[b] = std::current_exception();
        }
      });
    try {
      write(0, round);
    } catch (...) {
      errors[0] = std::current_exception();  // after the workers have stopped
    }
    for (auto& w : workers) w.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    for (size_t b = 0; b < blocks.size() && round + b * kBlock < entries.size(); ++b) {
      const Block& block = blocks[b];
      uint32_t begin = 0;
      for (uint32_t end : block.ends) {
        column.push_text(std::string_view(block.text).substr(begin, end - begin));
        begin = end;
      }
    }
  }
  return column;
}

}  // namespace

FollowUps::FollowUps(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules, Date as_of,
                     const std::vector<std::string>& keep, unsigned threads)
    : customers_(customers), rules_(rules), keep_(keep), texts_(rules.size()) {
  const size_t n = customers.rows();
  const Column& monetary = customers.column("monetary");
  for (size_t r = 0; r < rules.size(); ++r) {
    const auto& tiers = rules[r]->tiers();
    if (std::all_of(tiers.begin(), tiers.end(), [](const Tier& t) { return t.action.empty(); }))
      continue;
    texts_[r] = rules[r]->follow_ups(customers);
    const TierLookup tier_of(customers.column(rules[r]->name()), tiers);
    for (size_t i = 0; i < n; ++i) {
      const size_t k = tier_of(i);
      if (k == tiers.size() || tiers[k].action.empty() || !texts_[r]->follows_up(i)) continue;
      const Tier& t = tiers[k];
      // A tier without a priority sorts after every prioritised one.
      entries_.push_back(Entry{t.priority > 0 ? t.priority : 10, as_of.days + t.cadence_days,
                               monetary.number(i), static_cast<uint32_t>(i),
                               static_cast<uint16_t>(r), static_cast<uint16_t>(k)});
    }
  }
  // The two halves side by side, then merged: more_urgent is a total
  // order (a customer has one entry per rule), so the order is the one
  // sort of the whole would give. (One sort took about 65 ms of `run`'s
  // serial time at 740,000 entries.)
  const auto middle = entries_.begin() + static_cast<std::ptrdiff_t>(entries_.size() / 2);
  side_by_side(
      threads > 1, [&] { std::sort(entries_.begin(), middle, more_urgent); },
      [&] { std::sort(middle, entries_.end(), more_urgent); });
  std::inplace_merge(entries_.begin(), middle, entries_.end(), more_urgent);
}

FollowUps::~FollowUps() = default;

Table FollowUps::rows(size_t from, size_t to, unsigned threads) const {
  const std::span<const Entry> entries(entries_.data() + from, to - from);
  const Table& customers = customers_;
  const auto& rules = rules_;
  const Column& ids = customers.column("customer_id");
  // Rule, tier, action and owner are labels, pushed by code: tier k of rule
  // r is code first_tier[r] + k in the tier, action and owner columns.
  std::vector<std::string> rule_names, tier_names, actions, owners;
  std::vector<uint32_t> first_tier;
  for (const auto& r : rules) {
    rule_names.push_back(r->name());
    first_tier.push_back(static_cast<uint32_t>(tier_names.size()));
    for (const Tier& t : r->tiers()) {
      tier_names.push_back(t.name);
      actions.push_back(t.action);
      owners.push_back(t.owner);
    }
  }
  Column id = Column::text("customer_id"), rule = Column::labels("rule", std::move(rule_names));
  Column tier = Column::labels("tier", std::move(tier_names));
  Column action = Column::labels("action", std::move(actions));
  Column owner = Column::labels("owner", std::move(owners));
  Column due = Column::date("due_date"), cadence = Column::integer("cadence_days");
  Column priority = Column::integer("priority");
  std::vector<const Column*> kept_from;
  std::vector<Column> kept;
  for (const auto& name : keep_) {
    const Column& source = customers.column(name);
    kept_from.push_back(&source);
    kept.push_back(source.type() == ColumnType::kText ? Column::text(name)
                   : source.type() == ColumnType::kDate ? Column::date(name)
                   : source.type() == ColumnType::kInt ? Column::integer(name)
                   : Column::decimal(name, source.scale(), source.min_digits()));
  }
  // The reasons take the longest: the other columns are filled meanwhile.
  auto fill = [&] {
    for (Column* c : {&id, &rule, &tier, &action, &owner, &due, &cadence, &priority})
      c->reserve(entries.size());
    // Rows at random: an id's offsets are fetched 2 * kAhead entries
    // ahead, its bytes (found with them) kAhead ahead.
    constexpr size_t kAhead = 8;
    for (size_t at = 0; at < entries.size(); ++at) {
      const Entry& e = entries[at];
      if (at + 2 * kAhead < entries.size()) {
        ids.prefetch(entries[at + 2 * kAhead].row);
        for (const Column* s : kept_from) s->prefetch(entries[at + 2 * kAhead].row);
      }
      if (at + kAhead < entries.size()) __builtin_prefetch(ids.text(entries[at + kAhead].row).data());
      const Rule& r = *rules[e.rule];
      const Tier& t = r.tiers()[e.tier];
      const uint32_t code = first_tier[e.rule] + e.tier;
      id.push_text(ids.text(e.row));
      rule.push_code(e.rule);
      tier.push_code(code);
      action.push_code(code);
      if (t.owner.empty()) owner.push_null();
      else owner.push_code(code);
      due.push_number(e.due);
      cadence.push_number(t.cadence_days);
      if (t.priority > 0) priority.push_number(t.priority);
      else priority.push_null();
      for (size_t k = 0; k < kept.size(); ++k) {
        const Column& s = *kept_from[k];
        if (!s.has(e.row)) kept[k].push_null();
        else if (s.type() == ColumnType::kText) kept[k].push_text(s.text(e.row));
        else kept[k].push_number(s.number(e.row));
      }
    }
  };
  Column reason = Column::text("reason");
  side_by_side(threads > 1, fill, [&] { reason = reasons(entries, texts_, threads); });
  Table out;
  for (Column* c : {&id, &rule, &tier, &action, &owner, &due, &cadence, &priority, &reason})
    out.add(std::move(*c));
  for (auto& c : kept) out.add(std::move(c));
  return out;
}

Table build_followups(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules,
                      Date as_of, const std::vector<std::string>& keep, unsigned threads) {
  const FollowUps list(customers, rules, as_of, keep, threads);
  return list.rows(0, list.size(), threads);
}

}  // namespace tiers::report

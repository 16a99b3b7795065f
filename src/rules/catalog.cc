#include "rules/catalog.h"

#include <fmt/format.h>

#include "aggregate/aggregator.h"
#include "io/text.h"
#include "rules/condition/evaluator.h"
#include "rules/condition/rational.h"
#include "rules/registry.h"
#include "tiers/error.h"

namespace tiers::rules {
namespace {

Table empty_metrics(const aggregate::MetricRequest& metrics) {
  aggregate::AggregatorOptions options;
  options.metrics = metrics;
  return aggregate::Aggregator(options).finish(Date{0});
}

Column empty_column(const ColumnInfo& info) {
  switch (info.type) {
    case ColumnType::kText: return Column::text(info.name);
    case ColumnType::kInt: return Column::integer(info.name);
    case ColumnType::kDate: return Column::date(info.name);
    case ColumnType::kDecimal: break;
  }
  return Column::money(info.name);
}

}  // namespace

Catalog::Catalog(aggregate::MetricRequest& metrics, bool lenient) : metrics_(metrics), lenient_(lenient) {
  Table metric_table = empty_metrics(metrics_);
  for (size_t c = 0; c < metric_table.width(); ++c) {
    const Column& col = metric_table.column(c);
    add(ColumnInfo{col.name(), col.type()});
  }
}

bool Catalog::add(ColumnInfo info) {
  for (const ColumnInfo& c : columns_)
    if (c.name == info.name) return false;
  prototype_.add(empty_column(info));
  columns_.push_back(std::move(info));
  return true;
}

const ColumnInfo* Catalog::find(std::string_view name) {
  for (const ColumnInfo& c : columns_)
    if (c.name == name) return &c;
  aggregate::MetricRequest more = metrics_;
  if (more.request(name)) {
    metrics_ = more;
    const Table metric_table = empty_metrics(metrics_);
    add(ColumnInfo{std::string(name), metric_table.column(name).type()});
    return &columns_.back();
  }
  if (!lenient_ || !why_unknown(name).empty()) return nullptr;
  ColumnInfo info{std::string(name), ColumnType::kText, true};
  info.checked = false;
  add(std::move(info));
  return &columns_.back();
}

std::string Catalog::why_unknown(std::string_view name) const {
  for (const auto& [column, why] : later_)
    if (column == name) return why;
  return {};
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> out;
  for (const ColumnInfo& c : columns_) out.push_back(c.name);
  return out;
}

ColumnInfo describe_attribute(const io::AttributeTable& table, size_t column) {
  const Column& cells = table.columns[column];
  ColumnInfo info{cells.name(), ColumnType::kText, true};
  auto note = [&](std::string& slot, size_t row) {
    if (slot.empty())
      slot = fmt::format("{}:{} has \"{}\"", table.file, table.lines[row], io::printable(cells.text(row)));
  };
  for (size_t r = 0; r < cells.size(); ++r) {
    if (!cells.has(r)) continue;
    const std::string_view cell = cells.text(r);
    if (!Rational::parse(cell)) note(info.not_number, r);
    if (condition::parse_yes_no(cell) < 0) note(info.not_boolean, r);
    if (!parse_iso_date(cell)) note(info.not_date, r);
  }
  return info;
}

PipelineRules build_rules(const std::vector<RuleSpec>& specs, const io::AttributeTable* attributes,
                          aggregate::MetricRequest& metrics, const std::vector<RuleCuts>* frozen,
                          const std::string& frozen_file, bool lenient) {
  Catalog catalog(metrics, lenient);
  if (attributes != nullptr)
    for (size_t c = 0; c < attributes->columns.size(); ++c)
      if (!catalog.add(describe_attribute(*attributes, c)))
        throw Error(ExitCode::kData,
                    fmt::format("{}:1: column \"{}\" has the name of a metric",
                                attributes->file, attributes->columns[c].name()),
                    "rename the column in the attribute table");
  PipelineRules out;
  std::vector<bool> used(frozen != nullptr ? frozen->size() : 0, false);
  // Make every rule first (settings and syntax), then bind them in order.
  std::vector<std::unique_ptr<Rule>> made;
  for (const RuleSpec& spec : specs) made.push_back(make_rule(spec));
  for (size_t r = 0; r < made.size(); ++r) {
    const RuleSpec& spec = specs[r];
    auto rule = std::move(made[r]);
    std::vector<std::pair<std::string, std::string>> later;
    for (const auto& c : rule->column_names())
      later.emplace_back(c, fmt::format("\"{}\" is the column this rule makes", c));
    for (size_t k = r + 1; k < made.size(); ++k)
      for (const auto& c : made[k]->column_names())
        later.emplace_back(c, fmt::format("\"{}\" is a column of rule \"{}\", which comes later: "
                                          "move that rule up", c, made[k]->name()));
    catalog.set_later(std::move(later));
    rule->bind(catalog);
    RuleContext context{Date{0}};
    for (size_t i = 0; frozen != nullptr && i < frozen->size(); ++i)
      if ((*frozen)[i].rule == rule->name()) {
        context.frozen = &(*frozen)[i];
        used[i] = true;
      }
    // The dry run also checks the frozen cut points against the rule.
    for (Column& column : rule->apply(catalog.prototype(), context)) {
      const std::string name = column.name();
      if (!catalog.add(ColumnInfo{name, column.type()}))
        spec.fail("name", fmt::format("rule \"{}\" adds the column \"{}\", which is already taken",
                                      rule->name(), name),
                  "give the rule another name");
    }
    if (frozen != nullptr && context.frozen == nullptr &&
        rule->cut_points(catalog.prototype(), RuleContext{Date{0}}).has_value())
      throw Error(ExitCode::kConfig,
                  fmt::format("{}: no cut points for rule \"{}\"", frozen_file, rule->name()),
                  "use the thresholds.json written by a run with the same rules");
    out.frozen.push_back(context.frozen);
    out.rules.push_back(std::move(rule));
  }
  for (size_t i = 0; i < used.size(); ++i)
    if (!used[i])
      throw Error(ExitCode::kConfig,
                  fmt::format("{}: cut points for rule \"{}\", which is not in the pipeline",
                              frozen_file, (*frozen)[i].rule),
                  "use the thresholds.json written by a run with the same rules");
  out.columns = catalog.names();
  return out;
}

}  // namespace tiers::rules

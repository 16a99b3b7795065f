// The columns rules can read, and building the pipeline against them.
//
// Before any transaction is read, tiers knows every column the customer
// table will have: DESIGN's metrics, the window metrics asked for, the
// attribute columns (the attribute table is read first), and the columns of
// each rule in turn. build_rules makes each rule, binds it to the columns
// before it (a condition that reads `monetary_30d` asks for that window
// metric here), then runs it over an empty table of those columns: that
// gives the types of its columns for later rules, and checks frozen cut
// points, so a mistake costs no time reading a large file.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "aggregate/extended_metrics.h"
#include "io/attributes.h"
#include "rules/rule_spec.h"
#include "tiers/rule.h"

namespace tiers::rules {

class Catalog final : public ColumnCatalog {
 public:
  /// `lenient`: unknown names are taken for attribute columns whose cells
  /// are not at hand (`tiers rules` without --attributes).
  Catalog(aggregate::MetricRequest& metrics, bool lenient);

  const ColumnInfo* find(std::string_view name) override;
  std::vector<std::string> names() const override;
  std::string why_unknown(std::string_view name) const override;

  /// Columns of the rule being bound and of later rules, each with why it
  /// cannot be read yet; never taken for attribute columns.
  void set_later(std::vector<std::pair<std::string, std::string>> columns) { later_ = std::move(columns); }

  /// Adds a column; false when the name is taken.
  bool add(ColumnInfo info);
  /// An empty table with every column found so far.
  Table& prototype() { return prototype_; }

 private:
  aggregate::MetricRequest& metrics_;
  bool lenient_;
  std::deque<ColumnInfo> columns_;
  std::vector<std::pair<std::string, std::string>> later_;  // column, why
  Table prototype_;
};

/// How a condition may read an attribute column: as numbers, yes/no values
/// or dates, and where the first cell that is not one is.
ColumnInfo describe_attribute(const io::AttributeTable& table, size_t column);

struct PipelineRules {
  std::vector<std::unique_ptr<Rule>> rules;
  /// Per rule, the frozen cut points it uses (null when none).
  std::vector<const RuleCuts*> frozen;
  /// Every column of the customer table, rules' columns included.
  std::vector<std::string> columns;
};

/// Makes and binds every rule. `attributes` may be null; `frozen` (from
/// --thresholds, may be null) must hold cut points for every rule that uses
/// them. Adds the metrics the rules read to `metrics`. Throws kConfig.
PipelineRules build_rules(const std::vector<RuleSpec>& specs, const io::AttributeTable* attributes,
                          aggregate::MetricRequest& metrics, const std::vector<RuleCuts>* frozen,
                          const std::string& frozen_file, bool lenient = false);

}  // namespace tiers::rules

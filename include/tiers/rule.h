// The rule plug-in interface.
//
// A rule reads the customer table (metrics, attribute columns and the
// columns of earlier rules) and returns new columns: one named after the rule
// holding each customer's tier label, plus `NAME_x` extras (DESIGN §4.4).
// Rules see the whole table because RFM and ABC score against the whole
// distribution. They are pure: no I/O, no printing, no exit; a problem in
// their configuration is a tiers::Error with ExitCode::kConfig.
//
// Each kind lives in its own file under src/rules/ behind a factory function,
// and is made known by one row in the registry (src/rules/registry.cc).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tiers/date.h"
#include "tiers/table.h"

namespace tiers {

/// One label a rule can assign, with what to do about customers in it.
struct Tier {
  std::string name;
  std::string action;      ///< follow-up action; empty = no follow-up
  int cadence_days = 0;    ///< contact every N days; the first contact is due as_of + N
  int priority = 0;        ///< 1 = most urgent; 0 = none given
  std::string owner;       ///< who does it (role or person), may be empty
  std::string when = {};   ///< what puts a customer here, for listings (`R 5, F 4-5`)
};

/// A frozen cut point (thresholds.json). Customers are ordered from worse to
/// better on one metric, ties broken by customer id; a cut is the boundary
/// (value, customer id) in that order. `customer_id` is only needed where
/// ties are split by id (RFM ntile, ABC): without it every tie is on the
/// same side.
struct CutPoint {
  std::string label;                       ///< the score ("2") or tier ("A") it bounds
  std::optional<int64_t> value;            ///< metric value; nullopt = no customer reached it
  std::optional<std::string> customer_id;  ///< tie-break at `value`
};

/// The cut points of one metric: money values have scale 4, counts scale 0.
struct CutSeries {
  std::string metric;
  int scale = 0;
  std::vector<CutPoint> points;
};

/// Every cut value a rule used, so a later run can score on the same scale.
struct RuleCuts {
  std::string rule;  ///< rule name
  std::string kind;
  std::vector<CutSeries> series;
};

/// What every rule may read besides the table.
struct RuleContext {
  Date as_of;  ///< exclusive end of the analysis window
  /// Cut points saved by an earlier run (--thresholds), or null: score
  /// against them instead of this run's distribution.
  const RuleCuts* frozen = nullptr;
};

/// A column a rule may read, known before any data is read.
struct ColumnInfo {
  std::string name;
  ColumnType type = ColumnType::kText;
  /// From the attribute table: text cells that a condition may read as
  /// numbers, yes/no values or dates, according to how it uses them.
  bool attribute = false;
  /// For attribute columns, where a cell is not a number / not a yes-no
  /// value / not a date (`leads.csv:7: "50k"`); empty when every cell is.
  std::string not_number = {}, not_boolean = {}, not_date = {};
  /// False when the cells are not at hand (`tiers rules` without
  /// --attributes): any use is accepted.
  bool checked = true;
};

/// The columns a rule can read: metrics, attribute columns and the columns
/// of earlier rules.
class ColumnCatalog {
 public:
  virtual ~ColumnCatalog() = default;
  /// The column called `name`, or null. A metric computed on request
  /// (`monetary_30d`) is requested by finding it.
  virtual const ColumnInfo* find(std::string_view name) = 0;
  /// Every name `find` knows, for "did you mean".
  virtual std::vector<std::string> names() const = 0;
  /// Why `name` is unknown when there is more to say (a later rule's
  /// column), else empty.
  virtual std::string why_unknown(std::string_view /*name*/) const { return {}; }
};

/// One line of `tiers explain`: an item (a score, a tier's condition, the
/// label), its value for the customer, and why.
struct Explanation {
  std::string item;
  std::string value;
  std::string why;
};

/// A problem `tiers rules` reports: where (file:line:col) and what.
struct Finding {
  std::string where;
  std::string message;
};

/// A rule's words for the follow-up list, bound to one customer table.
/// Writers ask for reasons from several threads at once (each making its
/// own blocks of the list): the methods must only read.
class FollowUpText {
 public:
  virtual ~FollowUpText() = default;
  /// Appends one line saying why `row` got its label.
  virtual void append_reason(size_t row, std::string& out) const = 0;
  /// `row`'s reason will be asked for soon: fetch what it reads.
  virtual void prefetch(size_t /*row*/) const {}
  /// Whether `row`, in a tier with an action, is on the follow-up list: a
  /// tier's action may fit only some of its customers. Default: all.
  virtual bool follows_up(size_t /*row*/) const { return true; }
};

class Rule {
 public:
  virtual ~Rule() = default;

  /// Kind in the registry (`rfm`, `abc`, `tiers`).
  virtual std::string_view kind() const = 0;
  /// Column name of the label, and prefix of the extras.
  virtual const std::string& name() const = 0;
  /// Every label the rule can assign, in report order.
  virtual const std::vector<Tier>& tiers() const = 0;
  /// The columns this rule adds, in order (label first).
  virtual std::vector<std::string> column_names() const = 0;
  /// Computes the new columns for every row of `customers`.
  virtual std::vector<Column> apply(const Table& customers, const RuleContext& context) const = 0;
  /// What the follow-up list says about the rows of `customers`, which
  /// already holds this rule's columns. Made once per table, so that the
  /// rule finds its columns once rather than for every row.
  virtual std::unique_ptr<FollowUpText> follow_ups(const Table& customers) const = 0;
  /// One line saying why `row` got its label (explain, tests).
  std::string reason(const Table& customers, size_t row) const {
    std::string out;
    follow_ups(customers)->append_reason(row, out);
    return out;
  }
  /// Settings as `key=value` pairs, for the run summary and `tiers rules`.
  virtual std::vector<std::pair<std::string, std::string>> settings() const = 0;

  /// Resolves the columns the rule reads against what will be there;
  /// throws kConfig for an unknown column or a use that does not fit.
  virtual void bind(ColumnCatalog& /*columns*/) {}
  /// The cut values the rule used on `customers` (which holds its columns),
  /// or nullopt for rules without any.
  virtual std::optional<RuleCuts> cut_points(const Table& /*customers*/,
                                             const RuleContext& /*context*/) const {
    return std::nullopt;
  }
  /// Why `row` got its label, step by step, recomputed from the metrics.
  virtual std::vector<Explanation> explain(const Table& customers, size_t row,
                                           const RuleContext& /*context*/) const {
    return {Explanation{name(), customers.column(name()).value(row), reason(customers, row)}};
  }
  /// Gaps, overlaps and tiers that can never match.
  virtual std::vector<Finding> lint() const { return {}; }
};

}  // namespace tiers

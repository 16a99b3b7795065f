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

#include <string>
#include <string_view>
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
};

/// What every rule may read besides the table.
struct RuleContext {
  Date as_of;  ///< exclusive end of the analysis window
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
  /// One line saying why `row` got its label, for follow-up lists. The
  /// table already holds this rule's columns.
  virtual std::string reason(const Table& customers, size_t row) const = 0;
  /// Settings as `key=value` pairs, for the run summary and `tiers rules`.
  virtual std::vector<std::pair<std::string, std::string>> settings() const = 0;
};

}  // namespace tiers

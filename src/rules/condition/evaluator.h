// Evaluates a bound condition for each customer of a table.
//
// The logic and the operators are those of operators.h (SQL's three-valued
// logic, exact numbers); this evaluator reads the table's columns: stored
// values as they are printed, attribute cells as the binder typed them
// (parsed once per column, not per test). A tier matches only when its
// condition is true. Text tests (`starts with`, `ends with`, `contains`)
// compare bytes, case sensitive, like `==`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/condition/ast.h"
#include "rules/condition/operators.h"
#include "tiers/date.h"
#include "tiers/table.h"

namespace tiers::rules::condition {

class Evaluator {
 public:
  /// `table` must hold every column the condition reads.
  Evaluator(const Condition& condition, const Table& table, Date as_of);

  Truth test(size_t row) const;
  /// The condition with each column replaced by its value for `row`
  /// (`monetary_30d >= 5000` → `5200.00 >= 5000`), on one line.
  std::string substituted(size_t row) const;

 private:
  struct Source {
    const Column* column = nullptr;
    View view = View::kStored;
    Rational unit;  // 10^-scale for decimal columns
    const std::vector<std::optional<Rational>>* numbers = nullptr;
    const std::vector<int8_t>* booleans = nullptr;  // -1 empty
    const std::vector<std::optional<int32_t>>* dates = nullptr;
  };

  Value read(uint32_t node, size_t row) const;
  std::string display(uint32_t node, size_t row) const;

  const Condition& c_;
  Date as_of_;
  std::vector<Source> sources_;  // per node (only kColumn entries used)
  // Parsed attribute cells, shared by every node reading a column one way.
  std::map<std::string, std::vector<std::optional<Rational>>> numbers_;
  std::map<std::string, std::vector<int8_t>> booleans_;
  std::map<std::string, std::vector<std::optional<int32_t>>> dates_;
};

/// yes/true/1/是 → 1, no/false/0/否 → 0 (ASCII case-insensitive), else -1.
int parse_yes_no(std::string_view cell);

}  // namespace tiers::rules::condition

// Evaluates a bound condition for each customer of a table.
//
// Three-valued logic, as in SQL: a comparison, arithmetic or membership test
// that reads an empty value is unknown; `not unknown` is unknown; `false and
// unknown` is false and `true or unknown` is true. A tier matches only when
// its condition is true. `x is empty` / `x is not empty` are never unknown.
// Division by zero gives an empty value. Numbers are exact (Rational).
// Text tests (`starts with`, `ends with`, `contains`) compare bytes, case
// sensitive, like `==`; an empty value on either side makes them unknown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rules/condition/ast.h"
#include "tiers/date.h"
#include "tiers/table.h"

namespace tiers::rules::condition {

enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

const char* truth_name(Truth t);  ///< "false", "true", "unknown"

class Evaluator {
 public:
  /// `table` must hold every column the condition reads.
  Evaluator(const Condition& condition, const Table& table, Date as_of);

  Truth test(size_t row) const;
  /// The condition with each column replaced by its value for `row`
  /// (`monetary_30d >= 5000` → `5200.00 >= 5000`), on one line.
  std::string substituted(size_t row) const;

 private:
  struct Value {
    Type type = Type::kUnknown;  // kUnknown = empty
    Rational number;
    std::string_view text;
    bool boolean = false;
    int32_t date = 0;
  };
  struct Source {
    const Column* column = nullptr;
    View view = View::kStored;
    Rational unit;  // 10^-scale for decimal columns
    const std::vector<std::optional<Rational>>* numbers = nullptr;
    const std::vector<int8_t>* booleans = nullptr;  // -1 empty
    const std::vector<std::optional<int32_t>>* dates = nullptr;
  };

  Value eval(uint32_t node, size_t row) const;
  Value read(uint32_t node, size_t row) const;
  Truth logic(uint32_t node, size_t row) const;
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

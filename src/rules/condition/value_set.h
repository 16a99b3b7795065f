// Sets of values of one column, for the rules linter.
//
// Numbers (and dates, as day numbers) are unions of intervals with exact
// bounds; for whole-number columns the bounds are rounded inward, so
// `frequency > 3` and `frequency >= 4` are the same set. Text is a finite
// set or the complement of one; yes/no values a subset of {true, false}.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "rules/condition/ast.h"

namespace tiers::rules::condition {

struct Bound {
  bool infinite = true;
  bool closed = false;
  Rational value;
};

struct Interval {
  Bound lo, hi;
};

class ValueSet {
 public:
  enum class Kind : uint8_t { kNumber, kText, kBool };

  static ValueSet everything(Kind kind, bool integral);
  static ValueSet nothing(Kind kind, bool integral);
  /// Numbers `op value`; op is one of kEq kNe kLt kLe kGt kGe.
  static ValueSet compare(NodeKind op, const Rational& value, bool integral);
  static ValueSet text(std::set<std::string> values, bool complement);
  static ValueSet boolean(bool t, bool f);

  ValueSet complement() const;
  ValueSet unite(const ValueSet& other) const;
  ValueSet intersect(const ValueSet& other) const;
  bool empty() const;
  bool subset_of(const ValueSet& other) const { return intersect(other.complement()).empty(); }
  Kind kind() const { return kind_; }
  bool integral() const { return integral_; }

  /// `x <= 90`, `30 < x <= 90 or x > 365`, `x in ["a", "b"]`; dates shown
  /// as dates when `dates`.
  std::string describe(const std::string& name, bool dates) const;

 private:
  void normalize();
  ValueSet intersect_or_unite_text(const ValueSet& other, bool intersect) const;

  Kind kind_ = Kind::kNumber;
  bool integral_ = false;
  std::vector<Interval> parts_;  // numbers: sorted, disjoint
  std::set<std::string> texts_;
  bool complement_ = false;      // texts: all but texts_
  bool t_ = false, f_ = false;   // booleans
};

}  // namespace tiers::rules::condition

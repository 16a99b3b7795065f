// The parsed form of a tier condition (`monetary_30d >= 5000 or stage in
// ["visited", "qualified"]`): a tree of nodes kept in one vector, each
// remembering the bytes of the condition it came from, so errors, lint
// findings and `tiers explain` can point into the text the user wrote.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rules/condition/rational.h"

namespace tiers::rules::condition {

enum class NodeKind : uint8_t {
  kNumber, kString, kBool, kColumn, kAsOf, kList,
  kNeg, kAdd, kSub, kMul, kDiv,
  kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kIsEmpty, kIsNotEmpty,
  kStartsWith, kEndsWith, kContains,  ///< text tests: `x starts with "C"`
  kAnd, kOr, kNot,
};

/// What a node's value is, once the columns are bound.
enum class Type : uint8_t { kUnknown, kNumber, kText, kBool, kDate, kAttribute };

/// How a column's cells are read: as stored, or an attribute's text cells
/// read as numbers, yes/no values or dates.
enum class View : uint8_t { kStored, kNumber, kBool, kDate, kText };

struct Node {
  NodeKind kind = NodeKind::kNumber;
  uint32_t begin = 0;  ///< byte span of the node in the condition text
  uint32_t end = 0;
  uint32_t op = 0;     ///< where its operator is, for messages
  std::vector<uint32_t> kids;
  Rational number;     ///< kNumber
  std::string text;    ///< kString value, kColumn name
  bool boolean = false;
  // Set by binding.
  Type type = Type::kUnknown;
  View view = View::kStored;
  int32_t date = 0;    ///< a kString literal compared with a date: its day number
  bool integral = false;  ///< kColumn holding whole numbers (counts, days, dates)
};

struct Condition {
  std::string text;
  std::vector<Node> nodes;
  uint32_t root = 0;

  const Node& node(uint32_t i) const { return nodes[i]; }
  const Node& top() const { return nodes[root]; }
  /// The condition's text for node `i`.
  std::string source(uint32_t i) const {
    return text.substr(nodes[i].begin, nodes[i].end - nodes[i].begin);
  }
};

/// A mistake in a condition, at byte `offset` of its text.
struct ConditionError {
  uint32_t offset;
  std::string message;
  std::string hint;
};

}  // namespace tiers::rules::condition

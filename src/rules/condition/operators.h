// What a bound condition computes: its values, its three-valued logic and
// what each operator does, written once for every evaluator.
//
// Two evaluators walk the same trees: the customer-table one (rules, over
// metric and attribute columns) and the row one (--amount-expr, --where and
// --exclude, over the cells of a CSV record). They differ only in how a
// column is read, so the walk is a template over that read and the
// operators are plain functions here: a condition means the same thing
// wherever it is evaluated.
//
// Logic is SQL's: a comparison, arithmetic, membership or text test that
// reads an empty value is unknown; `not unknown` is unknown; `false and
// unknown` is false and `true or unknown` is true. `x is empty` is never
// unknown. Division by zero gives an empty value. Numbers are exact
// (Rational); an exact result that does not fit throws std::overflow_error.
#pragma once

#include <cstdint>
#include <string_view>

#include "rules/condition/ast.h"
#include "tiers/date.h"

namespace tiers::rules::condition {

enum class Truth : uint8_t { kFalse, kTrue, kUnknown };

const char* truth_name(Truth t);  ///< "false", "true", "unknown"

/// One value; kUnknown is the empty value. Text views point into the
/// condition, a table or a record: nothing is copied.
struct Value {
  Type type = Type::kUnknown;
  Rational number;
  std::string_view text;
  bool boolean = false;
  int32_t date = 0;
};

/// A literal (number, string, true/false) or `as_of`.
Value literal(const Node& n, Date as_of);

/// Operator `n` applied to its operands' values (`b` unused for one-operand
/// operators): arithmetic, comparisons, `in`, text tests. Empty when an
/// operand is empty.
Value apply(const Condition& c, const Node& n, const Value& a, const Value& b);

/// The value of `node`, reading columns with `read(column_node) -> Value`.
template <class Read>
Value evaluate(const Condition& c, uint32_t node, Date as_of, const Read& read);

/// The truth of `node` (a yes/no node), reading columns with `read`.
template <class Read>
Truth test(const Condition& c, uint32_t node, Date as_of, const Read& read) {
  const Node& n = c.node(node);
  switch (n.kind) {
    case NodeKind::kAnd: {
      const Truth a = test(c, n.kids[0], as_of, read);
      if (a == Truth::kFalse) return a;
      const Truth b = test(c, n.kids[1], as_of, read);
      if (b == Truth::kFalse) return b;
      return a == Truth::kTrue && b == Truth::kTrue ? Truth::kTrue : Truth::kUnknown;
    }
    case NodeKind::kOr: {
      const Truth a = test(c, n.kids[0], as_of, read);
      if (a == Truth::kTrue) return a;
      const Truth b = test(c, n.kids[1], as_of, read);
      if (b == Truth::kTrue) return b;
      return a == Truth::kFalse && b == Truth::kFalse ? Truth::kFalse : Truth::kUnknown;
    }
    case NodeKind::kNot: {
      const Truth a = test(c, n.kids[0], as_of, read);
      return a == Truth::kUnknown ? a : a == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    default: break;
  }
  const Value v = evaluate(c, node, as_of, read);
  return v.type == Type::kUnknown ? Truth::kUnknown : v.boolean ? Truth::kTrue : Truth::kFalse;
}

template <class Read>
Value evaluate(const Condition& c, uint32_t node, Date as_of, const Read& read) {
  const Node& n = c.node(node);
  switch (n.kind) {
    case NodeKind::kNumber:
    case NodeKind::kString:
    case NodeKind::kBool:
    case NodeKind::kAsOf: return literal(n, as_of);
    case NodeKind::kColumn: return read(node);
    case NodeKind::kList: return Value{};
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kNot: {
      const Truth t = test(c, node, as_of, read);
      Value v;
      if (t != Truth::kUnknown) {
        v.type = Type::kBool;
        v.boolean = t == Truth::kTrue;
      }
      return v;
    }
    case NodeKind::kIsEmpty:
    case NodeKind::kIsNotEmpty: {
      const bool empty = evaluate(c, n.kids[0], as_of, read).type == Type::kUnknown;
      Value v;
      v.type = Type::kBool;
      v.boolean = empty == (n.kind == NodeKind::kIsEmpty);
      return v;
    }
    default: break;
  }
  const Value a = evaluate(c, n.kids[0], as_of, read);
  if (a.type == Type::kUnknown) return a;
  if (n.kind == NodeKind::kNeg || n.kind == NodeKind::kIn || n.kind == NodeKind::kNotIn)
    return apply(c, n, a, a);
  const Value b = evaluate(c, n.kids[1], as_of, read);
  if (b.type == Type::kUnknown) return b;
  return apply(c, n, a, b);
}

}  // namespace tiers::rules::condition

#include "rules/condition/operators.h"

namespace tiers::rules::condition {

const char* truth_name(Truth t) {
  return t == Truth::kTrue ? "true" : t == Truth::kFalse ? "false" : "unknown";
}

Value literal(const Node& n, Date as_of) {
  Value v;
  switch (n.kind) {
    case NodeKind::kNumber: v.type = Type::kNumber; v.number = n.number; break;
    case NodeKind::kString:
      if (n.type == Type::kDate) {  // a 'YYYY-MM-DD' string compared with a date
        v.type = Type::kDate;
        v.date = n.date;
      } else {
        v.type = Type::kText;
        v.text = n.text;
      }
      break;
    case NodeKind::kBool: v.type = Type::kBool; v.boolean = n.boolean; break;
    case NodeKind::kAsOf: v.type = Type::kDate; v.date = as_of.days; break;
    default: break;
  }
  return v;
}

Value apply(const Condition& c, const Node& n, const Value& a, const Value& b) {
  Value v;
  if (a.type == Type::kUnknown || b.type == Type::kUnknown) return v;
  switch (n.kind) {
    case NodeKind::kNeg: v.type = Type::kNumber; v.number = -a.number; return v;
    case NodeKind::kIn:
    case NodeKind::kNotIn: {
      bool found = false;
      for (uint32_t k : c.node(n.kids[1]).kids) {
        const Node& item = c.node(k);
        found = a.type == Type::kNumber ? compare(a.number, item.number) == 0 : a.text == item.text;
        if (found) break;
      }
      v.type = Type::kBool;
      v.boolean = found == (n.kind == NodeKind::kIn);
      return v;
    }
    case NodeKind::kAdd: v.type = Type::kNumber; v.number = a.number + b.number; return v;
    case NodeKind::kSub:
      v.type = Type::kNumber;
      v.number = a.type == Type::kDate ? Rational::integer(int64_t{a.date} - b.date) : a.number - b.number;
      return v;
    case NodeKind::kMul: v.type = Type::kNumber; v.number = a.number * b.number; return v;
    case NodeKind::kDiv:
      if (auto q = divide(a.number, b.number)) {
        v.type = Type::kNumber;
        v.number = *q;
      }
      return v;
    case NodeKind::kStartsWith: v.type = Type::kBool; v.boolean = a.text.starts_with(b.text); return v;
    case NodeKind::kEndsWith: v.type = Type::kBool; v.boolean = a.text.ends_with(b.text); return v;
    case NodeKind::kContains:
      v.type = Type::kBool;
      v.boolean = a.text.find(b.text) != std::string_view::npos;
      return v;
    default: break;
  }
  int order = 0;
  switch (a.type) {
    case Type::kNumber: order = compare(a.number, b.number); break;
    case Type::kText: order = a.text < b.text ? -1 : a.text > b.text ? 1 : 0; break;
    case Type::kDate: order = a.date < b.date ? -1 : a.date > b.date ? 1 : 0; break;
    case Type::kBool: order = a.boolean == b.boolean ? 0 : 1; break;
    default: break;
  }
  v.type = Type::kBool;
  switch (n.kind) {
    case NodeKind::kEq: v.boolean = order == 0; break;
    case NodeKind::kNe: v.boolean = order != 0; break;
    case NodeKind::kLt: v.boolean = order < 0; break;
    case NodeKind::kLe: v.boolean = order <= 0; break;
    case NodeKind::kGt: v.boolean = order > 0; break;
    case NodeKind::kGe: v.boolean = order >= 0; break;
    default: v.type = Type::kUnknown; break;
  }
  return v;
}

}  // namespace tiers::rules::condition

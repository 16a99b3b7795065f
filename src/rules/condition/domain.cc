#include "rules/condition/domain.h"

#include <fmt/format.h>

namespace tiers::rules::condition {
namespace {

Truth kleene_not(Truth t) {
  return t == Truth::kUnknown ? t : t == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
}
Truth kleene_and(Truth a, Truth b) {
  if (a == Truth::kFalse || b == Truth::kFalse) return Truth::kFalse;
  return a == Truth::kTrue && b == Truth::kTrue ? Truth::kTrue : Truth::kUnknown;
}
Truth kleene_or(Truth a, Truth b) {
  if (a == Truth::kTrue || b == Truth::kTrue) return Truth::kTrue;
  return a == Truth::kFalse && b == Truth::kFalse ? Truth::kFalse : Truth::kUnknown;
}

ValueSet::Kind kind_of(Type t) {
  return t == Type::kText ? ValueSet::Kind::kText : t == Type::kBool ? ValueSet::Kind::kBool
                                                                       : ValueSet::Kind::kNumber;
}

NodeKind flip(NodeKind op) {
  switch (op) {
    case NodeKind::kLt: return NodeKind::kGt;
    case NodeKind::kLe: return NodeKind::kGe;
    case NodeKind::kGt: return NodeKind::kLt;
    case NodeKind::kGe: return NodeKind::kLe;
    default: return op;
  }
}

bool is_literal(const Node& n) {
  return n.kind == NodeKind::kNumber || n.kind == NodeKind::kString || n.kind == NodeKind::kBool;
}

std::optional<Domain> comparison(const Condition& c, const Node& n) {
  const Node* col = &c.node(n.kids[0]);
  const Node* lit = &c.node(n.kids[1]);
  NodeKind op = n.kind;
  if (col->kind != NodeKind::kColumn) {
    std::swap(col, lit);
    op = flip(op);
  }
  if (col->kind != NodeKind::kColumn || !is_literal(*lit)) return std::nullopt;
  Domain d{col->text, col->type == Type::kDate, ValueSet::boolean(false, false)};
  switch (col->type) {
    case Type::kNumber: d.values = ValueSet::compare(op, lit->number, col->integral); return d;
    case Type::kDate: d.values = ValueSet::compare(op, Rational::integer(lit->date), true); return d;
    case Type::kText:
      if (op != NodeKind::kEq && op != NodeKind::kNe) return std::nullopt;
      d.values = ValueSet::text({lit->text}, op == NodeKind::kNe);
      return d;
    case Type::kBool:
      d.values = ValueSet::boolean(lit->boolean, !lit->boolean);
      if (op == NodeKind::kNe) d.values = d.values.complement();
      return d;
    default: return std::nullopt;
  }
}

}  // namespace

std::string Domain::describe() const {
  const bool with_empty = on_empty == Truth::kTrue;
  if (values.empty()) return with_empty ? fmt::format("{} is empty", column) : values.describe(column, dates);
  const std::string v = values.describe(column, dates);
  return with_empty ? fmt::format("{} or {} is empty", v, column) : v;
}

std::optional<Domain> exact_domain(const Condition& c, uint32_t node) {
  const Node& n = c.node(node);
  switch (n.kind) {
    case NodeKind::kColumn:
      if (n.type != Type::kBool) return std::nullopt;
      return Domain{n.text, false, ValueSet::boolean(true, false)};
    case NodeKind::kEq:
    case NodeKind::kNe:
    case NodeKind::kLt:
    case NodeKind::kLe:
    case NodeKind::kGt:
    case NodeKind::kGe: return comparison(c, n);
    case NodeKind::kIn:
    case NodeKind::kNotIn: {
      const Node& col = c.node(n.kids[0]);
      if (col.kind != NodeKind::kColumn || col.type == Type::kDate) return std::nullopt;
      Domain d{col.text, false, ValueSet::nothing(kind_of(col.type), col.integral)};
      std::set<std::string> texts;
      for (uint32_t k : c.node(n.kids[1]).kids) {
        if (col.type == Type::kText) texts.insert(c.node(k).text);
        else d.values = d.values.unite(ValueSet::compare(NodeKind::kEq, c.node(k).number, col.integral));
      }
      if (col.type == Type::kText) d.values = ValueSet::text(texts, false);
      if (n.kind == NodeKind::kNotIn) d.values = d.values.complement();
      return d;
    }
    case NodeKind::kIsEmpty:
    case NodeKind::kIsNotEmpty: {
      const Node& col = c.node(n.kids[0]);
      if (col.kind != NodeKind::kColumn) return std::nullopt;
      const bool is = n.kind == NodeKind::kIsEmpty;
      const ValueSet none = ValueSet::nothing(kind_of(col.type), col.integral);
      return Domain{col.text, col.type == Type::kDate, is ? none : none.complement(),
                    is ? Truth::kTrue : Truth::kFalse};
    }
    case NodeKind::kNot: {
      auto d = exact_domain(c, n.kids[0]);
      if (!d) return d;
      d->values = d->values.complement();
      d->on_empty = kleene_not(d->on_empty);
      return d;
    }
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      auto a = exact_domain(c, n.kids[0]);
      auto b = exact_domain(c, n.kids[1]);
      if (!a || !b || a->column != b->column || a->values.kind() != b->values.kind()) return std::nullopt;
      const bool both = n.kind == NodeKind::kAnd;
      a->values = both ? a->values.intersect(b->values) : a->values.unite(b->values);
      a->on_empty = both ? kleene_and(a->on_empty, b->on_empty) : kleene_or(a->on_empty, b->on_empty);
      return a;
    }
    default: return std::nullopt;
  }
}

ValueSet implied_values(const Condition& c, uint32_t node, const Domain& like, bool& may_be_empty) {
  if (auto d = exact_domain(c, node);
      d && d->column == like.column && d->values.kind() == like.values.kind()) {
    may_be_empty = d->on_empty == Truth::kTrue;
    return d->values;
  }
  const Node& n = c.node(node);
  if (n.kind == NodeKind::kAnd || n.kind == NodeKind::kOr) {
    bool ma = true, mb = true;
    const ValueSet a = implied_values(c, n.kids[0], like, ma);
    const ValueSet b = implied_values(c, n.kids[1], like, mb);
    if (n.kind == NodeKind::kAnd) {
      may_be_empty = ma && mb;
      return a.intersect(b);
    }
    may_be_empty = ma || mb;
    return a.unite(b);
  }
  may_be_empty = true;
  return ValueSet::everything(like.values.kind(), like.values.integral());
}

}  // namespace tiers::rules::condition

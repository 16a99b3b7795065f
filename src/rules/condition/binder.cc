#include "rules/condition/binder.h"

#include <algorithm>

#include <fmt/format.h>

#include "io/header.h"

namespace tiers::rules::condition {
namespace {

const char* type_name(Type t) {
  switch (t) {
    case Type::kNumber: return "a number";
    case Type::kText: return "text";
    case Type::kBool: return "a yes/no value";
    case Type::kDate: return "a date";
    default: return "a value";
  }
}

class Binder {
 public:
  Binder(Condition& c, ColumnCatalog& columns) : c_(c), columns_(columns) {}

  void run(Type result) {
    visit(c_.root);
    require(c_.root, result);
  }

 private:
  Node& at(uint32_t i) { return c_.nodes[i]; }

  [[noreturn]] void fail(uint32_t offset, std::string message, std::string hint = {}) {
    throw ConditionError{offset, std::move(message), std::move(hint)};
  }

  std::string what(uint32_t i) {
    const Node& n = at(i);
    if (n.kind == NodeKind::kColumn) return fmt::format("\"{}\"", n.text);
    return c_.source(i);
  }

  /// Makes node `i` a value of type `want` (reading an attribute column
  /// that way), or fails.
  void require(uint32_t i, Type want) {
    Node& n = at(i);
    if (n.type == want) return;
    if (n.type == Type::kAttribute) {
      const ColumnInfo* info = columns_.find(n.text);
      const std::string* bad = want == Type::kNumber ? &info->not_number
                               : want == Type::kBool ? &info->not_boolean
                               : want == Type::kDate ? &info->not_date
                                                     : nullptr;
      if (bad != nullptr && !bad->empty() && info->checked)
        fail(n.begin, fmt::format("column \"{}\" is used as {}, but {}", n.text, type_name(want), *bad),
             want == Type::kBool ? "yes/no cells are yes, no, true, false, 1, 0, 是 or 否"
             : want == Type::kDate ? "dates are written YYYY-MM-DD"
                                   : "numbers are written like 5000 or 1234.50, without separators");
      n.type = want;
      n.view = want == Type::kNumber ? View::kNumber
               : want == Type::kBool ? View::kBool
               : want == Type::kDate ? View::kDate
                                     : View::kText;
      return;
    }
    if (want == Type::kBool)
      fail(n.begin, fmt::format("{} is {}, not a yes/no value", what(i), type_name(n.type)),
           n.type == Type::kNumber ? fmt::format("compare it, e.g. {} > 0", c_.source(i))
                                   : "compare it, e.g. stage == \"visited\"");
    fail(n.begin, fmt::format("{} is {}, not {}", what(i), type_name(n.type), type_name(want)));
  }

  void visit(uint32_t i) {
    for (uint32_t k : at(i).kids) visit(k);
    Node& n = at(i);
    switch (n.kind) {
      case NodeKind::kNumber: n.type = Type::kNumber; break;
      case NodeKind::kString: n.type = Type::kText; break;
      case NodeKind::kBool: n.type = Type::kBool; break;
      case NodeKind::kAsOf: n.type = Type::kDate; n.integral = true; break;
      case NodeKind::kList: break;
      case NodeKind::kColumn: column(i); break;
      case NodeKind::kNeg:
        require(n.kids[0], Type::kNumber);
        at(i).type = Type::kNumber;
        break;
      case NodeKind::kAdd:
      case NodeKind::kMul:
      case NodeKind::kDiv:
        arithmetic(i, n.kids[0], n.kids[1]);
        break;
      case NodeKind::kSub: subtract(i); break;
      case NodeKind::kEq:
      case NodeKind::kNe:
      case NodeKind::kLt:
      case NodeKind::kLe:
      case NodeKind::kGt:
      case NodeKind::kGe: compare(i); break;
      case NodeKind::kIn:
      case NodeKind::kNotIn: membership(i); break;
      case NodeKind::kStartsWith:
      case NodeKind::kEndsWith:
      case NodeKind::kContains: text_test(i); break;
      case NodeKind::kIsEmpty:
      case NodeKind::kIsNotEmpty:
        if (at(n.kids[0]).type == Type::kAttribute) at(n.kids[0]).view = View::kText;
        at(i).type = Type::kBool;
        break;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        require(n.kids[0], Type::kBool);
        require(at(i).kids[1], Type::kBool);
        at(i).type = Type::kBool;
        break;
      case NodeKind::kNot:
        require(n.kids[0], Type::kBool);
        at(i).type = Type::kBool;
        break;
    }
  }

  void column(uint32_t i) {
    Node& n = at(i);
    const ColumnInfo* info = columns_.find(n.text);
    if (info == nullptr) {
      auto names = columns_.names();
      auto near = io::did_you_mean(n.text, names);
      const std::string why = columns_.why_unknown(n.text);
      fail(n.begin, fmt::format("unknown column \"{}\"", n.text),
           !why.empty() ? why
           : near       ? fmt::format("did you mean \"{}\"?", *near)
                : "a condition reads metrics, attribute columns (--attributes) and the columns of "
                  "earlier rules");
    }
    if (info->attribute) {
      n.type = Type::kAttribute;
      return;
    }
    switch (info->type) {
      case ColumnType::kText: n.type = Type::kText; break;
      case ColumnType::kInt: n.type = Type::kNumber; n.integral = true; break;
      case ColumnType::kDecimal: n.type = Type::kNumber; break;
      case ColumnType::kDate: n.type = Type::kDate; n.integral = true; break;
    }
  }

  void arithmetic(uint32_t i, uint32_t l, uint32_t r) {
    for (uint32_t k : {l, r}) {
      const Type t = at(k).type;
      if (t != Type::kNumber && t != Type::kAttribute)
        fail(at(k).begin, fmt::format("{} is {}; arithmetic needs numbers", what(k), type_name(t)),
             t == Type::kDate ? "subtract two dates for the days between them, e.g. as_of - last_date"
                              : "");
      require(k, Type::kNumber);
    }
    at(i).type = Type::kNumber;
  }

  void subtract(uint32_t i) {
    const uint32_t l = at(i).kids[0], r = at(i).kids[1];
    const bool dates = at(l).type == Type::kDate || at(r).type == Type::kDate;
    if (!dates) return arithmetic(i, l, r);
    require(l, Type::kDate);
    require(r, Type::kDate);
    at(i).type = Type::kNumber;  // days between
    at(i).integral = true;
  }

  /// Gives both sides of a comparison one type.
  void unify(uint32_t op, uint32_t l, uint32_t r) {
    Type tl = at(l).type, tr = at(r).type;
    if (tl == Type::kAttribute && tr == Type::kAttribute) {
      const ColumnInfo* a = columns_.find(at(l).text);
      const ColumnInfo* b = columns_.find(at(r).text);
      const Type t = a->checked && b->checked && a->not_number.empty() && b->not_number.empty()
                         ? Type::kNumber
                         : Type::kText;
      require(l, t);
      require(r, t);
      return;
    }
    if (tl == Type::kAttribute) return require(l, tr);
    if (tr == Type::kAttribute) return require(r, tl);
    for (auto [date, text] : {std::pair{l, r}, std::pair{r, l}}) {
      if (at(date).type == Type::kDate && at(text).kind == NodeKind::kString) {
        auto d = parse_iso_date(at(text).text);
        if (!d) fail(at(text).begin, fmt::format("\"{}\" is not a date", at(text).text), "write dates as YYYY-MM-DD");
        at(text).type = Type::kDate;
        at(text).date = d->days;
        return;
      }
    }
    if (tl != tr)
      fail(op, fmt::format("cannot compare {} ({}) with {} ({})", what(l), type_name(tl), what(r),
                           type_name(tr)));
  }

  void compare(uint32_t i) {
    const uint32_t l = at(i).kids[0], r = at(i).kids[1];
    unify(at(i).op, l, r);
    const bool ordering = at(i).kind != NodeKind::kEq && at(i).kind != NodeKind::kNe;
    if (ordering && at(l).type == Type::kBool)
      fail(at(i).op, "yes/no values cannot be ordered", "compare them with == or !=");
    at(i).type = Type::kBool;
  }

  /// `x starts with y`, `ends with`, `contains`: both sides are text.
  void text_test(uint32_t i) {
    const char* op = at(i).kind == NodeKind::kStartsWith ? "starts with"
                     : at(i).kind == NodeKind::kEndsWith ? "ends with"
                                                         : "contains";
    for (uint32_t k : at(i).kids) {
      const Type t = at(k).type;
      if (t == Type::kAttribute) require(k, Type::kText);
      else if (t != Type::kText)
        fail(at(k).begin, fmt::format("{} is {}, but {} compares text", what(k), type_name(t), op),
             "compare numbers and dates with ==, <, >=, ...");
    }
    at(i).type = Type::kBool;
  }

  void membership(uint32_t i) {
    const uint32_t l = at(i).kids[0], list = at(i).kids[1];
    const auto& items = at(list).kids;
    Type t = Type::kUnknown;
    for (uint32_t k : items) {
      const Type kt = at(k).kind == NodeKind::kNumber ? Type::kNumber : Type::kText;
      if (t != Type::kUnknown && kt != t) fail(at(k).begin, "the list mixes numbers and strings");
      t = kt;
    }
    if (t == Type::kUnknown) fail(at(list).begin, "the list is empty");
    at(list).type = t;
    if (at(l).type == Type::kAttribute) require(l, t);
    if (at(l).type != t)
      fail(at(i).op, fmt::format("{} is {}, but the list holds {}", what(l), type_name(at(l).type),
                                 t == Type::kNumber ? "numbers" : "strings"));
    at(i).type = Type::kBool;
  }

  Condition& c_;
  ColumnCatalog& columns_;
};

}  // namespace

void bind(Condition& condition, ColumnCatalog& columns, Type result) {
  Binder(condition, columns).run(result);
}

std::vector<std::string> columns_read(const Condition& condition) {
  std::vector<std::pair<uint32_t, std::string>> found;
  for (const Node& n : condition.nodes)
    if (n.kind == NodeKind::kColumn) found.emplace_back(n.begin, n.text);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [pos, name] : found)
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  return out;
}

}  // namespace tiers::rules::condition

#include "rules/condition/parser.h"

#include <optional>
#include <string_view>

#include <fmt/format.h>

#include "rules/condition/lexer.h"

namespace tiers::rules::condition {
namespace {

class Parser {
 public:
  explicit Parser(Condition& c) : c_(c), lexer_(c.text) { advance(); }

  uint32_t parse_all() {
    if (tok_.kind == Tok::kEnd) fail("the condition is empty", "write a condition, or leave out when for a catch-all tier");
    const uint32_t root = parse_or();
    if (tok_.kind != Tok::kEnd) {
      std::string hint;
      if (tok_.kind == Tok::kName || tok_.kind == Tok::kNumber || tok_.kind == Tok::kString)
        hint = "is an operator (and, or, >=, ...) missing?";
      if (tok_.kind == Tok::kRParen) hint = "this \")\" has no \"(\"";
      if (is_comparison(tok_.kind)) hint = "comparisons cannot be chained: write a < b and b < c";
      fail(fmt::format("expected and, or or the end of the condition, found {}", describe()), hint);
    }
    return root;
  }

 private:
  static bool is_comparison(Tok k) {
    return k == Tok::kEq || k == Tok::kNe || k == Tok::kLt || k == Tok::kLe || k == Tok::kGt ||
           k == Tok::kGe || k == Tok::kIn || k == Tok::kIs;
  }

  void advance() { tok_ = lexer_.next(); }

  std::string describe() const {
    if (tok_.kind == Tok::kEnd) return "the end of the condition";
    return fmt::format("\"{}\"", c_.text.substr(tok_.begin, tok_.end - tok_.begin));
  }

  [[noreturn]] void fail(std::string message, std::string hint = {}) const {
    throw ConditionError{tok_.begin, std::move(message), std::move(hint)};
  }

  uint32_t add(NodeKind kind, uint32_t begin, uint32_t end, std::vector<uint32_t> kids = {},
               uint32_t op = 0) {
    Node n{};
    n.kind = kind;
    n.begin = begin;
    n.end = end;
    n.op = op;
    n.kids = std::move(kids);
    c_.nodes.push_back(std::move(n));
    return static_cast<uint32_t>(c_.nodes.size() - 1);
  }

  uint32_t binary(NodeKind kind, uint32_t l, uint32_t r, uint32_t op) {
    return add(kind, c_.nodes[l].begin, c_.nodes[r].end, {l, r}, op);
  }

  uint32_t parse_or() {
    uint32_t l = parse_and();
    while (tok_.kind == Tok::kOr) {
      const uint32_t op = tok_.begin;
      advance();
      l = binary(NodeKind::kOr, l, parse_and(), op);
    }
    return l;
  }

  uint32_t parse_and() {
    uint32_t l = parse_not();
    while (tok_.kind == Tok::kAnd) {
      const uint32_t op = tok_.begin;
      advance();
      l = binary(NodeKind::kAnd, l, parse_not(), op);
    }
    return l;
  }

  uint32_t parse_not() {
    if (tok_.kind != Tok::kNot) return parse_comparison();
    const uint32_t begin = tok_.begin;
    advance();
    const uint32_t k = parse_not();
    return add(NodeKind::kNot, begin, c_.nodes[k].end, {k}, begin);
  }

  uint32_t parse_comparison() {
    const uint32_t l = parse_sum();
    const uint32_t op = tok_.begin;
    NodeKind kind;
    switch (tok_.kind) {
      case Tok::kEq: kind = NodeKind::kEq; break;
      case Tok::kNe: kind = NodeKind::kNe; break;
      case Tok::kLt: kind = NodeKind::kLt; break;
      case Tok::kLe: kind = NodeKind::kLe; break;
      case Tok::kGt: kind = NodeKind::kGt; break;
      case Tok::kGe: kind = NodeKind::kGe; break;
      case Tok::kIn: advance(); return parse_list(l, NodeKind::kIn, op);
      case Tok::kIs: return parse_is(l, op);
      case Tok::kNot: {
        advance();
        if (auto text_op = text_operator()) {
          const uint32_t test = parse_text_test(l, *text_op, op);
          return add(NodeKind::kNot, c_.nodes[l].begin, c_.nodes[test].end, {test}, op);
        }
        if (tok_.kind != Tok::kIn)
          fail(fmt::format("expected in, starts with, ends with or contains after not, found {}",
                           describe()));
        advance();
        return parse_list(l, NodeKind::kNotIn, op);
      }
      case Tok::kName:
        if (auto text_op = text_operator()) return parse_text_test(l, *text_op, op);
        return l;
      default: return l;
    }
    advance();
    return binary(kind, l, parse_sum(), op);
  }

  /// True when the current token is the bare word `word` (ASCII case
  /// ignored); a backquoted name is never a word.
  bool at_word(std::string_view word) const {
    if (tok_.kind != Tok::kName || c_.text[tok_.begin] == '`' || tok_.text.size() != word.size())
      return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = tok_.text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  }

  /// `starts with`, `ends with` or `contains` at the current token.
  std::optional<NodeKind> text_operator() const {
    if (at_word("starts")) return NodeKind::kStartsWith;
    if (at_word("ends")) return NodeKind::kEndsWith;
    if (at_word("contains")) return NodeKind::kContains;
    return std::nullopt;
  }

  uint32_t parse_text_test(uint32_t l, NodeKind kind, uint32_t op) {
    const bool two_words = kind != NodeKind::kContains;
    const std::string first = tok_.text;
    advance();
    if (two_words) {
      if (!at_word("with"))
        fail(fmt::format("expected with after {}, found {}", first, describe()),
             fmt::format("write x {} with \"text\"", first));
      advance();
    }
    return binary(kind, l, parse_sum(), op);
  }

  uint32_t parse_list(uint32_t l, NodeKind kind, uint32_t op) {
    if (tok_.kind != Tok::kLBracket)
      fail(fmt::format("expected [ after in, found {}", describe()), "write x in [\"a\", \"b\"]");
    const uint32_t begin = tok_.begin;
    advance();
    std::vector<uint32_t> items;
    while (tok_.kind != Tok::kRBracket) {
      if (!items.empty()) {
        if (tok_.kind != Tok::kComma) fail(fmt::format("expected , or ] in the list, found {}", describe()));
        advance();
      }
      const bool negative = tok_.kind == Tok::kMinus;
      const uint32_t item_begin = tok_.begin;
      if (negative) advance();
      if (tok_.kind == Tok::kNumber) {
        items.push_back(number(negative, item_begin));
      } else if (tok_.kind == Tok::kString && !negative) {
        items.push_back(add(NodeKind::kString, tok_.begin, tok_.end));
        c_.nodes.back().text = tok_.text;
        advance();
      } else {
        fail(fmt::format("expected a number or a string in the list, found {}", describe()),
             "a list holds literal values, e.g. [\"visited\", \"qualified\"] or [1, 2]");
      }
    }
    const uint32_t list = add(NodeKind::kList, begin, tok_.end, std::move(items));
    advance();
    return binary(kind, l, list, op);
  }

  uint32_t parse_is(uint32_t l, uint32_t op) {
    advance();
    NodeKind kind = NodeKind::kIsEmpty;
    if (tok_.kind == Tok::kNot) {
      kind = NodeKind::kIsNotEmpty;
      advance();
    }
    if (tok_.kind != Tok::kEmpty)
      fail(fmt::format("expected empty after is, found {}", describe()), "write x is empty or x is not empty");
    const uint32_t end = tok_.end;
    advance();
    return add(kind, c_.nodes[l].begin, end, {l}, op);
  }

  uint32_t parse_sum() {
    uint32_t l = parse_product();
    while (tok_.kind == Tok::kPlus || tok_.kind == Tok::kMinus) {
      const NodeKind kind = tok_.kind == Tok::kPlus ? NodeKind::kAdd : NodeKind::kSub;
      const uint32_t op = tok_.begin;
      advance();
      l = binary(kind, l, parse_product(), op);
    }
    return l;
  }

  uint32_t parse_product() {
    uint32_t l = parse_unary();
    while (tok_.kind == Tok::kStar || tok_.kind == Tok::kSlash) {
      const NodeKind kind = tok_.kind == Tok::kStar ? NodeKind::kMul : NodeKind::kDiv;
      const uint32_t op = tok_.begin;
      advance();
      l = binary(kind, l, parse_unary(), op);
    }
    return l;
  }

  uint32_t parse_unary() {
    if (tok_.kind != Tok::kMinus) return parse_primary();
    const uint32_t begin = tok_.begin;
    advance();
    if (tok_.kind == Tok::kNumber) return number(true, begin);
    const uint32_t k = parse_unary();
    return add(NodeKind::kNeg, begin, c_.nodes[k].end, {k}, begin);
  }

  uint32_t number(bool negative, uint32_t begin) {
    auto value = Rational::parse(tok_.text);
    if (!value) fail(fmt::format("{} is not a number", describe()));
    const uint32_t n = add(NodeKind::kNumber, begin, tok_.end);
    c_.nodes[n].number = negative ? -*value : *value;
    advance();
    return n;
  }

  uint32_t parse_primary() {
    const uint32_t begin = tok_.begin, end = tok_.end;
    switch (tok_.kind) {
      case Tok::kNumber: return number(false, begin);
      case Tok::kString: {
        const uint32_t n = add(NodeKind::kString, begin, end);
        c_.nodes[n].text = tok_.text;
        advance();
        return n;
      }
      case Tok::kTrue:
      case Tok::kFalse: {
        const uint32_t n = add(NodeKind::kBool, begin, end);
        c_.nodes[n].boolean = tok_.kind == Tok::kTrue;
        advance();
        return n;
      }
      case Tok::kAsOf: advance(); return add(NodeKind::kAsOf, begin, end);
      case Tok::kName: {
        const uint32_t n = add(NodeKind::kColumn, begin, end);
        c_.nodes[n].text = tok_.text;
        advance();
        return n;
      }
      case Tok::kLParen: {
        advance();
        const uint32_t inner = parse_or();
        if (tok_.kind != Tok::kRParen)
          fail(fmt::format("expected ), found {}", describe()),
               fmt::format("close the ( opened at character {} of the condition",
                           char_count(begin) + 1));
        c_.nodes[inner].begin = begin;  // the span includes the parentheses
        c_.nodes[inner].end = tok_.end;
        advance();
        return inner;
      }
      default: break;
    }
    std::string hint;
    if (tok_.kind == Tok::kEmpty) hint = "test for empty values with x is empty";
    else if (tok_.kind == Tok::kAnd || tok_.kind == Tok::kOr || tok_.kind == Tok::kIn ||
             tok_.kind == Tok::kIs || tok_.kind == Tok::kNot)
      hint = "to use a keyword as a column name, write it in backquotes";
    fail(fmt::format("expected a value, found {}", describe()), hint);
  }

  size_t char_count(uint32_t bytes) const {
    size_t n = 0;
    for (uint32_t i = 0; i < bytes; ++i)
      if ((static_cast<unsigned char>(c_.text[i]) & 0xC0) != 0x80) ++n;
    return n;
  }

  Condition& c_;
  Lexer lexer_;
  Token tok_;
};

}  // namespace

Condition parse(std::string text) {
  Condition c;
  c.text = std::move(text);
  Parser p(c);
  c.root = p.parse_all();
  return c;
}

}  // namespace tiers::rules::condition

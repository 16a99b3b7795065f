#include "rules/condition/evaluator.h"

#include <algorithm>

#include <fmt/format.h>

namespace tiers::rules::condition {
int parse_yes_no(std::string_view cell) {
  // Compared in place: this also runs for every CSV record a row filter reads.
  auto is = [cell](std::string_view word) {
    if (cell.size() != word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = cell[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (is("yes") || is("true") || is("1") || is("是")) return 1;
  if (is("no") || is("false") || is("0") || is("否")) return 0;
  return -1;
}

Evaluator::Evaluator(const Condition& condition, const Table& table, Date as_of)
    : c_(condition), as_of_(as_of), sources_(condition.nodes.size()) {
  const size_t rows = table.rows();
  for (size_t i = 0; i < c_.nodes.size(); ++i) {
    const Node& n = c_.nodes[i];
    if (n.kind != NodeKind::kColumn) continue;
    Source& s = sources_[i];
    s.column = &table.column(n.text);
    s.view = n.view;
    if (s.column->type() == ColumnType::kDecimal) s.unit = Rational::fixed(1, s.column->scale());
    const Column& col = *s.column;
    switch (n.view) {
      case View::kNumber: {
        auto [it, fresh] = numbers_.try_emplace(n.text);
        if (fresh) {
          it->second.resize(rows);
          for (size_t r = 0; r < rows; ++r)
            if (col.has(r)) it->second[r] = Rational::parse(col.text(r));
        }
        s.numbers = &it->second;
        break;
      }
      case View::kBool: {
        auto [it, fresh] = booleans_.try_emplace(n.text);
        if (fresh) {
          it->second.assign(rows, -1);
          for (size_t r = 0; r < rows; ++r)
            if (col.has(r)) it->second[r] = static_cast<int8_t>(parse_yes_no(col.text(r)));
        }
        s.booleans = &it->second;
        break;
      }
      case View::kDate: {
        auto [it, fresh] = dates_.try_emplace(n.text);
        if (fresh) {
          it->second.resize(rows);
          for (size_t r = 0; r < rows; ++r)
            if (col.has(r))
              if (auto d = parse_iso_date(col.text(r))) it->second[r] = d->days;
        }
        s.dates = &it->second;
        break;
      }
      case View::kStored:
      case View::kText: break;
    }
  }
}

Value Evaluator::read(uint32_t node, size_t row) const {
  const Source& s = sources_[node];
  Value v;
  switch (s.view) {
    case View::kNumber:
      if ((*s.numbers)[row]) {
        v.type = Type::kNumber;
        v.number = *(*s.numbers)[row];
      }
      return v;
    case View::kBool:
      if ((*s.booleans)[row] >= 0) {
        v.type = Type::kBool;
        v.boolean = (*s.booleans)[row] == 1;
      }
      return v;
    case View::kDate:
      if ((*s.dates)[row]) {
        v.type = Type::kDate;
        v.date = *(*s.dates)[row];
      }
      return v;
    case View::kStored:
    case View::kText: break;
  }
  const Column& col = *s.column;
  if (!col.has(row)) return v;
  switch (col.type()) {
    case ColumnType::kText: v.type = Type::kText; v.text = col.text(row); break;
    case ColumnType::kInt: v.type = Type::kNumber; v.number = Rational::integer(col.number(row)); break;
    case ColumnType::kDecimal:
      v.type = Type::kNumber;
      v.number = Rational(col.number(row), s.unit.den());
      break;
    case ColumnType::kDate: v.type = Type::kDate; v.date = static_cast<int32_t>(col.number(row)); break;
  }
  return v;
}

Truth Evaluator::test(size_t row) const {
  return condition::test(c_, c_.root, as_of_, [&](uint32_t node) { return read(node, row); });
}

std::string Evaluator::display(uint32_t node, size_t row) const {
  const Node& n = c_.nodes[node];
  if (n.kind == NodeKind::kAsOf) return format_date(as_of_);
  const Column& col = *sources_[node].column;
  if (!col.has(row)) return "empty";
  const std::string value = col.value(row);
  if (n.view == View::kText || (n.view == View::kStored && col.type() == ColumnType::kText))
    return fmt::format("\"{}\"", value);
  if (n.view == View::kStored || read(node, row).type != Type::kUnknown) return value;
  return fmt::format("\"{}\" (empty)", value);
}

std::string Evaluator::substituted(size_t row) const {
  std::vector<uint32_t> leaves;
  for (uint32_t i = 0; i < c_.nodes.size(); ++i)
    if (c_.nodes[i].kind == NodeKind::kColumn || c_.nodes[i].kind == NodeKind::kAsOf) leaves.push_back(i);
  std::sort(leaves.begin(), leaves.end(),
            [&](uint32_t a, uint32_t b) { return c_.nodes[a].begin < c_.nodes[b].begin; });
  std::string out;
  size_t pos = 0;
  for (uint32_t i : leaves) {
    const Node& n = c_.nodes[i];
    out.append(c_.text, pos, n.begin - pos);
    out += display(i, row);
    pos = n.end;
  }
  out.append(c_.text, pos);
  // One line: runs of white space (multi-line conditions) become one space.
  std::string flat;
  for (char ch : out) {
    const bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
    if (space && (flat.empty() || flat.back() == ' ')) continue;
    flat.push_back(space ? ' ' : ch);
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  return flat;
}

}  // namespace tiers::rules::condition

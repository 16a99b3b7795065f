#include "aggregate/attribute_join.h"

#include <algorithm>
#include <numeric>

namespace tiers::aggregate {
namespace {

Column empty_like(const Column& c) {
  switch (c.type()) {
    case ColumnType::kText: return Column::text(c.name());
    case ColumnType::kInt: return Column::integer(c.name());
    case ColumnType::kDate: return Column::date(c.name());
    case ColumnType::kDecimal: break;
  }
  return Column::decimal(c.name(), c.scale(), c.min_digits());
}

void copy_value(const Column& from, size_t row, Column& to) {
  if (!from.has(row)) to.push_null();
  else if (from.type() == ColumnType::kText) to.push_text(from.text(row));
  else to.push_number(from.number(row));
}

/// Sums and counts are 0 for a customer without rows; everything else
/// (dates, recency, averages, last order) is empty.
bool zero_without_rows(const std::string& name) {
  static const char* const kZero[] = {"frequency", "purchase_days", "monetary", "gross", "refunds"};
  for (const char* z : kZero)
    if (name == z) return true;
  return name.rfind("monetary_", 0) == 0 || name.rfind("frequency_", 0) == 0;
}

}  // namespace

Table join_attributes(const Table& customers, const io::AttributeTable& attributes, JoinCounts& counts) {
  const size_t n = customers.rows(), m = attributes.rows();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return attributes.ids.text(a) < attributes.ids.text(b); });

  std::vector<Column> out;
  for (const Column& c : customers.columns()) {
    out.push_back(empty_like(c));
    out.back().reserve(n + m);
  }
  std::vector<Column> extra;
  for (const Column& c : attributes.columns) {
    extra.push_back(Column::text(c.name()));
    extra.back().reserve(n + m);
  }
  const Column& ids = customers.column(0);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    const bool take_customer = j == m || (i < n && ids.text(i) <= attributes.ids.text(order[j]));
    const bool both = take_customer && j < m && ids.text(i) == attributes.ids.text(order[j]);
    if (take_customer) {
      for (size_t c = 0; c < out.size(); ++c) copy_value(customers.column(c), i, out[c]);
    } else {
      out[0].push_text(attributes.ids.text(order[j]));
      for (size_t c = 1; c < out.size(); ++c) {
        if (zero_without_rows(out[c].name())) out[c].push_number(0);
        else out[c].push_null();
      }
      ++counts.attributes_only;
    }
    if (take_customer && !both) {
      for (Column& c : extra) c.push_null();
    } else {
      for (size_t c = 0; c < extra.size(); ++c) copy_value(attributes.columns[c], order[j], extra[c]);
      ++j;
    }
    if (both) ++counts.matched;
    if (take_customer) ++i;
  }
  Table table;
  for (Column& c : out) table.add(std::move(c));
  for (Column& c : extra) table.add(std::move(c));
  return table;
}

Table rearrange_columns(const Table& table, const std::vector<std::string>& drop,
                        const std::vector<std::string>& to_end) {
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  Table out;
  for (const Column& c : table.columns())
    if (!listed(drop, c.name()) && !listed(to_end, c.name())) out.add(c);
  for (const std::string& name : to_end)
    if (auto c = table.find(name)) out.add(table.column(*c));
  return out;
}

}  // namespace tiers::aggregate

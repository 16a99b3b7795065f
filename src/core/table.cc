#include "tiers/table.h"

#include <algorithm>

#include <fmt/format.h>

#include "tiers/error.h"
#include "tiers/date.h"
#include "tiers/money.h"

namespace tiers {

Column Column::text(std::string name) { return Column(std::move(name), ColumnType::kText, 0, 0); }
Column Column::integer(std::string name) { return Column(std::move(name), ColumnType::kInt, 0, 0); }
Column Column::date(std::string name) { return Column(std::move(name), ColumnType::kDate, 0, 0); }
Column Column::decimal(std::string name, int scale, int min_digits) {
  return Column(std::move(name), ColumnType::kDecimal, scale, min_digits);
}

Column Column::labels(std::string name, std::vector<std::string> words) {
  Column c = text(std::move(name));
  c.words_ = std::move(words);
  // push_null stores the empty text: found in the dictionary, however big.
  if (std::find(c.words_.begin(), c.words_.end(), "") == c.words_.end()) c.words_.emplace_back();
  return c;
}

void Column::bad_code(uint32_t code) const {
  throw Error(ExitCode::kSoftware, fmt::format("label {} pushed into column {}, which has {} labels",
                                               code, name_, dictionary_ ? words_.size() : 0));
}

void Column::reserve(size_t rows) {
  present_.reserve((rows + 63) / 64);
  switch (type_) {
    case ColumnType::kInt:
    case ColumnType::kDate: small_.reserve(rows); break;
    case ColumnType::kDecimal: wide_.reserve(rows); break;
    case ColumnType::kText: (dictionary_ ? codes_.reserve(rows) : ends_.reserve(rows)); break;
  }
}

void Column::to_arena() {
  ends_.reserve(codes_.capacity());
  for (uint32_t code : codes_) {
    bytes_.append(words_[code]);
    ends_.push_back(bytes_.size());
  }
  dictionary_ = false;
  std::vector<std::string>().swap(words_);
  std::vector<uint32_t>().swap(codes_);
}

void Column::push_null() {
  push_presence(false);
  switch (type_) {
    case ColumnType::kInt:
    case ColumnType::kDate: small_.push_back(0); break;
    case ColumnType::kDecimal: wide_.push_back(0); break;
    case ColumnType::kText: store_text({}); break;
  }
}

void Column::number_into_text() const {
  throw Error(ExitCode::kSoftware, "number pushed into text column " + name_);
}

void Column::push_text(std::string_view value) {
  if (type_ != ColumnType::kText) throw Error(ExitCode::kSoftware, "text pushed into column " + name_);
  push_presence(true);
  store_text(value);
}

void Column::store_text(std::string_view value) {
  if (dictionary_) {
    if (last_code_ < words_.size() && words_[last_code_] == value) {
      codes_.push_back(last_code_);
      return;
    }
    for (uint32_t code = 0; code < words_.size(); ++code) {
      if (words_[code] == value) {
        codes_.push_back(last_code_ = code);
        return;
      }
    }
    if (words_.size() < kMaxDictionary) {
      words_.emplace_back(value);
      codes_.push_back(last_code_ = static_cast<uint32_t>(words_.size() - 1));
      return;
    }
    to_arena();
  }
  bytes_.append(value);
  ends_.push_back(bytes_.size());
}

void Column::append_value(size_t row, std::string& out) const {
  if (!has(row)) return;
  switch (type_) {
    case ColumnType::kText: out.append(text(row)); break;
    case ColumnType::kInt: {
      char buf[16];
      int32_t v = small_[row];
      uint32_t mag = v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v);
      int n = 0;
      do {
        buf[n++] = static_cast<char>('0' + mag % 10);
        mag /= 10;
      } while (mag);
      if (v < 0) out.push_back('-');
      while (n) out.push_back(buf[--n]);
      break;
    }
    case ColumnType::kDate: append_date(out, Date{small_[row]}); break;
    case ColumnType::kDecimal: append_fixed(out, wide_[row], scale_, min_digits_); break;
  }
}

std::optional<size_t> Table::find(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name() == name) return i;
  return std::nullopt;
}

const Column& Table::column(std::string_view name) const {
  if (auto i = find(name)) return columns_[*i];
  throw Error(ExitCode::kSoftware, "no column " + std::string(name));
}

void Table::add(Column column) {
  if (find(column.name()))
    throw Error(ExitCode::kConfig, "two columns are called \"" + column.name() + "\"",
                "give each rule its own name");
  if (!columns_.empty() && column.size() != rows())
    throw Error(ExitCode::kSoftware, "column " + column.name() + " has the wrong length");
  columns_.push_back(std::move(column));
}

}  // namespace tiers

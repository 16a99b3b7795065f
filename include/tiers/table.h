// The table that flows between stages: typed columns of equal length.
//
// The aggregator builds the customer table (one row per customer, sorted by
// id); every rule appends its columns; writers print any Table in CSV, TSV,
// JSON or Markdown. Reports and follow-up lists are Tables too, so there is
// one formatting path for every output.
//
// Storage is columnar and compact because memory grows with customers:
// integers and dates take 4 bytes, decimals 8, presence one bit. Text is
// dictionary-encoded (4 bytes a row) while a column has few distinct values,
// as rule labels do, and becomes one byte arena per column past 64 distinct
// values (ids, names). Every value may be empty (null), printed as an empty
// field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tiers {

enum class ColumnType : uint8_t {
  kText,
  kInt,      ///< whole number
  kDecimal,  ///< fixed point: value × 10^-scale
  kDate,     ///< days since 1970-01-01, printed YYYY-MM-DD
};

class Column {
 public:
  static Column text(std::string name);
  static Column integer(std::string name);
  static Column date(std::string name);
  /// Fixed-point column printed with `scale` digits, trailing zeros trimmed
  /// down to `min_digits`.
  static Column decimal(std::string name, int scale, int min_digits);
  /// A text column of labels known in advance (a rule's tiers): rows are
  /// pushed by their index in `words` (push_code), without comparing text.
  static Column labels(std::string name, std::vector<std::string> words);
  /// Money: scale 4, at least two decimals (DESIGN §3).
  static Column money(std::string name) { return decimal(std::move(name), 4, 2); }

  const std::string& name() const { return name_; }
  void rename(std::string name) { name_ = std::move(name); }
  ColumnType type() const { return type_; }
  int scale() const { return scale_; }
  int min_digits() const { return min_digits_; }
  size_t size() const { return size_; }

  bool has(size_t row) const { return (present_[row >> 6] >> (row & 63)) & 1; }
  /// Int, decimal units or date days; 0 for an empty value.
  int64_t number(size_t row) const {
    switch (type_) {
      case ColumnType::kInt:
      case ColumnType::kDate: return small_[row];
      case ColumnType::kDecimal: return wide_[row];
      case ColumnType::kText: break;
    }
    return 0;
  }
  /// Text of a text column; empty for an empty value.
  std::string_view text(size_t row) const {
    if (type_ != ColumnType::kText) return {};
    if (dictionary_) return words_[codes_[row]];
    const uint64_t begin = row == 0 ? 0 : ends_[row - 1];
    return {bytes_.data() + begin, ends_[row] - begin};
  }
  /// Asks the cache for `row`'s value, to be read soon (loops that visit
  /// rows out of order fetch a few rows ahead).
  void prefetch(size_t row) const {
    if (row >= size_) return;
    __builtin_prefetch(present_.data() + (row >> 6));
    switch (type_) {
      case ColumnType::kInt:
      case ColumnType::kDate: __builtin_prefetch(small_.data() + row); break;
      case ColumnType::kDecimal: __builtin_prefetch(wide_.data() + row); break;
      case ColumnType::kText: __builtin_prefetch(dictionary_ ? static_cast<const void*>(codes_.data() + row)
                                                            : static_cast<const void*>(ends_.data() + row)); break;
    }
  }
  /// A text column with few distinct values keeps them in a dictionary
  /// (rule labels do): its words, and the word of each row.
  bool has_dictionary() const { return type_ == ColumnType::kText && dictionary_; }
  const std::vector<std::string>& dictionary() const { return words_; }
  uint32_t code(size_t row) const { return codes_[row]; }

  void reserve(size_t rows);
  /// Room for `bytes` of text in all (a column of ids: many distinct values).
  void reserve_text(size_t bytes) { bytes_.reserve(bytes); }
  void push_null();
  void push_number(int64_t value) {
    if (type_ == ColumnType::kText) number_into_text();
    push_presence(true);
    if (type_ == ColumnType::kDecimal) wide_.push_back(value);
    else small_.push_back(static_cast<int32_t>(value));
  }
  void push_text(std::string_view value);
  /// Appends word `code` of a labels() column.
  void push_code(uint32_t code) {
    if (!dictionary_ || code >= words_.size()) bad_code(code);
    push_presence(true);
    codes_.push_back(code);
  }

  /// Appends the canonical printed form of a value (nothing for empty).
  void append_value(size_t row, std::string& out) const;
  std::string value(size_t row) const {
    std::string s;
    append_value(row, s);
    return s;
  }

 private:
  Column(std::string name, ColumnType type, int scale, int min_digits)
      : name_(std::move(name)), type_(type), scale_(scale), min_digits_(min_digits) {}
  void push_presence(bool present) {
    if ((size_ & 63) == 0) present_.push_back(0);
    if (present) present_.back() |= uint64_t{1} << (size_ & 63);
    ++size_;
  }
  [[noreturn]] void number_into_text() const;
  [[noreturn]] void bad_code(uint32_t code) const;
  void store_text(std::string_view value);
  void to_arena();  // dictionary text → arena text

  static constexpr size_t kMaxDictionary = 64;

  std::string name_;
  ColumnType type_;
  int scale_ = 0;
  int min_digits_ = 0;
  size_t size_ = 0;
  std::vector<uint64_t> present_;  // bit per row: has a value
  std::vector<int32_t> small_;     // kInt, kDate
  std::vector<int64_t> wide_;      // kDecimal
  // kText while few distinct values: a dictionary and a code per row.
  bool dictionary_ = true;
  std::vector<std::string> words_;
  std::vector<uint32_t> codes_;
  uint32_t last_code_ = 0;
  // kText past kMaxDictionary values: all values back to back.
  std::string bytes_;
  std::vector<uint64_t> ends_;     // end offset of each value
};

class Table {
 public:
  size_t rows() const { return columns_.empty() ? 0 : columns_.front().size(); }
  size_t width() const { return columns_.size(); }

  const Column& column(size_t i) const { return columns_[i]; }
  Column& column(size_t i) { return columns_[i]; }
  /// Index of the column called `name`, or nullopt.
  std::optional<size_t> find(std::string_view name) const;
  const Column& column(std::string_view name) const;  ///< throws kSoftware if absent

  /// Appends a column; throws kConfig if the name is taken (two rules with
  /// one name) or kSoftware if its length differs from the table's.
  void add(Column column);

  const std::vector<Column>& columns() const { return columns_; }

 private:
  std::vector<Column> columns_;
};

}  // namespace tiers

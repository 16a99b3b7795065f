// Writing cells straight into a byte buffer, for the CSV/TSV fast path.
//
// The generic path appends to a std::string a character at a time, which
// costs more than reading the data did on large tables. Here each row first
// makes room for its widest possible form, then numbers, money and dates are
// written through a pointer: integers two digits at a time, dates from a
// small cache (a column holds few distinct days). The text is the same as
// Column::append_value gives (a unit test compares them).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "tiers/table.h"

namespace tiers::writers {

/// A growable byte buffer written through a pointer.
class RawBuffer {
 public:
  /// Room for `n` more bytes; returns where to write them.
  char* reserve(size_t n) {
    if (size_ + n > capacity_) grow(size_ + n);
    return data_.get() + size_;
  }
  /// Marks bytes up to `end` (a pointer from reserve) as written.
  void commit(char* end) { size_ = static_cast<size_t>(end - data_.get()); }
  std::string_view view() const { return {data_.get(), size_}; }
  void clear() { size_ = 0; }

 private:
  void grow(size_t need);
  std::unique_ptr<char[]> data_;
  size_t size_ = 0, capacity_ = 0;
};

/// Writes the cells of non-text columns, caching formatted dates.
class CellWriter {
 public:
  /// Widest text a non-text cell can take.
  static constexpr size_t kMaxCell = 24;
  /// Writes the value of `column` at `row` (nothing when empty) at `p`.
  char* write(const Column& column, size_t row, char* p);

 private:
  char* write_date(int32_t days, char* p);
  struct CachedDate {
    int32_t days = INT32_MIN;
    char text[10];
  };
  CachedDate dates_[4096];  // a column spans a few years: about 1,500 days
};

char* write_integer(int64_t value, char* p);
char* write_fixed(int64_t units, int scale, int min_digits, char* p);

}  // namespace tiers::writers

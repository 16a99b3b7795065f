#include "writers/cell_format.h"

#include <algorithm>

#include "tiers/date.h"

namespace tiers::writers {
namespace {

constexpr char kPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

constexpr uint64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

/// Writes `v` (unsigned) and returns the end.
char* write_unsigned(uint64_t v, char* p) {
  char tmp[20];
  char* t = tmp + 20;
  while (v >= 100) {
    const auto pair = static_cast<size_t>(v % 100) * 2;
    v /= 100;
    *--t = kPairs[pair + 1];
    *--t = kPairs[pair];
  }
  if (v >= 10) {
    *--t = kPairs[v * 2 + 1];
    *--t = kPairs[v * 2];
  } else {
    *--t = static_cast<char>('0' + v);
  }
  const auto n = static_cast<size_t>(tmp + 20 - t);
  std::memcpy(p, t, n);
  return p + n;
}

}  // namespace

void RawBuffer::grow(size_t need) {
  const size_t bigger = std::max(need, capacity_ * 2 + 4096);
  auto data = std::make_unique_for_overwrite<char[]>(bigger);
  if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = bigger;
}

char* write_integer(int64_t value, char* p) {
  if (value < 0) {
    *p++ = '-';
    return write_unsigned(0 - static_cast<uint64_t>(value), p);
  }
  return write_unsigned(static_cast<uint64_t>(value), p);
}

char* write_fixed(int64_t units, int scale, int min_digits, char* p) {
  uint64_t magnitude = units < 0 ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  if (units < 0) *p++ = '-';
  // Money (scale 4) divides by a constant: a multiplication, not a division.
  const uint64_t divisor = kPow10[scale];
  const uint64_t whole = scale == 4 ? magnitude / 10000 : magnitude / divisor;
  p = write_unsigned(whole, p);
  uint64_t frac = magnitude - whole * divisor;
  int keep = scale;
  while (keep > min_digits && frac % 10 == 0) {
    frac /= 10;
    --keep;
  }
  if (keep == 0) return p;
  *p++ = '.';
  for (int k = keep - 1; k >= 0; --k) {
    p[k] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  return p + keep;
}

char* CellWriter::write_date(int32_t days, char* p) {
  CachedDate& slot = dates_[static_cast<uint32_t>(days) & 4095];
  if (slot.days != days) {
    const CivilDate c = civil_from_days(days);
    int y = c.year;
    for (int i = 3; i >= 0; --i) {
      slot.text[i] = static_cast<char>('0' + y % 10);
      y /= 10;
    }
    slot.text[4] = '-';
    slot.text[5] = static_cast<char>('0' + c.month / 10);
    slot.text[6] = static_cast<char>('0' + c.month % 10);
    slot.text[7] = '-';
    slot.text[8] = static_cast<char>('0' + c.day / 10);
    slot.text[9] = static_cast<char>('0' + c.day % 10);
    slot.days = days;
  }
  std::memcpy(p, slot.text, 10);
  return p + 10;
}

char* CellWriter::write(const Column& column, size_t row, char* p) {
  if (!column.has(row)) return p;
  switch (column.type()) {
    case ColumnType::kInt: return write_integer(column.number(row), p);
    case ColumnType::kDate: return write_date(static_cast<int32_t>(column.number(row)), p);
    case ColumnType::kDecimal:
      return write_fixed(column.number(row), column.scale(), column.min_digits(), p);
    case ColumnType::kText: break;
  }
  return p;
}

}  // namespace tiers::writers

#include <doctest/doctest.h>

#include <random>

#include "writers/cell_format.h"

using namespace tiers;
using namespace tiers::writers;

TEST_CASE("the fast cell writer prints exactly what Column::append_value prints") {
  std::mt19937_64 rng(7);
  std::vector<Column> columns;
  columns.push_back(Column::integer("i"));
  columns.push_back(Column::date("d"));
  columns.push_back(Column::money("m"));
  columns.push_back(Column::decimal("s", 4, 4));
  columns.push_back(Column::decimal("a", 2, 2));
  const int64_t edge[] = {0, 1, -1, 9, 10, 99, 100, -100, 12345, 1000000, INT32_MAX, INT32_MIN,
                          INT64_MAX, INT64_MIN, 10000, -5, 50000, 99999999};
  for (auto& c : columns) {
    for (int64_t v : edge) {
      if (c.type() == ColumnType::kInt && (v > INT32_MAX || v < INT32_MIN)) continue;
      if (c.type() == ColumnType::kDate && (v > 2932896 || v < -719162)) continue;  // 0001..9999
      c.push_number(v);
    }
    for (int k = 0; k < 2000; ++k) {
      const auto r = static_cast<int64_t>(rng());
      if (c.type() == ColumnType::kInt) c.push_number(static_cast<int32_t>(r));
      else if (c.type() == ColumnType::kDate) c.push_number(-719162 + (r & 0x3FFFFFFF) % 3652059);
      else c.push_number(r >> (k % 60));
    }
    c.push_null();
  }
  CellWriter writer;
  for (const auto& c : columns) {
    for (size_t row = 0; row < c.size(); ++row) {
      char buf[CellWriter::kMaxCell + 8];
      const std::string fast(buf, writer.write(c, row, buf));
      REQUIRE_MESSAGE(fast == c.value(row), c.name(), " row ", row);
    }
  }
}

TEST_CASE("RawBuffer grows and keeps what was written") {
  RawBuffer b;
  std::string want;
  for (int k = 0; k < 10000; ++k) {
    const std::string piece = std::to_string(k) + ",";
    char* p = b.reserve(piece.size());
    std::memcpy(p, piece.data(), piece.size());
    b.commit(p + piece.size());
    want += piece;
  }
  CHECK(b.view() == want);
}

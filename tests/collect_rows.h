// Test helper: a PartSinks that keeps every row the reader hands over, in
// input order (parts are closed in order, so closing concatenates), or in
// any order (CollectAnyOrder). Used by the reader's unit tests and its
// fuzzer.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/reader.h"

namespace tiers::testing {

struct Row {
  std::string customer, order;
  int32_t date;
  int64_t amount;
  auto operator<=>(const Row&) const = default;
};

struct CollectRows : TransactionSink {
  std::vector<Row> rows;
  void add(const Transaction& t) override {
    rows.push_back({std::string(t.customer), std::string(t.order), t.date.days, t.amount.units});
  }
};

struct CollectParts : io::PartSinks {
  std::vector<Row> rows;
  std::unique_ptr<TransactionSink> open_part() override { return std::make_unique<CollectRows>(); }
  void close_part(std::unique_ptr<TransactionSink> part) override {
    auto& c = static_cast<CollectRows&>(*part);
    rows.insert(rows.end(), c.rows.begin(), c.rows.end());
  }
};

/// Rows in no particular order (compare them sorted): like the aggregator
/// counting exactly, it lets a stream be read on several threads.
struct CollectAnyOrder : CollectParts {
  bool any_order() const override { return true; }
};

}  // namespace tiers::testing

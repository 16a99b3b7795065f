// Folds transaction rows into one row of metrics per customer (DESIGN §3).
//
// Per customer it keeps sums (gross, refunds), the first and last purchase
// date and exact counts of distinct orders and purchase days. Distinct
// counts are exact whatever the row order: (customer, order id) and
// (customer, date) pairs are kept in sets, but a row that continues the
// customer's previous order or purchase day (the common case: an order's
// lines are adjacent) is recognised without touching the sets.
//
// Aggregators over consecutive parts of the input can be merged, which is
// how the reader will split work across threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "aggregate/extended_metrics.h"
#include "aggregate/string_index.h"
#include "tiers/transaction.h"
#include "tiers/table.h"

namespace tiers::aggregate {

/// Names of the metric columns, in table order (DESIGN §4.4).
const std::vector<std::string>& metric_columns();

class Aggregator final : public TransactionSink {
 public:
  Aggregator() = default;
  /// Also computes the extended metrics in `request`, which need `as_of`
  /// while rows are added.
  Aggregator(const MetricRequest& request, Date as_of);

  void add(const Transaction& row) override;
  /// Adds everything `other` has seen.
  void merge(const Aggregator& other);

  uint32_t customers() const { return ids_.size(); }
  /// Latest date of any row added (purchase, refund or zero), if any.
  std::optional<Date> max_date() const;

  /// The customer table sorted by id (byte order): DESIGN's metric columns,
  /// then the extended metrics asked for.
  Table finish(Date as_of) const;

 private:
  struct Customer {
    int64_t gross = 0;
    int64_t refunds = 0;
    int32_t first_date = INT32_MAX;
    int32_t last_date = INT32_MIN;
    int32_t last_purchase_date = INT32_MIN;  // date of the latest purchase row added
    uint32_t named_orders = 0;      // distinct non-empty order ids among purchases
    uint32_t unnamed_orders = 0;    // purchase rows without an order id
    uint32_t purchase_days = 0;
    int64_t last_order = -1;        // order-pair index of the latest purchase row
  };

  uint32_t intern(std::string_view id);
  void add_order(uint32_t customer, std::string_view order);
  void add_purchase_day(uint32_t customer, int32_t date);

  StringIndex ids_;
  std::vector<Customer> customers_;
  StringIndex orders_;  // key: 4 bytes of customer index + order id
  U64Set days_;         // key: (customer + 1) << 32 | date
  int32_t max_date_ = INT32_MIN;
  std::string key_;     // scratch for order keys
  std::unique_ptr<ExtendedMetrics> extended_;
};

}  // namespace tiers::aggregate

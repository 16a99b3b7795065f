// Metrics beyond DESIGN §3, computed only when asked for (by a rules file's
// `windows = [...]`, or by a rule that reads them), so the default customer
// table keeps exactly DESIGN's columns.
//
// For a window of N days and the analysis date as_of (exclusive):
//  * monetary_Nd: net amount of the rows dated in [as_of − N, as_of);
//  * frequency_Nd: distinct orders with a purchase row in that window
//    (an order with lines on both sides of the edge counts in both);
//  * monetary_prev_Nd, frequency_prev_Nd: the same for [as_of − 2N, as_of − N),
//    for growth / decline rules;
//  * last_order_amount: gross purchases on the customer's last purchase day
//    (the last visit's bill; several orders that day are added up);
//  * orders_per_month: frequency × 30 / max(tenure_days, 30), 2 decimals.
// All exact, whatever the row order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/string_index.h"
#include "tiers/date.h"
#include "tiers/table.h"
#include "tiers/transaction.h"

namespace tiers::aggregate {

struct MetricRequest {
  std::vector<int> windows;  ///< days, kept sorted and unique
  bool last_order_amount = false;
  bool orders_per_month = false;

  bool any() const { return !windows.empty() || last_order_amount || orders_per_month; }
  void add_window(int days);
  /// Asks for whatever `column` names (`monetary_30d` → window 30); false
  /// when it is not an extended metric.
  bool request(std::string_view column);
  /// The columns in table order: per window monetary_Nd, frequency_Nd,
  /// monetary_prev_Nd, frequency_prev_Nd; then last_order_amount, orders_per_month.
  std::vector<std::string> column_names() const;
};

/// Per-customer window sums and last-day totals, fed beside the aggregator.
class ExtendedMetrics {
 public:
  ExtendedMetrics(MetricRequest request, Date as_of);

  /// A row of customer `customer` (its dense index in the aggregator).
  void add(uint32_t customer, const Transaction& row);
  /// Adds `other`, whose customer i is this one's `mapped[i]`.
  void merge(const ExtendedMetrics& other, const std::vector<uint32_t>& mapped);

  /// Appends the requested columns for customers in `order` (dense indexes);
  /// `frequency` and `first_date` are per dense index.
  void finish(const std::vector<uint32_t>& order, const std::vector<uint32_t>& frequency,
              const std::vector<int32_t>& first_date, Table& table) const;

 private:
  struct PerCustomer {
    int32_t last_day = INT32_MIN;   // last purchase day seen
    int64_t last_day_gross = 0;
  };
  void ensure(uint32_t customer);
  void count_order(uint32_t customer, size_t slot, std::string_view order);

  MetricRequest request_;
  Date as_of_;
  size_t slots_;                    // 2 per window: current, previous
  std::vector<PerCustomer> customers_;
  std::vector<int64_t> monetary_;   // [customer * slots_ + slot]
  std::vector<uint32_t> frequency_;
  StringIndex orders_;              // key: customer (4) + slot (1) + order id
  std::string key_;
};

}  // namespace tiers::aggregate

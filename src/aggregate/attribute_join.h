// Joins the attribute table onto the customer table.
//
// Every customer keeps its row; the attribute columns are appended (empty
// for customers the attribute table does not list). Ids found only in the
// attribute table (leads, customers without transactions) get a row too,
// with the metrics of a customer without purchases (DESIGN §3): frequency,
// purchase_days, monetary, gross, refunds and window sums 0; dates, recency,
// tenure, avg_order_value, last_order_amount and orders_per_month empty.
// Rows stay sorted by customer id in byte order.
#pragma once

#include <string>
#include <vector>

#include "io/attributes.h"
#include "tiers/table.h"

namespace tiers::aggregate {

struct JoinCounts {
  uint64_t matched = 0;          ///< attribute rows whose id has transactions
  uint64_t attributes_only = 0;  ///< attribute rows without transactions
};

Table join_attributes(const Table& customers, const io::AttributeTable& attributes, JoinCounts& counts);

/// A copy without the columns in `drop`, and with the columns in `to_end`
/// moved to the end in that order.
Table rearrange_columns(const Table& table, const std::vector<std::string>& drop,
                        const std::vector<std::string>& to_end);

}  // namespace tiers::aggregate

// One parsed transaction row, and the interface through which the reader
// hands rows to the aggregator.
//
// The views point into the reader's buffer and are valid only during the
// call that receives the row: the aggregator copies what it keeps.
#pragma once

#include <cstddef>
#include <string_view>

#include "tiers/date.h"
#include "tiers/money.h"

namespace tiers {

struct Transaction {
  std::string_view customer;  ///< trimmed, never empty
  std::string_view order;     ///< empty when the file has no order column or the cell is empty
  Date date;
  Money amount;
};

/// Receives the rows the reader uses (the aggregator implements it).
class TransactionSink {
 public:
  virtual ~TransactionSink() = default;
  virtual void add(const Transaction& row) = 0;
  /// Several rows at once; the views are valid only during the call.
  virtual void add_batch(const Transaction* rows, size_t count) {
    for (size_t i = 0; i < count; ++i) add(rows[i]);
  }
  /// The last row of a part of the input has been added: called on the
  /// thread that read the part, for work best done there.
  virtual void end_part() {}
  /// The rows that follow are part `index` (0, 1, ...) of the input: a
  /// sink taking several parts of a stream, not in input order
  /// (io::PartSinks::any_order), is told which, in increasing order.
  virtual void start_part(size_t /*index*/) {}
};

}  // namespace tiers

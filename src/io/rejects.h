// Rows that could not be used, with where they were and why.
//
// Every data row ends up counted exactly once: used, future (on or after
// as_of), unattributed (no customer id), filtered out (--where, --exclude),
// a duplicate dropped by --dedupe, or rejected; rejected rows are also
// logged here with file, line, reason and raw text for the rejects output.
// Besides, rows_repeated counts rows identical to the row just before them
// (whatever became of them): cheap to see without --dedupe.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tiers::io {

struct Reject {
  std::string file;
  uint64_t line = 0;  ///< physical line where the record starts (header = 1)
  std::string reason;
  std::string raw;    ///< the record as written, without its line ending
};

struct InputCounts {
  uint64_t rows_read = 0;          ///< data records (bad ones included)
  uint64_t rows_used = 0;
  uint64_t rows_future = 0;        ///< dated on or after as_of
  uint64_t rows_unattributed = 0;  ///< empty customer id
  uint64_t rows_filtered = 0;      ///< left out by --where / --exclude
  uint64_t rows_duplicate = 0;     ///< dropped by --dedupe: an earlier row has the same bytes
  uint64_t rows_rejected = 0;
  uint64_t amounts_rounded = 0;    ///< used rows whose amount had > 4 decimals
  uint64_t rows_repeated = 0;      ///< same bytes as the row just before (not in the sum)
  /// Used rows whose amount names a currency, by the currency named
  /// (AmountResult::currency_family, static storage), in order of first use.
  std::vector<std::pair<std::string_view, uint64_t>> currencies;

  void count_currency(std::string_view family, uint64_t rows = 1) {
    for (auto& [name, n] : currencies)
      if (name == family) return void(n += rows);
    currencies.emplace_back(family, rows);
  }
  void add(const InputCounts& other);
};

class RejectLog {
 public:
  /// Keeps the details of at most `keep` rejects; all are counted.
  explicit RejectLog(uint64_t keep = std::numeric_limits<uint64_t>::max()) : keep_(keep) {}

  void add(Reject reject);
  /// Counts rejects whose details were not kept.
  void count_more(uint64_t n) { count_ += n; }
  /// Appends `other`'s rejects after this log's (for readers run in parallel).
  void append(RejectLog&& other);
  uint64_t count() const { return count_; }
  /// How many rejects' details it keeps at most.
  uint64_t keep() const { return keep_; }
  const std::vector<Reject>& kept() const { return kept_; }
  bool complete() const { return kept_.size() == count_; }

 private:
  uint64_t keep_;
  uint64_t count_ = 0;
  std::vector<Reject> kept_;
};

}  // namespace tiers::io

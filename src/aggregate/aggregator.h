// Folds transaction rows into one row of metrics per customer (DESIGN §3).
//
// Per customer it keeps sums (gross, refunds), the first and last purchase
// date and exact counts of distinct orders and purchase days.
//
// Distinct counts have two modes, chosen per dimension (orders, days):
//  * fast: each customer keeps only its last order id and last purchase
//    day. While they never decrease for any customer (an export sorted by
//    date, by order number, or by customer), counting the changes is exact.
//    A decrease is recorded as a violation: the caller then reads the input
//    again in exact mode. Order ids longer than 15 bytes are violations too.
//  * exact: (customer, order id) and (customer, day) pairs are collected
//    (DistinctPairs: appended, sorted and deduplicated in batches) and
//    counted per customer when the table is finished; exact for any row
//    order; memory grows with distinct orders.
//
//  * logged (an input that cannot be read again: a pipe, standard input
//    from one): the purchase rows that bring a customer a new order or day
//    are kept in a PurchaseLog and counted when the table is finished:
//    replayed in input order with the fast rule, exact for every customer
//    whose orders and days never went back, and those that did counted
//    with the exact pairs, from the log. For any row order, in one reading.
//
// Aggregators of consecutive parts of the input are merged in input order
// (merge_next), which is how the reader splits a file across threads; in
// fast mode the merge checks that each part continues where the previous
// ones left off.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/block_vector.h"
#include "aggregate/distinct_pairs.h"
#include "aggregate/extended_metrics.h"
#include "aggregate/hash.h"
#include "aggregate/purchase_log.h"
#include "aggregate/string_index.h"
#include "core/huge_pages.h"
#include "tiers/table.h"
#include "tiers/transaction.h"

namespace tiers::aggregate {

/// Names of DESIGN's metric columns, in table order (DESIGN §4.4).
const std::vector<std::string>& metric_columns();

struct AggregatorOptions {
  bool exact_orders = false;  ///< count orders with sets from the start
  bool exact_days = false;    ///< count purchase days with sets from the start
  MetricRequest metrics;      ///< extended metrics, which need as_of
  Date as_of{0};
  /// Set when fast counting fails (shared by the parts of one read, so
  /// the others can stop early).
  std::atomic<bool>* violation = nullptr;
  /// Exact orders and days are merged and counted side by side when > 1.
  unsigned threads = 1;
  /// Logged mode (both dimensions; the exact ones are then ignored).
  bool logged = false;
  /// Which input the rows come from (logged mode replays inputs in order).
  uint32_t input = 0;
  /// Logged mode: blocks of the log kept in memory before it spills.
  size_t log_blocks_in_memory = PurchaseLog::kBlocksInMemory;
};

/// Up to 15 bytes of text and its length in 16 bytes; compares in
/// shortlex order (length first), which is numeric order for plain numbers.
struct ShortKey {
  uint64_t w[2] = {0, 0};

  static bool fits(std::string_view s) { return s.size() <= 15; }
  static ShortKey of(std::string_view s) {
    const size_t n = s.size();
    ShortKey k;
    if (n > 8) {
      std::memcpy(&k.w[0], s.data(), 8);
      k.w[1] = load_last(s.data() + n, n - 8);
    } else {
      k.w[0] = load_upto8(s.data(), n);
    }
    k.w[1] |= static_cast<uint64_t>(n) << 56;
    return k;
  }
  size_t size() const { return static_cast<unsigned char>(reinterpret_cast<const char*>(w)[15]); }
  std::string_view view() const { return {reinterpret_cast<const char*>(w), size()}; }
  bool operator==(const ShortKey& o) const { return w[0] == o.w[0] && w[1] == o.w[1]; }
  /// Shortlex: shorter first, then bytes in order (compared as big-endian words).
  bool operator<(const ShortKey& o) const {
    if (size() != o.size()) return size() < o.size();
    const uint64_t a = __builtin_bswap64(w[0]), b = __builtin_bswap64(o.w[0]);
    if (a != b) return a < b;
    return __builtin_bswap64(w[1]) < __builtin_bswap64(o.w[1]);
  }
};

class Aggregator final : public TransactionSink {
 public:
  explicit Aggregator(AggregatorOptions options = {});
  ~Aggregator() override;
  Aggregator(const Aggregator&) = delete;
  Aggregator& operator=(const Aggregator&) = delete;

  void add(const Transaction& row) override { add_batch(&row, 1); }
  /// Adds rows; the batch lets lookups of several customers overlap.
  void add_batch(const Transaction* rows, size_t count) override;
  /// Sorts the exact pairs gathered so far, on the part's own thread.
  void end_part() override;
  /// Logged mode: the rows that follow are part `index` of the input.
  void start_part(size_t index) override;

  /// Adds `next`, which saw the rows right after this one's. `next` is
  /// used up: only its destruction may follow.
  void merge_next(Aggregator& next);

  uint32_t customers() const { return static_cast<uint32_t>(customers_.size()); }
  /// Latest date of any row added (purchase, refund or zero), if any.
  std::optional<Date> max_date() const;
  /// Rows came in an order that fast mode cannot count exactly.
  bool orders_violated() const { return orders_violated_; }
  bool days_violated() const { return days_violated_; }
  /// Logged mode, after finish(): customers whose orders (days) went back
  /// in input order, counted with the exact pairs.
  uint32_t orders_recounted() const { return orders_recounted_; }
  uint32_t days_recounted() const { return days_recounted_; }

  /// The customer table sorted by id (byte order): DESIGN's metric columns,
  /// then the extended metrics asked for.
  /// Filling the columns uses up to two of `threads`. The first
  /// call counts the exact pairs: no rows or merges may follow it.
  Table finish(Date as_of, unsigned threads = 1);

  /// Bytes held, for memory measurements.
  size_t memory() const;

 private:
  struct alignas(64) Customer {
    ShortKey id;                 // the id, or its first 15 bytes (size 255: long id)
    int64_t gross = 0;
    int64_t refunds = 0;
    int32_t first_date = INT32_MAX;  // earliest purchase
    int32_t last_date = INT32_MIN;   // latest purchase
    uint32_t orders = 0;         // distinct orders among purchases (both modes)
    uint32_t days = 0;           // distinct purchase days (both modes)
    ShortKey last_order;         // fast mode: latest order id (shortlex max)
  };
  struct Slot {
    uint32_t tag = 0;
    uint32_t index_plus_one = 0;  // 0 = empty
  };

  /// The slot holding `id` (whose key is `key`, tag `tag`) and its index,
  /// or the empty slot where it would go and -1.
  struct Probe {
    uint64_t slot;
    int64_t index;
  };
  Probe probe(std::string_view id, const ShortKey& key, uint32_t tag) const;
  uint32_t find_or_insert(std::string_view id, uint64_t hash);
  /// Index of the customer `id`, or -1; only reads.
  int64_t find(std::string_view id, uint64_t hash) const;
  /// Customer indexes in id byte order.
  std::vector<uint32_t> by_id() const;
  std::string_view id_of(uint32_t index) const;
  void grow();
  /// Grows the slots to hold `customers` without growing again.
  void reserve(size_t customers);
  void update(uint32_t index, const Transaction& row);
  void count_order_exact(uint32_t index, std::string_view order);
  void add_order_code(uint32_t index, uint64_t code);
  /// Adds customer `index` of `from` into customer `to`; returns which
  /// fast counts it found out of order (kOrdersViolated, kDaysViolated).
  unsigned merge_customer(uint32_t to, const Aggregator& from, uint32_t index);
  static constexpr unsigned kOrdersViolated = 1, kDaysViolated = 2;
  /// Counts the exact pairs into the customers (once).
  void settle();
  /// Logged mode: sets each customer's orders (days) from the log, and
  /// adds the pairs of those it cannot count in order to the exact sets.
  void replay_orders();
  void replay_days();

  AggregatorOptions options_;
  /// The slot where a tag's search starts: its top bits.
  uint64_t home(uint32_t tag) const { return tag >> shift_; }
  /// The two fetches of a lookup, issued ahead (look_ahead): the
  /// home slot of `hash`, then (once that has arrived) the record of the
  /// first slot from there with the same tag, if any. (Not just the home
  /// slot's record: at up to half full, that is another customer's for
  /// about one lookup in five, which then waited for its record.)
  /// Always inlined: GCC may find a call that only reads and prefetches
  /// free of side effects and delete it, as it once did with
  /// prefetch_record from both of its callers.
  [[gnu::always_inline]] void prefetch_slot(uint64_t hash) const {
    __builtin_prefetch(&slots_[home(static_cast<uint32_t>(hash >> 32))]);
  }
  [[gnu::always_inline]] void prefetch_record(uint64_t hash) const {
    const auto tag = static_cast<uint32_t>(hash >> 32);
    for (uint64_t i = home(tag);; i = (i + 1) & mask_) {
      const Slot slot = slots_[i];
      if (slot.index_plus_one == 0) return;  // not there: a new customer
      if (slot.tag == tag) return __builtin_prefetch(&customers_[slot.index_plus_one - 1]);
    }
  }

  /// Looks keys 0 .. n-1 up in order as a pipeline along them: key k is
  /// hashed (`hash(k, hash&)`, false: no lookup for it) and its slot
  /// fetched kSlotAhead keys before `visit(k, lookup, hash)`, then the
  /// record that slot points to kRecordAhead keys before. (In groups of 16
  /// -- hash, fetch the slots, then read them -- a fifth of the time went
  /// on reading slots that had not arrived.) A visit may insert and grow
  /// the table: the fetches are only hints.
  template <typename Hash, typename Visit>
  [[gnu::always_inline]] void look_ahead(size_t n, Hash&& hash, Visit&& visit) {
    constexpr size_t kSlotAhead = 24, kRecordAhead = 12, kRing = 32;
    static_assert(kRecordAhead < kSlotAhead && kSlotAhead < kRing);
    uint64_t hashes[kRing] = {};
    bool lookup[kRing] = {};
    size_t hashed = 0, fetched = 0;
    auto hash_next = [&] {
      const size_t i = hashed++, k = i % kRing;
      lookup[k] = hash(i, hashes[k]);
      if (lookup[k]) prefetch_slot(hashes[k]);
    };
    auto fetch_next = [&] {
      const size_t k = fetched++ % kRing;
      if (lookup[k]) prefetch_record(hashes[k]);
    };
    while (hashed < std::min(n, kSlotAhead)) hash_next();
    while (fetched < std::min(n, kRecordAhead)) fetch_next();
    for (size_t k = 0; k < n; ++k) {
      if (hashed < n) hash_next();
      if (fetched < n) fetch_next();
      visit(k, lookup[k % kRing], hashes[k % kRing]);
    }
  }

  TableArray<Slot> slots_;
  uint64_t mask_ = 0;
  unsigned shift_ = 0;  // 32 - log2(slots)
  BlockVector<Customer> customers_;
  // Cold per-customer data, touched once per customer or at merge time.
  BlockVector<ShortKey> first_order_;   // fast mode: first order id seen here
  std::string long_ids_;                // ids over 15 bytes, back to back
  std::vector<std::pair<uint32_t, uint64_t>> long_id_at_;  // (customer, offset) sorted
  // Exact mode, (customer, exact_order_code) pairs: packed into 64 bits
  // when the customer index is below 2^24 and the id a number below 2^40
  // (add_order_code decides, the same way for a pair wherever it is added),
  // else 128 bits.
  DistinctPairs<uint64_t, 40> order_keys_;  // (customer + 1) << 40 | number
  DistinctPairs<Pair128, 0> order_codes_;  // (customer + 1, exact_order_code)
  StringIndex order_pairs_;             // exact mode, ids without a code: customer (4) + id
  DistinctPairs<uint64_t, 32> day_pairs_;   // exact mode: (customer + 1) << 32 | day
  PurchaseLog log_;                     // logged mode
  bool settled_ = false;                // finish() counted the pairs into the customers
  std::unique_ptr<ExtendedMetrics> extended_;
  int32_t max_date_ = INT32_MIN;
  bool orders_violated_ = false;
  bool days_violated_ = false;
  uint32_t orders_recounted_ = 0;
  uint32_t days_recounted_ = 0;
  std::string key_;  // scratch

  void violate_orders();
  void violate_days();
};

}  // namespace tiers::aggregate

#include "aggregate/aggregator.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "aggregate/hash.h"
#include "core/radix_sort.h"
#include "core/side_by_side.h"
#include "tiers/error.h"

namespace tiers::aggregate {
namespace {

constexpr size_t kInitialSlots = 1 << 12;
constexpr unsigned char kLongId = 255;  // ShortKey size marking an id over 15 bytes

int64_t checked_add(int64_t a, int64_t b, std::string_view customer) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum))
    throw Error(ExitCode::kData,
                fmt::format("the amounts of customer \"{}\" add up to more than 922 trillion",
                            customer));
  return sum;
}

uint64_t day_key(uint32_t customer, int32_t date) {
  return (static_cast<uint64_t>(customer) + 1) << 32 | static_cast<uint32_t>(date);
}

ShortKey long_id_prefix(std::string_view id) {
  ShortKey k = ShortKey::of(id.substr(0, 15));
  reinterpret_cast<unsigned char*>(k.w)[15] = kLongId;
  return k;
}

bool is_empty(const ShortKey& k) { return k.w[0] == 0 && k.w[1] == 0; }

}  // namespace

const std::vector<std::string>& metric_columns() {
  static const std::vector<std::string> kNames{
      "customer_id", "first_date", "last_date", "recency_days", "tenure_days", "frequency",
      "purchase_days", "monetary", "gross", "refunds", "avg_order_value"};
  return kNames;
}

Aggregator::Aggregator(AggregatorOptions options)
    : options_(std::move(options)), slots_(kInitialSlots), mask_(kInitialSlots - 1),
      shift_(32 - __builtin_ctzll(kInitialSlots)), log_(options_.log_blocks_in_memory) {
  if (options_.metrics.any())
    extended_ = std::make_unique<ExtendedMetrics>(options_.metrics, options_.as_of);
  // Logged mode merges and settles as exact mode does (its pair sets hold
  // what the log cannot count in order); only update() differs.
  if (options_.logged) options_.exact_orders = options_.exact_days = true;
  log_.start_part(uint64_t{options_.input} << 32);
}

void Aggregator::start_part(size_t index) {
  log_.start_part(uint64_t{options_.input} << 32 | index);
}

Aggregator::~Aggregator() = default;

std::string_view Aggregator::id_of(uint32_t index) const {
  const ShortKey& k = customers_[index].id;
  if (k.size() != kLongId) return k.view();
  const auto it = std::lower_bound(long_id_at_.begin(), long_id_at_.end(),
                                   std::pair<uint32_t, uint64_t>{index, 0});
  uint32_t length;
  std::memcpy(&length, long_ids_.data() + it->second, 4);
  return std::string_view(long_ids_).substr(it->second + 4, length);
}

Aggregator::Probe Aggregator::probe(std::string_view id, const ShortKey& key, uint32_t tag) const {
  const bool is_short = key.size() != kLongId;
  for (uint64_t i = home(tag);; i = (i + 1) & mask_) {
    const Slot slot = slots_[i];
    if (slot.index_plus_one == 0) return {i, -1};
    if (slot.tag == tag) {
      const uint32_t index = slot.index_plus_one - 1;
      if (customers_[index].id == key && (is_short || id_of(index) == id)) return {i, index};
    }
  }
}

int64_t Aggregator::find(std::string_view id, uint64_t hash) const {
  const ShortKey key = ShortKey::fits(id) ? ShortKey::of(id) : long_id_prefix(id);
  return probe(id, key, static_cast<uint32_t>(hash >> 32)).index;
}

uint32_t Aggregator::find_or_insert(std::string_view id, uint64_t hash) {
  const bool is_short = ShortKey::fits(id);
  const ShortKey key = is_short ? ShortKey::of(id) : long_id_prefix(id);
  const auto tag = static_cast<uint32_t>(hash >> 32);
  const Probe found = probe(id, key, tag);
  if (found.index >= 0) return static_cast<uint32_t>(found.index);
  const auto index = static_cast<uint32_t>(customers_.size());
  if (index == UINT32_MAX) throw Error(ExitCode::kData, "more than 4 billion customers");
  customers_.emplace_back().id = key;
  first_order_.emplace_back();
  if (!is_short) {
    long_id_at_.emplace_back(index, long_ids_.size());
    const auto length = static_cast<uint32_t>(id.size());
    long_ids_.append(reinterpret_cast<const char*>(&length), 4);
    long_ids_.append(id);
  }
  slots_[found.slot] = Slot{tag, index + 1};
  if (customers_.size() * 2 > slots_.size()) grow();
  return index;
}

void Aggregator::reserve(size_t customers) {
  while (customers * 2 > slots_.size()) grow();
}

void Aggregator::grow() {
  // A slot's home is the top bits of its tag, so the tags alone place the
  // entries in the bigger table: no customer record is touched.
  if (shift_ == 0) throw Error(ExitCode::kData, "too many customers for one table");
  TableArray<Slot> bigger(slots_.size() * 2);
  mask_ = bigger.size() - 1;
  --shift_;
  for (const Slot& slot : slots_) {
    if (slot.index_plus_one == 0) continue;
    uint64_t i = home(slot.tag);
    while (bigger[i].index_plus_one != 0) i = (i + 1) & mask_;
    bigger[i] = slot;
  }
  slots_ = std::move(bigger);
}

void Aggregator::add_batch(const Transaction* rows, size_t count) {
  if (settled_) throw std::logic_error("Aggregator: rows added after finish()");
  // A row of the same customer as the row before (the lines of an order
  // are adjacent: a third of the rows of a typical export) reuses its
  // index without a lookup.
  uint32_t previous = 0;
  look_ahead(
      count,
      [&](size_t i, uint64_t& hash) {
        if (i > 0 && equal_bytes(rows[i].customer, rows[i - 1].customer)) return false;
        hash = hash_bytes(rows[i].customer);
        return true;
      },
      [&](size_t i, bool lookup, uint64_t hash) {
        if (lookup) previous = find_or_insert(rows[i].customer, hash);
        update(previous, rows[i]);
      });
}

void Aggregator::count_order_exact(uint32_t index, std::string_view order) {
  Customer& c = customers_[index];
  // The previous purchase row of this customer had the same order.
  const bool fits = ShortKey::fits(order);
  if (fits && !is_empty(c.last_order) && c.last_order == ShortKey::of(order)) return;
  if (fits) c.last_order = ShortKey::of(order);
  if (const uint64_t code = exact_order_code(order)) {
    add_order_code(index, code);  // counted by settle()
    return;
  }
  key_.assign(reinterpret_cast<const char*>(&index), 4);
  key_.append(order);
  if (order_pairs_.insert(key_, hash_bytes(key_)).second) ++c.orders;
}

namespace {
constexpr uint64_t kNumberCode = uint64_t{1} << 62;  // exact_order_code of a number
constexpr unsigned kPackedBits = 40;
constexpr uint64_t kPackedMask = (uint64_t{1} << kPackedBits) - 1;
}  // namespace

void Aggregator::add_order_code(uint32_t index, uint64_t code) {
  const uint64_t customer = index + uint64_t{1};
  if (customer < (uint64_t{1} << 24) && (code >> 62) == 1 && (code & ~kNumberCode) <= kPackedMask)
    order_keys_.add(customer << kPackedBits | (code & kPackedMask));
  else
    order_codes_.add(Pair128{customer, code});
}

void Aggregator::update(uint32_t index, const Transaction& row) {
  const int32_t date = row.date.days;
  const int64_t amount = row.amount.units;
  max_date_ = std::max(max_date_, date);
  if (extended_) extended_->add(index, row);
  Customer& c = customers_[index];
  if (amount < 0) {
    c.refunds = checked_add(c.refunds, -amount, row.customer);
    return;
  }
  if (amount == 0) return;
  c.gross = checked_add(c.gross, amount, row.customer);

  if (options_.logged) {
    // A row of the same order as this customer's row before, on a day
    // already seen (the latest), adds nothing the log does not hold.
    const bool new_day = date != c.last_date;
    c.first_date = std::min(c.first_date, date);
    c.last_date = std::max(c.last_date, date);
    bool same_order = false;
    if (!row.order.empty() && ShortKey::fits(row.order)) {
      const ShortKey k = ShortKey::of(row.order);
      same_order = c.last_order == k;
      c.last_order = k;
    }
    if (new_day || !same_order) log_.add(index, date, row.order);
    return;
  }

  if (options_.exact_days) {
    // A purchase on the latest purchase day so far is not a new day (the
    // lines of an order share their day): its pair was added already.
    if (date != c.last_date) day_pairs_.add(day_key(index, date));  // counted by settle()
  } else if (c.last_date == INT32_MIN || date > c.last_date) {
    ++c.days;
  } else if (date < c.last_date) {
    violate_days();
  }
  c.first_date = std::min(c.first_date, date);
  c.last_date = std::max(c.last_date, date);

  const std::string_view order = row.order;
  if (order.empty()) {  // a purchase row without order id is its own order
    ++c.orders;
  } else if (options_.exact_orders) {
    count_order_exact(index, order);
  } else if (!ShortKey::fits(order)) {
    violate_orders();
  } else {
    const ShortKey k = ShortKey::of(order);
    if (is_empty(c.last_order)) {
      first_order_[index] = k;
      c.last_order = k;
      ++c.orders;
    } else if (c.last_order < k) {
      c.last_order = k;
      ++c.orders;
    } else if (!(c.last_order == k)) {
      violate_orders();
    }
  }
}

unsigned Aggregator::merge_customer(uint32_t to, const Aggregator& from, uint32_t index) {
  unsigned violated = 0;
  Customer& g = customers_[to];
  const Customer& n = from.customers_[index];
  const std::string_view id = from.id_of(index);
  g.gross = checked_add(g.gross, n.gross, id);
  g.refunds = checked_add(g.refunds, n.refunds, id);
  if (n.last_date != INT32_MIN && !options_.exact_days) {
    if (g.last_date == INT32_MIN || g.last_date < n.first_date) g.days += n.days;
    else if (g.last_date == n.first_date) g.days += n.days - 1;  // a day split between parts
    else violated |= kDaysViolated;
  }
  g.first_date = std::min(g.first_date, n.first_date);
  g.last_date = std::max(g.last_date, n.last_date);
  if (options_.exact_orders) return violated;  // counted from the pair sets
  if (is_empty(n.last_order)) {
    g.orders += n.orders;  // only orders without id
    return violated;
  }
  const ShortKey& first = from.first_order_[index];
  if (is_empty(g.last_order)) {
    g.orders += n.orders;
    first_order_[to] = first;
  } else if (g.last_order < first) {
    g.orders += n.orders;
  } else if (g.last_order == first) {
    g.orders += n.orders - 1;  // an order split between parts
  } else {
    violated |= kOrdersViolated;
  }
  g.last_order = n.last_order;
  return violated;
}

void Aggregator::merge_next(Aggregator& next) {
  if (settled_ || next.settled_) throw std::logic_error("Aggregator: merge after finish()");
  // Each of next's customers is looked up here, at random: as for rows,
  // their slots, then their records, are fetched ahead (look_ahead).
  // The customers already here (nearly all: parts of one export share
  // their customers) are found and merged by two threads, each taking
  // half: finding only reads the table, and each merge writes its own
  // record. Then the new ones are inserted, in order, on this thread.
  constexpr uint32_t kMissing = UINT32_MAX;
  std::vector<uint32_t> mapped(next.customers(), kMissing);
  auto merge_found = [&](uint32_t from, uint32_t to) {
    unsigned flags = 0;
    look_ahead(
        to - from,
        [&](size_t k, uint64_t& hash) {
          hash = hash_bytes(next.id_of(static_cast<uint32_t>(from + k)));
          return true;
        },
        [&](size_t k, bool, uint64_t hash) {
          const auto i = static_cast<uint32_t>(from + k);
          const int64_t found = find(next.id_of(i), hash);
          if (found < 0) return;
          mapped[i] = static_cast<uint32_t>(found);
          flags |= merge_customer(mapped[i], next, i);
        });
    return flags;
  };
  const uint32_t half = next.customers() / 2;
  unsigned first = 0, second = 0;
  side_by_side(options_.threads > 1 && half >= (uint32_t{1} << 15),
               [&] { first = merge_found(0, half); }, [&] { second = merge_found(half, next.customers()); });
  unsigned violated = first | second;
  // Nothing is looked up in `next` any more: its slots go first, so that
  // the memory is still warm when this table grows for the new customers.
  next.slots_.reset();
  next.settled_ = true;  // no more rows or merges for it
  // The new customers (often most of a part's: customers keep arriving
  // over the years a file covers): the table grows once to hold them all,
  // and their slots are fetched ahead.
  std::vector<uint32_t> added;
  for (uint32_t i = 0; i < next.customers(); ++i)
    if (mapped[i] == kMissing) added.push_back(i);
  // Exact orders are added up below from next's counts, read here: its
  // records are freed while the new customers are inserted.
  std::vector<uint32_t> next_orders;
  if (options_.exact_orders) {
    next_orders.resize(next.customers());
    for (uint32_t i = 0; i < next.customers(); ++i) next_orders[i] = next.customers_[i].orders;
  }
  reserve(customers() + added.size());
  // Each block of next's records (65,536 customers) is freed once the
  // inserts have moved past it (ids are hashed ahead, never behind), so
  // this table's new records take the place of next's instead of adding
  // to them (50M rows: peak 417-454 -> 379-392 MB, the merge 0.16-0.36
  // -> 0.12-0.18 s, reusing memory just freed).
  size_t freed = 0;
  auto free_before = [&](size_t block) {
    for (; freed < block; ++freed) {
      next.customers_.release_block(freed);
      next.first_order_.release_block(freed);
    }
  };
  look_ahead(
      added.size(),
      [&](size_t k, uint64_t& hash) {
        hash = hash_bytes(next.id_of(added[k]));
        return true;
      },
      [&](size_t k, bool, uint64_t hash) {
        const uint32_t i = added[k];
        free_before(next.customers_.block_of(i));
        mapped[i] = find_or_insert(next.id_of(i), hash);
        violated |= merge_customer(mapped[i], next, i);
      });
  next.customers_.release();
  next.first_order_.release();
  if (violated & kOrdersViolated) violate_orders();
  if (violated & kDaysViolated) violate_days();
  // Orders and days touch different counters: they are merged side by side.
  auto merge_orders = [&] {
    // Coded pairs are handed over, to be counted by settle(); pairs of ids
    // without a code were counted by each part: add the new ones, and the
    // orders without id.
    next.order_keys_.drain([&](uint64_t k) {
      add_order_code(mapped[(k >> kPackedBits) - 1], kNumberCode | (k & kPackedMask));
    });
    next.order_codes_.drain([&](const Pair128& k) { add_order_code(mapped[k.hi - 1], k.lo); });
    std::vector<uint32_t> named(mapped.size(), 0);
    for (uint32_t k = 0; k < next.order_pairs_.size(); ++k) {
      const std::string_view key = next.order_pairs_.key(k);
      uint32_t from;
      std::memcpy(&from, key.data(), 4);
      ++named[from];
      key_.assign(reinterpret_cast<const char*>(&mapped[from]), 4);
      key_.append(key.substr(4));
      if (order_pairs_.insert(key_, hash_bytes(key_)).second) ++customers_[mapped[from]].orders;
    }
    for (uint32_t i = 0; i < next_orders.size(); ++i) customers_[mapped[i]].orders += next_orders[i] - named[i];
    order_keys_.compact();
    order_codes_.compact();
  };
  auto merge_days = [&] {
    next.day_pairs_.drain([&](uint64_t key) {
      day_pairs_.add(day_key(mapped[static_cast<uint32_t>((key >> 32) - 1)],
                             static_cast<int32_t>(static_cast<uint32_t>(key))));
    });
    day_pairs_.compact();
  };
  const bool orders = options_.exact_orders, days = options_.exact_days;
  side_by_side(
      options_.threads > 1 && orders && days, [&] { if (orders) merge_orders(); },
      [&] { if (days) merge_days(); });
  log_.append(next.log_, mapped);
  if (extended_ && next.extended_) extended_->merge(*next.extended_, mapped);
  max_date_ = std::max(max_date_, next.max_date_);
  orders_violated_ |= next.orders_violated_;
  days_violated_ |= next.days_violated_;
}

void Aggregator::end_part() {
  // Sorting here runs on the part's thread, alongside the other parts.
  order_keys_.compact();
  order_codes_.compact();
  day_pairs_.compact();
}

void Aggregator::settle() {
  if (settled_) return;
  settled_ = true;
  // No more lookups or merges: the slots and first orders can go before
  // the customer table is built (at 2.5M customers, about 100 MB).
  slots_.reset();
  first_order_.release();
  // The pairs are sorted by customer: the customers are visited in order.
  // Orders and days (different counters) side by side.
  auto orders = [&] {
    if (options_.logged) replay_orders();
    order_keys_.compact();
    order_keys_.for_each_sorted(
        [&](uint64_t k) { ++customers_[static_cast<uint32_t>((k >> kPackedBits) - 1)].orders; });
    order_keys_.release();
    order_codes_.compact();
    order_codes_.for_each_sorted([&](const Pair128& k) { ++customers_[static_cast<uint32_t>(k.hi - 1)].orders; });
    order_codes_.release();
  };
  auto days = [&] {
    if (options_.logged) replay_days();
    day_pairs_.compact();
    day_pairs_.for_each_sorted([&](uint64_t k) { ++customers_[static_cast<uint32_t>((k >> 32) - 1)].days; });
    day_pairs_.release();
  };
  side_by_side(options_.threads > 1 && options_.exact_orders && options_.exact_days, orders, days);
  log_.release();
}

namespace {
/// Zeroes the counts of the customers whose state is `back` (to be counted
/// again from the pairs); returns how many.
template <typename T>
uint32_t restart_counts(const std::vector<T>& last, T back, std::vector<uint32_t>& count) {
  uint32_t restarted = 0;
  for (size_t i = 0; i < last.size(); ++i)
    if (last[i] == back) {
      count[i] = 0;
      ++restarted;
    }
  return restarted;
}
}  // namespace

// The replays run side by side (orders and days): each keeps its state in
// arrays of its own (small: most of them stay in the cache) and writes only
// its own counter of the customer records.
void Aggregator::replay_orders() {
  const uint32_t n = customers();
  constexpr uint64_t kBack = ~uint64_t{0};  // went back: counted from the pairs
  std::vector<uint64_t> last(n, 0);          // code of the latest order; 0: none yet
  std::vector<uint32_t> count(n, 0);
  bool any_back = false;
  const auto ahead = [&](uint32_t c) { __builtin_prefetch(&last[c]); };
  log_.for_each(
      [&](const Purchase& p) {
        if (p.order == 0) {  // no order id: its own order
          ++count[p.customer];
          return;
        }
        uint64_t& l = last[p.customer];
        if (l == kBack) return;
        const int order = log_.compare(l, p.order);  // 0 (none yet) is below every code
        if (order < 0) {
          l = p.order;
          ++count[p.customer];
        } else if (order > 0) {
          l = kBack;
          any_back = true;
        }
      },
      ahead);
  if (any_back) {
    orders_recounted_ = restart_counts(last, kBack, count);
    log_.for_each(
        [&](const Purchase& p) {
          if (last[p.customer] != kBack) return;
          if (p.order == 0) {
            ++count[p.customer];
          } else if ((p.order & PurchaseLog::kText) == PurchaseLog::kText) {
            key_.assign(reinterpret_cast<const char*>(&p.customer), 4);
            key_.append(log_.text(p.order));
            if (order_pairs_.insert(key_, hash_bytes(key_)).second) ++count[p.customer];
          } else {
            add_order_code(p.customer, p.order);  // counted after this
          }
        },
        ahead);
  }
  for (uint32_t i = 0; i < n; ++i) customers_[i].orders = count[i];
}

void Aggregator::replay_days() {
  const uint32_t n = customers();
  constexpr int64_t kNone = INT64_MIN, kBack = INT64_MAX;
  std::vector<int64_t> last(n, kNone);  // the latest day (kNone: below every day)
  std::vector<uint32_t> count(n, 0);
  bool any_back = false;
  const auto ahead = [&](uint32_t c) { __builtin_prefetch(&last[c]); };
  log_.for_each(
      [&](const Purchase& p) {
        int64_t& l = last[p.customer];
        if (l == kBack) return;
        if (p.day > l) {
          l = p.day;
          ++count[p.customer];
        } else if (p.day < l) {
          l = kBack;
          any_back = true;
        }
      },
      ahead);
  if (any_back) {
    days_recounted_ = restart_counts(last, kBack, count);
    log_.for_each(
        [&](const Purchase& p) {
          if (last[p.customer] == kBack) day_pairs_.add(day_key(p.customer, p.day));
        },
        ahead);
  }
  for (uint32_t i = 0; i < n; ++i) customers_[i].days = count[i];
}

void Aggregator::violate_orders() {
  orders_violated_ = true;
  if (options_.violation) options_.violation->store(true, std::memory_order_relaxed);
}

void Aggregator::violate_days() {
  days_violated_ = true;
  if (options_.violation) options_.violation->store(true, std::memory_order_relaxed);
}

std::optional<Date> Aggregator::max_date() const {
  if (max_date_ == INT32_MIN) return std::nullopt;
  return Date{max_date_};
}

namespace {
/// A customer's place in id order: its first 15 bytes as big-endian words
/// (the length byte masked), then its index.
struct IdEntry {
  uint64_t hi, lo;
  uint32_t index;
};
}  // namespace
}  // namespace tiers::aggregate

template <>
struct tiers::RadixKey<tiers::aggregate::IdEntry> {
  static constexpr size_t kWords = 2;
  static uint64_t word(const aggregate::IdEntry& e, size_t w) { return w == 0 ? e.lo : e.hi; }
};

namespace tiers::aggregate {

namespace {
/// Copies the bits of a word under a fixed mask next to each other, low to
/// high (what BMI2's pext does), a run of adjacent mask bits at a time.
class BitGather {
 public:
  explicit BitGather(uint64_t mask) {
    for (unsigned shift = 0; shift < 64 && (mask >> shift) != 0;) {
      shift += static_cast<unsigned>(__builtin_ctzll(mask >> shift));
      const uint64_t rest = ~(mask >> shift);
      const unsigned width = rest == 0 ? 64 - shift : static_cast<unsigned>(__builtin_ctzll(rest));
      runs_.push_back({shift, width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1, bits_});
      bits_ += width;
      shift += width;
    }
  }
  unsigned bits() const { return bits_; }
  uint64_t operator()(uint64_t x) const {
    uint64_t out = 0;
    for (const Run& r : runs_) out |= ((x >> r.shift) & r.mask) << r.at;
    return out;
  }

 private:
  struct Run {
    unsigned shift;
    uint64_t mask;
    unsigned at;
  };
  std::vector<Run> runs_;
  unsigned bits_ = 0;
};
}  // namespace

std::vector<uint32_t> Aggregator::by_id() const {
  // Byte order of ids without NUL bytes is the order of their first 15
  // bytes, zero-padded, read as big-endian words: a radix sort over the
  // bits where ids differ (a few passes: ids share most of their bytes).
  // Only long ids that share those 15 bytes need their full text compared.
  const uint32_t n = customers();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  if (n < 2) return order;
  const auto hi = [&](uint32_t i) { return __builtin_bswap64(customers_[i].id.w[0]); };
  const auto lo = [&](uint32_t i) { return __builtin_bswap64(customers_[i].id.w[1]) & ~uint64_t{0xFF}; };
  uint64_t differ_hi = 0, differ_lo = 0;
  for (uint32_t i = 1; i < n; ++i) {
    differ_hi |= hi(i) ^ hi(0);
    differ_lo |= lo(i) ^ lo(0);
  }
  const BitGather gather_hi(differ_hi), gather_lo(differ_lo);
  const auto index_bits = static_cast<unsigned>(64 - __builtin_clzll(n - 1));
  // Sorts each run of ids that share their first 15 bytes by full id.
  const auto sort_long_ids = [&](auto same_prefix) {
    for (uint32_t run = 0; run < n;) {
      uint32_t end = run + 1;
      while (end < n && same_prefix(run, end)) ++end;
      if (end - run > 1)
        std::sort(order.begin() + run, order.begin() + end,
                  [&](uint32_t a, uint32_t b) { return id_of(a) < id_of(b); });
      run = end;
    }
  };
  if (gather_hi.bits() + gather_lo.bits() + index_bits <= 64) {
    // Usually: ids of one shape ("C00012345", "12345") differ in a few
    // dozen bits. Those bits and the index, packed in one word, sort in a
    // third of the memory and (bits that never change skipped) a few passes.
    std::vector<uint64_t> keys(n);
    for (uint32_t i = 0; i < n; ++i)
      keys[i] = (gather_hi(hi(i)) << gather_lo.bits() | gather_lo(lo(i))) << index_bits | i;
    {
      std::vector<uint64_t> scratch;
      radix_sort(keys, scratch, index_bits);  // stable: equal prefixes stay in index order
    }
    const uint64_t index_mask = (uint64_t{1} << index_bits) - 1;
    for (uint32_t k = 0; k < n; ++k) order[k] = static_cast<uint32_t>(keys[k] & index_mask);
    sort_long_ids([&](uint32_t a, uint32_t b) { return keys[a] >> index_bits == keys[b] >> index_bits; });
    return order;
  }
  std::vector<IdEntry> entries(n);
  for (uint32_t i = 0; i < n; ++i) entries[i] = {hi(i), lo(i), i};
  {
    std::vector<IdEntry> scratch;
    radix_sort(entries, scratch);
  }
  for (uint32_t k = 0; k < n; ++k) order[k] = entries[k].index;
  sort_long_ids([&](uint32_t a, uint32_t b) { return entries[a].hi == entries[b].hi && entries[a].lo == entries[b].lo; });
  return order;
}

Table Aggregator::finish(Date as_of, unsigned threads) {
  settle();
  const std::vector<uint32_t> order = by_id();

  const auto& names = metric_columns();
  Column id = Column::text(names[0]);
  Column first = Column::date(names[1]), last = Column::date(names[2]);
  Column recency = Column::integer(names[3]), tenure = Column::integer(names[4]);
  Column frequency = Column::integer(names[5]), days = Column::integer(names[6]);
  Column monetary = Column::money(names[7]), gross = Column::money(names[8]);
  Column refunds = Column::money(names[9]), aov = Column::money(names[10]);
  Column* all[] = {&id, &first, &last, &recency, &tenure, &frequency, &days, &monetary, &gross,
                   &refunds, &aov};
  for (Column* c : all) c->reserve(order.size());
  size_t id_bytes = 0;
  for (uint32_t i = 0; i < customers(); ++i) id_bytes += id_of(i).size();
  id.reserve_text(id_bytes);  // exactly: a doubling arena holds up to twice the ids

  // Id order is a random walk over the records: fetch a few ahead. With
  // two threads, each fills half of the columns on its own walk.
  constexpr size_t kAhead = 16;
  auto dated = [&] {  // id and the columns empty for a customer without purchases
    for (size_t k = 0; k < order.size(); ++k) {
      if (k + kAhead < order.size()) __builtin_prefetch(&customers_[order[k + kAhead]]);
      const uint32_t i = order[k];
      const Customer& c = customers_[i];
      id.push_text(id_of(i));
      if (c.orders > 0) {
        first.push_number(c.first_date);
        last.push_number(c.last_date);
        recency.push_number(as_of.days - c.last_date);
        tenure.push_number(as_of.days - c.first_date);
        aov.push_number(div_round_half_even(c.gross, c.orders));
      } else {
        for (Column* col : {&first, &last, &recency, &tenure, &aov}) col->push_null();
      }
    }
  };
  auto counted = [&] {
    for (size_t k = 0; k < order.size(); ++k) {
      if (k + kAhead < order.size()) __builtin_prefetch(&customers_[order[k + kAhead]]);
      const Customer& c = customers_[order[k]];
      frequency.push_number(c.orders);
      days.push_number(c.days);
      monetary.push_number(c.gross - c.refunds);
      gross.push_number(c.gross);
      refunds.push_number(c.refunds);
    }
  };
  side_by_side(threads > 1 && order.size() >= (size_t{1} << 16), counted, dated);
  Table table;
  for (Column* c : all) table.add(std::move(*c));
  if (extended_) {
    std::vector<uint32_t> orders(customers());
    std::vector<int32_t> first_dates(customers());
    for (uint32_t i = 0; i < customers(); ++i) {
      orders[i] = customers_[i].orders;
      first_dates[i] = customers_[i].first_date;
    }
    extended_->finish(order, orders, first_dates, table);
  }
  return table;
}

size_t Aggregator::memory() const {
  return slots_.size() * sizeof(Slot) + customers_.memory() + first_order_.memory() +
         long_ids_.capacity() +
         long_id_at_.capacity() * sizeof(long_id_at_[0]) + order_codes_.memory() + order_keys_.memory() +
         order_pairs_.memory() + day_pairs_.memory() + log_.memory();
}

}  // namespace tiers::aggregate

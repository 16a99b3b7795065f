// Aggregator: counting the exact pairs and the log, and building the
// customer table in id order (see aggregator.h).
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

#include "aggregate/aggregator.h"
#include "aggregate/aggregator_internal.h"
#include "core/radix_sort.h"
#include "core/side_by_side.h"

namespace tiers::aggregate {

using namespace internal;

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


}  // namespace tiers::aggregate

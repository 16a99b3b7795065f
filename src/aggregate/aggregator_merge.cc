// Aggregator: merging the part after this one (see aggregator.h).
#include <cstring>
#include <stdexcept>
#include <vector>

#include "aggregate/aggregator.h"
#include "aggregate/aggregator_internal.h"
#include "aggregate/hash.h"
#include "core/side_by_side.h"

namespace tiers::aggregate {

using namespace internal;

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

}  // namespace tiers::aggregate

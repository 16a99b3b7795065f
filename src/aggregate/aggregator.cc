// Aggregator: the customer index and rows in (see aggregator.h); merging
// parts is in aggregator_merge.cc, the counts and the table in
// aggregator_finish.cc.
#include "aggregate/aggregator.h"

#include <algorithm>
#include <stdexcept>

#include "aggregate/aggregator_internal.h"
#include "aggregate/hash.h"
#include "tiers/error.h"

namespace tiers::aggregate {

using namespace internal;

namespace {

constexpr size_t kInitialSlots = 1 << 12;
constexpr unsigned char kLongId = 255;  // ShortKey size marking an id over 15 bytes

ShortKey long_id_prefix(std::string_view id) {
  ShortKey k = ShortKey::of(id.substr(0, 15));
  reinterpret_cast<unsigned char*>(k.w)[15] = kLongId;
  return k;
}

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

size_t Aggregator::memory() const {
  return slots_.size() * sizeof(Slot) + customers_.memory() + first_order_.memory() +
         long_ids_.capacity() +
         long_id_at_.capacity() * sizeof(long_id_at_[0]) + order_codes_.memory() + order_keys_.memory() +
         order_pairs_.memory() + day_pairs_.memory() + log_.memory();
}

}  // namespace tiers::aggregate

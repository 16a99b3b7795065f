#include "aggregate/extended_metrics.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "aggregate/hash.h"
#include "tiers/money.h"

namespace tiers::aggregate {

void MetricRequest::add_window(int days) {
  auto it = std::lower_bound(windows.begin(), windows.end(), days);
  if (it == windows.end() || *it != days) windows.insert(it, days);
}

bool MetricRequest::request(std::string_view column) {
  if (column == "last_order_amount") return last_order_amount = true;
  if (column == "orders_per_month") return orders_per_month = true;
  for (std::string_view prefix : {"monetary_prev_", "frequency_prev_", "monetary_", "frequency_"}) {
    if (column.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = column.substr(prefix.size());
    if (rest.size() < 2 || rest.back() != 'd') return false;
    rest.remove_suffix(1);
    int days = 0;
    for (char c : rest) {
      if (c < '0' || c > '9' || days > 100000) return false;
      days = days * 10 + (c - '0');
    }
    if (days < 1 || days > 36500) return false;
    add_window(days);
    return true;
  }
  return false;
}

std::vector<std::string> MetricRequest::column_names() const {
  std::vector<std::string> names;
  for (int n : windows) {
    names.push_back(fmt::format("monetary_{}d", n));
    names.push_back(fmt::format("frequency_{}d", n));
    names.push_back(fmt::format("monetary_prev_{}d", n));
    names.push_back(fmt::format("frequency_prev_{}d", n));
  }
  if (last_order_amount) names.emplace_back("last_order_amount");
  if (orders_per_month) names.emplace_back("orders_per_month");
  return names;
}

ExtendedMetrics::ExtendedMetrics(MetricRequest request, Date as_of)
    : request_(std::move(request)), as_of_(as_of), slots_(2 * request_.windows.size()) {}

void ExtendedMetrics::ensure(uint32_t customer) {
  if (customer < customers_.size()) return;
  customers_.resize(customer + 1);
  monetary_.resize(customers_.size() * slots_);
  frequency_.resize(customers_.size() * slots_);
}

void ExtendedMetrics::count_order(uint32_t customer, size_t slot, std::string_view order) {
  if (order.empty()) {  // a purchase row without order id is its own order
    ++frequency_[customer * slots_ + slot];
    return;
  }
  key_.assign(reinterpret_cast<const char*>(&customer), 4);
  key_.push_back(static_cast<char>(slot));
  key_.append(order);
  if (orders_.insert(key_, hash_bytes(key_)).second) ++frequency_[customer * slots_ + slot];
}

void ExtendedMetrics::add(uint32_t customer, const Transaction& row) {
  ensure(customer);
  PerCustomer& c = customers_[customer];
  const int32_t date = row.date.days;
  const int64_t amount = row.amount.units;
  if (amount > 0) {
    if (date > c.last_day) {
      c.last_day = date;
      c.last_day_gross = amount;
    } else if (date == c.last_day) {
      c.last_day_gross += amount;
    }
  }
  if (slots_ == 0) return;
  const int32_t age = as_of_.days - date;  // 1 = the day before as_of
  for (size_t w = 0; w < request_.windows.size(); ++w) {
    const int n = request_.windows[w];
    size_t slot;
    if (age >= 1 && age <= n) slot = 2 * w;
    else if (age > n && age <= 2 * n) slot = 2 * w + 1;
    else continue;
    monetary_[customer * slots_ + slot] += amount;
    if (amount > 0) count_order(customer, slot, row.order);
  }
}

void ExtendedMetrics::merge(const ExtendedMetrics& other, const std::vector<uint32_t>& mapped) {
  for (uint32_t i = 0; i < other.customers_.size(); ++i) {
    const uint32_t to = mapped[i];
    ensure(to);
    PerCustomer& c = customers_[to];
    const PerCustomer& o = other.customers_[i];
    if (o.last_day > c.last_day) {
      c.last_day = o.last_day;
      c.last_day_gross = o.last_day_gross;
    } else if (o.last_day == c.last_day) {
      c.last_day_gross += o.last_day_gross;
    }
    for (size_t s = 0; s < slots_; ++s) {
      monetary_[to * slots_ + s] += other.monetary_[i * slots_ + s];
      // Orders without id add up; named orders are re-counted below.
    }
  }
  // Counts of named orders: union of the (customer, slot, order) sets. The
  // other side's counts of unnamed orders are its count minus its set size.
  std::vector<uint32_t> named(other.customers_.size() * slots_, 0);
  for (uint32_t k = 0; k < other.orders_.size(); ++k) {
    const std::string_view key = other.orders_.key(k);
    uint32_t from;
    std::memcpy(&from, key.data(), 4);
    const auto slot = static_cast<size_t>(static_cast<unsigned char>(key[4]));
    ++named[from * slots_ + slot];
    const uint32_t to = mapped[from];
    key_.assign(reinterpret_cast<const char*>(&to), 4);
    key_.append(key.substr(4));
    if (orders_.insert(key_, hash_bytes(key_)).second) ++frequency_[to * slots_ + slot];
  }
  for (uint32_t i = 0; i < other.customers_.size(); ++i)
    for (size_t s = 0; s < slots_; ++s)
      frequency_[mapped[i] * slots_ + s] += other.frequency_[i * slots_ + s] - named[i * slots_ + s];
}

void ExtendedMetrics::finish(const std::vector<uint32_t>& order, const std::vector<uint32_t>& frequency,
                             const std::vector<int32_t>& first_date, Table& table) const {
  const auto names = request_.column_names();
  size_t name = 0;
  for (size_t w = 0; w < request_.windows.size(); ++w) {
    for (size_t prev = 0; prev < 2; ++prev) {
      Column monetary = Column::money(names[name + 2 * prev]);
      Column count = Column::integer(names[name + 2 * prev + 1]);
      const size_t slot = 2 * w + prev;
      for (uint32_t i : order) {
        const bool seen = i < customers_.size();
        monetary.push_number(seen ? monetary_[i * slots_ + slot] : 0);
        count.push_number(seen ? frequency_[i * slots_ + slot] : 0);
      }
      table.add(std::move(monetary));
      table.add(std::move(count));
    }
    name += 4;
  }
  if (request_.last_order_amount) {
    Column last = Column::money("last_order_amount");
    for (uint32_t i : order) {
      if (i < customers_.size() && customers_[i].last_day != INT32_MIN)
        last.push_number(customers_[i].last_day_gross);
      else
        last.push_null();
    }
    table.add(std::move(last));
  }
  if (request_.orders_per_month) {
    Column per_month = Column::decimal("orders_per_month", 2, 2);
    for (uint32_t i : order) {
      if (frequency[i] == 0) {
        per_month.push_null();
        continue;
      }
      const int64_t tenure = std::max<int64_t>(as_of_.days - first_date[i], 30);
      per_month.push_number(div_round_half_even(int128{frequency[i]} * 30 * 100, tenure));
    }
    table.add(std::move(per_month));
  }
}

}  // namespace tiers::aggregate

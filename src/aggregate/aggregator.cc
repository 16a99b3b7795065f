#include "aggregate/aggregator.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include <fmt/format.h>

#include "aggregate/hash.h"
#include "tiers/error.h"

namespace tiers::aggregate {
namespace {

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

}  // namespace

const std::vector<std::string>& metric_columns() {
  static const std::vector<std::string> kNames{
      "customer_id", "first_date", "last_date", "recency_days", "tenure_days", "frequency",
      "purchase_days", "monetary", "gross", "refunds", "avg_order_value"};
  return kNames;
}

Aggregator::Aggregator(const MetricRequest& request, Date as_of) {
  if (request.any()) extended_ = std::make_unique<ExtendedMetrics>(request, as_of);
}

uint32_t Aggregator::intern(std::string_view id) {
  const auto [index, inserted] = ids_.insert(id, hash_bytes(id));
  if (inserted) customers_.emplace_back();
  return index;
}

void Aggregator::add_order(uint32_t customer, std::string_view order) {
  Customer& c = customers_[customer];
  if (order.empty()) {
    ++c.unnamed_orders;
    return;
  }
  // The customer's previous purchase row had the same order: nothing new.
  if (c.last_order >= 0 && orders_.key(static_cast<uint32_t>(c.last_order)).substr(4) == order)
    return;
  key_.assign(reinterpret_cast<const char*>(&customer), 4);
  key_.append(order);
  const auto [index, inserted] = orders_.insert(key_, hash_bytes(key_));
  c.last_order = index;
  if (inserted) ++c.named_orders;
}

void Aggregator::add_purchase_day(uint32_t customer, int32_t date) {
  Customer& c = customers_[customer];
  if (c.last_purchase_date == date) return;
  c.last_purchase_date = date;
  if (days_.insert(day_key(customer, date))) ++c.purchase_days;
}

void Aggregator::add(const Transaction& row) {
  const uint32_t index = intern(row.customer);
  const int32_t date = row.date.days;
  max_date_ = std::max(max_date_, date);
  const int64_t amount = row.amount.units;
  if (extended_) extended_->add(index, row);
  if (amount > 0) {
    Customer& c = customers_[index];
    c.gross = checked_add(c.gross, amount, row.customer);
    c.first_date = std::min(c.first_date, date);
    c.last_date = std::max(c.last_date, date);
    add_order(index, row.order);
    add_purchase_day(index, date);
  } else if (amount < 0) {
    Customer& c = customers_[index];
    c.refunds = checked_add(c.refunds, -amount, row.customer);
  }
}

void Aggregator::merge(const Aggregator& other) {
  std::vector<uint32_t> mapped(other.customers());
  for (uint32_t i = 0; i < other.customers(); ++i) {
    const std::string_view id = other.ids_.key(i);
    const uint32_t index = intern(id);
    mapped[i] = index;
    Customer& c = customers_[index];
    const Customer& o = other.customers_[i];
    c.gross = checked_add(c.gross, o.gross, id);
    c.refunds = checked_add(c.refunds, o.refunds, id);
    c.first_date = std::min(c.first_date, o.first_date);
    c.last_date = std::max(c.last_date, o.last_date);
    c.unnamed_orders += o.unnamed_orders;
  }
  for (uint32_t k = 0; k < other.orders_.size(); ++k) {
    const std::string_view key = other.orders_.key(k);
    uint32_t from;
    std::memcpy(&from, key.data(), 4);
    const uint32_t to = mapped[from];
    key_.assign(reinterpret_cast<const char*>(&to), 4);
    key_.append(key.substr(4));
    if (orders_.insert(key_, hash_bytes(key_)).second) ++customers_[to].named_orders;
  }
  other.days_.for_each([&](uint64_t key) {
    const auto from = static_cast<uint32_t>((key >> 32) - 1);
    const uint32_t to = mapped[from];
    if (days_.insert(day_key(to, static_cast<int32_t>(static_cast<uint32_t>(key)))))
      ++customers_[to].purchase_days;
  });
  max_date_ = std::max(max_date_, other.max_date_);
  if (extended_ && other.extended_) extended_->merge(*other.extended_, mapped);
  // Run shortcuts refer to the other aggregator's rows: drop them.
  for (auto& c : customers_) {
    c.last_order = -1;
    c.last_purchase_date = INT32_MIN;
  }
}

std::optional<Date> Aggregator::max_date() const {
  if (max_date_ == INT32_MIN) return std::nullopt;
  return Date{max_date_};
}

Table Aggregator::finish(Date as_of) const {
  std::vector<uint32_t> order(customers());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return ids_.key(a) < ids_.key(b); });

  const auto& names = metric_columns();
  Column id = Column::text(names[0]);
  Column first = Column::date(names[1]), last = Column::date(names[2]);
  Column recency = Column::integer(names[3]), tenure = Column::integer(names[4]);
  Column frequency = Column::integer(names[5]), days = Column::integer(names[6]);
  Column monetary = Column::money(names[7]), gross = Column::money(names[8]);
  Column refunds = Column::money(names[9]), aov = Column::money(names[10]);
  for (Column* c : {&id, &first, &last, &recency, &tenure, &frequency, &days, &monetary, &gross,
                    &refunds, &aov})
    c->reserve(order.size());

  for (uint32_t i : order) {
    const Customer& c = customers_[i];
    id.push_text(ids_.key(i));
    const uint32_t orders = c.named_orders + c.unnamed_orders;
    if (orders > 0) {
      first.push_number(c.first_date);
      last.push_number(c.last_date);
      recency.push_number(as_of.days - c.last_date);
      tenure.push_number(as_of.days - c.first_date);
      aov.push_number(div_round_half_even(c.gross, orders));
    } else {
      first.push_null();
      last.push_null();
      recency.push_null();
      tenure.push_null();
      aov.push_null();
    }
    frequency.push_number(orders);
    days.push_number(c.purchase_days);
    monetary.push_number(c.gross - c.refunds);
    gross.push_number(c.gross);
    refunds.push_number(c.refunds);
  }
  Table table;
  for (Column* c : {&id, &first, &last, &recency, &tenure, &frequency, &days, &monetary, &gross,
                    &refunds, &aov})
    table.add(std::move(*c));
  if (extended_) {
    std::vector<uint32_t> orders(customers());
    std::vector<int32_t> first_dates(customers());
    for (uint32_t i = 0; i < customers(); ++i) {
      orders[i] = customers_[i].named_orders + customers_[i].unnamed_orders;
      first_dates[i] = customers_[i].first_date;
    }
    extended_->finish(order, orders, first_dates, table);
  }
  return table;
}

}  // namespace tiers::aggregate

#include "report/tier_report.h"

#include "report/tier_lookup.h"
#include "tiers/error.h"
#include "tiers/money.h"

namespace tiers::report {
namespace {

struct TierTotals {
  int64_t customers = 0;
  int128 revenue = 0;
  int64_t recency_sum = 0;
  int64_t recency_count = 0;
  int64_t frequency_sum = 0;
};

int64_t narrow(int128 v) {
  if (v > INT64_MAX || v < INT64_MIN)
    throw Error(ExitCode::kData, "revenue totals exceed the range of amounts tiers can hold");
  return static_cast<int64_t>(v);
}

}  // namespace

Table build_tier_report(const Table& customers, const std::vector<std::unique_ptr<Rule>>& rules) {
  Column rule_col = Column::text("rule"), tier_col = Column::text("tier");
  Column count_col = Column::integer("customers");
  Column count_share = Column::decimal("customers_share", 4, 4);
  Column revenue_col = Column::money("revenue");
  Column revenue_share = Column::decimal("revenue_share", 4, 4);
  Column avg_recency = Column::decimal("avg_recency_days", 2, 2);
  Column avg_frequency = Column::decimal("avg_frequency", 2, 2);
  Column avg_monetary = Column::money("avg_monetary");

  const size_t n = customers.rows();
  const Column& monetary = customers.column("monetary");
  const Column& recency = customers.column("recency_days");
  const Column& frequency = customers.column("frequency");
  int128 total_revenue = 0;
  for (size_t i = 0; i < n; ++i) total_revenue += monetary.number(i);

  for (const auto& rule : rules) {
    const Column& labels = customers.column(rule->name());
    const auto& tiers = rule->tiers();
    const TierLookup tier_of(labels, tiers);
    // One more slot for customers the rule left without a label.
    std::vector<TierTotals> totals(tiers.size() + 1);
    for (size_t i = 0; i < n; ++i) {
      TierTotals& t = totals[tier_of(i)];
      ++t.customers;
      t.revenue += monetary.number(i);
      if (recency.has(i)) {
        t.recency_sum += recency.number(i);
        ++t.recency_count;
      }
      t.frequency_sum += frequency.number(i);
    }
    for (size_t k = 0; k <= tiers.size(); ++k) {
      const TierTotals& t = totals[k];
      if (k == tiers.size() && t.customers == 0) break;
      rule_col.push_text(rule->name());
      tier_col.push_text(k < tiers.size() ? std::string_view(tiers[k].name) : std::string_view());
      count_col.push_number(t.customers);
      if (n > 0) count_share.push_number(div_round_half_even(t.customers * int128{10000}, n));
      else count_share.push_null();
      revenue_col.push_number(narrow(t.revenue));
      if (total_revenue > 0) revenue_share.push_number(div_round_half_even(t.revenue * 10000, total_revenue));
      else revenue_share.push_null();
      if (t.recency_count > 0)
        avg_recency.push_number(div_round_half_even(t.recency_sum * int128{100}, t.recency_count));
      else avg_recency.push_null();
      if (t.customers > 0) {
        avg_frequency.push_number(div_round_half_even(t.frequency_sum * int128{100}, t.customers));
        avg_monetary.push_number(div_round_half_even(t.revenue, t.customers));
      } else {
        avg_frequency.push_null();
        avg_monetary.push_null();
      }
    }
  }
  Table report;
  for (Column* c : {&rule_col, &tier_col, &count_col, &count_share, &revenue_col, &revenue_share,
                    &avg_recency, &avg_frequency, &avg_monetary})
    report.add(std::move(*c));
  return report;
}

}  // namespace tiers::report

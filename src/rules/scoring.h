// Score a metric 1..bins over all scored customers (DESIGN §4.1).
//
// `values` holds one value per scored customer in customer-id order (the
// table's order), so ties broken "by customer id" are ties broken by
// position. For recency lower is better: pass higher_is_better = false.
#pragma once

#include <cstdint>
#include <vector>

namespace tiers::rules {

/// rank: 1 + floor(bins × worse / n), worse = customers strictly worse.
std::vector<int> rank_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better);

/// SQL NTILE(bins) over customers ordered worst to best, ties by id.
std::vector<int> ntile_scores(const std::vector<int64_t>& values, int bins, bool higher_is_better);

/// Positions sorted worst to best (ascending values, or descending when
/// higher_is_better is false), equal values in position (= id) order.
std::vector<uint32_t> worst_first(const std::vector<int64_t>& values, bool higher_is_better);

/// fixed: 1 + the number of breaks reached (v ≥ b, or v ≤ b for recency).
std::vector<int> fixed_scores(const std::vector<int64_t>& values, const std::vector<int64_t>& breaks,
                              bool higher_is_better);

}  // namespace tiers::rules

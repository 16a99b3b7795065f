// Cut points: the boundaries a scoring used, so they can be saved
// (thresholds.json), shown (`tiers explain`) and applied to other data.
//
// Both RFM and ABC order customers on one metric with ties broken by
// customer id, and a customer's score or tier never gets worse as it moves
// up that order. So each score (or tier) is bounded by one (value, id) key,
// and comparing a customer's key with the saved keys gives back exactly the
// score (or tier) it had, ties at a boundary included: with NTILE or ABC,
// two customers with the same value can sit on either side of a boundary,
// which a value alone could not reproduce.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tiers/rule.h"

namespace tiers::rules {

/// RFM order, worse to better: by value (higher better, or lower for
/// recency), ties by id ascending. For score s = 2..bins, the worst key
/// among customers scoring ≥ s. `with_ids` false when equal values always
/// share a score (rank, fixed).
std::vector<CutPoint> score_cuts(const std::vector<int64_t>& values, const std::vector<std::string_view>& ids,
                                 const std::vector<int>& scores, int bins, bool higher_is_better,
                                 bool with_ids);

/// 1 + the number of cuts the key (value, id) reaches.
int score_against(int64_t value, std::string_view id, const std::vector<CutPoint>& cuts,
                  bool higher_is_better);

/// ABC order, best to worst: monetary descending, ties by id ascending.
/// For tier k of the first `count` tiers, the last key of a customer with
/// positive monetary in tier ≤ k.
std::vector<CutPoint> tier_cuts(const std::vector<int64_t>& monetary, const std::vector<std::string_view>& ids,
                                const std::vector<uint32_t>& tiers, const std::vector<std::string>& labels,
                                size_t count);

/// The first tier whose cut the key is at or before; `count` (the last
/// tier) when none, or when monetary ≤ 0.
size_t tier_against(int64_t monetary, std::string_view id, const std::vector<CutPoint>& cuts);

/// Throws kConfig unless `cuts` is for a `kind` rule with these metrics
/// and point counts.
void check_frozen(const RuleCuts& cuts, const std::string& rule, std::string_view kind,
                  const std::vector<std::string>& metrics, size_t points, const std::string& why);

/// `≥ 9`, `≤ 12 (ties at 12: ids ≥ C1050)`, `nobody`, for explanations.
std::string describe_cut(const CutPoint& cut, bool higher_is_better, int scale);

}  // namespace tiers::rules

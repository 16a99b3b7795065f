// thresholds.json: the RFM and ABC cut points a run used, and reading them
// back for --thresholds, so next month's data is scored on this month's
// scale. Values are exact JSON numbers (money with up to 4 decimals).
//
//   {"tiers_version": "...", "as_of": "2025-01-01", "rules": [
//     {"rule": "rfm", "kind": "rfm", "cuts": [
//       {"metric": "recency_days", "points": [
//         {"label": "2", "value": 183, "customer_id": null}, ...]}, ...]}, ...]}
#pragma once

#include <string>
#include <vector>

#include "cli/pipeline.h"
#include "tiers/rule.h"

namespace tiers::cli {

/// The document for every rule of `result` that has cut points.
std::string thresholds_json(const PipelineResult& result);

/// Reads a thresholds file. Throws Error: kNoInput when missing, kConfig
/// when it is not one tiers wrote.
std::vector<RuleCuts> read_thresholds(const std::string& path);

}  // namespace tiers::cli

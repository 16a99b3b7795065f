// RFM segment maps: named boxes of score ranges (DESIGN §4.1).
//
// A customer's segment is the first box holding its (R, F, M) scores. The
// default map covers the 25 R×F cells of bins = 5 exactly once; other bins
// need a user map, which the linter checks for overlaps, gaps and boxes no
// customer can reach.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tiers/rule.h"

namespace tiers::rules {

struct ScoreRange {
  int lo = 1;
  int hi = 5;
  bool contains(int s) const { return s >= lo && s <= hi; }
};

struct Segment {
  Tier tier;  ///< name and follow-up
  ScoreRange r, f, m;
};

struct SegmentMap {
  int bins = 5;
  std::vector<Segment> segments;

  /// Index of the first segment holding the scores.
  std::optional<size_t> lookup(int r, int f, int m) const;
  /// DESIGN's default R×F map, with default follow-ups (bins = 5).
  static SegmentMap default_map();
};

/// Label and follow-up of customers without a purchase in the window.
Tier no_purchases_tier();

}  // namespace tiers::rules

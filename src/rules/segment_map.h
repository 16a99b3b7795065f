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

/// `R 5, F 4-5` (and `M ...` when M is not the whole range).
std::string describe_segment(const Segment& segment, int bins);

/// The linter's findings for a map: cells two segments share, cells no
/// segment holds, segments whose cells earlier segments all take. When no
/// segment limits M, cells are R×F pairs (`54` is R 5, F 4), else R×F×M.
/// `where[i]` locates segment i; `rule_where` the rule.
std::vector<Finding> lint_segments(const std::string& rule, const SegmentMap& map,
                                   const std::vector<std::string>& where, const std::string& rule_where);

}  // namespace tiers::rules

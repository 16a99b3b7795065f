// Runs the whole classification: inputs → customer table → rules.
//
// Commands share this; they differ only in which outputs they print. The
// rules are built before any input is read, so a mistake in the rule
// settings costs no time on a large file.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aggregate/extended_metrics.h"
#include "io/attributes.h"
#include "io/reader.h"
#include "rules/rule_spec.h"
#include "tiers/rule.h"
#include "tiers/table.h"

namespace tiers::cli {

/// `--max-rejects`: a count, or a percentage of the data rows read.
struct RejectLimit {
  uint64_t count = 0;
  std::optional<rules::Ratio> percent;  ///< e.g. 0.5 for "0.5%"

  static RejectLimit parse(const std::string& text);  ///< throws kUsage
  bool allows(uint64_t rejected, uint64_t rows_read) const;
  std::string describe() const;  ///< as the user wrote it
};

struct PipelineOptions {
  std::vector<std::string> inputs;
  io::ReaderOptions reader;  ///< reader.as_of is the --as-of date, if any
  bool dedupe = false;       ///< --dedupe: drop rows whose bytes an earlier row has
  RejectLimit max_rejects;
  /// The rejected rows are written out (--rejects FILE, run's rejects.csv):
  /// keep every one the limit allows. Otherwise only the few an error
  /// message shows are kept, so memory does not grow with rejects.
  bool list_rejects = true;
  std::vector<rules::RuleSpec> rules;
  /// Metrics beyond DESIGN's, e.g. windows; needs as_of while reading, so
  /// without --as-of the inputs are read twice (first for the latest date).
  aggregate::MetricRequest metrics;
  std::string attributes;      ///< --attributes FILE, or empty
  std::string attributes_key;  ///< --attributes-key COL, or empty (recognised)
  /// --keep: attribute columns to pass through to customers and follow-ups
  /// (any other customers column may be named for follow-ups).
  std::vector<std::string> keep;
  std::string thresholds_file;  ///< --thresholds FILE, or empty
  std::vector<RuleCuts> thresholds;
};

/// What the attribute table contributed, for run.json.
struct AttributeReport {
  std::string path;
  uint64_t rows = 0;
  uint64_t matched = 0;          ///< rows whose id has transactions
  uint64_t attributes_only = 0;  ///< rows classified without transactions
  uint64_t header_line = 1;
  std::vector<io::RenamedColumn> renamed;  ///< header columns renamed to be read
};

struct PipelineResult {
  Table customers;
  std::vector<std::unique_ptr<Rule>> rules;
  Date as_of;
  bool as_of_given = false;
  std::vector<io::InputReport> inputs;
  /// Per input, the earlier input it looks like a copy of (io::likely_copies),
  /// or none; never set with --dedupe, which drops the repeated rows.
  std::vector<std::optional<size_t>> copy_of;
  io::InputCounts totals;
  io::RejectLog rejects;
  bool exact_rereads = false;  ///< inputs were read again to count exactly
  unsigned threads = 1;        ///< --threads, for the steps after the rules
  double read_seconds = 0;
  double rules_seconds = 0;
  /// Per rule, the cut points it scored against when --thresholds gave them.
  std::vector<std::optional<RuleCuts>> frozen;
  std::optional<AttributeReport> attributes;
  std::vector<std::string> keep;  ///< columns follow-ups pass through
  /// Attribute columns the customers output leaves out, and those it moves
  /// to the end (--keep); `customers` itself holds them all, for reasons.
  std::vector<std::string> hidden, moved;

  /// What rule `i` read besides the table.
  RuleContext context(size_t i) const {
    return RuleContext{as_of, i < frozen.size() && frozen[i] ? &*frozen[i] : nullptr};
  }
};

PipelineResult run_pipeline(const PipelineOptions& options);

/// The default pipeline (rfm then abc) from command-line settings.
struct DefaultRuleOptions {
  std::string rfm_method;  ///< empty = rank
  int bins = 0;            ///< 0 = 5
  std::string recency_breaks, frequency_breaks, monetary_breaks;  ///< "30,90,180,365"
  std::string abc_preset;  ///< empty = default
  std::string abc_cuts;    ///< "0.7,0.9"
  std::string abc_by;
};
std::vector<rules::RuleSpec> default_rules(const DefaultRuleOptions& options);

/// `a, b,c` → {"a", "b", "c"}: a comma-separated option value, items trimmed.
std::vector<std::string> split_list(const std::string& text);

}  // namespace tiers::cli

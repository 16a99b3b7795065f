// The steps of the pipeline around reading: before it, reading the
// attribute table and building the rules (so a mistake in either costs no
// time on a large input); after it, joining the attributes, running the
// rules and arranging the output columns.
#pragma once

#include <optional>

#include "cli/pipeline.h"
#include "io/attributes.h"

namespace tiers::cli {

/// Reads --attributes and builds result.rules (and result.frozen), adding
/// the metrics the rules read to `metrics`.
std::optional<io::AttributeTable> prepare_rules(const PipelineOptions& options,
                                                aggregate::MetricRequest& metrics,
                                                PipelineResult& result);

/// Per input, the earliest input before it that it looks like a copy of
/// (io::likely_copies), or none; all none with --dedupe, which drops the
/// repeated rows.
std::vector<std::optional<size_t>> find_copies(const std::vector<io::InputReport>& inputs, bool dedupe);

/// result.customers holds the aggregated metrics: joins the attributes and
/// applies every rule.
void classify_customers(const PipelineOptions& options, const io::AttributeTable* attributes,
                        PipelineResult& result);

/// The customers table as printed: without the attribute columns not kept,
/// the kept ones at the end (after the rules' columns).
Table customers_output(const PipelineResult& result);

}  // namespace tiers::cli

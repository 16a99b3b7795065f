#include "cli/pipeline_steps.h"

#include <algorithm>
#include <numeric>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "aggregate/attribute_join.h"
#include "io/header.h"
#include "io/reader.h"
#include "io/source.h"
#include "rules/catalog.h"
#include "tiers/error.h"

namespace tiers::cli {
namespace {

/// The same file named twice (`a.csv a.csv`, or a glob and a link to one
/// of its files) would have its rows counted twice: a usage error, before
/// anything is read. Standard input counts as the file it is.
void check_distinct(const std::vector<std::string>& inputs) {
  std::vector<std::pair<std::pair<dev_t, ino_t>, const std::string*>> seen;
  for (const std::string& path : inputs) {
    struct stat st {};
    if ((path == "-" ? ::fstat(STDIN_FILENO, &st) : ::stat(path.c_str(), &st)) != 0) continue;  // reported when opened
    const std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
    for (const auto& [other, name] : seen)
      if (other == id)
        throw Error(ExitCode::kUsage,
                    path == "-" && *name == "-"
                        ? std::string("- is named twice: standard input would be counted twice")
                        : fmt::format("{}: the same file as {}: its rows would be counted twice",
                                      io::display_name(path), io::display_name(*name)),
                    "name each input once (a glob and a link to one of its files name it twice)");
    seen.push_back({id, &path});
  }
}

}  // namespace

std::optional<io::AttributeTable> prepare_rules(const PipelineOptions& options,
                                                aggregate::MetricRequest& metrics,
                                                PipelineResult& result) {
  if (options.inputs.empty() && options.attributes.empty())
    throw Error(ExitCode::kUsage, "no input: give transaction files (- for standard input)",
                "or classify an attribute table alone with --attributes FILE");
  if (options.inputs.empty() && !options.reader.as_of)
    throw Error(ExitCode::kUsage,
                "a run without transaction files needs --as-of: due dates and as_of count from it",
                "e.g. --as-of 2025-01-15 (today: --as-of $(date +%F))");
  check_distinct(options.inputs);
  std::optional<io::AttributeTable> attributes;
  if (!options.attributes.empty())
    attributes = io::read_attributes(options.attributes, options.attributes_key, options.reader.dialect,
                                       options.reader.format, options.reader.encoding);
  auto built = rules::build_rules(options.rules, attributes ? &*attributes : nullptr, metrics,
                                  options.thresholds_file.empty() ? nullptr : &options.thresholds,
                                  options.thresholds_file);
  result.rules = std::move(built.rules);
  for (const RuleCuts* f : built.frozen) result.frozen.push_back(f ? std::optional<RuleCuts>(*f) : std::nullopt);
  for (const std::string& name : options.keep)
    if (std::find(built.columns.begin(), built.columns.end(), name) == built.columns.end()) {
      auto near = io::did_you_mean(name, built.columns);
      throw Error(ExitCode::kUsage, fmt::format("--keep: no column \"{}\"", name),
                  near ? fmt::format("did you mean \"{}\"?", *near)
                       : attributes ? fmt::format("the attribute columns are: {}",
                                                  fmt::join(attribute_names(*attributes), ", "))
                                    : std::string("--keep names columns of the attribute table (--attributes)"));
    }
  result.keep = options.keep;
  return attributes;
}

std::vector<std::optional<size_t>> find_copies(const std::vector<io::InputReport>& inputs, bool dedupe) {
  std::vector<std::optional<size_t>> copy_of(inputs.size());
  if (dedupe || inputs.size() < 2) return copy_of;
  // Sorted so that look-alikes are neighbours, earliest first.
  std::vector<size_t> order(inputs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::pair(io::likeness(inputs[a]), a) < std::pair(io::likeness(inputs[b]), b);
  });
  for (size_t k = 1, first = order[0]; k < order.size(); ++k) {
    if (io::likely_copies(inputs[first], inputs[order[k]])) copy_of[order[k]] = first;
    else first = order[k];
  }
  return copy_of;
}

void classify_customers(const PipelineOptions& options, const io::AttributeTable* attributes,
                        PipelineResult& result) {
  if (attributes != nullptr) {
    aggregate::JoinCounts counts;
    result.customers = aggregate::join_attributes(result.customers, *attributes, counts);
    result.attributes = AttributeReport{options.attributes, attributes->rows(), counts.matched,
                                        counts.attributes_only, attributes->header_line, attributes->renamed};
  }
  for (size_t r = 0; r < result.rules.size(); ++r)
    for (Column& column : result.rules[r]->apply(result.customers, result.context(r)))
      result.customers.add(std::move(column));
  if (attributes == nullptr) return;
  for (const std::string& name : attribute_names(*attributes)) {
    const bool kept = std::find(options.keep.begin(), options.keep.end(), name) != options.keep.end();
    (kept ? result.moved : result.hidden).push_back(name);
  }
  // --keep order, not header order.
  std::stable_sort(result.moved.begin(), result.moved.end(), [&](const std::string& a, const std::string& b) {
    return std::find(options.keep.begin(), options.keep.end(), a) <
           std::find(options.keep.begin(), options.keep.end(), b);
  });
}

Table customers_output(const PipelineResult& result) {
  return aggregate::rearrange_columns(result.customers, result.hidden, result.moved);
}

}  // namespace tiers::cli

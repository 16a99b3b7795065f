#include "cli/pipeline.h"

#include <algorithm>
#include <atomic>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "aggregate/aggregator.h"
#include "cli/pipeline_steps.h"
#include "io/source.h"
#include "rules/registry.h"
#include "tiers/error.h"

namespace tiers::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

toml::array toml_list(const std::string& text) {
  toml::array out;
  for (const auto& item : split_list(text)) out.push_back(toml::value(item));
  return out;
}

/// Rejects an error message lists before "... and N more".
constexpr uint64_t kRejectsShown = 5;

/// The first rejected rows, a line each, for an error message.
std::string first_rejects(const PipelineResult& r) {
  std::string message;
  const auto& kept = r.rejects.kept();
  const size_t shown = std::min<size_t>(kept.size(), kRejectsShown);
  for (size_t i = 0; i < shown; ++i)
    message += fmt::format("{}:{}: {}\n", kept[i].file, kept[i].line, kept[i].reason);
  if (r.rejects.count() > shown)
    message += fmt::format("... and {} more rejected rows\n", r.rejects.count() - shown);
  return message;
}

[[noreturn]] void too_many_rejects(const PipelineResult& r, const RejectLimit& limit) {
  std::string message = first_rejects(r);
  message += fmt::format("{} of {} rows rejected, more than --max-rejects {} allows",
                         r.rejects.count(), r.totals.rows_read, limit.describe());
  throw Error(ExitCode::kData, message,
              fmt::format("fix those rows, or accept them with --max-rejects {} and list them all "
                          "with --rejects FILE",
                          r.rejects.count()));
}

/// Amounts that name more than one currency cannot be added up: the run
/// stops, naming each currency, its rows and the inputs it is in.
void refuse_mixed_currencies(const PipelineResult& r) {
  auto found = r.totals.currencies;
  if (found.size() < 2) return;
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::string list;
  for (const auto& [family, rows] : found) {
    std::string where;
    for (const auto& input : r.inputs)
      for (const auto& [name, n] : input.counts.currencies)
        if (name == family) where += (where.empty() ? "" : ", ") + input.path;
    list += fmt::format("{}{} in {} row{} ({})", list.empty() ? "" : "; ", family, rows, rows == 1 ? "" : "s", where);
  }
  throw Error(ExitCode::kData,
              fmt::format("the amounts are in {} currencies, which tiers would add up as written: {}",
                          found.size(), list),
              "convert them to one currency first, or classify one currency at a time (e.g. --where "
              "'amount contains \"€\"' with your amount column)");
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(',', begin);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(begin, end - begin);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    out.push_back(std::move(item));
    begin = end + 1;
  }
  return out;
}

RejectLimit RejectLimit::parse(const std::string& text) {
  RejectLimit limit;
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  auto value = rules::parse_ratio(number);
  if (!value || value->num < 0 || (!percent && value->den != 1) ||
      (percent && value->num > 100 * value->den))
    throw Error(ExitCode::kUsage,
                fmt::format("--max-rejects \"{}\" is not a row count or a percentage", text),
                "e.g. --max-rejects 10 or --max-rejects 0.5%");
  if (percent) limit.percent = value;
  else limit.count = static_cast<uint64_t>(value->num);
  return limit;
}

bool RejectLimit::allows(uint64_t rejected, uint64_t rows_read) const {
  if (!percent) return rejected <= count;
  // rejected / rows_read <= num / (100 den), without rounding.
  return static_cast<int128>(rejected) * 100 * percent->den <=
         static_cast<int128>(percent->num) * rows_read;
}

std::string RejectLimit::describe() const {
  if (!percent) return std::to_string(count);
  return format_fixed(percent->num * 10000 / percent->den, 4, 0) + "%";
}

std::vector<rules::RuleSpec> default_rules(const DefaultRuleOptions& o) {
  toml::table rfm{{"kind", "rfm"}};
  std::map<std::string, std::string> rfm_flags{{"kind", "command line"}};
  if (!o.rfm_method.empty()) {
    rfm["method"] = o.rfm_method;
    rfm_flags["method"] = "--rfm-method";
  }
  if (o.bins != 0) {
    rfm["bins"] = o.bins;
    rfm_flags["bins"] = "--bins";
  }
  toml::table breaks;
  for (const auto& [key, text] : {std::pair<const char*, const std::string&>{"recency", o.recency_breaks},
                                  {"frequency", o.frequency_breaks},
                                  {"monetary", o.monetary_breaks}}) {
    if (text.empty()) continue;
    breaks[key] = toml_list(text);
    rfm_flags[std::string("breaks.") + key] = fmt::format("--{}-breaks", key);
  }
  if (!breaks.empty()) rfm["breaks"] = breaks;

  toml::table abc{{"kind", "abc"}};
  std::map<std::string, std::string> abc_flags{{"kind", "command line"}};
  if (!o.abc_preset.empty()) {
    abc["preset"] = o.abc_preset;
    abc_flags["preset"] = "--abc";
  }
  if (!o.abc_cuts.empty()) {
    abc["cuts"] = toml_list(o.abc_cuts);
    abc_flags["cuts"] = "--abc-cuts";
  }
  if (!o.abc_by.empty()) {
    abc["by"] = o.abc_by;
    abc_flags["by"] = "--abc-by";
  }
  std::vector<rules::RuleSpec> specs;
  specs.emplace_back(toml::value(rfm), false, rfm_flags);
  specs.emplace_back(toml::value(abc), false, abc_flags);
  return specs;
}

namespace {

/// Hands memory freed so far back to the system. glibc keeps freed blocks
/// below its (growing) mmap threshold in its heaps, where they count as
/// resident: the reading's buffers and sort scratch would still be there
/// when the customer table is built, the peak.
void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

/// Counting exactly allocates and frees big sort buffers again and again:
/// when a file is read again to count exactly, blocks of 4 MiB and more
/// are mapped on their own, and unmapped when freed. (glibc's default
/// raises that threshold to the largest block freed, up to 32 MiB, after
/// which freed sort buffers stay resident: 20 % of the peak on a shuffled
/// file, at no cost in time. On the fast path it saves little memory and
/// costs time; on a pipe it saved 17 % of the memory for 10 % more time,
/// and a pipe's speed is what matters there.)
void map_big_blocks() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

/// Only the latest date of the rows the real pass will use, per part.
class LatestDate final : public io::PartSinks {
  struct Part final : TransactionSink {
    void add(const Transaction& row) override { latest = std::max(latest, row.date.days); }
    int32_t latest = INT32_MIN;
  };

 public:
  std::unique_ptr<TransactionSink> open_part() override { return std::make_unique<Part>(); }
  void close_part(std::unique_ptr<TransactionSink> part) override {
    latest = std::max(latest, static_cast<Part&>(*part).latest);
  }
  int32_t latest = INT32_MIN;
};

/// One aggregator per part, merged in input order into the first.
class AggregatorParts final : public io::PartSinks {
 public:
  explicit AggregatorParts(aggregate::AggregatorOptions options) : options_(std::move(options)) {
    options_.violation = &violation_;
  }
  bool stop_requested() const override { return violation_.load(std::memory_order_relaxed); }
  /// Exact and logged counting give the same table whatever the order of
  /// rows (sums, earliest and latest dates, sets of pairs, a log replayed
  /// in input order); fast counting needs it.
  bool any_order() const override {
    return options_.logged || (options_.exact_orders && options_.exact_days);
  }
  /// The parts opened from now on read input number `index`.
  void start_input(uint32_t index) { options_.input = index; }
  std::unique_ptr<TransactionSink> open_part() override {
    return std::make_unique<aggregate::Aggregator>(options_);
  }
  void close_part(std::unique_ptr<TransactionSink> part) override {
    std::unique_ptr<aggregate::Aggregator> next(static_cast<aggregate::Aggregator*>(part.release()));
    if (!total_) {
      total_ = std::move(next);
      return;
    }
    // Exact counting: the parts' sort batches were freed when they ended,
    // but glibc keeps freed heap memory resident; the merge's peak is
    // lower without it.
    if (options_.exact_orders || options_.exact_days) return_free_memory();
    total_->merge_next(*next);
  }
  /// Every part merged; call once reading is over.
  aggregate::Aggregator& total() {
    if (!total_) total_ = std::make_unique<aggregate::Aggregator>(options_);
    return *total_;
  }

 private:
  aggregate::AggregatorOptions options_;
  std::unique_ptr<aggregate::Aggregator> total_;
  std::atomic<bool> violation_{false};  // any part: fast counting failed, stop reading
};

/// The default as_of, found by a first pass over the inputs.
std::optional<Date> find_as_of(const PipelineOptions& options) {
  for (const auto& path : options.inputs)
    if (!io::is_rereadable(path))
      throw Error(ExitCode::kUsage,
                  fmt::format("window metrics need the analysis date before reading, and {} "
                              "cannot be read twice",
                              io::display_name(path)),
                  "give --as-of YYYY-MM-DD");
  LatestDate latest;
  io::RejectLog ignored(0);
  for (const auto& path : options.inputs) io::read_input(path, options.reader, latest, ignored);
  if (latest.latest == INT32_MIN) return std::nullopt;
  return Date{latest.latest + 1};
}

}  // namespace

PipelineResult run_pipeline(const PipelineOptions& options) {
  PipelineResult result;
  result.threads = std::max(1u, options.reader.threads);
  // Attributes and rules first: a mistake there costs no time reading.
  aggregate::MetricRequest metrics = options.metrics;
  const auto attributes = prepare_rules(options, metrics, result);

  const auto read_start = Clock::now();
  std::optional<Date> early_as_of = options.reader.as_of;
  if (metrics.any() && !early_as_of && !options.inputs.empty()) early_as_of = find_as_of(options);

  // Fast distinct counting needs a second chance: start with it when every
  // input can be read again, else keep a log of the purchases to count
  // once the input has ended (aggregator.h, logged mode).
  aggregate::AggregatorOptions aggregation;
  aggregation.metrics = metrics;
  aggregation.threads = result.threads;
  aggregation.as_of = early_as_of.value_or(Date{0});
  aggregation.logged = !std::all_of(options.inputs.begin(), options.inputs.end(), io::is_rereadable);
  std::unique_ptr<AggregatorParts> parts;
  for (;;) {
    if (result.exact_rereads) map_big_blocks();
    parts = std::make_unique<AggregatorParts>(aggregation);
    // Each pass starts with no row seen.
    std::optional<io::RecordFingerprints> fingerprints;
    io::ReaderOptions reader = options.reader;
    if (options.dedupe) reader.dedupe = &fingerprints.emplace();
    // Keep every reject while they are allowed and to be listed; past a
    // fixed limit, or when nobody lists them, only the first few are
    // needed for the error message.
    result.rejects = io::RejectLog(!options.list_rejects          ? kRejectsShown
                                   : options.max_rejects.percent ? UINT64_MAX
                                                                 : options.max_rejects.count + kRejectsShown);
    result.inputs.clear();
    result.totals = {};
    for (const auto& path : options.inputs) {
      parts->start_input(static_cast<uint32_t>(result.inputs.size()));
      result.inputs.push_back(io::read_input(path, reader, *parts, result.rejects));
      result.totals.add(result.inputs.back().counts);
      if (parts->stop_requested()) break;
    }
    const aggregate::Aggregator& total = parts->total();
    if (!total.orders_violated() && !total.days_violated()) break;
    aggregation.exact_orders |= total.orders_violated();
    aggregation.exact_days |= total.days_violated();
    result.exact_rereads = true;
  }
  aggregate::Aggregator& aggregator = parts->total();
  result.read_seconds = seconds_since(read_start);
  result.copy_of = find_copies(result.inputs, options.dedupe);
  return_free_memory();

  if (!options.max_rejects.allows(result.rejects.count(), result.totals.rows_read))
    too_many_rejects(result, options.max_rejects);
  refuse_mixed_currencies(result);
  if (options.inputs.empty()) {
    // An attribute table alone (lead qualification): prepare_rules made sure of --as-of.
  } else if (result.totals.rows_read == 0) {
    throw Error(ExitCode::kData, "no data rows: the input has a header and nothing after it",
                "check that the export is complete");
  } else if (result.totals.rows_used == 0) {
    const io::InputCounts& t = result.totals;
    throw Error(ExitCode::kData,
                first_rejects(result) +
                    fmt::format("no usable rows: {} data rows read, {} rejected, {} without a customer "
                                "id, {} on or after --as-of",
                                t.rows_read, t.rows_rejected, t.rows_unattributed, t.rows_future),
                t.rows_future > 0 ? "check --as-of: rows dated on or after it are skipped" : "");
  }

  result.as_of_given = options.reader.as_of.has_value();
  result.as_of = early_as_of ? *early_as_of : Date{aggregator.max_date()->days + 1};
  const auto rules_start = Clock::now();
  result.customers = aggregator.finish(result.as_of, result.threads);
  parts.reset();  // the aggregate is in the table now; its memory can go
  return_free_memory();
  classify_customers(options, attributes ? &*attributes : nullptr, result);
  result.rules_seconds = seconds_since(rules_start);
  return result;
}

}  // namespace tiers::cli

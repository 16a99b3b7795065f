// tiers run: every output into one directory, replaced atomically.
//
//   tiers run -o DIR [OPTIONS] FILE...
//
// Writes customers.csv, report.csv, followups.csv, rejects.csv, run.json
// and thresholds.json (other table extensions with --format). Readers of
// DIR see either the previous complete set or the new one; a failed run
// leaves DIR untouched.
#include <chrono>

#include "cli/command.h"
#include "cli/pipeline_steps.h"
#include "cli/run_summary.h"
#include "cli/thresholds_file.h"
#include "report/tier_report.h"
#include "writers/output_dir.h"

namespace tiers::cli {
namespace {

using Clock = std::chrono::steady_clock;

void add_options(CLI::App& app, Args& args) {
  app.add_option("-o,--output", args.output_dir, "Directory to write (created if missing)")
      ->required()
      ->type_name("DIR");
  add_input_options(app, args);
  add_rule_options(app, args);
  add_attribute_options(app, args);
  add_output_options(app, args, false);
}

int run(const Args& args) {
  const auto start = Clock::now();
  const writers::Format format = output_format(args);
  PipelineOptions options = pipeline_options(args);
  writers::OutputDir dir(args.output_dir);  // checks DIR before the long part
  const PipelineResult result = run_pipeline(options);

  const auto write_start = Clock::now();
  const std::string ext(writers::extension(format));
  std::vector<OutputFile> outputs;
  // `write` writes a table into a stream and returns its rows.
  auto emit_with = [&](const std::string& stem, const auto& write) {
    const std::string name = stem + "." + ext;
    auto stream = dir.create(name);
    const size_t rows = write(*stream);
    dir.close(std::move(stream));
    outputs.push_back({name, rows});
  };
  auto emit = [&](const std::string& stem, const Table& table) {
    emit_with(stem, [&](writers::OutputStream& out) {
      writers::write_table(table, format, out, thread_count(args));
      return table.rows();
    });
  };
  if (result.hidden.empty() && result.moved.empty()) emit("customers", result.customers);
  else emit("customers", customers_output(result));
  emit("report", report::build_tier_report(result.customers, result.rules));
  emit_with("followups", [&](writers::OutputStream& out) {
    return write_followups(result, format, out, thread_count(args));
  });
  emit("rejects", rejects_table(result.rejects));
  // The cut points this run scored with, for --thresholds next time.
  auto thresholds = dir.create("thresholds.json");
  thresholds->write(thresholds_json(result));
  dir.close(std::move(thresholds));

  const double write_seconds = std::chrono::duration<double>(Clock::now() - write_start).count();
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  auto summary = dir.create("run.json");
  summary->write(run_summary_json(result, outputs, "run", write_seconds, total));
  dir.close(std::move(summary));
  dir.commit();
  report_on_stderr(args, result, total);
  return 0;
}

}  // namespace

const Command kRunCommand{
    "run",
    "Write customers, report, follow-ups, rejects, run.json and thresholds.json into a directory",
    "Examples:\n"
    "  tiers run -o out/ sales.csv\n"
    "  tiers run -o /srv/crm/tiers --as-of 2025-01-01 --max-rejects 0.1% exports/*.csv\n"
    "  tiers run -o out/ --dedupe --exclude 'status == \"test\"' exports/*.csv\n",
    &add_options,
    &run,
};

}  // namespace tiers::cli

// tiers report: one row per (rule, tier) with counts, revenue and averages.
//
//   tiers report [OPTIONS] FILE...
#include <chrono>

#include "cli/command.h"
#include "report/tier_report.h"

namespace tiers::cli {
namespace {

void add_options(CLI::App& app, Args& args) {
  add_input_options(app, args);
  add_rule_options(app, args);
  add_attribute_options(app, args);
  add_output_options(app, args, true);
}

int run(const Args& args) {
  const auto start = std::chrono::steady_clock::now();
  const PipelineResult result = run_pipeline(pipeline_options(args));
  write_rejects_file(args, result);
  print_table(report::build_tier_report(result.customers, result.rules), args);
  report_on_stderr(args, result,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace

const Command kReportCommand{
    "report",
    "Print the tier report: customers, revenue and averages per rule and tier",
    "Examples:\n"
    "  tiers report sales.csv\n"
    "  tiers report --format md --abc metals sales.csv\n",
    &add_options,
    &run,
};

}  // namespace tiers::cli

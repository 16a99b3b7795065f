// tiers report: one row per (rule, tier) with counts, revenue and averages.
//
//   tiers report [OPTIONS] FILE...
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
  return run_table_command(args, [](const PipelineResult& r, Table& scratch) -> const Table& {
    return scratch = report::build_tier_report(r.customers, r.rules);
  });
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

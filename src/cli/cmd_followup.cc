// tiers followup: who to contact, why, and by when, most urgent first.
//
//   tiers followup [OPTIONS] FILE...
#include <chrono>

#include "cli/command.h"
#include "report/followups.h"

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
  print_table(report::build_followups(result.customers, result.rules, result.as_of, result.keep), args);
  report_on_stderr(args, result,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

}  // namespace

const Command kFollowupCommand{
    "followup",
    "Print the follow-up list: customer, rule, tier, action, owner, due date, priority, reason",
    "Examples:\n"
    "  tiers followup sales.csv\n"
    "  tiers followup --as-of 2025-01-01 sales.csv | grep ',at_risk,'\n",
    &add_options,
    &run,
};

}  // namespace tiers::cli

// tiers followup: who to contact, why, and by when, most urgent first.
//
//   tiers followup [OPTIONS] FILE...
#include "cli/command.h"

namespace tiers::cli {
namespace {

void add_options(CLI::App& app, Args& args) {
  add_input_options(app, args);
  add_rule_options(app, args);
  add_attribute_options(app, args);
  add_output_options(app, args, true);
}

int run(const Args& args) {
  return run_writing_command(args, [&](const PipelineResult& r, writers::OutputStream& out) {
    write_followups(r, output_format(args), out, thread_count(args));
  });
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

// tiers followup: who to contact, why, and by when, most urgent first.
//
//   tiers followup [OPTIONS] FILE...
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
  return run_writing_command(args, [&](const PipelineResult& r, writers::OutputStream& out) {
    // Made and written a block at a time (tiers run does the same).
    const report::FollowUps list(r.customers, r.rules, r.as_of, r.keep);
    writers::write_table_blocks(
        list.size(), report::kFollowUpBlock, [&](size_t from, size_t to) { return list.rows(from, to, r.threads); },
        output_format(args), out, thread_count(args));
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

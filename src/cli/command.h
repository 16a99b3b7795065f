// A subcommand: its name, help, options and what it does. main() holds the
// table of them; adding a command is one file and one row there.
#pragma once

#include <string_view>

#include <CLI/CLI.hpp>

#include "cli/options.h"

namespace tiers::cli {

struct Command {
  std::string_view name;
  std::string_view summary;
  std::string_view examples;  ///< shown at the end of `tiers NAME --help`
  void (*add_options)(CLI::App& app, Args& args);
  int (*run)(const Args& args);
};

extern const Command kClassifyCommand;
extern const Command kReportCommand;
extern const Command kFollowupCommand;
extern const Command kRunCommand;
extern const Command kRulesCommand;
extern const Command kExplainCommand;

}  // namespace tiers::cli

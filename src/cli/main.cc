// tiers: classify customers from transaction CSVs.
//
// main() only wires things together: it builds the command line from the
// command table, runs the chosen command, and is the one place that turns
// errors into messages and exit codes.
#include <cctype>
#include <csignal>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.h"
#include "io/header.h"
#include "tiers/error.h"
#include "writers/output_stream.h"

namespace {

using tiers::cli::Command;

const Command* const kCommands[] = {
    &tiers::cli::kClassifyCommand,
    &tiers::cli::kReportCommand,
    &tiers::cli::kFollowupCommand,
    &tiers::cli::kRunCommand,
    &tiers::cli::kExplainCommand,
    &tiers::cli::kRulesCommand,
};

void print_error(const std::string& message, const std::string& hint) {
  size_t begin = 0;
  while (begin < message.size()) {
    size_t end = message.find('\n', begin);
    if (end == std::string::npos) end = message.size();
    fmt::print(stderr, "tiers: error: {}\n", std::string_view(message).substr(begin, end - begin));
    begin = end + 1;
  }
  if (!hint.empty()) fmt::print(stderr, "hint: {}\n", hint);
}

/// "did you mean" for unknown options of the chosen subcommand.
std::string option_hint(const CLI::App& app, const std::string& what) {
  const CLI::App* sub = app.get_subcommands().empty() ? &app : app.get_subcommands().front();
  std::vector<std::string> names;
  for (const CLI::Option* opt : sub->get_options())
    for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
  for (size_t pos = what.find("--"); pos != std::string::npos; pos = what.find("--", pos + 2)) {
    size_t end = what.find_first_of(" =", pos);
    const std::string given = what.substr(pos, end == std::string::npos ? end : end - pos);
    if (auto near = tiers::io::did_you_mean(given, names)) return "did you mean " + *near + "?";
  }
  return "see tiers " + (sub == &app ? std::string("--help") : sub->get_name() + " --help");
}

int run(int argc, char** argv) {
  CLI::App app{
      "tiers: classify customers from transaction CSVs (RFM, ABC and rule tiers) and list who to "
      "follow up.",
      "tiers"};
  app.set_version_flag("--version", std::string("tiers ") + TIERS_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  tiers classify sales.csv > customers.csv\n"
      "  tiers report sales.csv\n"
      "  tiers run -o out/ sales.csv\n"
      "Run 'tiers COMMAND --help' for a command's options.");
  tiers::cli::Args args;
  const Command* chosen = nullptr;
  for (const Command* command : kCommands) {
    CLI::App* sub = app.add_subcommand(std::string(command->name), std::string(command->summary));
    command->add_options(*sub, args);
    sub->footer(std::string(command->examples));
    sub->callback([&chosen, command] { chosen = command; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (argc == 1) {
      print_error("a command is required: classify, report, followup, run, explain or rules",
                  "see tiers --help");
    } else {
      std::string message = e.what();
      if (!message.empty()) message[0] = static_cast<char>(std::tolower(message[0]));
      print_error(message, option_hint(app, message));
    }
    return static_cast<int>(tiers::ExitCode::kUsage);
  }
  return chosen->run(args);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const tiers::Error& e) {
    print_error(e.what(), e.hint());
    return static_cast<int>(e.code());
  } catch (const tiers::writers::BrokenPipe&) {
    return 0;  // the reader of our output has seen enough: not an error
  } catch (const std::bad_alloc&) {
    print_error("out of memory", "");
    return static_cast<int>(tiers::ExitCode::kSoftware);
  } catch (const std::exception& e) {
    print_error(fmt::format("internal error: {}", e.what()), "please report this as a bug");
    return static_cast<int>(tiers::ExitCode::kSoftware);
  }
}

// Options shared by the subcommands, and the steps every command takes
// with them (building the pipeline, writing rejects, reporting on stderr).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/pipeline.h"
#include "writers/table_writer.h"

namespace tiers::cli {

struct Args {
  std::vector<std::string> inputs;
  io::ColumnChoice columns;
  bool no_header = false;  ///< --no-header: columns by position, from 1
  uint64_t skip_lines = 0;  ///< --skip-lines N: lines before the header
  std::string delimiter;
  std::string encoding;
  std::string date_format;
  bool decimal_comma = false;
  bool decimal_point = false;
  std::optional<std::string> amount_expr;  ///< --amount-expr 'Quantity * UnitPrice'
  std::vector<std::string> where;    ///< --where COND (repeatable)
  std::vector<std::string> exclude;  ///< --exclude COND (repeatable)
  bool dedupe = false;
  std::string as_of;
  std::string max_rejects = "0";
  size_t max_record_bytes = size_t{1} << 20;
  unsigned threads = 0;  ///< 0 = all cores
  DefaultRuleOptions rules;
  std::string windows;  ///< --windows 30,90
  std::string rules_file;       ///< --rules FILE
  std::string thresholds_file;  ///< --thresholds FILE
  std::string attributes;       ///< --attributes FILE
  std::string attributes_key;   ///< --attributes-key COL
  std::string keep;             ///< --keep name,phone
  std::string explain_id;       ///< tiers explain ID
  bool strict = false;          ///< tiers rules --strict
  bool kinds = false;           ///< tiers rules --kinds
  std::string format = "csv";
  std::string rejects_file;
  std::string output_dir;
  bool quiet = false;
  bool verbose = false;
};

void add_input_options(CLI::App& app, Args& args);
/// --rules, --thresholds and the default pipeline's options.
void add_rule_options(CLI::App& app, Args& args);
/// --attributes, --attributes-key, --keep.
void add_attribute_options(CLI::App& app, Args& args);
/// --format, --rejects, --quiet, --verbose (`to_stdout`: --rejects applies).
void add_output_options(CLI::App& app, Args& args, bool to_stdout);

PipelineOptions pipeline_options(const Args& args);
/// --threads, or all cores.
unsigned thread_count(const Args& args);
/// --amount-expr, --where and --exclude, parsed (syntax errors are usage
/// errors before any input is read).
void row_options(const Args& args, PipelineOptions& options);
/// The rules of --rules FILE (with the windows it asks for), or the default
/// pipeline from the rule options.
void rule_options(const Args& args, PipelineOptions& options);
writers::Format output_format(const Args& args);

/// The rejects as a table: file, line, reason, raw.
Table rejects_table(const io::RejectLog& rejects);
/// Writes --rejects FILE when given (atomically: temp file, then rename).
void write_rejects_file(const Args& args, const PipelineResult& result);

/// Warnings (and with --verbose or a terminal, a summary) on stderr.
void report_on_stderr(const Args& args, const PipelineResult& result, double seconds);

/// Writes `table` to standard output in the chosen format.
void print_table(const Table& table, const Args& args);

/// The whole of classify and report: run the pipeline, write --rejects,
/// print the table `output` picks (one of the result's, or one it builds in
/// `scratch`), report on stderr.
int run_table_command(const Args& args,
                      const Table& (*output)(const PipelineResult& result, Table& scratch));

/// Writes the follow-up list (tiers run and followup), made and written a
/// block of rows at a time; returns its rows.
size_t write_followups(const PipelineResult& result, writers::Format format, writers::OutputStream& out,
                       unsigned threads);

/// The same for a table that `write` prints to standard output itself
/// (followup: a block at a time).
int run_writing_command(const Args& args,
                        const std::function<void(const PipelineResult& result, writers::OutputStream& out)>& write);

}  // namespace tiers::cli

#include "cli/options.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "cli/thresholds_file.h"
#include "io/source.h"
#include "io/text.h"
#include "report/followups.h"
#include "rules/rules_file.h"
#include "tiers/error.h"
#include "writers/output_file.h"
#include "writers/output_stream.h"

namespace tiers::cli {

void add_input_options(CLI::App& app, Args& args) {
  app.add_option("files", args.inputs,
                 "Transaction CSV files; - reads standard input (none with --attributes alone)")
      ->type_name("FILE...");
  auto* g = "Input";
  app.add_option("--customer", args.columns.customer,
                 "Customer id column, by name or position from 1 (default: recognised, e.g. customer_id, CustomerID, 客户)")
      ->group(g);
  app.add_option("--date", args.columns.date,
                 "Date column, by name or position (default: recognised, e.g. date, order_date, InvoiceDate, 日期)")
      ->group(g);
  app.add_option("--amount", args.columns.amount,
                 "Amount column, by name or position (default: recognised, e.g. amount, total, revenue, 金额)")
      ->group(g);
  app.add_option("--order", args.columns.order,
                 "Order id column, by name or position (default: recognised, e.g. order_id, InvoiceNo, 订单号)")
      ->group(g);
  app.add_flag("--no-order", args.columns.no_order,
               "Ignore any order column: every purchase row counts as one order")
      ->group(g);
  app.add_flag("--no-header,--no-headers", args.no_header,
               "The files have no header row: name the columns by position, from 1 "
               "(e.g. --customer 1 --date 2 --amount 4)")
      ->group(g);
  app.add_option("--skip-lines", args.skip_lines,
                 "Lines to skip before the header, e.g. a report's title lines (as lines: quotes in "
                 "them mean nothing)")
      ->group(g);
  app.add_option("--delimiter", args.delimiter,
                 "Field delimiter: , ; tab | (default: tab for .tsv, else detected from the file)")
      ->group(g);
  app.add_option("--encoding", args.encoding,
                 "Input encoding: utf-8 (default, checked; a UTF-16 byte-order mark reads as UTF-16), gbk, "
                 "gb18030, latin1, cp1252, utf-16, utf-16le, utf-16be")
      ->group(g);
  app.add_option("--date-format", args.date_format,
                 "Date format, strftime style: %Y-%m-%d, %d.%m.%Y, %m/%d/%Y %H:%M, %Y%m%d, "
                 "%Y年%m月%d日, %s (epoch seconds), or excel (Excel's day serials) (default: detected from the first "
                 "rows)")
      ->group(g);
  app.add_flag("--decimal-comma", args.decimal_comma,
               "Amounts use a decimal comma: 1.234,50 (default: detected from the first rows)")
      ->group(g);
  app.add_flag("--decimal-point", args.decimal_point,
               "Amounts use a decimal point: 1,234.50 (default: detected from the first rows)")
      ->group(g);
  auto* rows = "Rows";
  app.add_option("--amount-expr", args.amount_expr,
                 "Compute each row's amount from its cells instead of an amount column, e.g. "
                 "'Quantity * UnitPrice': exact, rounded half-to-even to 4 decimals; a row whose "
                 "cells give no number is rejected, naming the cell")
      ->group(rows)
      ->type_name("EXPR");
  app.add_option("--where", args.where,
                 "Use only rows for which COND is true, e.g. 'Quantity > 0' (repeatable: all must "
                 "be true). A comparison with an empty or unreadable cell is unknown, which is not "
                 "true: the row is left out")
      ->group(rows)
      ->type_name("COND")
      ->allow_extra_args(false);
  app.add_option("--exclude", args.exclude,
                 "Leave out rows for which COND is true, e.g. 'InvoiceNo starts with \"C\"' "
                 "(repeatable). Unknown is not true: the row is kept. Rows left out by --where or "
                 "--exclude are counted (rows_filtered), never rejected")
      ->group(rows)
      ->type_name("COND")
      ->allow_extra_args(false);
  app.add_flag("--dedupe", args.dedupe,
               "Drop exact duplicate rows: a row with the same bytes as an earlier row (under the "
               "same header, in any input) is counted (rows_duplicate) and not used. Memory grows "
               "with rows: 21-43 bytes per distinct row (10 million: 256 MB); each file "
               "is read on one thread. Without it, rows identical to the row just before them "
               "are counted (rows_repeated) and used")
      ->group(rows);
  app.add_option("--as-of", args.as_of,
                 "Analysis date YYYY-MM-DD, exclusive: rows on or after it are skipped "
                 "(default: the day after the latest date in the input)")
      ->group(g);
  app.add_option("--max-rejects", args.max_rejects,
                 "Rows that may be rejected before the run fails: a count or a percentage "
                 "(e.g. 10 or 0.5%)")
      ->group(g)
      ->default_str("0");
  app.add_option("-j,--threads", args.threads,
                 "Threads reading a file or a pipe (default: all cores; a pipe's start as the stream outruns "
                 "them); the output is the same for any number")
      ->group(g)
      ->default_str("all cores");
  app.add_option("--max-record-bytes", args.max_record_bytes,
                 "Longest record accepted; longer ones (or quotes left open that long) are rejected")
      ->group(g)
      ->default_str("1048576");
}

void add_rule_options(CLI::App& app, Args& args) {
  auto* g = "Rules";
  app.add_option("--rules", args.rules_file,
                 "Rules file (TOML): the pipeline of rfm, abc and tiers rules to run instead of "
                 "the default rfm then abc; presets in samples/rules/")
      ->group(g)
      ->type_name("FILE");
  app.add_option("--thresholds", args.thresholds_file,
                 "Score RFM and ABC against the cut points in this thresholds.json (written by "
                 "tiers run) instead of this data's distribution")
      ->group(g)
      ->type_name("FILE");
  app.add_option("--windows", args.windows,
                 "Add window metrics for these day counts (e.g. 30,90): monetary_30d, "
                 "frequency_30d, monetary_prev_30d, frequency_prev_30d, ..., plus "
                 "last_order_amount and orders_per_month")
      ->group(g);
  app.add_option("--rfm-method", args.rules.rfm_method, "RFM scoring: rank (default), ntile or fixed")
      ->group(g);
  app.add_option("--bins", args.rules.bins, "RFM score range 1..N (default 5)")->group(g);
  app.add_option("--recency-breaks", args.rules.recency_breaks,
                 "For --rfm-method fixed: days, e.g. 30,90,180,365 (≤ 30 days scores 5)")
      ->group(g);
  app.add_option("--frequency-breaks", args.rules.frequency_breaks,
                 "For --rfm-method fixed: orders, e.g. 2,3,5,10 (≥ 10 orders scores 5)")
      ->group(g);
  app.add_option("--monetary-breaks", args.rules.monetary_breaks,
                 "For --rfm-method fixed: amounts, e.g. 100,250,500,1000")
      ->group(g);
  app.add_option("--abc", args.rules.abc_preset,
                 "ABC preset: default (A/B/C at 80%/95% of revenue), pyramid (vip/major/middle/"
                 "small: 5/15/20/60% of customers), metals (platinum/gold/iron/lead: 1/4/15/80%)")
      ->group(g);
  app.add_option("--abc-cuts", args.rules.abc_cuts, "Custom ABC cuts, e.g. 0.7,0.9 (tiers A, B, C)")
      ->group(g);
  app.add_option("--abc-by", args.rules.abc_by,
                 "ABC measure: value (share of revenue) or rank (share of customers)")
      ->group(g);
}

void add_attribute_options(CLI::App& app, Args& args) {
  auto* g = "Attributes";
  app.add_option("--attributes", args.attributes,
                 "Attribute table (CSV, one row per customer or lead: name, phone, owner, budget, "
                 "stage...) joined on the customer id; rules may read its columns")
      ->group(g)
      ->type_name("FILE");
  app.add_option("--attributes-key", args.attributes_key,
                 "Id column of the attribute table (default: recognised, e.g. customer_id, "
                 "lead_id, id, 客户ID)")
      ->group(g)
      ->type_name("COL");
  app.add_option("--keep", args.keep,
                 "Attribute columns to pass through to customers and follow-ups, e.g. name,phone")
      ->group(g)
      ->type_name("COLS");
}

void add_output_options(CLI::App& app, Args& args, bool to_stdout) {
  auto* g = "Output";
  app.add_option("--format", args.format, "Table format: csv, tsv, json or md")
      ->group(g)
      ->default_str("csv");
  if (to_stdout)
    app.add_option("--rejects", args.rejects_file,
                   "Write rejected rows (file, line, reason, raw) to this CSV file, or to /dev/stderr")
        ->group(g);
  app.add_flag("-q,--quiet", args.quiet, "No warnings on standard error")->group(g);
  app.add_flag("-v,--verbose", args.verbose, "A summary of the run on standard error")->group(g);
}

writers::Format output_format(const Args& args) {
  auto format = writers::parse_format(args.format);
  if (!format)
    throw Error(ExitCode::kUsage, fmt::format("--format \"{}\" is not csv, tsv, json or md", args.format));
  return *format;
}

PipelineOptions pipeline_options(const Args& args) {
  PipelineOptions o;
  o.inputs = args.inputs;
  o.reader.columns = args.columns;
  o.reader.dialect.max_record_bytes = args.max_record_bytes;
  o.reader.threads = thread_count(args);
  if (!args.as_of.empty()) {
    o.reader.as_of = parse_iso_date(args.as_of);
    if (!o.reader.as_of)
      throw Error(ExitCode::kUsage, fmt::format("--as-of \"{}\" is not a date", args.as_of),
                  "write it as YYYY-MM-DD, e.g. --as-of 2025-01-01");
  }
  if (args.max_record_bytes < 1024)
    throw Error(ExitCode::kUsage, "--max-record-bytes must be at least 1024");
  if (!args.delimiter.empty()) {
    const std::string& d = args.delimiter;
    if (d == "tab" || d == "\\t" || d == "\t") o.reader.format.delimiter = '\t';
    else if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") o.reader.format.delimiter = d[0];
    else
      throw Error(ExitCode::kUsage, fmt::format("--delimiter \"{}\" is not one character", d),
                  "e.g. --delimiter ';' or --delimiter tab");
  }
  if (!args.encoding.empty()) {
    o.reader.encoding = io::parse_encoding(args.encoding);
    if (!o.reader.encoding)
      throw Error(ExitCode::kUsage, fmt::format("--encoding \"{}\" is not known", args.encoding),
                  fmt::format("use one of: {}", io::known_encodings()));
  }
  if (!args.date_format.empty()) {
    io::DateFormat::compile(args.date_format);  // a bad pattern fails before reading
    o.reader.format.date_format = args.date_format;
  }
  if (args.decimal_comma && args.decimal_point)
    throw Error(ExitCode::kUsage, "--decimal-comma and --decimal-point contradict each other");
  if (args.decimal_comma || args.decimal_point) o.reader.format.decimal_comma = args.decimal_comma;
  if (args.amount_expr || !args.where.empty() || !args.exclude.empty()) row_options(args, o);
  o.dedupe = args.dedupe;
  if (!args.columns.order.empty() && args.columns.no_order)
    throw Error(ExitCode::kUsage, "--order and --no-order contradict each other");
  o.reader.skip_lines = args.skip_lines;
  if (args.no_header) {
    // Nothing to recognise a column by: each needed one is given by number.
    std::vector<std::string> missing;
    if (args.columns.customer.empty()) missing.push_back("--customer");
    if (args.columns.date.empty()) missing.push_back("--date");
    if (args.columns.amount.empty() && !args.amount_expr) missing.push_back("--amount");
    if (!missing.empty())
      throw Error(ExitCode::kUsage,
                  fmt::format("--no-header: give {} by position", fmt::join(missing, ", ")),
                  "columns are numbered from 1, e.g. --no-header --customer 1 --date 2 --amount 4 "
                  "(and --order N for distinct orders)");
    o.reader.no_header = true;
  }
  o.max_rejects = RejectLimit::parse(args.max_rejects);
  if (args.rejects_file == "-")
    throw Error(ExitCode::kUsage, "--rejects -: standard output carries the table",
                "give a file, or --rejects /dev/stderr to see the rejected rows with the messages");
  o.list_rejects = !args.rejects_file.empty() || !args.output_dir.empty();
  if (!args.windows.empty()) {
    for (const auto& item : split_list(args.windows)) {
      const auto days = rules::parse_ratio(item);
      if (!days || days->den != 1 || days->num < 1 || days->num > 36500)
        throw Error(ExitCode::kUsage,
                    fmt::format("--windows \"{}\" is not a list of day counts", args.windows),
                    "e.g. --windows 30,90,365");
      o.metrics.add_window(static_cast<int>(days->num));
    }
    o.metrics.last_order_amount = o.metrics.orders_per_month = true;
  }
  rule_options(args, o);
  o.attributes = args.attributes;
  o.attributes_key = args.attributes_key;
  if (!args.keep.empty()) {
    for (const auto& item : split_list(args.keep)) {
      if (item.empty()) throw Error(ExitCode::kUsage, fmt::format("--keep \"{}\" has an empty name", args.keep));
      o.keep.push_back(item);
    }
  }
  if (!args.thresholds_file.empty()) {
    o.thresholds_file = args.thresholds_file;
    o.thresholds = read_thresholds(args.thresholds_file);
  }
  return o;
}

void row_options(const Args& args, PipelineOptions& o) {
  if (args.amount_expr) {
    if (!args.columns.amount.empty())
      throw Error(ExitCode::kUsage, "--amount and --amount-expr contradict each other",
                  "name an amount column with --amount, or compute the amount with --amount-expr");
    o.reader.rows.amount.emplace(io::RowRole::kAmount, *args.amount_expr);
  }
  for (const auto& w : args.where) o.reader.rows.filters.emplace_back(io::RowRole::kWhere, w);
  for (const auto& x : args.exclude) o.reader.rows.filters.emplace_back(io::RowRole::kExclude, x);
}

void rule_options(const Args& args, PipelineOptions& o) {
  if (args.rules_file.empty()) {
    o.rules = default_rules(args.rules);
    return;
  }
  const DefaultRuleOptions& d = args.rules;
  for (auto [set, flag] : {std::pair{!d.rfm_method.empty(), "--rfm-method"}, {d.bins != 0, "--bins"},
                           {!d.recency_breaks.empty(), "--recency-breaks"},
                           {!d.frequency_breaks.empty(), "--frequency-breaks"},
                           {!d.monetary_breaks.empty(), "--monetary-breaks"},
                           {!d.abc_preset.empty(), "--abc"}, {!d.abc_cuts.empty(), "--abc-cuts"},
                           {!d.abc_by.empty(), "--abc-by"}})
    if (set)
      throw Error(ExitCode::kUsage,
                  fmt::format("{} sets up the default pipeline, which --rules replaces", flag),
                  "set it in the rules file instead (see tiers rules --rules FILE)");
  std::unique_ptr<io::ByteSource> source;
  try {
    source = io::open_source(args.rules_file);
  } catch (const Error& e) {
    throw Error(e.code(), e.what(), "--rules names a TOML file; ready-made ones are in samples/rules/");
  }
  std::string text;
  char buffer[1 << 16];
  for (size_t n; (n = source->read(buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  rules::RulesFile file = rules::parse_rules_file(args.rules_file, std::move(text));
  o.rules = std::move(file.rules);
  for (int days : file.windows) o.metrics.add_window(days);
  if (!file.windows.empty()) o.metrics.last_order_amount = o.metrics.orders_per_month = true;
}

Table rejects_table(const io::RejectLog& rejects) {
  Column file = Column::text("file"), line = Column::integer("line");
  Column reason = Column::text("reason"), raw = Column::text("raw");
  for (const auto& r : rejects.kept()) {
    file.push_text(r.file);
    line.push_number(static_cast<int64_t>(r.line));
    reason.push_text(r.reason);
    raw.push_text(r.raw);
  }
  Table t;
  for (Column* c : {&file, &line, &reason, &raw}) t.add(std::move(*c));
  return t;
}

void write_rejects_file(const Args& args, const PipelineResult& result) {
  if (args.rejects_file.empty()) return;
  writers::write_output_file(args.rejects_file, [&](writers::OutputStream& out) {
    writers::write_table(rejects_table(result.rejects), writers::Format::kCsv, out);
  });
}

void report_on_stderr(const Args& args, const PipelineResult& r, double seconds) {
  if (args.quiet) return;
  const io::InputCounts& t = r.totals;
  if (t.rows_rejected > 0)
    fmt::print(stderr, "tiers: warning: {} row{} rejected (allowed by --max-rejects {}){}\n",
               t.rows_rejected, t.rows_rejected == 1 ? "" : "s", args.max_rejects,
               args.rejects_file.empty() && args.output_dir.empty() ? "; list them with --rejects FILE"
                                                                    : "");
  for (size_t i = 0; i < r.copy_of.size(); ++i)
    if (r.copy_of[i])
      fmt::print(stderr, "tiers: warning: {} looks like a copy of {} ({} records in {} bytes each, "
                 "the same first and last record): every row of it was counted twice; give only one "
                 "of them, or --dedupe to drop rows seen before\n",
                 io::display_name(r.inputs[i].path), io::display_name(r.inputs[*r.copy_of[i]].path),
                 r.inputs[i].counts.rows_read, r.inputs[i].record_bytes);
  if (t.rows_repeated > 0 && !args.dedupe)
    fmt::print(stderr, "tiers: warning: {}; if {}, --dedupe drops every exact duplicate row\n",
               t.rows_repeated == 1
                   ? std::string("1 row is byte-identical to the row just before it and was used")
                   : fmt::format("{} rows are byte-identical to the row just before them and were used",
                                 t.rows_repeated),
               t.rows_repeated == 1 ? "it is a copy" : "they are copies");
  // Ids that Excel turned into "1.23457E+14": different customers may
  // have become one. Only the customers are looked at, not the rows.
  if (r.customers.width() > 0) {
    const Column& ids = r.customers.column(0);
    size_t count = 0;
    std::string_view example;
    for (size_t i = 0; i < ids.size(); ++i)
      if (ids.has(i) && io::excel_scientific(ids.text(i)) && count++ == 0) example = ids.text(i);
    if (count > 0)
      fmt::print(stderr, "tiers: warning: {} customer id{} like \"{}\" {} in Excel's scientific "
                 "notation: {} other digits are lost, and different customers may have become one; "
                 "format the id column as text in Excel before exporting\n",
                 count, count == 1 ? "" : "s", io::printable(example),
                 count == 1 ? "is a number" : "are numbers", count == 1 ? "its" : "their");
  }
  if (r.attributes)
    for (const io::RenamedColumn& c : r.attributes->renamed)
      fmt::print(stderr, "tiers: warning: {}\n", c.warning(io::display_name(r.attributes->path), r.attributes->header_line));
  if (t.amounts_rounded > 0)
    fmt::print(stderr, "tiers: warning: {} amount{} had more than 4 decimals and {} rounded "
               "half-to-even\n", t.amounts_rounded, t.amounts_rounded == 1 ? "" : "s",
               t.amounts_rounded == 1 ? "was" : "were");
  if (args.verbose || ::isatty(STDERR_FILENO)) {
    const bool filters = !args.where.empty() || !args.exclude.empty();
    fmt::print(stderr,
               "tiers: {} rows from {} input{}: {} used, {} future, {} without customer, {}{}{} "
               "rejected; {} customers, as_of {}{}; {:.2f} s\n",
               t.rows_read, r.inputs.size(), r.inputs.size() == 1 ? "" : "s", t.rows_used,
               t.rows_future, t.rows_unattributed,
               filters ? fmt::format("{} filtered out, ", t.rows_filtered) : "",
               args.dedupe ? fmt::format("{} duplicates dropped, ", t.rows_duplicate) : "", t.rows_rejected,
               r.customers.rows(), format_date(r.as_of),
               r.as_of_given ? "" : " (day after the latest date)", seconds);
  }
}

unsigned thread_count(const Args& args) {
  return args.threads != 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
}

int run_table_command(const Args& args,
                      const Table& (*output)(const PipelineResult& result, Table& scratch)) {
  const auto start = std::chrono::steady_clock::now();
  const PipelineResult result = run_pipeline(pipeline_options(args));
  write_rejects_file(args, result);
  Table scratch;
  print_table(output(result, scratch), args);
  report_on_stderr(args, result,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

size_t write_followups(const PipelineResult& result, writers::Format format, writers::OutputStream& out,
                       unsigned threads) {
  // The whole list's text can be larger than everything else the run holds:
  // blocks of it are made and formatted on `threads` threads, one each.
  const report::FollowUps list(result.customers, result.rules, result.as_of, result.keep, threads);
  writers::write_table_blocks(
      list.size(), report::kFollowUpBlock, [&](size_t from, size_t to) { return list.rows(from, to, 1); },
      format, out, threads);
  return list.size();
}

int run_writing_command(const Args& args,
                        const std::function<void(const PipelineResult& result, writers::OutputStream& out)>& write) {
  const auto start = std::chrono::steady_clock::now();
  const PipelineResult result = run_pipeline(pipeline_options(args));
  write_rejects_file(args, result);
  {
    writers::OutputStream out(STDOUT_FILENO, "standard output");
    write(result, out);
  }
  report_on_stderr(args, result,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}

void print_table(const Table& table, const Args& args) {
  writers::OutputStream out(STDOUT_FILENO, "standard output");
  writers::write_table(table, output_format(args), out, thread_count(args));
}

}  // namespace tiers::cli

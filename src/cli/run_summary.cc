#include "cli/run_summary.h"

#include <fmt/format.h>

#include "writers/json_writer.h"

namespace tiers::cli {
namespace {

void counts(writers::JsonWriter& j, const io::InputCounts& c) {
  j.key("rows_read").number(static_cast<int64_t>(c.rows_read));
  j.key("rows_used").number(static_cast<int64_t>(c.rows_used));
  j.key("rows_future").number(static_cast<int64_t>(c.rows_future));
  j.key("rows_unattributed").number(static_cast<int64_t>(c.rows_unattributed));
  j.key("rows_filtered").number(static_cast<int64_t>(c.rows_filtered));
  j.key("rows_duplicate").number(static_cast<int64_t>(c.rows_duplicate));
  j.key("rows_rejected").number(static_cast<int64_t>(c.rows_rejected));
  j.key("amounts_rounded").number(static_cast<int64_t>(c.amounts_rounded));
  j.key("rows_repeated").number(static_cast<int64_t>(c.rows_repeated));
}

std::string seconds(double s) { return fmt::format("{:.3f}", s); }

}  // namespace

std::string run_summary_json(const PipelineResult& r, const std::vector<OutputFile>& outputs,
                             const std::string& command, double write_seconds, double total_seconds) {
  writers::JsonWriter j;
  j.begin_object();
  j.key("tiers_version").string(TIERS_VERSION);
  j.key("command").string(command);
  j.key("as_of").string(format_date(r.as_of));
  j.key("as_of_source").string(r.as_of_given ? "--as-of" : "day after the latest date");
  j.key("inputs").begin_array();
  for (size_t i = 0; i < r.inputs.size(); ++i) {
    const io::InputReport& in = r.inputs[i];
    j.begin_object();
    j.key("path").string(in.path);
    j.key("bytes").number(static_cast<int64_t>(in.bytes));
    j.key("format").begin_object();
    j.key("header_line");
    if (in.header_line == 0) j.null();
    else j.number(static_cast<int64_t>(in.header_line));
    j.key("delimiter").string(in.delimiter == '\t' ? std::string("tab") : std::string(1, in.delimiter));
    j.key("delimiter_from").string(in.delimiter_from);
    j.key("date_format").string(in.date_format);
    j.key("date_format_from").string(in.date_format_from);
    j.key("decimal_mark").string(in.decimal_comma ? "," : ".");
    j.key("decimal_mark_from").string(in.decimal_from);
    j.key("compression").string(in.compression);
    j.key("compression_from").string(in.compression_from);
    j.key("encoding").string(in.encoding);
    j.key("encoding_from").string(in.encoding_from);
    j.end_object();
    j.key("parts").number(in.parts);
    j.key("workers").number(in.workers);
    // The earlier input this one looks like a copy of (its rows counted twice).
    j.key("copy_of");
    if (i < r.copy_of.size() && r.copy_of[i])
      j.string(r.inputs[*r.copy_of[i]].path);
    else
      j.null();
    counts(j, in.counts);
    j.end_object();
  }
  j.end_array();
  j.key("totals").begin_object();
  counts(j, r.totals);
  j.end_object();
  if (r.attributes) {
    j.key("attributes").begin_object();
    j.key("path").string(r.attributes->path);
    j.key("rows").number(static_cast<int64_t>(r.attributes->rows));
    j.key("with_transactions").number(static_cast<int64_t>(r.attributes->matched));
    j.key("without_transactions").number(static_cast<int64_t>(r.attributes->attributes_only));
    j.key("renamed_columns").begin_array();
    for (const io::RenamedColumn& c : r.attributes->renamed) {
      j.begin_object();
      j.key("column").number(static_cast<int64_t>(c.column));
      j.key("was").string(c.was);
      j.key("name").string(c.name);
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.key("customers").number(static_cast<int64_t>(r.customers.rows()));
  // Distinct orders and days were counted with exact sets after the inputs
  // turned out not to be sorted (they were read twice).
  j.key("exact_recount").boolean(r.exact_rereads);
  j.key("rules").begin_array();
  for (size_t i = 0; i < r.rules.size(); ++i) {
    const auto& rule = r.rules[i];
    j.begin_object();
    j.key("name").string(rule->name());
    j.key("kind").string(rule->kind());
    j.key("settings").begin_object();
    for (const auto& [k, v] : rule->settings()) j.key(k).string(v);
    j.end_object();
    j.key("columns").begin_array();
    for (const auto& c : rule->column_names()) j.string(c);
    j.end_array();
    if (i < r.frozen.size() && r.frozen[i]) j.key("cut_points").string("saved (--thresholds)");
    j.end_object();
  }
  j.end_array();
  j.key("outputs").begin_array();
  for (const auto& o : outputs) {
    j.begin_object();
    j.key("file").string(o.name);
    j.key("rows").number(static_cast<int64_t>(o.rows));
    j.end_object();
  }
  j.end_array();
  j.key("timings").begin_object();
  j.key("read_seconds").raw_number(seconds(r.read_seconds));
  j.key("rules_seconds").raw_number(seconds(r.rules_seconds));
  j.key("write_seconds").raw_number(seconds(write_seconds));
  j.key("total_seconds").raw_number(seconds(total_seconds));
  j.end_object();
  j.end_object();
  return j.finish();
}

}  // namespace tiers::cli

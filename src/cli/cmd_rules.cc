// tiers rules: the pipeline a run would use, every tier with its condition
// and action, and the linter's findings.
//
//   tiers rules [--rules FILE] [--attributes FILE] [--strict]
//   tiers rules --kinds
//
// Standard output is one table (rule, kind, tier, when, action, cadence_days,
// priority, owner); findings go to standard error as warnings. With
// --strict, findings make the exit code 78, for CI checks of rules files.
// Without --attributes, names a condition reads that are not metrics or
// rule columns are taken for attribute columns. With --thresholds, the
// saved cut points are checked against the pipeline.
#include <fmt/format.h>

#include "aggregate/extended_metrics.h"
#include "cli/command.h"
#include "cli/thresholds_file.h"
#include "io/attributes.h"
#include "rules/catalog.h"
#include "rules/registry.h"
#include "tiers/error.h"

namespace tiers::cli {
namespace {

void add_options(CLI::App& app, Args& args) {
  add_rule_options(app, args);
  app.add_option("--attributes", args.attributes,
                 "Attribute table to check the conditions against (column names and how cells "
                 "read)")
      ->group("Attributes")
      ->type_name("FILE");
  app.add_option("--attributes-key", args.attributes_key, "Id column of the attribute table")
      ->group("Attributes")
      ->type_name("COL");
  app.add_flag("--strict", args.strict, "Exit 78 when the linter finds anything");
  app.add_flag("--kinds", args.kinds, "List the rule kinds instead");
  add_output_options(app, args, false);
}

Table kinds_table() {
  Column kind = Column::text("kind"), summary = Column::text("summary");
  for (const auto& k : rules::rule_kinds()) {
    kind.push_text(k.name);
    summary.push_text(k.summary);
  }
  Table t;
  t.add(std::move(kind));
  t.add(std::move(summary));
  return t;
}

Table listing(const std::vector<std::unique_ptr<Rule>>& rules) {
  Column rule = Column::text("rule"), kind = Column::text("kind"), tier = Column::text("tier");
  Column when = Column::text("when"), action = Column::text("action"), owner = Column::text("owner");
  Column cadence = Column::integer("cadence_days"), priority = Column::integer("priority");
  for (const auto& r : rules)
    for (const Tier& t : r->tiers()) {
      rule.push_text(r->name());
      kind.push_text(r->kind());
      tier.push_text(t.name);
      when.push_text(t.when);
      action.push_text(t.action);
      if (t.action.empty()) cadence.push_null();
      else cadence.push_number(t.cadence_days);
      if (t.priority > 0) priority.push_number(t.priority);
      else priority.push_null();
      if (t.owner.empty()) owner.push_null();
      else owner.push_text(t.owner);
    }
  Table out;
  for (Column* c : {&rule, &kind, &tier, &when, &action, &cadence, &priority, &owner}) out.add(std::move(*c));
  return out;
}

int run(const Args& args) {
  if (args.kinds) {
    print_table(kinds_table(), args);
    return 0;
  }
  PipelineOptions options;
  rule_options(args, options);
  std::optional<io::AttributeTable> attributes;
  if (!args.attributes.empty())
    attributes = io::read_attributes(args.attributes, args.attributes_key, options.reader.dialect,
                                       options.reader.format, options.reader.encoding);
  if (attributes && !args.quiet)
    for (const io::RenamedColumn& c : attributes->renamed)
      fmt::print(stderr, "tiers: warning: {}\n", c.warning(attributes->file, attributes->header_line));
  // --thresholds: check that the saved cut points fit this pipeline.
  std::vector<RuleCuts> frozen;
  if (!args.thresholds_file.empty()) frozen = read_thresholds(args.thresholds_file);
  aggregate::MetricRequest metrics;
  const auto built = rules::build_rules(options.rules, attributes ? &*attributes : nullptr, metrics,
                                        args.thresholds_file.empty() ? nullptr : &frozen,
                                        args.thresholds_file, !attributes);
  print_table(listing(built.rules), args);
  size_t findings = 0;
  for (const auto& rule : built.rules)
    for (const Finding& f : rule->lint()) {
      fmt::print(stderr, "tiers: warning: {}: {}\n", f.where, f.message);
      ++findings;
    }
  if (findings > 0 && args.strict)
    throw Error(ExitCode::kConfig,
                fmt::format("{} finding{} in the rules (--strict)", findings, findings == 1 ? "" : "s"));
  return 0;
}

}  // namespace

const Command kRulesCommand{
    "rules",
    "List the rule pipeline, every tier with its condition and action, and lint it",
    "Examples:\n"
    "  tiers rules\n"
    "  tiers rules --rules samples/rules/lifecycle.toml --format md\n"
    "  tiers rules --strict --rules my_rules.toml    # exit 78 on gaps, overlaps, dead tiers\n",
    &add_options,
    &run,
};

}  // namespace tiers::cli

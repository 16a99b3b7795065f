// tiers explain: why one customer got its tiers.
//
//   tiers explain [OPTIONS] ID FILE...
//
// Runs the same pipeline as classify, then prints one table (rule, item,
// value, why): the customer's metrics and attribute columns, then for each
// rule the steps that placed it, recomputed from the metrics: for RFM each
// score with the cut values of this run (or the saved ones), for ABC the
// share of revenue or customers before it, for condition tiers each tier's
// condition with the customer's values substituted, up to the first that
// holds.
#include <fmt/format.h>

#include "cli/command.h"
#include "io/header.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::cli {
namespace {

void add_options(CLI::App& app, Args& args) {
  app.add_option("id", args.explain_id, "Customer id to explain")->required()->type_name("ID");
  add_input_options(app, args);
  add_rule_options(app, args);
  add_attribute_options(app, args);
  add_output_options(app, args, true);
}

std::optional<size_t> find_row(const Table& customers, const std::string& id) {
  const Column& ids = customers.column(0);
  size_t lo = 0, hi = customers.rows();  // rows are sorted by id
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (ids.text(mid) < id) lo = mid + 1;
    else hi = mid;
  }
  if (lo < customers.rows() && ids.text(lo) == id) return lo;
  return std::nullopt;
}

int run(const Args& args) {
  const PipelineOptions options = pipeline_options(args);
  const PipelineResult result = run_pipeline(options);
  write_rejects_file(args, result);
  const Table& t = result.customers;
  // Trimmed of spaces and tabs at both ends, as the input's ids are.
  const auto row = find_row(t, std::string(io::trim(args.explain_id)));
  if (!row) {
    std::vector<std::string> ids;
    for (size_t i = 0; i < t.rows(); ++i) ids.emplace_back(t.column(0).text(i));
    auto near = io::did_you_mean(args.explain_id, ids);
    throw Error(ExitCode::kUsage, fmt::format("customer \"{}\" is not in the input", args.explain_id),
                near ? fmt::format("did you mean \"{}\"?", *near) : "ids are compared byte for byte");
  }
  std::vector<std::string> rule_columns;
  for (const auto& rule : result.rules)
    for (const auto& c : rule->column_names()) rule_columns.push_back(c);
  Column rule = Column::text("rule"), item = Column::text("item"), value = Column::text("value"),
         why = Column::text("why");
  auto add = [&](const std::string& r, const Explanation& e) {
    if (r.empty()) rule.push_null();
    else rule.push_text(r);
    item.push_text(e.item);
    if (e.value.empty()) value.push_null();
    else value.push_text(e.value);
    if (e.why.empty()) why.push_null();
    else why.push_text(e.why);
  };
  for (const Column& c : t.columns())
    if (std::find(rule_columns.begin(), rule_columns.end(), c.name()) == rule_columns.end())
      add("", Explanation{c.name(), c.value(*row), ""});
  for (size_t r = 0; r < result.rules.size(); ++r)
    for (const Explanation& e : result.rules[r]->explain(t, *row, result.context(r)))
      add(result.rules[r]->name(), e);
  Table out;
  for (Column* c : {&rule, &item, &value, &why}) out.add(std::move(*c));
  print_table(out, args);
  report_on_stderr(args, result, 0);
  return 0;
}

}  // namespace

const Command kExplainCommand{
    "explain",
    "Explain one customer: its metrics, then each rule's tier and why",
    "Examples:\n"
    "  tiers explain C1001 sales.csv\n"
    "  tiers explain --rules samples/rules/restaurant.toml --format md G07 visits.csv\n",
    &add_options,
    &run,
};

}  // namespace tiers::cli

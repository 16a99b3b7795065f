// tiers classify: the customers table on standard output.
//
//   tiers classify [OPTIONS] FILE...
//
// One row per customer, sorted by customer id: the metrics of DESIGN §3,
// then each rule's columns in pipeline order (by default rfm, then abc).
#include <chrono>

#include "cli/command.h"
#include "cli/pipeline_steps.h"

namespace tiers::cli {
namespace {

void add_options(CLI::App& app, Args& args) {
  add_input_options(app, args);
  add_rule_options(app, args);
  add_attribute_options(app, args);
  add_output_options(app, args, true);
}

int run(const Args& args) {
  return run_table_command(args, [](const PipelineResult& r, Table& scratch) -> const Table& {
    // The table as the rules left it, unless --keep or hidden columns change it.
    if (r.hidden.empty() && r.moved.empty()) return r.customers;
    return scratch = customers_output(r);
  });
}

}  // namespace

const Command kClassifyCommand{
    "classify",
    "Print one row per customer: metrics, then each rule's columns (RFM and ABC unless --rules)",
    "Examples:\n"
    "  tiers classify sales.csv > customers.csv\n"
    "  tiers classify --as-of 2025-01-01 --rfm-method ntile --abc pyramid sales.csv\n"
    "  zcat export.csv.gz | tiers classify --customer CustomerID --date InvoiceDate - | head\n"
    "  tiers classify --rules samples/rules/restaurant.toml bills.csv\n"
    "  tiers classify --amount-expr 'Quantity * UnitPrice' --exclude 'InvoiceNo starts with \"C\"' \\\n"
    "      --date-format '%m/%d/%Y %H:%M' online_retail.csv\n"
    "  tiers classify --where 'Country == \"France\"' --dedupe jan.csv feb.csv\n"
    "  tiers classify --as-of 2025-01-15 --rules samples/rules/man.toml --attributes leads.csv --keep name,phone\n",
    &add_options,
    &run,
};

}  // namespace tiers::cli

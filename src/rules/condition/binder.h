// Binds a parsed condition to the columns it will read, and types it.
//
// Metric and rule columns have the type they are stored with: counts, days
// and money are numbers, labels are text, first_date/last_date are dates.
// Attribute columns arrive as text and are typed by use: compared with a
// number or used in arithmetic they are read as numbers, in and/or/not (or
// alone) as yes/no values, against `as_of` or a date column as dates, and
// otherwise as text. A use the cells do not fit (a "50k" budget used as a
// number) is an error naming the first cell that does not fit.
#pragma once

#include "rules/condition/ast.h"
#include "tiers/rule.h"

namespace tiers::rules::condition {

/// Resolves and types every node; the whole must be a `result` (a yes/no
/// value for conditions, a number for an amount). Throws ConditionError.
void bind(Condition& condition, ColumnCatalog& columns, Type result = Type::kBool);

/// The names of the columns a bound condition reads, in order of use.
std::vector<std::string> columns_read(const Condition& condition);

}  // namespace tiers::rules::condition

// Parses the condition language of `tiers` rules (README "Conditions").
//
//   condition  := or
//   or         := and ("or" and)*
//   and        := not ("and" not)*
//   not        := "not" not | comparison
//   comparison := sum [("==" | "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=") sum
//                      | ["not"] "in" "[" literal ("," literal)* "]"
//                      | "is" ["not"] "empty"
//                      | ["not"] ("starts" "with" | "ends" "with" | "contains") sum]
//   sum        := product (("+" | "-") product)*
//   product    := unary (("*" | "/") unary)*
//   unary      := "-" unary | primary
//   primary    := number | string | "true" | "false" | "as_of" | name
//                 | "`" any text "`" | "(" condition ")"
//
// Keywords are ASCII case-insensitive. Names are letters, digits and `_`
// (any non-ASCII character counts as a letter, so `预算` is a name);
// backquotes take any other column name. `starts with`, `ends with` and
// `contains` are words only where an operator may stand (after a value),
// so a column may still be called `contains`. Strings use "..." or '...' with
// backslash escapes. A syntax error is thrown as ConditionError with the
// byte offset of the offending token.
#pragma once

#include <string>

#include "rules/condition/ast.h"

namespace tiers::rules::condition {

/// Throws ConditionError.
Condition parse(std::string text);

}  // namespace tiers::rules::condition

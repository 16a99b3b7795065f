// Reads a JSON document (RFC 8259) into a tree, for thresholds.json.
//
// Numbers are kept as the text written, not converted to double: the cut
// values in a thresholds file are exact amounts, and reading them back must
// give the same value to the last digit. Errors name the line and column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tiers::io {

struct JsonValue {
  enum class Kind : unsigned char { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  ///< a string's value, or a number as written
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;
  size_t line = 1, column = 1;  ///< where the value starts

  /// The member called `key` of an object, or null.
  const JsonValue* get(std::string_view key) const;
};

/// Parses `text`; throws Error(kConfig) `NAME:LINE:COL: what is wrong`.
JsonValue parse_json(std::string_view text, const std::string& name);

}  // namespace tiers::io

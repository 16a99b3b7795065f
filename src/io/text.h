// Small text helpers shared by the reader's parsers.
#pragma once

#include <string>
#include <string_view>

namespace tiers::io {

/// Drops leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

/// A cell as it may be quoted in a message: at most 60 bytes, control
/// characters shown as escapes.
std::string printable(std::string_view s);

}  // namespace tiers::io

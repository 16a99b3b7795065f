#include "io/text.h"

#include <fmt/format.h>

namespace tiers::io {

std::string_view trim_ends(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool excel_scientific(std::string_view s) {
  auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  if (!digit(0)) return false;
  size_t i = 1;
  if (i < s.size() && s[i] == '.') {
    if (!digit(++i)) return false;
    while (digit(i)) ++i;
  }
  if (i + 2 >= s.size() || (s[i] != 'E' && s[i] != 'e') || s[i + 1] != '+') return false;
  for (i += 2; i < s.size(); ++i)
    if (!digit(i)) return false;
  return true;
}

std::string printable(std::string_view s) {
  std::string out;
  const size_t limit = 60;
  for (size_t i = 0; i < s.size(); ++i) {
    if (out.size() >= limit) {
      // Do not cut a UTF-8 sequence in half.
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) out.push_back(s[i++]);
      out += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '"') out += "\\\"";
    else if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02X}", c);
    else out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace tiers::io

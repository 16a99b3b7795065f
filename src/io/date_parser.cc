#include "io/date_parser.h"

#include <cstring>

#include "io/text.h"

namespace tiers::io {
namespace {

bool is_time_char(char c) {
  return (c >= '0' && c <= '9') || c == ':' || c == '.' || c == ',' || c == '+' || c == '-' ||
         c == 'Z' || c == ' ';
}

}  // namespace

std::optional<Date> DateParser::parse(std::string_view text) const {
  text = trim(text);
  if (text.size() > 10) {
    const char sep = text[10];
    if ((sep != 'T' && sep != ' ') || text.size() < 12 || text[11] < '0' || text[11] > '9')
      return std::nullopt;
    for (char c : text.substr(11))
      if (!is_time_char(c)) return std::nullopt;
    text = text.substr(0, 10);
  }
  if (text.size() == 10 && last_days_ != INT32_MIN && std::memcmp(text.data(), last_text_, 10) == 0)
    return Date{last_days_};
  const auto date = parse_iso_date(text);
  if (date) {
    std::memcpy(last_text_, text.data(), 10);
    last_days_ = date->days;
  }
  return date;
}

}  // namespace tiers::io

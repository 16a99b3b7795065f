#include "rules/source_text.h"

#include <fmt/format.h>

namespace tiers::rules {
namespace {

size_t utf8_length(unsigned long cp) {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

size_t SourceText::line_start(size_t line) const {
  size_t pos = 0;
  for (size_t l = 1; l < line && pos < text_.size(); ++l) {
    const size_t nl = text_.find('\n', pos);
    if (nl == std::string::npos) return text_.size();
    pos = nl + 1;
  }
  return pos;
}

std::string SourceText::where_byte(size_t byte) const {
  byte = std::min(byte, text_.size());
  size_t line = 1, start = 0;
  for (size_t i = 0; i < byte; ++i)
    if (text_[i] == '\n') {
      ++line;
      start = i + 1;
    }
  size_t column = 1;
  for (size_t i = start; i < byte; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return fmt::format("{}:{}:{}", name_, line, column);
}

std::string SourceText::where(size_t line, size_t byte_column) const {
  return where_byte(line_start(line) + byte_column - 1);
}

std::string SourceText::where_in_string(size_t line, size_t byte_column, size_t offset) const {
  size_t p = line_start(line) + byte_column - 1;
  if (p >= text_.size() || (text_[p] != '"' && text_[p] != '\'')) return where_byte(p);
  const char quote = text_[p];
  const bool multi = text_.compare(p, 3, std::string(3, quote)) == 0;
  p += multi ? 3 : 1;
  if (multi && text_.compare(p, 2, "\r\n") == 0) p += 2;
  else if (multi && p < text_.size() && text_[p] == '\n') p += 1;
  size_t decoded = 0;
  while (p < text_.size()) {
    const char c = text_[p];
    // A line-ending backslash decodes to nothing: skip it before stopping.
    if (multi && quote == '"' && c == '\\' && p + 1 < text_.size() &&
        (text_[p + 1] == ' ' || text_[p + 1] == '\t' || text_[p + 1] == '\n' || text_[p + 1] == '\r')) {
      p += 1;
      while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\n' || text_[p] == '\r')) ++p;
      continue;
    }
    if (decoded >= offset) break;
    if (c == quote && (!multi || text_.compare(p, 3, std::string(3, quote)) == 0)) break;
    if (quote == '"' && c == '\\' && p + 1 < text_.size()) {
      const char e = text_[p + 1];
      if (e == 'u' || e == 'U') {
        const size_t digits = e == 'u' ? 4 : 8;
        unsigned long cp = 0;
        size_t k = 0;
        for (; k < digits && p + 2 + k < text_.size() && is_hex(text_[p + 2 + k]); ++k)
          cp = cp * 16 + std::stoul(std::string(1, text_[p + 2 + k]), nullptr, 16);
        decoded += utf8_length(cp);
        p += 2 + k;
      } else {
        decoded += 1;
        p += 2;
      }
      continue;
    }
    ++decoded;
    ++p;
  }
  return where_byte(p);
}

}  // namespace tiers::rules

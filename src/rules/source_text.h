// The text of a rules file, for pointing into its string values.
//
// toml11 gives the line and byte column where a value starts; a condition
// error is somewhere inside that string. SourceText re-reads the string
// literal as TOML wrote it (basic or literal, one-line or multi-line, with
// escapes) to find the line and column of any byte of the decoded value,
// so `rules.toml:12:31` points at the offending token even in a condition
// spread over several lines. Columns count characters, not bytes.
#pragma once

#include <cstddef>
#include <string>

namespace tiers::rules {

class SourceText {
 public:
  SourceText(std::string name, std::string text) : name_(std::move(name)), text_(std::move(text)) {}

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  /// `file:line:col` of toml11's (line, byte column).
  std::string where(size_t line, size_t byte_column) const;
  /// `file:line:col` of byte `offset` of the decoded string value whose
  /// literal starts at toml11's (line, byte column).
  std::string where_in_string(size_t line, size_t byte_column, size_t offset) const;

 private:
  size_t line_start(size_t line) const;
  std::string where_byte(size_t byte) const;

  std::string name_;
  std::string text_;
};

}  // namespace tiers::rules

// The settings of one rule, as read from a rules file or the command line.
//
// Both paths build the same thing, a TOML table (`kind = "rfm"`,
// `method = "ntile"`, ...), so a rule kind parses its options once. Getters
// report a wrong type or value as a configuration error that points at the
// file, line and column of the value, or at the command-line option it came
// from; keys no getter asked for are reported as unknown, with "did you
// mean".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml.hpp>

#include "rules/source_text.h"

namespace tiers::rules {

/// An exact fraction num/den (den > 0), for cut points like 0.80.
struct Ratio {
  int64_t num = 0;
  int64_t den = 1;
};

class RuleSpec {
 public:
  /// A table from a rules file (`from_file`) or one built from options,
  /// where `flags` maps each key to the option that set it.
  RuleSpec(toml::value table, bool from_file, std::map<std::string, std::string> flags = {},
           std::shared_ptr<const SourceText> source = nullptr);

  /// A nested table of this one (a tier, a segment), from the same file.
  RuleSpec child(const toml::value& table) const;

  std::string kind() const;
  /// `name`, defaulting to the kind.
  std::string name() const;

  bool has(const std::string& key) const;
  std::optional<std::string> get_string(const std::string& key) const;
  std::optional<int64_t> get_int(const std::string& key) const;
  std::optional<bool> get_bool(const std::string& key) const;
  std::optional<std::vector<std::string>> get_strings(const std::string& key) const;
  /// Numbers (or numeric strings) as exact ratios: 0.8 → 8/10.
  std::optional<std::vector<Ratio>> get_ratios(const std::string& key) const;
  /// A sub-table, for nested settings (`breaks.recency`).
  std::optional<RuleSpec> get_table(const std::string& key) const;
  /// The raw value (the `tiers` kind walks its own structure).
  const toml::value* raw(const std::string& key) const;

  /// Throws a configuration error about `key` (or the rule when empty).
  [[noreturn]] void fail(const std::string& key, const std::string& message,
                         const std::string& hint = {}) const;
  /// Throws if the table has keys that no getter asked for.
  void reject_unknown_keys() const;

  /// `file:line:col` of the value at `key` (or of the table), or the option.
  std::string where(const std::string& key) const;
  /// `file:line:col` of byte `offset` inside the string value at `key`.
  std::string where_in(const std::string& key, size_t offset) const;
  /// Throws a configuration error at `where` (from where/where_in).
  [[noreturn]] void fail_at(const std::string& where, const std::string& message,
                            const std::string& hint = {}) const;
  bool from_file() const { return from_file_; }
  const toml::value& table() const { return table_; }

 private:
  const toml::value* find(const std::string& key) const;

  toml::value table_;
  bool from_file_;
  std::map<std::string, std::string> flags_;
  std::shared_ptr<const SourceText> source_;
  mutable std::set<std::string> asked_;  // every key a getter looked for
};

/// Exact value of a decimal written as text (`0.80` → 80/100), or nullopt.
std::optional<Ratio> parse_ratio(const std::string& text);

}  // namespace tiers::rules

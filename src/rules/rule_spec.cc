#include "rules/rule_spec.h"

#include <fmt/format.h>

#include "io/header.h"
#include "tiers/error.h"

namespace tiers::rules {

std::optional<Ratio> parse_ratio(const std::string& text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  Ratio r{0, 1};
  bool digits = false, dot = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c == '_' && digits) continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (__builtin_mul_overflow(r.num, 10, &r.num) || __builtin_add_overflow(r.num, c - '0', &r.num))
      return std::nullopt;
    if (dot && __builtin_mul_overflow(r.den, 10, &r.den)) return std::nullopt;
  }
  if (!digits) return std::nullopt;
  if (negative) r.num = -r.num;
  return r;
}

RuleSpec::RuleSpec(toml::value table, bool from_file, std::map<std::string, std::string> flags,
                   std::shared_ptr<const SourceText> source)
    : table_(std::move(table)), from_file_(from_file), flags_(std::move(flags)),
      source_(std::move(source)) {
  asked_.insert("kind");
  asked_.insert("name");
}

RuleSpec RuleSpec::child(const toml::value& table) const {
  RuleSpec sub(table, from_file_, {}, source_);
  sub.asked_.clear();
  return sub;
}

const toml::value* RuleSpec::find(const std::string& key) const {
  asked_.insert(key);
  if (!table_.is_table()) return nullptr;
  const auto& t = table_.as_table();
  auto it = t.find(key);
  return it == t.end() ? nullptr : &it->second;
}

const toml::value* RuleSpec::raw(const std::string& key) const { return find(key); }

bool RuleSpec::has(const std::string& key) const { return find(key) != nullptr; }

std::string RuleSpec::kind() const {
  const toml::value* v = find("kind");
  if (v == nullptr) fail("", "a rule needs a kind", "add kind = \"rfm\", \"abc\" or \"tiers\"");
  if (!v->is_string()) fail("kind", "kind must be a string");
  return v->as_string().str;
}

std::string RuleSpec::name() const {
  const toml::value* v = find("name");
  if (v == nullptr) return kind();
  if (!v->is_string() || v->as_string().str.empty()) fail("name", "name must be a non-empty string");
  return v->as_string().str;
}

std::string RuleSpec::where(const std::string& key) const {
  if (!from_file_) {
    auto it = flags_.find(key);
    return it != flags_.end() ? it->second : std::string("command line");
  }
  const toml::value* v = key.empty() ? &table_ : find(key);
  if (v == nullptr) v = &table_;
  const auto loc = v->location();
  if (source_) return source_->where(loc.line(), loc.column());
  return fmt::format("{}:{}:{}", loc.file_name(), loc.line(), loc.column());
}

std::string RuleSpec::where_in(const std::string& key, size_t offset) const {
  const toml::value* v = find(key);
  if (!from_file_ || !source_ || v == nullptr) return where(key);
  const auto loc = v->location();
  return source_->where_in_string(loc.line(), loc.column(), offset);
}

void RuleSpec::fail(const std::string& key, const std::string& message,
                    const std::string& hint) const {
  fail_at(where(key), message, hint);
}

void RuleSpec::fail_at(const std::string& at, const std::string& message,
                       const std::string& hint) const {
  std::string rule;
  if (table_.is_table() && table_.as_table().count("kind")) {
    const auto& t = table_.as_table();
    auto n = t.find("name");
    rule = n != t.end() && n->second.is_string() ? n->second.as_string().str
                                                 : t.at("kind").is_string()
                                                       ? t.at("kind").as_string().str
                                                       : std::string("?");
  }
  const std::string prefix = rule.empty() ? "" : fmt::format("rule \"{}\": ", rule);
  throw Error(from_file_ ? ExitCode::kConfig : ExitCode::kUsage,
              fmt::format("{}: {}{}", at, prefix, message), hint);
}

std::optional<std::string> RuleSpec::get_string(const std::string& key) const {
  const toml::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) fail(key, fmt::format("{} must be a string", key));
  return v->as_string().str;
}

std::optional<int64_t> RuleSpec::get_int(const std::string& key) const {
  const toml::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_integer()) fail(key, fmt::format("{} must be a whole number", key));
  return v->as_integer();
}

std::optional<bool> RuleSpec::get_bool(const std::string& key) const {
  const toml::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) fail(key, fmt::format("{} must be true or false", key));
  return v->as_boolean();
}

std::optional<std::vector<std::string>> RuleSpec::get_strings(const std::string& key) const {
  const toml::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) fail(key, fmt::format("{} must be a list of strings", key));
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) fail(key, fmt::format("{} must be a list of strings", key));
    out.push_back(item.as_string().str);
  }
  return out;
}

std::optional<std::vector<Ratio>> RuleSpec::get_ratios(const std::string& key) const {
  const toml::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) fail(key, fmt::format("{} must be a list of numbers", key));
  std::vector<Ratio> out;
  for (const auto& item : v->as_array()) {
    std::optional<Ratio> r;
    if (item.is_integer()) r = Ratio{item.as_integer(), 1};
    // The shortest text that reads back as the same double is what the
    // user wrote (up to 17 significant digits), so 0.8 stays exactly 8/10.
    else if (item.is_floating()) r = parse_ratio(fmt::format("{}", item.as_floating()));
    else if (item.is_string()) r = parse_ratio(item.as_string().str);
    if (!r) fail(key, fmt::format("{} must be a list of decimal numbers", key));
    out.push_back(*r);
  }
  return out;
}

std::optional<RuleSpec> RuleSpec::get_table(const std::string& key) const {
  const toml::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_table()) fail(key, fmt::format("{} must be a table", key));
  std::map<std::string, std::string> flags;
  for (const auto& [k, flag] : flags_)
    if (k.rfind(key + ".", 0) == 0) flags[k.substr(key.size() + 1)] = flag;
  RuleSpec sub(*v, from_file_, flags, source_);
  sub.asked_.clear();
  return sub;
}

void RuleSpec::reject_unknown_keys() const {
  if (!table_.is_table()) return;
  std::vector<std::string> known(asked_.begin(), asked_.end());
  for (const auto& [key, value] : table_.as_table()) {
    if (asked_.count(key)) continue;
    auto near = io::did_you_mean(key, known);
    const auto loc = value.location();
    const std::string at = !from_file_ ? where(key)
                           : source_   ? source_->where(loc.line(), loc.column())
                                       : fmt::format("{}:{}:{}", loc.file_name(), loc.line(), loc.column());
    throw Error(from_file_ ? ExitCode::kConfig : ExitCode::kUsage,
                fmt::format("{}: unknown setting \"{}\"", at, key),
                near ? fmt::format("did you mean \"{}\"?", *near) : std::string());
  }
}

}  // namespace tiers::rules

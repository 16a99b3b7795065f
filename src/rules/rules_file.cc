#include "rules/rules_file.h"

#include <sstream>

#include <fmt/format.h>

#include "io/header.h"
#include "tiers/error.h"

namespace tiers::rules {
namespace {

/// toml11's message is several lines with a caret drawing; keep what and
/// where: `rules.toml:3:17: expected newline, but got ';'.`
[[noreturn]] void toml_error(const SourceText& source, const toml::exception& e) {
  const std::string what = e.what();
  std::string reason;
  const size_t caret = what.find("^--- ");
  if (caret != std::string::npos) reason = what.substr(caret + 5, what.find('\n', caret) - caret - 5);
  if (reason.empty()) {
    const size_t colon = what.find(": ");
    reason = what.substr(colon == std::string::npos ? 0 : colon + 2, what.find('\n') - colon - 2);
  }
  const auto loc = e.location();
  throw Error(ExitCode::kConfig,
              fmt::format("{}: not valid TOML: {}", source.where(loc.line(), loc.column()), reason));
}

}  // namespace

RulesFile parse_rules_file(const std::string& name, std::string text) {
  auto source = std::make_shared<const SourceText>(name, std::move(text));
  toml::value doc;
  try {
    std::istringstream in(source->text());
    doc = toml::parse(in, name);
  } catch (const toml::exception& e) {
    toml_error(*source, e);
  }
  RulesFile out;
  auto fail = [&](const toml::value& v, const std::string& message, const std::string& hint = {}) {
    const auto loc = v.location();
    throw Error(ExitCode::kConfig, fmt::format("{}: {}", source->where(loc.line(), loc.column()), message), hint);
  };
  for (const auto& [key, value] : doc.as_table()) {
    if (key == "rule" || key == "windows") continue;
    auto near = io::did_you_mean(key, {"rule", "windows"});
    fail(value, fmt::format("unknown setting \"{}\"", key),
         near ? fmt::format("did you mean \"{}\"?", *near)
              : "a rules file holds windows = [...] and [[rule]] tables");
  }
  if (doc.contains("windows")) {
    const toml::value& w = doc.at("windows");
    if (!w.is_array()) fail(w, "windows must be a list of day counts, e.g. windows = [30, 90]");
    for (const toml::value& d : w.as_array()) {
      if (!d.is_integer() || d.as_integer() < 1 || d.as_integer() > 36500)
        fail(d, "each window must be a whole number of days from 1 to 36500");
      out.windows.push_back(static_cast<int>(d.as_integer()));
    }
  }
  if (!doc.contains("rule") || !doc.at("rule").is_array() || doc.at("rule").as_array().empty())
    fail(doc.contains("rule") ? doc.at("rule") : doc, "the file has no [[rule]] tables",
         "each rule is a [[rule]] table with a kind: rfm, abc or tiers");
  for (const toml::value& rule : doc.at("rule").as_array()) {
    if (!rule.is_table()) fail(rule, "each rule must be a [[rule]] table");
    out.rules.emplace_back(rule, true, std::map<std::string, std::string>{}, source);
  }
  return out;
}

}  // namespace tiers::rules

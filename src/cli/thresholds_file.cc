#include "cli/thresholds_file.h"

#include <fmt/format.h>

#include "io/json_reader.h"
#include "io/source.h"
#include "tiers/error.h"
#include "tiers/money.h"
#include "writers/json_writer.h"

namespace tiers::cli {
namespace {

using io::JsonValue;

[[noreturn]] void bad(const std::string& path, const JsonValue& v, const std::string& what) {
  throw Error(ExitCode::kConfig, fmt::format("{}:{}:{}: {}", path, v.line, v.column, what),
              "use a thresholds.json written by tiers run");
}

const JsonValue& member(const std::string& path, const JsonValue& object, const char* key,
                        JsonValue::Kind kind, const char* what) {
  if (object.kind != JsonValue::Kind::kObject) bad(path, object, "expected an object");
  const JsonValue* v = object.get(key);
  if (v == nullptr) bad(path, object, fmt::format("missing \"{}\"", key));
  if (v->kind != kind) bad(path, *v, fmt::format("\"{}\" must be {}", key, what));
  return *v;
}

int64_t read_value(const std::string& path, const JsonValue& v, int scale) {
  auto parsed = parse_decimal(v.text);
  if (!parsed || parsed->rounded || (scale == 0 && parsed->units % kMoneyScale != 0))
    bad(path, v, scale == 0 ? "a cut value here must be a whole number"
                            : "a cut value must be a number with at most 4 decimals");
  return scale == 0 ? parsed->units / kMoneyScale : parsed->units;
}

}  // namespace

std::string thresholds_json(const PipelineResult& result) {
  writers::JsonWriter j;
  j.begin_object();
  j.key("tiers_version").string(TIERS_VERSION);
  j.key("as_of").string(format_date(result.as_of));
  j.key("rules").begin_array();
  for (size_t r = 0; r < result.rules.size(); ++r) {
    const auto cuts = result.rules[r]->cut_points(result.customers, result.context(r));
    if (!cuts) continue;
    j.begin_object();
    j.key("rule").string(cuts->rule);
    j.key("kind").string(cuts->kind);
    j.key("cuts").begin_array();
    for (const CutSeries& s : cuts->series) {
      j.begin_object();
      j.key("metric").string(s.metric);
      j.key("points").begin_array();
      for (const CutPoint& p : s.points) {
        j.begin_object();
        j.key("label").string(p.label);
        if (p.value) j.key("value").raw_number(format_fixed(*p.value, s.scale, s.scale == 4 ? 2 : 0));
        else j.key("value").null();
        if (p.customer_id) j.key("customer_id").string(*p.customer_id);
        else j.key("customer_id").null();
        j.end_object();
      }
      j.end_array();
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.finish();
}

std::vector<RuleCuts> read_thresholds(const std::string& path) {
  std::unique_ptr<io::ByteSource> source;
  try {
    source = io::open_source(path);
  } catch (const Error& e) {
    throw Error(e.code(), e.what(), "--thresholds names the thresholds.json a tiers run wrote");
  }
  std::string text;
  char buffer[1 << 16];
  for (size_t n; (n = source->read(buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  const JsonValue doc = io::parse_json(text, path);
  std::vector<RuleCuts> out;
  for (const JsonValue& rule : member(path, doc, "rules", JsonValue::Kind::kArray, "a list").items) {
    RuleCuts cuts;
    cuts.rule = member(path, rule, "rule", JsonValue::Kind::kString, "a string").text;
    cuts.kind = member(path, rule, "kind", JsonValue::Kind::kString, "a string").text;
    for (const RuleCuts& other : out)
      if (other.rule == cuts.rule) bad(path, rule, fmt::format("rule \"{}\" appears twice", cuts.rule));
    for (const JsonValue& series : member(path, rule, "cuts", JsonValue::Kind::kArray, "a list").items) {
      CutSeries s;
      s.metric = member(path, series, "metric", JsonValue::Kind::kString, "a string").text;
      s.scale = s.metric == "monetary" ? 4 : 0;
      for (const JsonValue& p : member(path, series, "points", JsonValue::Kind::kArray, "a list").items) {
        CutPoint point;
        point.label = member(path, p, "label", JsonValue::Kind::kString, "a string").text;
        const JsonValue* value = p.get("value");
        if (value == nullptr) bad(path, p, "missing \"value\"");
        if (value->kind == JsonValue::Kind::kNumber) point.value = read_value(path, *value, s.scale);
        else if (value->kind != JsonValue::Kind::kNull) bad(path, *value, "\"value\" must be a number or null");
        const JsonValue* id = p.get("customer_id");
        if (id != nullptr && id->kind == JsonValue::Kind::kString) point.customer_id = id->text;
        else if (id != nullptr && id->kind != JsonValue::Kind::kNull)
          bad(path, *id, "\"customer_id\" must be a string or null");
        s.points.push_back(std::move(point));
      }
      cuts.series.push_back(std::move(s));
    }
    out.push_back(std::move(cuts));
  }
  return out;
}

}  // namespace tiers::cli

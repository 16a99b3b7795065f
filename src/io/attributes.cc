#include "io/attributes.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "io/foreign_format.h"
#include "io/header.h"
#include "io/line_ends.h"
#include "io/source.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

/// Key columns recognised without --attributes-key (normalised names).
const std::vector<std::string> kKeyNames{
    "customerid", "customer", "clientid", "client", "custid", "customerno", "customernumber",
    "memberid", "leadid", "lead", "contactid", "accountid", "id", "客户", "客户id", "客户编号",
    "会员id", "线索id", "线索编号"};

std::string read_all(const std::string& path, std::optional<Encoding> encoding) {
  auto source = open_source(path);
  const std::string first = peek_source(source, kFirstBytes, display_name(path));
  refuse_foreign_format(first, display_name(path));
  if (!encoding && has_utf16_bom(first)) encoding = Encoding::kUtf16;
  if (encoding && *encoding != Encoding::kUtf8)
    source = make_decoding_source(std::move(source), *encoding, display_name(path));
  else
    source = make_utf8_checked_source(std::move(source), display_name(path));
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const size_t n = source->read(buffer, sizeof buffer);
    if (n == 0) break;
    text.append(buffer, n);
  }
  if (cr_line_ends(std::string_view(text).substr(0, kLineEndSample))) cr_to_lf(text);
  return text;
}

size_t find_key(const std::vector<std::string>& header, const std::string& key,
                const std::string& file) {
  std::vector<size_t> hits;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string norm = normalize_header(header[i]);
    const bool match = key.empty() ? std::find(kKeyNames.begin(), kKeyNames.end(), norm) != kKeyNames.end()
                                   : header[i] == key;
    if (match) hits.push_back(i);
  }
  if (hits.size() == 1) return hits.front();
  const std::string list = fmt::format("{}", fmt::join(header, ", "));
  if (hits.empty() && !key.empty()) {
    auto near = did_you_mean(key, header);
    throw Error(ExitCode::kUsage,
                fmt::format("{}:1: no column \"{}\" (given with --attributes-key); the header has: {}",
                            file, key, list),
                near ? fmt::format("did you mean --attributes-key {}?", *near)
                     : "name the id column with --attributes-key COL");
  }
  if (hits.empty())
    throw Error(ExitCode::kUsage,
                fmt::format("{}:1: cannot find the id column of the attribute table; the header has: {}",
                            file, list),
                "name it with --attributes-key COL");
  std::vector<std::string> names;
  for (size_t h : hits) names.push_back(fmt::format("\"{}\"", header[h]));
  throw Error(ExitCode::kUsage,
              fmt::format("{}:1: {} columns could be the id column: {}", file, hits.size(),
                          fmt::join(names, ", ")),
              fmt::format("choose one with --attributes-key \"{}\"", header[hits.front()]));
}

/// Gives every column a name of its own, as its values become columns of
/// the customer table: a column without a name is `column_N` (N its
/// position: a trailing delimiter makes one), a repeated name gets `_2`,
/// `_3`, ... (the first not in the header).
std::vector<RenamedColumn> name_columns(std::vector<std::string>& header) {
  std::vector<RenamedColumn> renamed;
  auto used = [&](const std::string& name) { return std::find(header.begin(), header.end(), name) != header.end(); };
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string was = header[i];
    const auto first = static_cast<size_t>(std::find(header.begin(), header.end(), was) - header.begin());
    if (!was.empty() && first == i) continue;
    const std::string stem = was.empty() ? fmt::format("column_{}", i + 1) : was;
    std::string name = was.empty() ? stem : stem + "_2";
    for (int k = was.empty() ? 2 : 3; used(name); ++k) name = fmt::format("{}_{}", stem, k);
    header[i] = name;
    renamed.push_back(RenamedColumn{i + 1, was, was.empty() ? 0 : first + 1, name});
  }
  return renamed;
}

}  // namespace

std::string RenamedColumn::warning(const std::string& file, uint64_t header_line) const {
  if (like == 0) return fmt::format("{}:{}: column {} has no name: read as \"{}\"", file, header_line, column, name);
  return fmt::format("{}:{}: column {} is called \"{}\" like column {}: read as \"{}\"", file, header_line,
                     column, was, like, name);
}

std::vector<std::string> attribute_names(const AttributeTable& table) {
  std::vector<std::string> names;
  for (const Column& c : table.columns) names.push_back(c.name());
  return names;
}

AttributeTable read_attributes(const std::string& path, const std::string& key, const Dialect& given,
                               const FormatChoice& format, std::optional<Encoding> encoding) {
  AttributeTable table;
  table.file = display_name(path);
  const std::string text = read_all(path, encoding);
  size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  uint64_t line = 1;
  const std::optional<SepLine> sep_line = excel_sep_line(std::string_view(text).substr(pos));
  if (sep_line) {
    pos += sep_line->length;
    line = 2;
  }
  InputFormat chosen;
  choose_delimiter(format, path, text, true, chosen, sep_line);
  Dialect dialect = given;
  dialect.delimiter = chosen.delimiter;
  CsvTokenizer tokenizer(dialect);
  Record record;
  auto next = [&] {
    const Step step = tokenizer.next(text.data(), text.size(), pos, true, record);
    line += record.skipped_lines;
    return step == Step::kRecord;
  };
  if (!next())
    throw Error(ExitCode::kData, fmt::format("{}: the file is empty: no header row", table.file),
                "an attribute table starts with a header such as customer_id,name,phone");
  if (record.problem != RecordProblem::kNone)
    throw Error(ExitCode::kData, fmt::format("{}:{}: the header row is malformed: {}", table.file, line,
                                             describe(record.problem, dialect.max_record_bytes)));
  std::vector<std::string> header;
  for (auto f : record.fields) header.emplace_back(trim(f));
  table.header_line = line;
  table.renamed = name_columns(header);
  const size_t key_index = find_key(header, key, table.file);
  table.key = header[key_index];
  for (size_t i = 0; i < header.size(); ++i)
    if (i != key_index) table.columns.push_back(Column::text(header[i]));
  line += record.newlines;

  std::unordered_map<std::string, uint64_t> seen;
  while (next()) {
    if (record.problem != RecordProblem::kNone)
      throw Error(ExitCode::kData, fmt::format("{}:{}: {}", table.file, line,
                                               describe(record.problem, dialect.max_record_bytes)));
    if (record.fields.size() != header.size())
      throw Error(ExitCode::kData, fmt::format("{}:{}: expected {} fields as in the header, found {}",
                                               table.file, line, header.size(), record.fields.size()));
    const std::string id(trim(record.fields[key_index]));
    if (id.empty())
      throw Error(ExitCode::kData, fmt::format("{}:{}: empty {}", table.file, line, table.key),
                  "every row of the attribute table needs an id");
    auto [it, fresh] = seen.emplace(id, line);
    if (!fresh)
      throw Error(ExitCode::kData,
                  fmt::format("{}:{}: {} \"{}\" is already on line {}", table.file, line, table.key,
                              printable(id), it->second),
                  "the attribute table needs one row per customer");
    table.ids.push_text(id);
    table.lines.push_back(line);
    size_t c = 0;
    for (size_t i = 0; i < header.size(); ++i) {
      if (i == key_index) continue;
      const std::string_view cell = trim(record.fields[i]);
      if (cell.empty()) table.columns[c].push_null();
      else table.columns[c].push_text(cell);
      ++c;
    }
    line += record.newlines;
  }
  return table;
}

}  // namespace tiers::io

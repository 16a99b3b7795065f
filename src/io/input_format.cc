#include "io/input_format.h"

#include <fmt/format.h>

#include "io/date_detect.h"
#include "io/sniff.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

constexpr size_t kSampleRows = 2000;

}  // namespace

std::optional<SepLine> excel_sep_line(std::string_view text) {
  if (text.size() < 5) return std::nullopt;
  for (size_t i = 0; i < 3; ++i)
    if ((text[i] | 0x20) != "sep"[i]) return std::nullopt;
  const char d = text[4];
  if (text[3] != '=' || (d != ',' && d != ';' && d != '\t' && d != '|')) return std::nullopt;
  const std::string_view rest = text.substr(5);
  if (rest.empty()) return SepLine{d, 5};
  if (rest.front() == '\n') return SepLine{d, 6};
  if (rest.size() >= 2 && rest[0] == '\r' && rest[1] == '\n') return SepLine{d, 7};
  return std::nullopt;
}

void choose_delimiter(const FormatChoice& choice, const std::string& path, std::string_view head,
                      bool complete, InputFormat& format, std::optional<SepLine> sep_line) {
  if (choice.delimiter) {
    format.delimiter = *choice.delimiter;
    format.delimiter_from = "--delimiter";
  } else if (sep_line) {
    format.delimiter = sep_line->delimiter;
    format.delimiter_from = "sep= line";
  } else if (auto implied = delimiter_from_path(path)) {
    format.delimiter = *implied;
    format.delimiter_from = "file name";
  } else {
    format.delimiter = sniff_delimiter(head, complete).delimiter;
    format.delimiter_from = "detected";
  }
}

void choose_cell_formats(const FormatChoice& choice, const std::string& name, std::string_view data,
                         bool complete, const Dialect& dialect, const ColumnMap& columns,
                         const std::vector<size_t>& number_columns, InputFormat& format) {
  // The cells of the first data rows that have a customer (unattributed
  // rows are not checked, so they do not vote either).
  std::vector<std::string> dates, amounts;
  if (choice.date_format.empty() || !choice.decimal_comma) {
    CsvTokenizer tokenizer(dialect);
    Record record;
    size_t pos = 0;
    while (dates.size() < kSampleRows &&
           tokenizer.next(data.data(), data.size(), pos, complete, record) == Step::kRecord) {
      if (record.problem != RecordProblem::kNone || record.fields.size() != columns.field_count)
        continue;
      if (trim(record.fields[columns.customer]).empty()) continue;
      dates.emplace_back(record.fields[columns.date]);
      for (size_t c : number_columns) amounts.emplace_back(record.fields[c]);
    }
  }
  std::vector<std::string_view> views;

  if (!choice.date_format.empty()) {
    format.dates = DateParser(DateFormat::compile(choice.date_format));
    format.date_from = "--date-format";
  } else {
    views.assign(dates.begin(), dates.end());
    DateDetection found = detect_date_format(views);
    if (!found.ok())
      throw Error(ExitCode::kUsage, fmt::format("{}: {}", name, found.message), found.hint);
    format.dates = DateParser(*found.format);
    format.date_from = "detected";
  }
  format.date_pattern = format.dates.pattern();

  if (choice.decimal_comma) {
    format.decimal_comma = *choice.decimal_comma;
    format.decimal_from = *choice.decimal_comma ? "--decimal-comma" : "--decimal-point";
  } else {
    views.assign(amounts.begin(), amounts.end());
    const DecimalMarkDetection mark = detect_decimal_mark(views);
    if (mark.mark == DecimalMark::kAmbiguous || mark.mark == DecimalMark::kConflict)
      throw Error(ExitCode::kUsage, fmt::format("{}: {}", name, mark.message),
                  "say which it is: --decimal-comma (12,50 is twelve and a half) or "
                  "--decimal-point (1,250 is one thousand two hundred and fifty)");
    format.decimal_comma = mark.mark == DecimalMark::kComma;
    format.decimal_from = "detected";
  }
  format.amounts = AmountParser(AmountOptions{format.decimal_comma});
}

}  // namespace tiers::io

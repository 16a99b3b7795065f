// How one input file is written: delimiter, date format, decimal mark.
//
// Each is taken from an option when given, else (the delimiter) from an
// Excel `sep=;` first line or the file name (`.tsv` means tab), else detected from the first block of the file: the delimiter
// by consistent field counts, the date format and the decimal mark from a
// sample of the first data rows' cells. Detection never guesses: a sample
// that reads two ways (every date has day and month ≤ 12, or every amount is
// like `1,234`) is an error asking for the option that settles it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/amount_parser.h"
#include "io/csv_tokenizer.h"
#include "io/date_parser.h"
#include "io/header.h"

namespace tiers::io {

/// What the user said about the format (nullopt / empty: detect).
struct FormatChoice {
  std::optional<char> delimiter;
  std::string date_format;
  std::optional<bool> decimal_comma;
};

struct InputFormat {
  char delimiter = ',';
  std::string delimiter_from;  ///< "--delimiter", "sep= line", "file name" or "detected"
  DateParser dates;
  std::string date_pattern;    ///< e.g. `%Y-%m-%d`
  std::string date_from;       ///< "--date-format" or "detected"
  AmountParser amounts;
  bool decimal_comma = false;
  std::string decimal_from;    ///< "--decimal-comma", "--decimal-point" or "detected"
};

/// Excel's delimiter line: a first line `sep=;` (`sep` in any case; `,`
/// `;` tab or `|`), which Excel writes and reads to name the delimiter.
/// It is not the header.
struct SepLine {
  char delimiter = ',';
  size_t length = 0;  ///< bytes of the line, its line end included
};

/// The delimiter line `text` (the input from its start, after any
/// byte-order mark) begins with, if any.
std::optional<SepLine> excel_sep_line(std::string_view text);

/// The delimiter for `path` whose first bytes are `head` (`complete`: the
/// whole file), or that its `sep=` line names. Fills delimiter and
/// delimiter_from. --delimiter comes first, then the sep= line, then the
/// file name, then detection.
void choose_delimiter(const FormatChoice& choice, const std::string& path, std::string_view head,
                      bool complete, InputFormat& format, std::optional<SepLine> sep_line = std::nullopt);

/// Date format and decimal mark from the choice or from a sample of the
/// data records in `data` (whole records from the file's start, after the
/// header; `complete` when the file ends there): the date column's cells,
/// and for the decimal mark those of `number_columns` (the amount column,
/// or the columns --amount-expr and the filters read as numbers). Throws
/// Error(kUsage) when the sample does not settle them.
void choose_cell_formats(const FormatChoice& choice, const std::string& name, std::string_view data,
                         bool complete, const Dialect& dialect, const ColumnMap& columns,
                         const std::vector<size_t>& number_columns, InputFormat& format);

}  // namespace tiers::io

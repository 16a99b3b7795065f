// Reads transaction CSVs into a TransactionSink, row by row.
//
// For each input (a path, or `-` for standard input) the reader strips a
// UTF-8 BOM, takes the first record as the header, resolves the needed
// columns, then streams the data records through the tokenizer: each is
// used (handed to the sink), skipped as future or unattributed, or rejected
// with its line and reason. Memory is one buffer, whatever the input size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "io/csv_tokenizer.h"
#include "io/header.h"
#include "io/rejects.h"
#include "tiers/date.h"
#include "tiers/transaction.h"

namespace tiers::io {

struct ReaderOptions {
  ColumnChoice columns;
  Dialect dialect;
  std::optional<Date> as_of;  ///< rows dated on or after it are skipped
};

struct InputReport {
  std::string path;
  uint64_t bytes = 0;  ///< bytes read from the file or pipe
  InputCounts counts;
};

/// Reads all of `path` into `sink`. Throws Error for a missing file, an
/// empty file, or a header without the needed columns.
InputReport read_input(const std::string& path, const ReaderOptions& options,
                       TransactionSink& sink, RejectLog& rejects);

}  // namespace tiers::io

// Reads transaction CSVs, in parallel where the input allows it.
//
// For each input (a path, or `-` for standard input) the reader strips a
// UTF-8 BOM, takes the first record as the header and resolves the needed
// columns. The data records are then read in parts:
//  * a regular file is cut into one byte range per thread, each read with
//    pread() into a small buffer (memory does not grow with the file). A
//    part starts at the first line start after its nominal offset and reads
//    every record that starts before the next part's offset. Parts are then
//    checked in order: if a part's guessed start is not where the previous
//    part's last record really ended (the cut fell inside a quoted field
//    with a line break), that part is read again from the right place. So
//    the records, and everything computed from them, are the same whatever
//    the number of threads.
//  * a stream (standard input, a pipe, compressed or re-encoded input) is
//    cut into parts as it arrives when the sinks take rows in any order
//    (stream_parts.h), else read as one part.
// Each record is dropped as a duplicate (--dedupe), used (handed to the
// part's sink in batches), filtered out (--where, --exclude), skipped as
// future or unattributed, or rejected with its line and reason. Records
// with the same bytes as the record before them are counted; a part
// remembers its first and last records so that the count does not depend on
// where the parts were cut. Filters come first, so a row they leave out is never
// a reject for a bad date or amount; a record whose fields cannot be told
// apart (wrong count, broken quoting) is rejected before any filter.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include "io/csv_tokenizer.h"
#include "io/decoding_source.h"
#include "io/duplicates.h"
#include "io/input_format.h"
#include "io/header.h"
#include "io/rejects.h"
#include "io/row_expression.h"
#include "tiers/date.h"
#include "tiers/transaction.h"

namespace tiers::io {

/// Gives each part of the input its own sink and takes the sinks back in
/// input order, one at a time, on the calling thread.
class PartSinks {
 public:
  virtual ~PartSinks() = default;
  virtual std::unique_ptr<TransactionSink> open_part() = 0;
  virtual void close_part(std::unique_ptr<TransactionSink> part) = 0;
  /// Whether parts may be read at the same time on several threads.
  virtual bool parallel() const { return true; }
  /// Whether a sink may take the rows of several parts, not in input order
  /// (what the sinks compute does not depend on the order of rows): then
  /// a stream is read on several threads too (stream_parts.h).
  virtual bool any_order() const { return false; }
  /// Checked between batches: true makes every part stop reading early.
  virtual bool stop_requested() const { return false; }
};

struct ReaderOptions {
  ColumnChoice columns;
  /// The files have no header row: their columns are named `1`, `2`, ...
  /// (positions from 1) and the first record is data.
  bool no_header = false;
  /// Lines skipped before the header (title lines of a report export),
  /// as lines: quotes in them mean nothing.
  uint64_t skip_lines = 0;
  Dialect dialect;                 ///< the delimiter in it is replaced by format's choice
  FormatChoice format;             ///< delimiter, date format, decimal mark (else detected)
  std::optional<Encoding> encoding;  ///< else UTF-8, validated
  std::optional<Date> as_of;  ///< rows dated on or after it are skipped
  unsigned threads = 1;       ///< parts a regular file is cut into (at most); workers reading a stream
  uint64_t min_part_bytes = uint64_t{4} << 20;  ///< a part gets at least this much (a stream: a chunk's bytes)
  /// A stream starts one worker, and another (up to `threads`) each time
  /// the chunks read get this many ahead of the parts taken; 0 starts them
  /// all at once.
  unsigned stream_workers_ahead = 3;
  RowExpressions rows;        ///< --amount-expr, --where, --exclude
  /// --dedupe: drop records seen before (in this set, shared by every input
  /// of a run). Each file is then read on one thread, in order, so the
  /// first copy is the one kept.
  RecordFingerprints* dedupe = nullptr;
};

struct InputReport {
  std::string path;
  uint64_t bytes = 0;  ///< bytes read from the file or pipe
  InputCounts counts;
  unsigned parts = 1;         ///< parts the file was read in
  unsigned parts_reread = 0;  ///< parts whose guessed start was wrong
  unsigned workers = 1;       ///< threads that read the parts (a stream's: as many as it needed)
  uint64_t header_line = 1;  ///< the header's line (after --skip-lines, a sep= line); 0: --no-header
  char delimiter = ',';
  std::string delimiter_from, date_format, date_format_from, decimal_from;
  bool decimal_comma = false;
  std::string compression = "none";       ///< "none", "gzip", "zstd"
  std::string compression_from = "detected";  ///< "file name" (extension) or "detected" (first bytes)
  std::string encoding = "utf-8";          ///< as --encoding names it
  std::string encoding_from = "default";   ///< "--encoding", "byte-order mark" or "default"
  /// What two copies of one export share (likely_copies): the bytes from
  /// the first record to the end, as decoded (the same for a file and its
  /// .gz, read on any number of threads), and the first and last records.
  uint64_t record_bytes = 0;
  std::string first_record, last_record;
};

/// What likely_copies compares: records read, record bytes, the first and
/// last records (also a sort key that makes look-alikes neighbours).
inline auto likeness(const InputReport& r) {
  return std::tie(r.counts.rows_read, r.record_bytes, r.first_record, r.last_record);
}

/// `a` and `b` look like copies of one export (a.csv and a.csv.gz): records
/// were read, as many in each, over as many bytes, and the first and last
/// records are alike. Reading both counts every row twice.
inline bool likely_copies(const InputReport& a, const InputReport& b) {
  return a.counts.rows_read > 0 && likeness(a) == likeness(b);
}

/// Reads all of `path`. Throws Error for a missing file, an empty file, or
/// a header without the needed columns.
InputReport read_input(const std::string& path, const ReaderOptions& options, PartSinks& sinks,
                       RejectLog& rejects);

/// PartSinks for one sink that must see every row in order (single part).
class SequentialSinks final : public PartSinks {
 public:
  explicit SequentialSinks(TransactionSink& sink) : sink_(sink) {}
  std::unique_ptr<TransactionSink> open_part() override;
  void close_part(std::unique_ptr<TransactionSink>) override {}
  bool parallel() const override { return false; }

 private:
  TransactionSink& sink_;
};

/// True when `path` can be read a second time (a regular file).
bool is_rereadable(const std::string& path);

}  // namespace tiers::io

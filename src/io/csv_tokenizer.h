// Splits CSV bytes into records and fields (RFC 4180 plus error recovery).
//
// The tokenizer works on a buffer that holds whole records: the caller feeds
// it bytes and, when it answers kNeedMore, keeps the unconsumed tail and
// appends more input. It never allocates per field; quoted fields that need
// unescaping ("" → ") are copied into the record's scratch string.
//
// The rules, which the parallel reader must reproduce exactly:
//  * A record ends at LF (or CRLF) outside quotes; an empty line is skipped.
//  * A field is quoted when its first byte is the quote. Inside it, a doubled
//    quote is one quote; a quote followed by the delimiter, CR, LF or the end
//    of input closes it. Delimiters and newlines inside it are data.
//  * A quote followed by anything else ("junk after closing quote"), or a
//    quote inside an unquoted field ("stray quote"), makes the record bad;
//    the bad record ends at the next LF, whatever the quotes say. When the
//    quoted field so closed holds a LF, the bad record ends at the first LF
//    after its opening quote instead, and reading resumes on the next line,
//    as for an unterminated quote: a quote opened by mistake is "closed" by
//    the next quote in the input (often the opening quote of a later quoted
//    field, followed by its text), and every line between would go with it.
//  * A quoted field still open after `max_record_bytes`, or at the end of
//    the input, is unterminated: the bad record ends at the first LF after
//    the opening quote, and reading resumes on the next line.
//  * A record longer than `max_record_bytes` is bad and skipped to its LF.
// Bad records are returned (with their reason) so the reader can log them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tiers::io {

struct Dialect {
  char delimiter = ',';
  char quote = '"';
  size_t max_record_bytes = size_t{1} << 20;
};

enum class RecordProblem : uint8_t {
  kNone,
  kStrayQuote,        ///< quote inside an unquoted field
  kJunkAfterQuote,    ///< closing quote followed by something else
  kJunkAfterLines,    ///< the same, closing a quoted field that holds a LF
  kUnterminatedQuote, ///< quoted field never closed
  kTooLong,           ///< record longer than max_record_bytes
};

/// Human-readable reason for a problem (for rejects).
std::string describe(RecordProblem problem, size_t max_record_bytes);

struct Record {
  std::vector<std::string_view> fields;  ///< valid until the next call
  std::string_view raw;         ///< the record's bytes without its line ending
  uint64_t newlines = 0;        ///< line feeds consumed, incl. the terminator
  uint64_t skipped_lines = 0;   ///< empty lines skipped before the record
  RecordProblem problem = RecordProblem::kNone;
  std::string scratch;          ///< unescaped quoted fields
};

enum class Step : uint8_t {
  kRecord,    ///< `record` holds the next record; `pos` is past it
  kNeedMore,  ///< the record at `pos` is incomplete: supply more bytes
  kEnd,       ///< no more records (only with at_eof); empty lines consumed
};

class CsvTokenizer {
 public:
  explicit CsvTokenizer(Dialect dialect) : dialect_(dialect) {}

  const Dialect& dialect() const { return dialect_; }

  /// Parses the record starting at `data[pos]`, where `data[0, size)` is the
  /// available input and `at_eof` says whether more may follow.
  Step next(const char* data, size_t size, size_t& pos, bool at_eof, Record& record);

  /// True while the rest of an over-long bad record is being dropped.
  bool skipping() const { return skipping_; }
  /// Drops the rest of an over-long bad record up to its line feed, adding
  /// the lines passed to `lines`; false while more input is needed.
  bool skip_bad_rest(const char* data, size_t size, size_t& pos, bool at_eof, uint64_t& lines);
  /// Moves `pos` past empty lines, adding them to `lines`; false when more
  /// input is needed to tell (a CR at the end of the buffer).
  bool skip_empty_lines(const char* data, size_t size, size_t& pos, bool at_eof,
                        uint64_t& lines) const;

  /// The record at `pos` if it is a plain one (no quotes, not empty, not
  /// over-long) whose line feed is in the buffer: fills `record` (fields
  /// must be empty) and advances `pos`; false to use next(). A fast path
  /// for readers; next() tries it first anyway.
  bool fast_record(const char* data, size_t size, size_t& pos, Record& record, Step& step) const;

 private:

  /// Ends a bad record at the first LF at or after `from` (or at the end).
  Step finish_bad(const char* data, size_t size, size_t start, size_t from, bool at_eof,
                  RecordProblem problem, size_t& pos, Record& record);

  Dialect dialect_;
  bool skipping_ = false;  ///< dropping the rest of an over-long bad record
};

}  // namespace tiers::io

#include "io/reader.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "io/row_parser.h"
#include "io/source.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

constexpr size_t kBlock = size_t{1} << 20;

/// A growable window over a ByteSource: [pos, size) is unread input.
class InputBuffer {
 public:
  InputBuffer(ByteSource& source, size_t max_record)
      : source_(source), data_(std::max(max_record, kBlock) + 2 * kBlock) {}

  const char* data() const { return data_.data(); }
  size_t size() const { return size_; }
  bool at_eof() const { return eof_; }
  uint64_t bytes_read() const { return bytes_; }

  /// Drops [0, keep_from), then reads at least one more block (or hits EOF).
  void refill(size_t& keep_from) {
    if (keep_from > 0) {
      std::memmove(data_.data(), data_.data() + keep_from, size_ - keep_from);
      size_ -= keep_from;
      keep_from = 0;
    }
    if (data_.size() - size_ < kBlock) data_.resize(size_ + 2 * kBlock);
    const size_t n = source_.read(data_.data() + size_, data_.size() - size_);
    if (n == 0) eof_ = true;
    size_ += n;
    bytes_ += n;
  }

 private:
  ByteSource& source_;
  std::vector<char> data_;
  size_t size_ = 0;
  bool eof_ = false;
  uint64_t bytes_ = 0;
};

/// Reads the next record into `record`, refilling as needed; false at the
/// end. `line` is advanced to the line where the record starts.
bool next_record(CsvTokenizer& tokenizer, InputBuffer& buffer, size_t& pos, uint64_t& line,
                 Record& record) {
  for (;;) {
    const Step step = tokenizer.next(buffer.data(), buffer.size(), pos, buffer.at_eof(), record);
    line += record.skipped_lines;
    if (step == Step::kRecord) return true;
    if (step == Step::kEnd) return false;
    buffer.refill(pos);
  }
}

}  // namespace

InputReport read_input(const std::string& path, const ReaderOptions& options,
                       TransactionSink& sink, RejectLog& rejects) {
  const std::string name = display_name(path);
  auto source = open_source(path);
  InputBuffer buffer(*source, options.dialect.max_record_bytes);
  CsvTokenizer tokenizer(options.dialect);
  Record record;
  InputReport report;
  report.path = path;

  size_t pos = 0;
  buffer.refill(pos);
  if (buffer.size() >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;

  uint64_t line = 1;
  if (!next_record(tokenizer, buffer, pos, line, record)) {
    report.bytes = buffer.bytes_read();
    throw Error(ExitCode::kData, fmt::format("{}: the file is empty: no header row", name),
                "a transaction file starts with a header such as customer_id,order_date,amount");
  }
  if (record.problem != RecordProblem::kNone)
    throw Error(ExitCode::kData,
                fmt::format("{}:{}: the header row is malformed: {}", name, line,
                            describe(record.problem, options.dialect.max_record_bytes)));
  std::vector<std::string> header;
  for (auto f : record.fields) header.emplace_back(trim(f));
  const ColumnMap columns = resolve_columns(header, options.columns, name, line);
  line += record.newlines;

  const RowParser parser(columns, options.as_of);
  InputCounts& counts = report.counts;
  Transaction row;
  std::string reason;
  while (next_record(tokenizer, buffer, pos, line, record)) {
    ++counts.rows_read;
    bool rounded = false;
    RowKind kind = RowKind::kRejected;
    if (record.problem != RecordProblem::kNone) {
      reason = describe(record.problem, options.dialect.max_record_bytes);
    } else if (record.fields.size() != columns.field_count) {
      reason = fmt::format("expected {} fields as in the header, found {}", columns.field_count,
                           record.fields.size());
    } else {
      kind = parser.parse(record.fields, row, rounded, reason);
    }
    switch (kind) {
      case RowKind::kUsed:
        ++counts.rows_used;
        counts.amounts_rounded += rounded ? 1 : 0;
        sink.add(row);
        break;
      case RowKind::kFuture: ++counts.rows_future; break;
      case RowKind::kUnattributed: ++counts.rows_unattributed; break;
      case RowKind::kRejected:
        ++counts.rows_rejected;
        rejects.add(Reject{name, line, reason, std::string(record.raw)});
        break;
    }
    line += record.newlines;
  }
  report.bytes = buffer.bytes_read();
  return report;
}

}  // namespace tiers::io

#include "io/reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <functional>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/decoding_source.h"
#include "io/input_format.h"
#include "io/read_ahead.h"
#include "io/row_parser.h"
#include "io/utf8.h"
#include "io/source.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

constexpr size_t kBlock = size_t{1} << 20;
constexpr size_t kBatch = 256;

/// Where a buffer's bytes come from.
class Filler {
 public:
  virtual ~Filler() = default;
  virtual size_t fill(char* dst, size_t capacity) = 0;
};

class StreamFiller final : public Filler {
 public:
  explicit StreamFiller(ByteSource& source) : source_(source) {}
  size_t fill(char* dst, size_t capacity) override { return source_.read(dst, capacity); }

 private:
  ByteSource& source_;
};

class PreadFiller final : public Filler {
 public:
  PreadFiller(int fd, uint64_t offset, std::string name)
      : fd_(fd), offset_(offset), name_(std::move(name)) {}
  size_t fill(char* dst, size_t capacity) override {
    for (;;) {
      const ssize_t n = ::pread(fd_, dst, capacity, static_cast<off_t>(offset_));
      if (n >= 0) {
        offset_ += static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
      }
      if (errno != EINTR)
        throw Error(ExitCode::kIo, fmt::format("{}: read failed: {}", name_, std::strerror(errno)));
    }
  }

 private:
  int fd_;
  uint64_t offset_;
  std::string name_;
};

/// A window over the input: buffer index i is input offset `offset() + i`.
class Window {
 public:
  /// `checker`, when given, is told each block read (UTF-8 validation).
  /// `remaining`: bytes left in the input from `offset`, when known, so a
  /// small input gets a small buffer.
  Window(Filler& filler, uint64_t offset, size_t max_record,
         std::function<void(const char*, size_t, uint64_t, bool)> checker = {},
         uint64_t remaining = UINT64_MAX)
      : filler_(filler), offset_(offset), checker_(std::move(checker)) {
    const size_t full = std::max(max_record, kBlock) + 2 * kBlock;
    capacity_ = remaining < full ? static_cast<size_t>(remaining) + 1 : full;
    data_ = std::make_unique_for_overwrite<char[]>(capacity_);
  }

  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  bool at_eof() const { return eof_; }
  uint64_t offset() const { return offset_; }
  uint64_t bytes_read() const { return bytes_; }

  /// Drops [0, keep_from) and reads at least one more block (or hits EOF).
  void refill(size_t& keep_from) {
    if (keep_from > 0) {
      std::memmove(data_.get(), data_.get() + keep_from, size_ - keep_from);
      size_ -= keep_from;
      offset_ += keep_from;
      keep_from = 0;
    }
    if (size_ == capacity_) {  // a record longer than the buffer: grow
      const size_t bigger = size_ + 2 * kBlock;
      auto grown = std::make_unique_for_overwrite<char[]>(bigger);
      std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      capacity_ = bigger;
    }
    const size_t n = filler_.fill(data_.get() + size_, capacity_ - size_);
    if (n == 0) eof_ = true;
    if (checker_) checker_(data_.get() + size_, n, offset_ + size_, eof_);
    if (n > 0 && std::memchr(data_.get() + size_, 0, n) != nullptr) nul_seen_ = true;
    size_ += n;
    bytes_ += n;
  }
  /// A NUL byte has been read (records must then be checked for one).
  bool nul_seen() const { return nul_seen_; }

 private:
  Filler& filler_;
  uint64_t offset_;
  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
  size_t size_ = 0;
  bool eof_ = false;
  uint64_t bytes_ = 0;
  std::function<void(const char*, size_t, uint64_t, bool)> checker_;
  bool nul_seen_ = false;
};

/// Line number (1-based) of the byte at `offset` of a regular file.
uint64_t line_at(int fd, uint64_t offset, const std::string& name) {
  PreadFiller filler(fd, 0, name);
  char buffer[64 * 1024];
  uint64_t line = 1, at = 0;
  while (at < offset) {
    const size_t n = filler.fill(buffer, static_cast<size_t>(std::min<uint64_t>(sizeof buffer, offset - at)));
    if (n == 0) break;
    line += static_cast<uint64_t>(std::count(buffer, buffer + n, '\n'));
    at += n;
  }
  return line;
}

/// UTF-8 validation of the blocks a window over a regular file reads.
std::function<void(const char*, size_t, uint64_t, bool)> utf8_checker(int fd, const std::string& name) {
  auto validator = std::make_shared<Utf8Validator>();
  auto first = std::make_shared<std::optional<uint64_t>>();
  return [=](const char* data, size_t n, uint64_t offset, bool eof) {
    if (!*first) *first = offset;  // the validator counts from the window's start
    std::optional<uint64_t> bad = validator->feed(std::string_view(data, n));
    if (!bad && eof) bad = validator->finish();
    if (!bad) return;
    const uint64_t at = **first + *bad;
    const size_t in_block = at >= offset ? static_cast<size_t>(at - offset) : n;
    throw invalid_utf8_error(name, line_at(fd, at, name), at,
                             in_block < n ? std::string_view(data + in_block, n - in_block)
                                          : std::string_view());
  };
}

/// One part's reading: its records, counts, rejects and sink.
struct Part {
  uint64_t start = 0;  // offset of its first record (after empty lines)
  uint64_t end = 0;    // offset of the first record it left to the next part
  uint64_t lines = 0;  // line feeds in [start, end)
  InputCounts counts;
  RejectLog rejects;   // line numbers relative to `start` (its line = 1)
  std::unique_ptr<TransactionSink> sink;
  uint64_t bytes = 0;
  // Its first and last records, for repeats across the cut between parts;
  // empty optionals for a part without records, "" for a broken record.
  std::optional<std::string> first_raw, last_raw;
};

/// Tells whether each record has the same bytes as the record just before
/// it, and gives a part its first and last records (for the cut between
/// parts). A broken record (bad quoting, over-long) is never a repeat.
class Neighbours {
 public:
  /// 1 when `raw` repeats the previous record, else 0.
  uint64_t see(const char* raw, size_t size, bool whole) {
    if (!any_) [[unlikely]] start(raw, size, whole);
    // Size and first 8 bytes first, without branching on either: whether
    // two neighbours have the same length is a coin toss the branch
    // predictor loses, both together almost never match. (And pointer and
    // size apart: a string_view read whole just after the tokenizer
    // stored its halves stalled store forwarding.)
    uint64_t head = 0;
    if (size >= 8) std::memcpy(&head, raw, 8);
    else std::memcpy(&head, raw, size);
    const bool repeat = ((head ^ head_) | (size ^ size_)) == 0 && previous_ != nullptr && whole &&
                        std::memcmp(raw, previous_, size) == 0;
    previous_ = whole ? raw : nullptr;
    size_ = size;
    head_ = head;
    return repeat ? 1 : 0;
  }
  /// The window is about to move: copy the previous record's bytes.
  void keep_previous() {
    if (previous_ != nullptr && previous_ != copy_.data()) {
      copy_.assign(previous_, size_);
      previous_ = copy_.data();
    }
  }
  void finish(Part& part) {
    if (!any_) return;
    part.first_raw = std::move(first_);
    part.last_raw.emplace(previous_ ? std::string_view(previous_, size_) : std::string_view());
  }

 private:
  // Out of line, like the other rare paths: the per-record code must stay
  // small enough for the compiler to inline the date and amount parsers.
  [[gnu::noinline, gnu::cold]] void start(const char* raw, size_t size, bool whole) {
    any_ = true;
    first_.emplace(whole ? std::string_view(raw, size) : std::string_view());
  }

  const char* previous_ = nullptr;  // in the window, or in copy_; null after a broken record
  size_t size_ = 0;
  uint64_t head_ = 0;               // its first 8 bytes
  std::string copy_;
  std::optional<std::string> first_;
  bool any_ = false;
};

struct FileContext {
  std::string name;
  const ReaderOptions* options;
  const ColumnMap* columns;
  Dialect dialect;
  const InputFormat* format;
  const RowProgram* program;  ///< null without row expressions
  uint64_t dedupe_seed;       ///< fingerprint seed of this file's header
};

// The rare paths of the per-record code, out of line: kept small, that code
// leaves room for the compiler to inline the date and amount parsers.

/// Why a record cannot be read at all: broken, a NUL byte, a wrong field count.
[[gnu::noinline, gnu::cold]] std::string unusable_record(const Record& record, const FileContext& ctx) {
  if (record.problem != RecordProblem::kNone) return describe(record.problem, ctx.dialect.max_record_bytes);
  if (std::memchr(record.raw.data(), 0, record.raw.size()) != nullptr)
    return "NUL byte in the record (a binary or UTF-16 file? see --encoding)";
  return fmt::format("expected {} fields as in the header, found {}", ctx.columns->field_count,
                     record.fields.size());
}

[[gnu::noinline, gnu::cold]] void log_reject(RejectLog& rejects, const std::string& file, uint64_t line,
                                             const std::string& reason, std::string_view raw) {
  rejects.add(Reject{file, line, reason, std::string(raw)});
}

/// Reads records from `window` (positioned at `pos`) until the first record
/// starting at or after `stop`; `empty_lines_are_previous`: empty lines
/// before the first record were counted by the previous part.
void read_part(const FileContext& ctx, Window& window, size_t pos, uint64_t stop,
               bool empty_lines_are_previous, PartSinks& sinks, Part& part) {
  CsvTokenizer tokenizer(ctx.dialect);
  const RowParser parser(*ctx.columns, ctx.options->as_of, ctx.format->dates, ctx.format->amounts,
                         ctx.program);
  const RowProgram* filters = ctx.program && ctx.program->has_filters() ? ctx.program : nullptr;
  Record record;
  Transaction batch[kBatch];
  size_t batched = 0;
  std::string reason;
  uint64_t lines = 0;
  uint64_t empty = 0;  // empty lines skipped, not yet counted
  bool first = true;
  // Counters live on this thread's stack until the end: parts sit side by
  // side in memory, and updating them per row would share cache lines.
  InputCounts counts;
  RejectLog rejects;
  bool stopped = false;
  Neighbours neighbours;
  RecordFingerprints* const dedupe = ctx.options->dedupe;
  auto flush = [&] {
    if (batched > 0) part.sink->add_batch(batch, batched);
    batched = 0;
    stopped = sinks.stop_requested();
  };
  // Counts, parses and hands over the record just tokenized.
  auto handle = [&] {
    const uint64_t line = lines + record.skipped_lines + 1;
    lines += record.skipped_lines + record.newlines;

    ++counts.rows_read;
    // Broken quoting or an over-long record: its bytes may be cut, so it is
    // never a repeat or a duplicate, only a reject.
    const bool whole = record.problem == RecordProblem::kNone;
    counts.rows_repeated += neighbours.see(record.raw.data(), record.raw.size(), whole);
    if (dedupe && whole && !dedupe->first_time(ctx.dedupe_seed, record.raw)) {
      ++counts.rows_duplicate;
      return;
    }
    bool rounded = false;
    RowKind kind = RowKind::kRejected;
    RowVerdict verdict;
    if (!whole || record.fields.size() != ctx.columns->field_count ||
        (window.nul_seen() && std::memchr(record.raw.data(), 0, record.raw.size()) != nullptr)) {
      reason = unusable_record(record, ctx);
    } else if (filters && (verdict = filters->filter(record.fields, reason)) != RowVerdict::kKeep) {
      kind = verdict == RowVerdict::kFiltered ? RowKind::kFiltered : RowKind::kRejected;
    } else {
      kind = parser.parse(record.fields, batch[batched], rounded, reason);
    }
    switch (kind) {
      case RowKind::kUsed:
        ++counts.rows_used;
        counts.amounts_rounded += rounded ? 1 : 0;
        // Cells unescaped into the record's scratch do not outlive the
        // record: hand such a row over now.
        if (++batched == kBatch || !record.scratch.empty()) flush();
        break;
      case RowKind::kFuture: ++counts.rows_future; break;
      case RowKind::kUnattributed: ++counts.rows_unattributed; break;
      case RowKind::kFiltered: ++counts.rows_filtered; break;
      case RowKind::kRejected:
        ++counts.rows_rejected;
        log_reject(rejects, ctx.name, line, reason, record.raw);
        break;
    }
  };
  auto refill = [&] {
    flush();
    neighbours.keep_previous();
    window.refill(pos);
  };

  while (!stopped) {
    // The common case first: a plain record right here, well before `stop`.
    if (!first && pos < window.size() && window.data()[pos] != '\n' &&
        window.data()[pos] != '\r' && window.offset() + pos < stop && !tokenizer.skipping()) {
      record.fields.clear();
      record.problem = RecordProblem::kNone;
      record.skipped_lines = 0;
      record.scratch.clear();
      Step fast;
      if (tokenizer.fast_record(window.data(), window.size(), pos, record, fast)) {
        handle();
        continue;
      }
    }
    if (!tokenizer.skip_bad_rest(window.data(), window.size(), pos, window.at_eof(), lines)) {
      if (window.at_eof()) break;
      refill();
      continue;
    }
    // Empty lines skipped before the window ran out count when it is refilled.
    if (!tokenizer.skip_empty_lines(window.data(), window.size(), pos, window.at_eof(), empty)) {
      refill();
      continue;
    }
    if (first) {
      first = false;
      part.start = window.offset() + pos;
      if (!empty_lines_are_previous) lines += empty;
    } else {
      lines += empty;
    }
    empty = 0;
    if (window.offset() + pos >= stop || (pos == window.size() && window.at_eof())) break;
    if (pos == window.size()) {
      refill();
      continue;
    }
    const Step step = tokenizer.next(window.data(), window.size(), pos, window.at_eof(), record);
    if (step == Step::kNeedMore) {
      refill();
      continue;
    }
    if (step == Step::kEnd) break;
    handle();
  }
  flush();
  part.sink->end_part();
  neighbours.finish(part);
  part.counts = counts;
  part.rejects = std::move(rejects);
  part.end = window.offset() + pos;
  part.lines = lines;
  part.bytes = window.bytes_read();
}

/// Offset just after the first line feed at or after `from`, or `size`.
uint64_t next_line_start(int fd, uint64_t from, uint64_t size, const std::string& name) {
  char buffer[64 * 1024];
  PreadFiller filler(fd, from, name);
  uint64_t at = from;
  while (at < size) {
    const size_t n = filler.fill(buffer, sizeof buffer);
    if (n == 0) break;
    if (const void* lf = std::memchr(buffer, '\n', n))
      return at + static_cast<uint64_t>(static_cast<const char*>(lf) - buffer) + 1;
    at += n;
  }
  return size;
}

class ForwardingSink final : public TransactionSink {
 public:
  explicit ForwardingSink(TransactionSink& to) : to_(to) {}
  void add(const Transaction& row) override { to_.add(row); }
  void add_batch(const Transaction* rows, size_t count) override { to_.add_batch(rows, count); }
  void end_part() override { to_.end_part(); }

 private:
  TransactionSink& to_;
};

}  // namespace

std::unique_ptr<TransactionSink> SequentialSinks::open_part() {
  return std::make_unique<ForwardingSink>(sink_);
}

bool is_rereadable(const std::string& path) {
  struct stat st {};
  if (path == "-")  // a pipe cannot be read twice; a redirected file can
    return ::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
           ::lseek(STDIN_FILENO, 0, SEEK_CUR) == 0;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

InputReport read_input(const std::string& path, const ReaderOptions& options, PartSinks& sinks,
                       RejectLog& rejects) {
  const std::string name = display_name(path);
  // A plain file is read in parts with pread and validated there; anything
  // else (a pipe, compressed or re-encoded input) is one stream.
  std::unique_ptr<ByteSource> source = open_source(path);
  int fd = source->descriptor();
  if (options.encoding && *options.encoding != Encoding::kUtf8) {
    source = make_decoding_source(std::move(source), *options.encoding, name);
    fd = -1;
  } else if (fd < 0) {
    source = make_utf8_checked_source(std::move(source), name);
  }
  // A stream is decompressed, decoded and checked on a thread of its own
  // while this one parses.
  if (fd < 0 && options.threads > 1) source = make_read_ahead_source(std::move(source));
  const uint64_t file_size = source->size_on_disk();
  StreamFiller stream(*source);
  Window head(stream, 0, options.dialect.max_record_bytes,
              fd >= 0 ? utf8_checker(fd, name) : nullptr, fd >= 0 ? file_size : UINT64_MAX);
  InputReport report;
  report.path = path;

  // The first block: a full one, or the whole (small) file with its end
  // known, so that sniffing and sampling see complete records.
  size_t pos = 0;
  do head.refill(pos);
  while (head.size() < kBlock && !head.at_eof());
  InputFormat format;
  choose_delimiter(options.format, path, std::string_view(head.data(), head.size()), head.at_eof(),
                   format);
  Dialect dialect = options.dialect;
  dialect.delimiter = format.delimiter;

  // The header.
  if (head.size() >= 3 && std::memcmp(head.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
  CsvTokenizer tokenizer(dialect);
  Record record;
  uint64_t header_line = 1;
  Step step;
  while ((step = tokenizer.next(head.data(), head.size(), pos, head.at_eof(), record)) ==
         Step::kNeedMore) {
    header_line += record.skipped_lines;
    head.refill(pos);
  }
  header_line += record.skipped_lines;
  if (step == Step::kEnd)
    throw Error(ExitCode::kData, fmt::format("{}: the file is empty: no header row", name),
                "a transaction file starts with a header such as customer_id,order_date,amount");
  if (record.problem != RecordProblem::kNone)
    throw Error(ExitCode::kData,
                fmt::format("{}:{}: the header row is malformed: {}", name, header_line,
                            describe(record.problem, dialect.max_record_bytes)));
  std::vector<std::string> header;
  for (auto f : record.fields) header.emplace_back(trim(f));
  ColumnChoice choice = options.columns;
  choice.amount_from_expression = options.rows.amount.has_value();
  const ColumnMap columns = resolve_columns(header, choice, name, header_line);
  std::optional<RowProgram> program;
  std::vector<size_t> number_columns;
  if (columns.amount) number_columns.push_back(*columns.amount);
  if (!options.rows.empty()) {
    program.emplace(options.rows, header, columns.date, name, header_line);
    for (size_t c : program->number_columns())
      if (c != columns.amount) number_columns.push_back(c);
  }
  const uint64_t first_data_line = header_line + record.newlines;
  const uint64_t data_start = head.offset() + pos;
  choose_cell_formats(options.format, name,
                      std::string_view(head.data() + pos, head.size() - pos), head.at_eof(), dialect,
                      columns, number_columns, format);
  if (program) program->set_formats(format.dates, format.amounts);
  report.delimiter = format.delimiter;
  report.delimiter_from = format.delimiter_from;
  report.date_format = format.date_pattern;
  report.date_format_from = format.date_from;
  report.decimal_comma = format.decimal_comma;
  report.decimal_from = format.decimal_from;

  if (options.dedupe && fd >= 0 && file_size > data_start) {
    // Room for this file's records, estimated from the first block's line
    // lengths: growing the table as it fills costs a third of --dedupe's time.
    const std::string_view sample(head.data() + pos, head.size() - pos);
    if (const auto lines = static_cast<uint64_t>(std::count(sample.begin(), sample.end(), '\n')))
      options.dedupe->reserve((file_size - data_start) * lines / sample.size() + 1);
  }
  const FileContext ctx{name, &options, &columns, dialect, &format, program ? &*program : nullptr,
                        options.dedupe ? RecordFingerprints::header_seed(header) : 0};
  std::vector<Part> parts;
  unsigned threads = std::max(1u, options.threads);
  if (fd < 0 || !sinks.parallel() || file_size <= data_start || options.dedupe) threads = 1;
  threads = static_cast<unsigned>(
      std::min<uint64_t>(threads, std::max<uint64_t>(1, (file_size - std::min(file_size, data_start)) / std::max<uint64_t>(1, options.min_part_bytes))));

  if (threads == 1) {
    // One part, continuing the header's window (works for streams too).
    parts.resize(1);
    parts[0].sink = sinks.open_part();
    read_part(ctx, head, pos, UINT64_MAX, false, sinks, parts[0]);
    report.bytes = head.bytes_read();
  } else {
    std::vector<uint64_t> bounds(threads + 1);
    for (unsigned t = 0; t <= threads; ++t)
      bounds[t] = data_start + (file_size - data_start) * t / threads;
    parts.resize(threads);
    for (auto& part : parts) part.sink = sinks.open_part();
    auto run = [&](unsigned t, uint64_t from, bool guessed) {
      PreadFiller filler(fd, from, name);
      Window window(filler, from, dialect.max_record_bytes, utf8_checker(fd, name),
                    file_size - std::min(file_size, from));
      read_part(ctx, window, 0, bounds[t + 1], guessed, sinks, parts[t]);
    };
    std::vector<std::thread> workers;
    std::vector<std::exception_ptr> errors(threads);
    for (unsigned t = 1; t < threads; ++t) {
      workers.emplace_back([&, t] {
        try {
          run(t, next_line_start(fd, bounds[t] - 1, file_size, name), true);
        } catch (...) {
          errors[t] = std::current_exception();
        }
      });
    }
    try {
      run(0, data_start, false);
    } catch (...) {
      errors[0] = std::current_exception();
    }
    for (auto& w : workers) w.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    // Each part must start where the previous one really ended; a part
    // whose guess was wrong is read again from there.
    for (unsigned t = 1; t < threads && !sinks.stop_requested(); ++t) {
      if (parts[t].start == parts[t - 1].end) continue;
      Part redo;
      redo.sink = sinks.open_part();
      PreadFiller filler(fd, parts[t - 1].end, name);
      Window window(filler, parts[t - 1].end, dialect.max_record_bytes, utf8_checker(fd, name),
                    file_size - std::min(file_size, parts[t - 1].end));
      read_part(ctx, window, 0, bounds[t + 1], false, sinks, redo);
      parts[t] = std::move(redo);
      ++report.parts_reread;
    }
    report.parts = threads;
    report.bytes = file_size;
  }

  uint64_t line = first_data_line;
  const std::optional<std::string>* last = nullptr;  // of the last part with records
  for (auto& part : parts) {
    if (part.first_raw) {
      if (last && !part.first_raw->empty() && **last == *part.first_raw) ++report.counts.rows_repeated;
      last = &part.last_raw;
    }
    RejectLog relative = std::move(part.rejects);
    for (const auto& r : relative.kept())
      rejects.add(Reject{r.file, line + r.line - 1, r.reason, r.raw});
    rejects.count_more(relative.count() - relative.kept().size());
    line += part.lines;
    report.counts.add(part.counts);
    sinks.close_part(std::move(part.sink));
  }
  return report;
}

}  // namespace tiers::io

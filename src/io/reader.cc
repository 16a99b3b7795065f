#include "io/reader.h"

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/decoding_source.h"
#include "io/foreign_format.h"
#include "io/input_format.h"
#include "io/line_ends.h"
#include "io/read_ahead.h"
#include "io/read_part.h"
#include "io/row_parser.h"
#include "io/utf8.h"
#include "io/source.h"
#include "io/stream_parts.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

using detail::Filler;
using detail::Part;
using detail::StreamFiller;
using detail::Window;
using detail::kBlock;

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

/// Line number (1-based) of the byte at `offset` of a regular file.
uint64_t line_at(int fd, uint64_t offset, const std::string& name) {
  PreadFiller filler(fd, 0, name);
  char buffer[64 * 1024];
  uint64_t line = 1, at = 0;
  while (at < offset) {
    const size_t n = filler.fill(buffer, static_cast<size_t>(std::min<uint64_t>(sizeof buffer, offset - at)));
    if (n == 0) break;
    line += count_lf(buffer, n);
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
    // Its first 4 bytes from the file itself: the block may end inside
    // them, or the sequence begin in the block before.
    char bytes[4];
    const ssize_t got = ::pread(fd, bytes, sizeof bytes, static_cast<off_t>(at));
    throw invalid_utf8_error(name, line_at(fd, at, name), at,
                             std::string_view(bytes, got > 0 ? static_cast<size_t>(got) : 0));
  };
}

/// A file whose lines end with a lone CR (line_ends.h) is read through
/// the filter that makes them LF, as one stream: `source` and `fd` are
/// changed to that. `first` are its first bytes, as `source` hands them
/// out.
void read_cr_line_ends_as_lf(std::string_view first, std::unique_ptr<ByteSource>& source, int& fd,
                             const std::string& name) {
  if (!cr_line_ends(first)) return;
  if (fd >= 0) source = make_utf8_checked_source(std::move(source), name);
  fd = -1;
  source = make_cr_to_lf_source(std::move(source));
}

}  // namespace

std::unique_ptr<TransactionSink> SequentialSinks::open_part() {
  return std::make_unique<detail::ForwardingSink>(sink_);
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
  SourceInfo opened;
  std::unique_ptr<ByteSource> source = open_source(path, &opened);
  int fd = source->descriptor();
  // The first bytes decide: an Excel workbook, a zip or an xz file given
  // by mistake is named as such; without --encoding, a UTF-16 byte-order
  // mark (Excel's "Unicode text") says UTF-16 (FF and FE begin no UTF-8
  // text); lone-CR line ends are read as line ends (in decoded text).
  const std::string first = peek_source(source, kLineEndSample, name);
  refuse_foreign_format(first, name);
  std::optional<Encoding> encoding = options.encoding;
  const char* encoding_from = encoding ? "--encoding" : "default";
  if (!encoding && has_utf16_bom(first)) {
    encoding = Encoding::kUtf16;
    encoding_from = "byte-order mark";
  }
  if (encoding && *encoding != Encoding::kUtf8) {
    source = make_decoding_source(std::move(source), *encoding, name);
    fd = -1;
    read_cr_line_ends_as_lf(peek_source(source, kLineEndSample, name), source, fd, name);
  } else {
    if (fd < 0) source = make_utf8_checked_source(std::move(source), name);
    read_cr_line_ends_as_lf(first, source, fd, name);
  }
  // A stream cut into parts is read (and decompressed, decoded, checked) by
  // the calling thread while workers parse; else a thread of its own reads
  // ahead while this one parses.
  const bool stream_in_parts = fd < 0 && options.threads > 1 && sinks.parallel() &&
                               sinks.any_order() && !options.dedupe;
  if (fd < 0 && options.threads > 1 && !stream_in_parts)
    source = make_read_ahead_source(std::move(source));
  const uint64_t file_size = source->size_on_disk();
  StreamFiller stream(*source);
  Window head(stream, 0, options.dialect.max_record_bytes,
              fd >= 0 ? utf8_checker(fd, name) : nullptr, fd >= 0 ? file_size : UINT64_MAX);
  InputReport report;
  report.path = path;
  report.compression = compression_name(opened.compression);
  report.compression_from = opened.from_name ? "file name" : "detected";
  report.encoding = encoding_name(encoding.value_or(Encoding::kUtf8));
  report.encoding_from = encoding_from;

  // The first block: a full one, or the whole (small) file with its end
  // known, so that sniffing and sampling see complete records.
  size_t pos = 0;
  do head.refill(pos);
  while (head.size() < kBlock && !head.at_eof());
  // A byte-order mark, the lines --skip-lines skips, then maybe Excel's
  // `sep=;` line, before the header.
  if (head.size() >= 3 && std::memcmp(head.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
  uint64_t header_line = 1;
  for (uint64_t skipped = 0; skipped < options.skip_lines;) {
    const void* lf = std::memchr(head.data() + pos, '\n', head.size() - pos);
    if (lf) {
      pos = static_cast<size_t>(static_cast<const char*>(lf) - head.data()) + 1;
      ++skipped;
      ++header_line;
    } else if (head.at_eof()) {
      throw Error(ExitCode::kData,
                  fmt::format("{}: --skip-lines {}, but the file has only {} lines", name, options.skip_lines,
                              skipped + (pos < head.size() ? 1 : 0)));
    } else {
      pos = head.size();  // the rest of a long line: nothing to keep
      head.refill(pos);
    }
  }
  if (options.skip_lines > 0)
    while (head.size() - pos < kBlock && !head.at_eof()) head.refill(pos);
  const std::optional<SepLine> sep_line = excel_sep_line(std::string_view(head.data() + pos, head.size() - pos));
  if (sep_line) {
    pos += sep_line->length;
    ++header_line;
  }
  InputFormat format;
  choose_delimiter(options.format, path, std::string_view(head.data() + pos, head.size() - pos),
                   head.at_eof(), format, sep_line);
  Dialect dialect = options.dialect;
  dialect.delimiter = format.delimiter;

  // The header (with --no-header, the first record: its field count).
  CsvTokenizer tokenizer(dialect);
  Record record;
  Step step;
  size_t record_start = pos;
  uint64_t line_at_start = header_line;
  while ((step = tokenizer.next(head.data(), head.size(), pos, head.at_eof(), record)) ==
         Step::kNeedMore) {
    header_line += record.skipped_lines;
    head.refill(pos);
    record_start = pos;
    line_at_start = header_line;
  }
  header_line += record.skipped_lines;
  if (step == Step::kEnd && options.no_header)
    throw Error(ExitCode::kData, fmt::format("{}: the file is empty", name));
  if (step == Step::kEnd)
    throw Error(ExitCode::kData, fmt::format("{}: the file is empty: no header row", name),
                "a transaction file starts with a header such as customer_id,order_date,amount");
  if (record.problem != RecordProblem::kNone)
    throw Error(ExitCode::kData,
                fmt::format("{}:{}: the {} is malformed: {}", name, header_line,
                            options.no_header ? "first record (which gives the column count)" : "header row",
                            describe(record.problem, dialect.max_record_bytes)),
                "if title lines come before the header, --skip-lines N skips them");
  std::vector<std::string> header;
  for (auto f : record.fields) header.emplace_back(trim(f));
  uint64_t first_data_line = header_line + record.newlines;
  if (options.no_header) {
    // Named by position; the data starts where this record (or the empty
    // lines before it) did.
    for (size_t i = 0; i < header.size(); ++i) header[i] = std::to_string(i + 1);
    pos = record_start;
    first_data_line = line_at_start;
    const std::pair<const char*, const std::string&> given[] = {{"--customer", options.columns.customer},
                                                                {"--date", options.columns.date},
                                                                {"--amount", options.columns.amount},
                                                                {"--order", options.columns.order}};
    for (const auto& [option, column] : given)
      if (!column.empty() && std::find(header.begin(), header.end(), column) == header.end())
        throw Error(ExitCode::kUsage,
                    fmt::format("{}:{}: {} {}: the first record has {} fields, numbered 1 to {}", name,
                                header_line, option, column, header.size(), header.size()),
                    "with --no-header, columns are given by position");
  }
  ColumnChoice choice = options.columns;
  choice.amount_from_expression = options.rows.amount.has_value();
  const ColumnMap columns = [&] {
    try {
      return resolve_columns(header, choice, name, header_line);
    } catch (const Error& e) {
      // A one-field "header" is most often a report's title line.
      if (header.size() > 1 || options.no_header) throw;
      throw Error(e.code(), e.what(),
                  e.hint() + "; if title lines come before the header, --skip-lines N skips them");
    }
  }();
  std::optional<RowProgram> program;
  std::vector<size_t> number_columns;
  if (columns.amount) number_columns.push_back(*columns.amount);
  if (!options.rows.empty()) {
    program.emplace(options.rows, header, columns.date, name, header_line);
    for (size_t c : program->number_columns())
      if (c != columns.amount) number_columns.push_back(c);
  }
  const uint64_t data_start = head.offset() + pos;
  choose_cell_formats(options.format, name,
                      std::string_view(head.data() + pos, head.size() - pos), head.at_eof(), dialect,
                      columns, number_columns, format);
  if (program) program->set_formats(format.dates, format.amounts);
  report.header_line = options.no_header ? 0 : header_line;
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
  const detail::FileContext ctx{name, &options, &columns, dialect, &format, program ? &*program : nullptr,
                        options.dedupe ? RecordFingerprints::header_seed(header) : 0, rejects.keep()};
  std::vector<Part> parts;
  unsigned threads = std::max(1u, options.threads);
  if (fd < 0 || !sinks.parallel() || file_size <= data_start || options.dedupe) threads = 1;
  threads = static_cast<unsigned>(
      std::min<uint64_t>(threads, std::max<uint64_t>(1, (file_size - std::min(file_size, data_start)) / std::max<uint64_t>(1, options.min_part_bytes))));

  if (stream_in_parts) {
    detail::StreamRead read = detail::read_stream_parts(ctx, head, pos, *source, sinks, options.threads,
                                                        options.min_part_bytes);
    parts = std::move(read.parts);
    report.parts = static_cast<unsigned>(parts.size());
    report.parts_reread = read.rereads;
    report.bytes = head.bytes_read() + read.bytes;
  } else if (threads == 1) {
    // One part, continuing the header's window (works for streams too).
    parts.resize(1);
    parts[0].sink = sinks.open_part();
    read_part(ctx, head, pos, UINT64_MAX, false, sinks, *parts[0].sink, parts[0]);
    report.bytes = head.bytes_read();
  } else {
    // One part per thread to start with; a thread that has finished takes
    // over half of what another has left, as a new part (SharedStops).
    // Claims are small enough to leave something to take, large enough to
    // cost nothing.
    detail::SharedStops stops(std::min<uint64_t>(uint64_t{1} << 20, options.min_part_bytes),
                              2 * options.min_part_bytes);
    struct Piece {
      uint64_t from = 0;  // its range's start, where its first record is looked for
      size_t id = 0;      // in stops
      Part part;
    };
    std::deque<Piece> pieces;  // grows while threads hold references to its pieces
    std::mutex pieces_mutex;
    for (unsigned t = 0; t < threads; ++t) {
      const uint64_t from = data_start + (file_size - data_start) * t / threads;
      const uint64_t stop = data_start + (file_size - data_start) * (t + 1) / threads;
      Piece& piece = pieces.emplace_back();
      piece.from = from;
      piece.id = stops.add(from, stop);
      piece.part.sink = sinks.open_part();
    }
    // Reads the records of `part` from offset `from` on.
    auto read_from = [&](uint64_t from, bool guessed, detail::PartStop until, Part& part) {
      PreadFiller filler(fd, from, name);
      Window window(filler, from, dialect.max_record_bytes, utf8_checker(fd, name),
                    file_size - std::min(file_size, from));
      read_part(ctx, window, 0, until, guessed, sinks, *part.sink, part);
    };
    auto read_piece = [&](Piece& piece) {
      // The first part starts right after the header; the others at the
      // first line start in their range, a guess checked below.
      const bool guessed = piece.from != data_start;
      uint64_t from = piece.from;
      if (guessed) {
        PreadFiller filler(fd, from - 1, name);
        from = std::min(file_size, detail::line_start_after(filler, from - 1));
      }
      read_from(from, guessed, detail::PartStop(stops, piece.id), piece.part);
    };
    std::atomic<bool> failed{false};
    auto work = [&](Piece* piece) {
      try {
        for (;;) {
          read_piece(*piece);
          stops.close(piece->id);
          if (sinks.stop_requested() || failed.load()) return;
          std::lock_guard lock(pieces_mutex);
          const auto taken = stops.take();
          if (!taken) return;
          piece = &pieces.emplace_back();
          piece->from = taken->from;
          piece->id = taken->id;
          piece->part.sink = sinks.open_part();
        }
      } catch (...) {
        stops.close(piece->id);
        failed = true;
        throw;
      }
    };
    std::vector<std::thread> workers;
    std::vector<std::exception_ptr> errors(threads);
    for (unsigned t = 1; t < threads; ++t) {
      workers.emplace_back([&, t, first = &pieces[t]] {
        try {
          work(first);
        } catch (...) {
          errors[t] = std::current_exception();
        }
      });
    }
    try {
      work(&pieces[0]);
    } catch (...) {
      errors[0] = std::current_exception();
    }
    for (auto& w : workers) w.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.from < b.from; });
    // Each part must start where the previous one really ended; a part
    // whose guess was wrong is read again from there.
    for (size_t k = 1; k < pieces.size() && !sinks.stop_requested(); ++k) {
      if (pieces[k].part.start == pieces[k - 1].part.end) continue;
      Part redo;
      redo.sink = sinks.open_part();
      read_from(pieces[k - 1].part.end, false, stops.stop(pieces[k].id), redo);
      pieces[k].part = std::move(redo);
      ++report.parts_reread;
    }
    for (auto& piece : pieces) parts.push_back(std::move(piece.part));
    report.parts = static_cast<unsigned>(parts.size());
    report.bytes = file_size;
  }

  uint64_t line = first_data_line;
  const std::optional<std::string>* last = nullptr;  // of the last part with records
  for (auto& part : parts) {
    if (part.first_raw) {
      if (last && !part.first_raw->empty() && **last == *part.first_raw) ++report.counts.rows_repeated;
      if (!last) report.first_record = *part.first_raw;
      last = &part.last_raw;
    }
    RejectLog relative = std::move(part.rejects);
    for (const auto& r : relative.kept())
      rejects.add(Reject{r.file, line + r.line - 1, r.reason, r.raw});
    rejects.count_more(relative.count() - relative.kept().size());
    line += part.lines;
    report.counts.add(part.counts);
    if (part.sink) sinks.close_part(std::move(part.sink));
  }
  if (last) report.last_record = **last;
  if (!parts.empty() && parts.back().end > parts.front().start)
    report.record_bytes = parts.back().end - parts.front().start;
  detail::Window::release_spare();
  return report;
}

bool likely_copies(const InputReport& a, const InputReport& b) {
  return a.counts.rows_read > 0 && a.counts.rows_read == b.counts.rows_read &&
         a.record_bytes == b.record_bytes && a.first_record == b.first_record &&
         a.last_record == b.last_record;
}

}  // namespace tiers::io

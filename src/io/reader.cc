#include "io/reader.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "io/decoding_source.h"
#include "io/file_parts.h"
#include "io/foreign_format.h"
#include "io/input_format.h"
#include "io/line_ends.h"
#include "io/read_ahead.h"
#include "io/read_part.h"
#include "io/row_parser.h"
#include "io/source.h"
#include "io/stream_parts.h"
#include "io/text.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

using detail::Part;
using detail::StreamFiller;
using detail::Window;
using detail::kBlock;

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

/// The input as text to read: decompressed, decoded to UTF-8 and checked,
/// lone-CR line ends made LF.
struct OpenInput {
  std::unique_ptr<ByteSource> source;
  int fd = -1;                   ///< a plain regular file (read in parts with pread), else -1
  bool stream_in_parts = false;  ///< a stream cut into parts for several workers
};

/// Opens `path`; says in `report` how it is compressed and encoded.
OpenInput open_input(const std::string& path, const std::string& name, const ReaderOptions& options,
                     const PartSinks& sinks, InputReport& report) {
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
  report.compression = compression_name(opened.compression);
  report.compression_from = opened.from_name ? "file name" : "detected";
  report.encoding = encoding_name(encoding.value_or(Encoding::kUtf8));
  report.encoding_from = encoding_from;
  return OpenInput{std::move(source), fd, stream_in_parts};
}

/// Moves `pos` in the first block past a byte-order mark, the lines
/// --skip-lines skips and an Excel `sep=` line (returned), adding them to
/// `header_line`.
std::optional<SepLine> skip_to_header(Window& head, size_t& pos, const ReaderOptions& options,
                                      const std::string& name, uint64_t& header_line) {
  if (head.size() >= 3 && std::memcmp(head.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
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
  return sep_line;
}

/// Reads the header row at `pos` and returns its names (with --no-header,
/// the first record's positions: `1`, `2`, ...). `pos` moves to the first
/// data record, `header_line` to the header's line and `first_data_line`
/// to the data's.
std::vector<std::string> read_header(Window& head, size_t& pos, const Dialect& dialect,
                                     const ReaderOptions& options, const std::string& name,
                                     uint64_t& header_line, uint64_t& first_data_line) {
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
  first_data_line = header_line + record.newlines;
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
  return header;
}

/// How a file's records are read, as its header and first records decide.
struct Layout {
  ColumnMap columns;
  std::optional<RowProgram> program;  ///< --amount-expr, --where, --exclude bound to the header
};

/// The columns of `header` (line `header_line`) to read and the row
/// expressions bound to them; their cells' formats (date format, decimal
/// mark) go into `format`, chosen from `sample`, the first data records
/// (all of them when `complete`).
Layout lay_out(const std::vector<std::string>& header, std::string_view sample, bool complete,
               const Dialect& dialect, const ReaderOptions& options, const std::string& name,
               uint64_t header_line, InputFormat& format) {
  ColumnChoice choice = options.columns;
  choice.amount_from_expression = options.rows.amount.has_value();
  Layout layout;
  try {
    layout.columns = resolve_columns(header, choice, name, header_line);
  } catch (const Error& e) {
    // A one-field "header" is most often a report's title line.
    if (header.size() > 1 || options.no_header) throw;
    throw Error(e.code(), e.what(), e.hint() + "; if title lines come before the header, --skip-lines N skips them");
  }
  const ColumnMap& columns = layout.columns;
  std::vector<size_t> number_columns;
  if (columns.amount) number_columns.push_back(*columns.amount);
  if (!options.rows.empty()) {
    layout.program.emplace(options.rows, header, columns.date, name, header_line);
    for (size_t c : layout.program->number_columns())
      if (c != columns.amount) number_columns.push_back(c);
  }
  choose_cell_formats(options.format, name, sample, complete, dialect, columns, number_columns, format);
  if (layout.program) layout.program->set_formats(format.dates, format.amounts);
  return layout;
}

/// Hands the parts' rows over in file order: their counts and rejects
/// (at their lines in the file) go into `report` and `rejects`, their
/// sinks are closed; the first and last records are kept for likely_copies.
void settle_parts(std::vector<Part>& parts, uint64_t first_data_line, PartSinks& sinks,
                  RejectLog& rejects, InputReport& report) {
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
  InputReport report;
  report.path = path;
  OpenInput input = open_input(path, name, options, sinks, report);
  ByteSource& source = *input.source;
  const int fd = input.fd;
  const uint64_t file_size = source.size_on_disk();
  StreamFiller stream(source);
  Window head(stream, 0, options.dialect.max_record_bytes,
              fd >= 0 ? detail::utf8_checker(fd, name) : nullptr, fd >= 0 ? file_size : UINT64_MAX);

  // The first block: a full one, or the whole (small) file with its end
  // known, so that sniffing and sampling see complete records.
  size_t pos = 0;
  do head.refill(pos);
  while (head.size() < kBlock && !head.at_eof());
  uint64_t header_line = 1;
  const std::optional<SepLine> sep_line = skip_to_header(head, pos, options, name, header_line);
  InputFormat format;
  choose_delimiter(options.format, path, std::string_view(head.data() + pos, head.size() - pos),
                   head.at_eof(), format, sep_line);
  Dialect dialect = options.dialect;
  dialect.delimiter = format.delimiter;

  // The header (with --no-header, the first record: its field count).
  uint64_t first_data_line = 0;
  const std::vector<std::string> header =
      read_header(head, pos, dialect, options, name, header_line, first_data_line);
  const uint64_t data_start = head.offset() + pos;
  const Layout layout = lay_out(header, std::string_view(head.data() + pos, head.size() - pos), head.at_eof(),
                                dialect, options, name, header_line, format);
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
  const detail::FileContext ctx{name,
                                &options,
                                &layout.columns,
                                dialect,
                                &format,
                                layout.program ? &*layout.program : nullptr,
                                options.dedupe ? RecordFingerprints::header_seed(header) : 0,
                                rejects.keep()};
  std::vector<Part> parts;
  // A regular file: a part per thread, of min_part_bytes at least.
  unsigned threads = 1;
  if (fd >= 0 && sinks.parallel() && file_size > data_start && !options.dedupe)
    threads = static_cast<unsigned>(std::clamp<uint64_t>(
        (file_size - data_start) / std::max<uint64_t>(1, options.min_part_bytes), 1, std::max(1u, options.threads)));

  if (input.stream_in_parts) {
    detail::StreamRead read = detail::read_stream_parts(ctx, head, pos, source, sinks, options.threads,
                                                        options.min_part_bytes, options.stream_workers_ahead);
    parts = std::move(read.parts);
    report.parts = static_cast<unsigned>(parts.size());
    report.parts_reread = read.rereads;
    report.workers = read.workers;
    report.bytes = head.bytes_read() + read.bytes;
  } else if (threads == 1) {
    // One part, continuing the header's window (works for streams too).
    parts.resize(1);
    parts[0].sink = sinks.open_part();
    read_part(ctx, head, pos, UINT64_MAX, false, sinks, *parts[0].sink, parts[0]);
    report.bytes = head.bytes_read();
  } else {
    detail::FileRead read = detail::read_file_parts(ctx, fd, file_size, data_start, threads, sinks);
    parts = std::move(read.parts);
    report.parts = static_cast<unsigned>(parts.size());
    report.parts_reread = read.rereads;
    report.workers = threads;
    report.bytes = file_size;
  }
  settle_parts(parts, first_data_line, sinks, rejects, report);
  detail::Window::release_spare();
  return report;
}

}  // namespace tiers::io

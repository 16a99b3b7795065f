#include "io/read_part.h"

#include <cstring>

#include <fmt/format.h>

#include "io/row_parser.h"
#include "io/text.h"

namespace tiers::io::detail {
namespace {

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

// The rare paths of the per-record code, out of line: kept small, that code
// leaves room for the compiler to inline the date and amount parsers.

/// A record with more fields than the header: when the extra fields are
/// empty, says so (delimiters padding the line); else reads it as if a value
/// held the delimiter unquoted: `1,234.56` or `12,50` as the amount, `Smith,
/// John` as a name, and names the fields that, joined back into one value,
/// make the amount an amount (first), or put the date and amount in place.
/// Returns the hint to append to the reason, or nothing.
std::string cut_value_hint(const std::vector<std::string_view>& fields, const FileContext& ctx) {
  const ColumnMap& columns = *ctx.columns;
  if (fields.size() <= columns.field_count) return {};
  const size_t extra = fields.size() - columns.field_count;
  // Nothing in the extra fields: the line ends with delimiters (an export
  // that pads its rows), not with a value cut in two.
  if (std::all_of(fields.end() - static_cast<std::ptrdiff_t>(extra), fields.end(),
                  [](std::string_view f) { return trim(f).empty(); }))
    return extra == 1 ? "; the extra field at the end is empty (the line ends with a delimiter the header does not have)"
                      : fmt::format("; the {} extra fields at the end are empty (the line ends with delimiters the "
                                    "header does not have)",
                                    extra);
  auto joined = [&](size_t from) {
    std::string value(fields[from]);
    for (size_t i = from + 1; i <= from + extra; ++i) (value += ctx.dialect.delimiter) += fields[i];
    return value;
  };
  auto described = [&](size_t from) {
    return fmt::format("fields {}-{} (\"{}\")", from + 1, from + extra + 1, joined(from));
  };
  constexpr std::string_view kQuote =
      ": a value holding the delimiter must be quoted (re-export quoting such values, or with ';' or tab as the "
      "delimiter)";
  const AmountParser& usual = ctx.format->amounts;
  const AmountParser other(AmountOptions{!usual.options().decimal_comma});
  if (const auto amount = columns.amount) {
    bool digits = true;  // each cut-off piece starts with a digit
    for (size_t i = *amount + 1; i <= *amount + extra; ++i)
      digits &= !fields[i].empty() && fields[i][0] >= '0' && fields[i][0] <= '9';
    const std::string value = joined(*amount);
    if (digits && (usual.parse(value) || other.parse(value)))
      return fmt::format("; fields {}-{} read together as the amount \"{}\"{}", *amount + 1, *amount + extra + 1,
                         value, kQuote);
  }
  // Another value: the date and amount fall in place when fields k to
  // k + extra are one.
  std::vector<size_t> fits;
  for (size_t k = 0; k < columns.field_count; ++k) {
    if (k == columns.date || k == columns.amount) continue;
    auto cell = [&](size_t column) { return fields[column < k ? column : column + extra]; };
    // The parts of a file share ctx.format: its parser without the cache.
    if (!ctx.format->dates.parse_shared(trim(cell(columns.date)))) continue;
    if (columns.amount && !usual.parse(cell(*columns.amount))) continue;
    fits.push_back(k);
  }
  if (fits.empty() || fits.size() > 3) return {};
  std::string which = described(fits[0]);
  for (size_t i = 1; i < fits.size(); ++i) which += (i + 1 == fits.size() ? " or " : ", ") + described(fits[i]);
  return fmt::format("; read as one value, {} put{} the date and amount in place{}", which,
                     fits.size() == 1 ? "s" : "", kQuote);
}

/// Why a record cannot be read at all: broken, a NUL byte, a wrong field count.
[[gnu::noinline, gnu::cold]] std::string unusable_record(const Record& record, const FileContext& ctx) {
  if (record.problem != RecordProblem::kNone) return describe(record.problem, ctx.dialect.max_record_bytes);
  if (std::memchr(record.raw.data(), 0, record.raw.size()) != nullptr)
    return "NUL byte in the record (a binary or UTF-16 file? see --encoding)";
  return fmt::format("expected {} fields as in the header, found {}", ctx.columns->field_count,
                     record.fields.size()) +
         cut_value_hint(record.fields, ctx);
}

/// A whole record that holds line breaks (in quoted fields) and is rejected
/// for its fields: the reason says how many lines go with it, which a stray
/// quote may have made many. (As a count: a part's line numbers are only
/// settled once the parts before it are read.)
[[gnu::noinline, gnu::cold]] void add_line_count(std::string& reason, std::string_view raw) {
  if (std::memchr(raw.data(), '\n', raw.size()) == nullptr) return;
  reason += fmt::format("; the record takes {} lines (a quoted field holds line breaks)",
                        count_lf(raw.data(), raw.size()) + 1);
}

[[gnu::noinline, gnu::cold]] void log_reject(RejectLog& rejects, const std::string& file, uint64_t line,
                                             const std::string& reason, std::string_view raw) {
  if (rejects.kept().size() < rejects.keep()) rejects.add(Reject{file, line, reason, std::string(raw)});
  else rejects.count_more(1);
}

}  // namespace

uint64_t line_start_after(Filler& filler, uint64_t from) {
  char buffer[64 * 1024];
  uint64_t at = from;
  while (const size_t n = filler.fill(buffer, sizeof buffer)) {
    if (const void* lf = std::memchr(buffer, '\n', n))
      return at + static_cast<uint64_t>(static_cast<const char*>(lf) - buffer) + 1;
    at += n;
  }
  return at;
}

size_t SharedStops::add(uint64_t from, uint64_t stop) {
  std::lock_guard lock(mutex_);
  ranges_.push_back({from, stop, true});
  return ranges_.size() - 1;
}

uint64_t SharedStops::claim(size_t id, uint64_t at) {
  std::lock_guard lock(mutex_);
  Range& r = ranges_[id];
  if (at >= r.stop) return r.stop;
  r.claimed = std::min(r.stop, std::max(r.claimed, at) + step_);
  return r.claimed;
}

void SharedStops::close(size_t id) {
  std::lock_guard lock(mutex_);
  ranges_[id].open = false;
}

std::optional<SharedStops::Taken> SharedStops::take() {
  std::lock_guard lock(mutex_);
  Range* most = nullptr;
  for (Range& r : ranges_)
    if (r.open && r.stop - r.claimed >= min_take_ && (!most || r.stop - r.claimed > most->stop - most->claimed))
      most = &r;
  if (!most) return std::nullopt;
  const uint64_t from = most->claimed + (most->stop - most->claimed) / 2;
  const uint64_t stop = most->stop;
  most->stop = from;
  ranges_.push_back({from, stop, true});
  return Taken{ranges_.size() - 1, from, stop};
}

uint64_t SharedStops::stop(size_t id) const {
  std::lock_guard lock(mutex_);
  return ranges_[id].stop;
}

void read_part(const FileContext& ctx, Window& window, size_t pos, PartStop until,
               bool empty_lines_are_previous, const PartSinks& sinks, TransactionSink& sink,
               Part& part) {
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
  uint64_t stop = until.claim(window.offset() + pos);
  // Counters live on this thread's stack until the end: parts sit side by
  // side in memory, and updating them per row would share cache lines.
  InputCounts counts;
  RejectLog rejects(ctx.keep_rejects);
  bool stopped = false;
  Neighbours neighbours;
  RecordFingerprints* const dedupe = ctx.options->dedupe;
  auto flush = [&] {
    if (batched > 0) sink.add_batch(batch, batched);
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
    std::string_view currency;
    RowKind kind = RowKind::kRejected;
    RowVerdict verdict;
    if (!whole || record.fields.size() != ctx.columns->field_count ||
        (window.nul_seen() && std::memchr(record.raw.data(), 0, record.raw.size()) != nullptr)) {
      reason = unusable_record(record, ctx);
    } else if (filters && (verdict = filters->filter(record.fields, reason)) != RowVerdict::kKeep) {
      kind = verdict == RowVerdict::kFiltered ? RowKind::kFiltered : RowKind::kRejected;
    } else {
      kind = parser.parse(record.fields, batch[batched], rounded, currency, reason);
    }
    switch (kind) {
      case RowKind::kUsed:
        ++counts.rows_used;
        counts.amounts_rounded += rounded ? 1 : 0;
        if (!currency.empty()) counts.count_currency(currency);
        // Cells unescaped into the record's scratch do not outlive the
        // record: hand such a row over now.
        if (++batched == kBatch || !record.scratch.empty()) flush();
        break;
      case RowKind::kFuture: ++counts.rows_future; break;
      case RowKind::kUnattributed: ++counts.rows_unattributed; break;
      case RowKind::kFiltered: ++counts.rows_filtered; break;
      case RowKind::kRejected:
        ++counts.rows_rejected;
        if (whole) add_line_count(reason, record.raw);
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
    if (const uint64_t at = window.offset() + pos; at >= stop && (stop = until.claim(at)) <= at) break;
    if (pos == window.size() && window.at_eof()) break;
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
  sink.end_part();
  neighbours.finish(part);
  part.counts = counts;
  part.rejects = std::move(rejects);
  part.end = window.offset() + pos;
  part.lines = lines;
  part.bytes = window.bytes_read();
}


}  // namespace tiers::io::detail

// One part of an input read front to back: the buffer window it reads
// through, and the loop that tokenizes, parses, counts and hands over its
// records (reader.h says what becomes of each record). The reader runs it
// on one part per thread for a regular file, on chunks of a stream
// (stream_parts.h), or once over the whole input.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/reader.h"

namespace tiers::io::detail {

constexpr size_t kBlock = size_t{1} << 20;
/// Rows handed to a sink at once: the aggregator looks customers up a few
/// dozen rows ahead, and starts that over at each batch.
constexpr size_t kBatch = 1024;

/// Where a buffer's bytes come from.
class Filler {
 public:
  virtual ~Filler() = default;
  virtual size_t fill(char* dst, size_t capacity) = 0;
  /// Bytes the filler holds in memory, to be read in place of a copy:
  /// from input offset `from` (at or before the next byte it would fill)
  /// to the end of the piece it is reading (a stream's chunk), when `from`
  /// lies in that piece and it has bytes not read yet; fill goes on after
  /// them. Valid until lend() next returns bytes, or the filler's end.
  /// Empty otherwise (and for fillers without such pieces): use fill.
  virtual std::string_view lend(uint64_t /*from*/) { return {}; }
};

class StreamFiller final : public Filler {
 public:
  explicit StreamFiller(ByteSource& source) : source_(source) {}
  size_t fill(char* dst, size_t capacity) override { return source_.read(dst, capacity); }

 private:
  ByteSource& source_;
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
    Spare& spare = spare_buffer();
    if (spare.data && spare.capacity >= capacity_ && spare.capacity <= 2 * capacity_) {
      data_ = std::move(spare.data);
      capacity_ = spare.capacity;
    } else {
      data_ = std::make_unique_for_overwrite<char[]>(capacity_);
    }
    view_ = data_.get();
  }
  /// The buffer stays with the thread for its next window: a stream is
  /// read in parts of 4 MiB, and a fresh buffer for each was mapped and
  /// zeroed by the kernel page by page (6 % of the CPU on a pipe).
  ~Window() {
    Spare& spare = spare_buffer();
    if (capacity_ >= kBlock && capacity_ <= kMaxSpare && capacity_ >= spare.capacity) {
      spare.data = std::move(data_);
      spare.capacity = capacity_;
    }
  }
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  /// Frees this thread's kept buffer (reading is over).
  static void release_spare() { spare_buffer() = {}; }

  const char* data() const { return view_; }
  size_t size() const { return size_; }
  bool at_eof() const { return eof_; }
  uint64_t offset() const { return offset_; }
  uint64_t bytes_read() const { return bytes_; }

  /// Drops [0, keep_from) and reads more bytes (or hits EOF). When the
  /// filler can lend the bytes kept and more in place (a stream's chunk,
  /// stream_parts.cc), they are read there, not copied; only a record
  /// that runs on past the filler's piece is copied, with at most
  /// kAfterLent bytes after it at a time, so that reading goes back in
  /// place at the next refill: a part of a stream copies the record it
  /// reads past its chunk, not the chunk.
  void refill(size_t& keep_from) {
    const uint64_t from = offset_ + keep_from, end = offset_ + size_;
    if (const std::string_view lent = filler_.lend(from); !lent.empty()) {
      view_ = lent.data();
      lending_ = true;
      offset_ = from;
      size_ = static_cast<size_t>(end - from);
      keep_from = 0;
      took(view_ + size_, lent.size() - size_);  // only the bytes new to the window
      return;
    }
    const size_t keep = size_ - keep_from;
    if (view_ != data_.get()) {  // lent: the record left at the end of the piece moves here
      if (keep + kBlock > capacity_) {
        capacity_ = keep + 2 * kBlock;
        data_ = std::make_unique_for_overwrite<char[]>(capacity_);
      }
      std::memcpy(data_.get(), view_ + keep_from, keep);
      view_ = data_.get();
    } else if (keep_from > 0) {
      std::memmove(data_.get(), data_.get() + keep_from, keep);
    }
    size_ = keep;
    offset_ = from;
    keep_from = 0;
    if (size_ == capacity_) {  // a record longer than the buffer: grow
      const size_t bigger = size_ + 2 * kBlock;
      auto grown = std::make_unique_for_overwrite<char[]>(bigger);
      std::memcpy(grown.get(), data_.get(), size_);
      data_ = std::move(grown);
      view_ = data_.get();
      capacity_ = bigger;
    }
    const size_t room = lending_ ? std::min(kAfterLent, capacity_ - size_) : capacity_ - size_;
    took(data_.get() + size_, filler_.fill(data_.get() + size_, room));
  }
  /// A NUL byte has been read (records must then be checked for one).
  bool nul_seen() const { return nul_seen_; }

 private:
  struct Spare {
    std::unique_ptr<char[]> data;
    size_t capacity = 0;
  };
  static constexpr size_t kMaxSpare = 8 * kBlock;  // not a buffer grown for a huge record
  static constexpr size_t kAfterLent = 64 * 1024;   // bytes copied at a time once lent some
  /// `n` more bytes at `at` (at the end of the window): checked and counted.
  void took(const char* at, size_t n) {
    if (n == 0) eof_ = true;
    if (checker_) checker_(at, n, offset_ + size_, eof_);
    if (n > 0 && std::memchr(at, 0, n) != nullptr) nul_seen_ = true;
    size_ += n;
    bytes_ += n;
  }
  static Spare& spare_buffer() {
    thread_local Spare spare;
    return spare;
  }

  Filler& filler_;
  uint64_t offset_;
  std::unique_ptr<char[]> data_;  // the window's own buffer
  const char* view_ = nullptr;     // the window's bytes: data_, or lent ones
  bool lending_ = false;  // the filler has lent bytes
  size_t capacity_ = 0;
  size_t size_ = 0;
  bool eof_ = false;
  uint64_t bytes_ = 0;
  std::function<void(const char*, size_t, uint64_t, bool)> checker_;
  bool nul_seen_ = false;
};

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


struct FileContext {
  std::string name;
  const ReaderOptions* options;
  const ColumnMap* columns;
  Dialect dialect;
  const InputFormat* format;
  const RowProgram* program;  ///< null without row expressions
  uint64_t dedupe_seed;       ///< fingerprint seed of this file's header
  /// Rejects whose details a part keeps (the rest only counted): the run's
  /// log keeps no more, so a file of bad rows does not fill memory.
  uint64_t keep_rejects = UINT64_MAX;
};

/// Passes rows on to another sink; its end_part too, unless told not to
/// (a stream's worker ends its sink's part once, after its last part).
class ForwardingSink final : public TransactionSink {
 public:
  explicit ForwardingSink(TransactionSink& to, bool pass_end_part = true)
      : to_(to), pass_end_part_(pass_end_part) {}
  void add(const Transaction& row) override { to_.add(row); }
  void add_batch(const Transaction* rows, size_t count) override { to_.add_batch(rows, count); }
  void end_part() override {
    if (pass_end_part_) to_.end_part();
  }

 private:
  TransactionSink& to_;
  bool pass_end_part_;
};

/// Where the parts of a file read on several threads stop, shared by the
/// threads so that one that has finished its part takes over the second
/// half of what another part has left (work stealing): a core is not left
/// idle when the machine slows one thread down or one range of the file is
/// slower to read. Each part claims its bytes a step ahead of where it
/// reads; only bytes nobody has claimed can be taken, so a record is read
/// by one part (the one whose range it starts in).
class SharedStops {
 public:
  /// Parts claim `step` bytes at a time; a part is taken over only when
  /// it has at least `min_take` bytes unclaimed (half of them are taken).
  SharedStops(uint64_t step, uint64_t min_take) : step_(std::max<uint64_t>(1, step)), min_take_(std::max<uint64_t>(2, min_take)) {}

  /// A part reading the records that start in [from, stop); its number.
  size_t add(uint64_t from, uint64_t stop);
  /// Part `id`, reading at `at`, may read the records that start before
  /// the returned offset; when that is not after `at`, it stops there.
  uint64_t claim(size_t id, uint64_t at);
  /// Part `id` reads no more (finished or failed): nothing left to take.
  void close(size_t id);
  struct Taken {
    size_t id;
    uint64_t from, stop;
  };
  /// The second half of the unclaimed bytes of the open part with the most
  /// of them, as a new part (its stop lowered to where the new one starts);
  /// nothing when no part has `min_take` bytes unclaimed.
  std::optional<Taken> take();
  /// Where part `id` stops (final once it is closed).
  uint64_t stop(size_t id) const;

 private:
  struct Range {
    uint64_t claimed, stop;
    bool open;
  };
  mutable std::mutex mutex_;
  std::vector<Range> ranges_;
  uint64_t step_, min_take_;
};

/// Where read_part stops: at the first record that starts at or after a
/// fixed offset, or a part's stop in SharedStops.
struct PartStop {
  PartStop(uint64_t offset) : at(offset) {}  // NOLINT(google-explicit-constructor): an offset is a stop
  PartStop(SharedStops& stops, size_t part) : shared(&stops), id(part) {}
  /// The offset before which records may be read, for a part reading at `from`.
  uint64_t claim(uint64_t from) const { return shared ? shared->claim(id, from) : at; }

  uint64_t at = UINT64_MAX;
  SharedStops* shared = nullptr;
  size_t id = 0;
};

/// The offset just after the first line feed `filler` gives from `from`
/// on, or where its bytes end: where a part guesses its first record starts.
uint64_t line_start_after(Filler& filler, uint64_t from);

/// Reads records from `window` (positioned at `pos`) until the first record
/// starting at or after `stop` (a shared stop is claimed as the part
/// goes), handing the rows used to `sink` (and
/// calling its end_part); `empty_lines_are_previous`: empty lines before
/// the first record were counted by the previous part.
void read_part(const FileContext& ctx, Window& window, size_t pos, PartStop until,
               bool empty_lines_are_previous, const PartSinks& sinks, TransactionSink& sink,
               Part& part);

}  // namespace tiers::io::detail

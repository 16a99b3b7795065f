#include "io/stream_parts.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace tiers::io::detail {
namespace {

/// Byte buffers of one size, handed back when a chunk is dropped and
/// handed out again (up to `keep` of them wait): memory the system has
/// already paged in, where a fresh 4 MiB block is mapped and faulted in.
class BufferPool {
 public:
  BufferPool(size_t size, size_t keep) : size_(size), keep_(keep) {}
  std::unique_ptr<char[]> take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique_for_overwrite<char[]>(size_);
    auto buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
  }
  void give(std::unique_ptr<char[]> buffer) {
    std::lock_guard lock(mutex_);
    if (free_.size() < keep_) free_.push_back(std::move(buffer));
  }

 private:
  size_t size_;
  size_t keep_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<char[]>> free_;
};

struct Chunk {
  explicit Chunk(std::shared_ptr<BufferPool> from) : pool(std::move(from)), bytes(pool->take()) {}
  ~Chunk() { pool->give(std::move(bytes)); }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;
  uint64_t offset = 0;  // of its first byte in the input
  size_t size = 0;
  std::shared_ptr<BufferPool> pool;
  std::unique_ptr<char[]> bytes;
  uint64_t end() const { return offset + size; }
};

/// The chunks read so far and how far the parts have got, shared by the
/// calling thread (which reads the stream) and the workers.
class Shared {
 public:
  explicit Shared(size_t ahead) : ahead_(ahead) {}

  /// Adds the next chunk. Waits while `ahead` chunks are read beyond the
  /// first unfinished part, unless a reader waits for more. False once
  /// the reading is abandoned.
  bool push(std::shared_ptr<const Chunk> chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return abandoned_ || waiting_ > 0 || first_chunk_ + chunks_.size() < parts_done_ + ahead_;
    });
    if (abandoned_) return false;
    chunks_.push_back(std::move(chunk));
    lock.unlock();
    changed_.notify_all();
    return true;
  }
  void end_of_input() {
    {
      std::lock_guard lock(mutex_);
      ended_ = true;
    }
    changed_.notify_all();
  }
  void abandon() {
    {
      std::lock_guard lock(mutex_);
      abandoned_ = true;
    }
    changed_.notify_all();
  }

  /// Chunk `index`, once read; null past the end of the input or once
  /// abandoned.
  std::shared_ptr<const Chunk> chunk(size_t index) {
    std::unique_lock lock(mutex_);
    if (index < first_chunk_) throw std::logic_error("stream parts: a dropped chunk was read");
    if (index >= first_chunk_ + chunks_.size() && !ended_ && !abandoned_) {
      ++waiting_;
      changed_.notify_all();
      changed_.wait(lock, [&] { return index < first_chunk_ + chunks_.size() || ended_ || abandoned_; });
      --waiting_;
    }
    if (abandoned_ || index >= first_chunk_ + chunks_.size()) return nullptr;
    return chunks_[index - first_chunk_];
  }

  /// Where part `k - 1` ended, when every part before `k` is done.
  std::optional<uint64_t> previous_end_if_done(size_t k) {
    std::lock_guard lock(mutex_);
    if (parts_done_ == k) return last_end_;
    return std::nullopt;
  }
  /// Waits until every part before `k` is done: where part `k - 1` ended,
  /// or nothing once abandoned.
  std::optional<uint64_t> wait_for_turn(size_t k) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return parts_done_ == k || abandoned_; });
    if (abandoned_) return std::nullopt;
    return last_end_;
  }
  /// Part `k`, whose turn it was, ended at `end`. The chunk before its own
  /// can go: a later part starts reading in its own chunk or after it.
  void done(size_t k, uint64_t end) {
    {
      std::lock_guard lock(mutex_);
      parts_done_ = k + 1;
      last_end_ = end;
      while (first_chunk_ + 1 < parts_done_ && !chunks_.empty()) {
        chunks_.pop_front();
        ++first_chunk_;
      }
    }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::shared_ptr<const Chunk>> chunks_;
  size_t first_chunk_ = 0;  // index of chunks_.front()
  size_t ahead_;
  size_t waiting_ = 0;      // readers waiting for a chunk not read yet
  size_t parts_done_ = 0;   // parts 0 .. parts_done_ - 1 are done
  uint64_t last_end_ = 0;   // where part parts_done_ - 1 ended
  bool ended_ = false;
  bool abandoned_ = false;
};

/// The stream's bytes from `offset` on, chunk after chunk.
class ChunkFiller final : public Filler {
 public:
  /// `index`: the chunk holding `offset`, or an earlier one still kept.
  ChunkFiller(Shared& shared, size_t index, uint64_t offset)
      : shared_(shared), index_(index), offset_(offset) {}
  size_t fill(char* dst, size_t capacity) override {
    if (!find_chunk()) return 0;
    const auto at = static_cast<size_t>(offset_ - current_->offset);
    const size_t n = std::min(capacity, current_->size - at);
    std::memcpy(dst, current_->bytes.get() + at, n);
    offset_ += n;
    return n;
  }
  /// The current chunk from `from` on, in place (the chunk kept until
  /// bytes are lent again): the bytes a part reads are not copied again.
  std::string_view lend(uint64_t from) override {
    if (!find_chunk() || from < current_->offset || from > offset_) return {};
    offset_ = current_->end();
    lent_ = current_;
    const auto at = static_cast<size_t>(from - current_->offset);
    return {current_->bytes.get() + at, current_->size - at};
  }

 private:
  /// Points current_ at the chunk of the next byte; false past the input's end.
  bool find_chunk() {
    for (;;) {
      if (!current_) {
        current_ = shared_.chunk(index_);
        if (!current_) return false;
      }
      if (offset_ < current_->offset) throw std::logic_error("stream parts: read before a chunk");
      if (offset_ < current_->end()) return true;
      current_.reset();
      ++index_;
    }
  }

  Shared& shared_;
  size_t index_;
  uint64_t offset_;
  std::shared_ptr<const Chunk> current_;
  std::shared_ptr<const Chunk> lent_;  // the chunk of the bytes lent last
};

/// A part's rows, kept (cells copied) until the part is known to have
/// started where the previous one ended.
class HeldRows final : public TransactionSink {
 public:
  void add(const Transaction& row) override { add_batch(&row, 1); }
  void add_batch(const Transaction* rows, size_t count) override {
    for (size_t i = 0; i < count; ++i) {
      const Transaction& t = rows[i];
      rows_.push_back(Row{text_.size(), static_cast<uint32_t>(t.customer.size()),
                          static_cast<uint32_t>(t.order.size()), t.date, t.amount});
      text_.append(t.customer);
      text_.append(t.order);
    }
  }
  /// Hands the rows to `sink`, then forgets them.
  void replay(TransactionSink& sink) {
    Transaction batch[kBatch];
    size_t n = 0;
    for (const Row& r : rows_) {
      const char* at = text_.data() + r.at;
      batch[n++] = Transaction{std::string_view(at, r.customer_size),
                               std::string_view(at + r.customer_size, r.order_size), r.date, r.amount};
      if (n == kBatch) {
        sink.add_batch(batch, n);
        n = 0;
      }
    }
    if (n > 0) sink.add_batch(batch, n);
    clear();
  }
  void clear() {
    rows_.clear();
    text_.clear();
  }

 private:
  struct Row {
    size_t at;  // customer id, then order id, in text_
    uint32_t customer_size, order_size;
    Date date;
    Money amount;
  };
  std::vector<Row> rows_;
  std::string text_;
};

}  // namespace

StreamRead read_stream_parts(const FileContext& ctx, Window& head, size_t pos, ByteSource& source,
                             PartSinks& sinks, unsigned workers, uint64_t chunk_bytes, size_t join_ahead) {
  workers = std::max(1u, workers);
  chunk_bytes = std::max<uint64_t>(1, chunk_bytes);
  Shared shared(2 * size_t{workers} + 2);
  std::mutex parts_mutex;
  std::deque<Part> parts;  // grows at the back: references stay valid
  auto part = [&](size_t k) -> Part& {
    std::lock_guard lock(parts_mutex);
    while (parts.size() <= k) parts.emplace_back();
    return parts[k];
  };
  std::atomic<size_t> next_part{0};
  std::atomic<unsigned> rereads{0};
  const uint64_t data_start = head.offset() + pos;

  // Reads part k from `from` (in chunk `index` or later) into `sink`.
  auto read = [&](size_t index, uint64_t from, uint64_t stop, bool guessed, TransactionSink& sink,
                  Part& into) {
    ChunkFiller filler(shared, index, from);
    // Sized for the part (it grows for a longer record): small chunks
    // (tests) need no full-size buffer each.
    const uint64_t expected = stop > from ? stop - from + 4096 : 4096;
    Window window(filler, from, ctx.dialect.max_record_bytes, {}, expected);
    read_part(ctx, window, 0, stop, guessed, sinks, sink, into);
  };
  // The first line start at or after `from`, or the end of the input.
  auto line_start = [&](size_t index, uint64_t from) {
    ChunkFiller filler(shared, index, from);
    return line_start_after(filler, from);
  };

  // Opened as their workers start (worker w's entry is set before its
  // thread starts and the vector never grows).
  std::vector<std::unique_ptr<TransactionSink>> worker_sinks(workers);
  std::vector<std::exception_ptr> errors(workers);
  std::vector<size_t> failed_part(workers, SIZE_MAX);
  auto work = [&](unsigned w) {
    TransactionSink& sink = *worker_sinks[w];
    ForwardingSink direct(sink, false);  // its part ends once, after the last
    HeldRows held;
    size_t k = SIZE_MAX;
    try {
      for (;;) {
        if (sinks.stop_requested()) {  // every part stops: so does the reading
          shared.abandon();
          break;
        }
        k = next_part.fetch_add(1);
        const std::shared_ptr<const Chunk> chunk = shared.chunk(k);
        if (!chunk) break;
        Part& p = part(k);
        const uint64_t stop = chunk->end();
        // The exact start when every part before is done (always for the
        // first), else a guess whose rows wait.
        std::optional<uint64_t> start = k == 0 ? std::optional(data_start) : shared.previous_end_if_done(k);
        // (Chunk k - 1 is kept until part k is done: a part that stopped
        // early may have ended in it.)
        if (start) {
          sink.start_part(k);
          read(k == 0 ? 0 : k - 1, *start, stop, false, direct, p);
          shared.done(k, p.end);
          continue;
        }
        read(k - 1, line_start(k - 1, chunk->offset - 1), stop, true, held, p);
        start = shared.wait_for_turn(k);
        if (!start) break;
        sink.start_part(k);
        if (p.start == *start) {
          shared.done(k, p.end);
          held.replay(direct);
        } else {
          held.clear();
          Part redo;
          read(k - 1, *start, stop, false, direct, redo);
          p = std::move(redo);
          shared.done(k, p.end);
          rereads.fetch_add(1, std::memory_order_relaxed);
        }
      }
      sink.end_part();
    } catch (...) {
      errors[w] = std::current_exception();
      failed_part[w] = k;
      shared.abandon();
    }
  };

  std::vector<std::thread> threads;
  auto start_worker = [&] {
    const auto w = static_cast<unsigned>(threads.size());
    worker_sinks[w] = sinks.open_part();
    threads.emplace_back(work, w);
  };

  // This thread reads the stream: the header window's data bytes first.
  // One worker starts; another joins each time the chunks read are
  // `join_ahead` parts ahead of the parts taken, when the stream comes faster
  // than the workers read it. Behind a slower source (zcat) the one
  // worker keeps up, and this thread and the source keep the other core.
  // (Two ahead also started a second worker behind zcat, in one run of
  // six: the one worker had stalled.)
  StreamRead result;
  std::exception_ptr read_error;
  try {
    do start_worker();
    while (join_ahead == 0 && threads.size() < workers);
    size_t chunks_read = 0;
    uint64_t offset = data_start;
    size_t head_used = pos;  // the header window's bytes before it: the header, or in chunks
    bool eof = head.at_eof();
    const auto pool = std::make_shared<BufferPool>(chunk_bytes, workers + 1);
    for (;;) {
      auto chunk = std::make_shared<Chunk>(pool);
      chunk->offset = offset;
      const size_t from_head = std::min<size_t>(chunk_bytes, head.size() - head_used);
      std::memcpy(chunk->bytes.get(), head.data() + head_used, from_head);
      head_used += from_head;
      chunk->size = from_head;
      while (!eof && chunk->size < chunk_bytes) {
        const size_t n = source.read(chunk->bytes.get() + chunk->size, chunk_bytes - chunk->size);
        eof = n == 0;
        chunk->size += n;
        result.bytes += n;
      }
      if (chunk->size == 0) break;
      offset += chunk->size;
      if (!shared.push(std::move(chunk))) break;
      ++chunks_read;
      if (threads.size() < workers && chunks_read >= next_part.load() + join_ahead) start_worker();
    }
  } catch (...) {
    read_error = std::current_exception();
    shared.abandon();
  }
  shared.end_of_input();
  for (auto& t : threads) t.join();
  if (read_error) std::rethrow_exception(read_error);
  // A worker's failure: the one in the earliest part, as a single thread
  // would have met it first.
  size_t first_failure = SIZE_MAX;
  std::exception_ptr error;
  for (unsigned w = 0; w < workers; ++w)
    if (errors[w] && failed_part[w] < first_failure) {
      first_failure = failed_part[w];
      error = errors[w];
    }
  if (error) std::rethrow_exception(error);

  for (auto& s : worker_sinks)
    if (s) sinks.close_part(std::move(s));
  result.workers = static_cast<unsigned>(threads.size());
  result.rereads = rereads.load();
  result.parts.reserve(parts.size());
  for (auto& p : parts) result.parts.push_back(std::move(p));
  return result;
}

}  // namespace tiers::io::detail

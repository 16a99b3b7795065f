#include "io/read_ahead.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tiers::io {
namespace {

constexpr size_t kBlocks = 4;
constexpr size_t kBlockBytes = size_t{1} << 20;

/// What the reading thread and the reader share. The thread holds it by
/// shared_ptr, so a reader that stops early can leave while the thread is
/// still blocked in a read (a slow pipe): it finishes that read and exits.
/// A reader that stops early on a file waits for the thread (a read from a
/// file, even through a decompressor, ends soon): a thread left running
/// past the reader's end held its 1 MiB block unseen by LeakSanitizer in
/// one fuzz_reader run of about 17,000.
struct Shared {
  std::unique_ptr<ByteSource> inner;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::vector<char>> ready;  // never holds an empty block
  bool done = false;
  bool stop = false;
  bool exited = false;  // fill() has returned
  std::exception_ptr error;
};

void fill(const std::shared_ptr<Shared>& s) {
  for (;;) {
    std::vector<char> block(kBlockBytes);
    size_t size = 0;
    std::exception_ptr error;
    try {
      while (size < block.size()) {
        const size_t n = s->inner->read(block.data() + size, block.size() - size);
        if (n == 0) break;
        size += n;
      }
    } catch (...) {
      error = std::current_exception();  // after the bytes read before it
    }
    block.resize(size);
    std::unique_lock lock(s->mutex);
    s->changed.wait(lock, [&] { return s->ready.size() < kBlocks || s->stop; });
    if (s->stop) return;
    if (size > 0) s->ready.push_back(std::move(block));
    const bool end = error || size == 0;
    if (end) {
      s->error = error;
      s->done = true;
    }
    lock.unlock();
    s->changed.notify_all();
    if (end) return;
  }
}

class ReadAheadSource final : public ByteSource {
 public:
  explicit ReadAheadSource(std::unique_ptr<ByteSource> inner) : shared_(std::make_shared<Shared>()) {
    size_ = inner->size_on_disk();
    shared_->inner = std::move(inner);
    thread_ = std::thread([s = shared_] {
      fill(s);
      {
        std::lock_guard lock(s->mutex);
        s->exited = true;
      }
      s->changed.notify_all();
    });
  }

  /// Stops the thread and joins it once it has returned, waiting up to
  /// 100 ms: a read from a pipe may block for longer, and then the thread is
  /// left to finish it alone.
  ~ReadAheadSource() override {
    std::unique_lock lock(shared_->mutex);
    shared_->stop = true;
    shared_->changed.notify_all();
    const bool exited =
        shared_->changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return shared_->exited; });
    lock.unlock();
    if (exited) thread_.join();
    else thread_.detach();
  }
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    if (offset_ == current_.size()) {
      std::unique_lock lock(shared_->mutex);
      shared_->changed.wait(lock, [&] { return !shared_->ready.empty() || shared_->done; });
      if (shared_->ready.empty()) {  // the end, or the error that ended it
        if (shared_->error) std::rethrow_exception(shared_->error);
        return 0;
      }
      current_ = std::move(shared_->ready.front());
      shared_->ready.pop_front();
      offset_ = 0;
      lock.unlock();
      shared_->changed.notify_all();
    }
    const size_t n = std::min(capacity, current_.size() - offset_);
    std::memcpy(buffer, current_.data() + offset_, n);
    offset_ += n;
    return n;
  }

  uint64_t size_on_disk() const override { return size_; }

 private:
  std::shared_ptr<Shared> shared_;
  std::thread thread_;
  std::vector<char> current_;
  size_t offset_ = 0;
  uint64_t size_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> make_read_ahead_source(std::unique_ptr<ByteSource> inner) {
  return std::make_unique<ReadAheadSource>(std::move(inner));
}

}  // namespace tiers::io

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "io/read_ahead.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

/// Gives `data`, a few bytes at a time, then fails if `fail` is set.
class Trickle final : public ByteSource {
 public:
  Trickle(std::string data, bool fail) : data_(std::move(data)), fail_(fail) {}
  size_t read(char* buffer, size_t capacity) override {
    if (at_ == data_.size()) {
      if (fail_) throw Error(ExitCode::kIo, "trickle: broken");
      return 0;
    }
    const size_t n = std::min({capacity, data_.size() - at_, static_cast<size_t>(1 + at_ % 7000)});
    std::memcpy(buffer, data_.data() + at_, n);
    at_ += n;
    return n;
  }
  uint64_t size_on_disk() const override { return 0; }

 private:
  std::string data_;
  size_t at_ = 0;
  bool fail_;
};

std::string random_bytes(size_t n) {
  std::mt19937 rng(5);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

}  // namespace

TEST_CASE("read-ahead passes every byte through, whatever the read sizes") {
  const std::string data = random_bytes(5'000'000);  // several 1 MiB blocks
  auto source = make_read_ahead_source(std::make_unique<Trickle>(data, false));
  std::string got;
  std::mt19937 rng(9);
  char buffer[100000];
  for (;;) {
    const size_t n = source->read(buffer, 1 + rng() % sizeof buffer);
    if (n == 0) break;
    got.append(buffer, n);
  }
  CHECK(got == data);
  CHECK(source->read(buffer, sizeof buffer) == 0);
}

TEST_CASE("read-ahead reports an error after the bytes read before it") {
  const std::string data = random_bytes(2'500'000);
  auto source = make_read_ahead_source(std::make_unique<Trickle>(data, true));
  std::string got;
  char buffer[65536];
  try {
    for (;;) {
      const size_t n = source->read(buffer, sizeof buffer);
      REQUIRE(n > 0);
      got.append(buffer, n);
    }
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "trickle: broken");
  }
  CHECK(got == data);
}

TEST_CASE("a reader may stop early and leave") {
  auto source = make_read_ahead_source(std::make_unique<Trickle>(random_bytes(8'000'000), false));
  char buffer[10];
  CHECK(source->read(buffer, sizeof buffer) == 10);
  source.reset();  // must not wait for the rest
}

namespace {

/// Fills the first read it is asked for, then blocks for `pause` in each.
class Stalls final : public ByteSource {
 public:
  explicit Stalls(std::chrono::milliseconds pause) : pause_(pause) {}
  size_t read(char* buffer, size_t capacity) override {
    if (first_) {
      first_ = false;
      std::memset(buffer, 'x', capacity);
      return capacity;
    }
    std::this_thread::sleep_for(pause_);
    return 0;
  }
  uint64_t size_on_disk() const override { return 0; }

 private:
  std::chrono::milliseconds pause_;
  bool first_ = true;
};

size_t threads_running() {
  const std::filesystem::directory_iterator tasks("/proc/self/task");
  return static_cast<size_t>(std::distance(begin(tasks), end(tasks)));
}

}  // namespace

TEST_CASE("a reader that stops early: a thread whose read ends soon is joined") {
  const size_t before = threads_running();
  // The thread is in its second read, of 20 ms, when the reader leaves.
  auto source = make_read_ahead_source(std::make_unique<Stalls>(std::chrono::milliseconds(20)));
  char buffer[10];
  CHECK(source->read(buffer, sizeof buffer) == 10);
  source.reset();
  CHECK(threads_running() <= before);  // gone (a thread of an earlier test may have ended too)
}

TEST_CASE("a reader that stops early: a thread blocked in a read is left to finish it") {
  auto source = make_read_ahead_source(std::make_unique<Stalls>(std::chrono::milliseconds(2000)));
  char buffer[10];
  CHECK(source->read(buffer, sizeof buffer) == 10);
  const auto start = std::chrono::steady_clock::now();
  source.reset();  // waits 100 ms for the thread, not the 2 s of its read
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500));
}

#include "io/file_parts.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <unistd.h>

#include <fmt/format.h>

#include "io/text.h"
#include "io/utf8.h"
#include "tiers/error.h"

namespace tiers::io::detail {
namespace {

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

}  // namespace

size_t PreadFiller::fill(char* dst, size_t capacity) {
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

FileRead read_file_parts(const FileContext& ctx, int fd, uint64_t file_size, uint64_t data_start,
                         unsigned threads, PartSinks& sinks) {
  FileRead read;
  // One part per thread to start with; a thread that has finished takes
  // over half of what another has left, as a new part (SharedStops).
  // Claims are small enough to leave something to take, large enough to
  // cost nothing.
  SharedStops stops(std::min<uint64_t>(uint64_t{1} << 20, ctx.options->min_part_bytes),
                    2 * ctx.options->min_part_bytes);
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
  auto read_from = [&](uint64_t from, bool guessed, PartStop until, Part& part) {
    PreadFiller filler(fd, from, ctx.name);
    Window window(filler, from, ctx.dialect.max_record_bytes, utf8_checker(fd, ctx.name),
                  file_size - std::min(file_size, from));
    read_part(ctx, window, 0, until, guessed, sinks, *part.sink, part);
  };
  auto read_piece = [&](Piece& piece) {
    // The first part starts right after the header; the others at the
    // first line start in their range, a guess checked below.
    const bool guessed = piece.from != data_start;
    uint64_t from = piece.from;
    if (guessed) {
      PreadFiller filler(fd, from - 1, ctx.name);
      from = std::min(file_size, line_start_after(filler, from - 1));
    }
    read_from(from, guessed, PartStop(stops, piece.id), piece.part);
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
    ++read.rereads;
  }
  for (auto& piece : pieces) read.parts.push_back(std::move(piece.part));
  return read;
}

}  // namespace tiers::io::detail

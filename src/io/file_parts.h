// Reads a regular file's records on several threads, each a byte range.
//
// The data after the header is cut into one range per thread. A range's
// part reads every record that starts in it, from the first line start
// after its cut (a guess: the cut may fall inside a quoted field with a
// line break); each part is checked afterwards against where the one
// before really ended, and read again from there when the guess was
// wrong. A thread that has finished takes over half of what another has
// left, as a new part (SharedStops in read_part.h). So records, rejects
// and line numbers are those of a single-threaded read, and only the
// number of parts depends on timing.
//
// Blocks are read with pread and checked as UTF-8 by the part that reads
// them: an invalid byte is reported with its line, found by counting line
// feeds from the start of the file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/read_part.h"

namespace tiers::io::detail {

/// Reads a regular file from `offset` on with pread.
class PreadFiller final : public Filler {
 public:
  PreadFiller(int fd, uint64_t offset, std::string name)
      : fd_(fd), offset_(offset), name_(std::move(name)) {}
  size_t fill(char* dst, size_t capacity) override;

 private:
  int fd_;
  uint64_t offset_;
  std::string name_;
};

/// A window's block check (Window's `check`) for a regular file: throws
/// the invalid-UTF-8 error, with the line, at the first bad byte.
std::function<void(const char*, size_t, uint64_t, bool)> utf8_checker(int fd, const std::string& name);

struct FileRead {
  std::vector<Part> parts;  ///< in file order, with their sinks
  unsigned rereads = 0;     ///< parts whose guessed start was wrong
};

/// Reads the records of the regular file `fd` (`file_size` bytes) from
/// `data_start` (the first data record) to its end, on `threads` threads,
/// a sink from `sinks` per part.
FileRead read_file_parts(const FileContext& ctx, int fd, uint64_t file_size, uint64_t data_start,
                         unsigned threads, PartSinks& sinks);

}  // namespace tiers::io::detail

// An unnamed temporary file that holds data a stage has finished writing
// until it is read back (a pipe's purchase log: see purchase_log.h).
//
// The file is made in $TMPDIR (else /tmp) with O_TMPFILE, or created and
// unlinked at once where the file system lacks it: it has no name, so it
// goes away when tiers exits, also when tiers is killed. Reads are pread:
// any number of threads may read at once; appends are one writer's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace tiers::aggregate {

class SpillFile {
 public:
  /// A new empty file in `dir` (empty: $TMPDIR, else /tmp), or nullptr
  /// when none can be made there.
  static std::shared_ptr<SpillFile> create(const std::string& dir = {});
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  /// Writes `size` bytes at the end; their offset, or nullopt when the
  /// write failed (a full disk): the caller keeps the data itself.
  std::optional<uint64_t> append(const void* data, size_t size);
  /// Reads `size` bytes written at `offset`. Throws Error(kIo) on failure.
  void read(uint64_t offset, void* out, size_t size) const;
  /// Bytes written.
  uint64_t size() const { return size_; }

 private:
  explicit SpillFile(int fd) : fd_(fd) {}
  int fd_;
  uint64_t size_ = 0;
};

}  // namespace tiers::aggregate

#include "io/source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "tiers/error.h"

namespace tiers::io {
namespace {

class FdSource final : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned) : fd_(fd), name_(std::move(name)), owned_(owned) {
    struct stat st {};
    // Standard input redirected from a file (`< sales.csv`) is read like
    // the file when nothing has been read from it yet: pread needs offsets
    // that start at the beginning.
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && ::lseek(fd_, 0, SEEK_CUR) == 0) {
      size_ = static_cast<uint64_t>(st.st_size);
      regular_ = true;
    }
  }
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  /// A regular file is read with pread from its own offset, so the
  /// descriptor's offset stays at 0: standard input redirected from a
  /// file that is read as a stream (re-encoded, `--encoding gbk <
  /// sales.csv`, or compressed, `< sales.csv.gz`) can be opened again for
  /// a second pass, as a plain one (read in parts with pread) always could.
  size_t read(char* buffer, size_t capacity) override {
    for (;;) {
      const ssize_t n = regular_ ? ::pread(fd_, buffer, capacity, static_cast<off_t>(offset_))
                                 : ::read(fd_, buffer, capacity);
      if (n >= 0) {
        offset_ += static_cast<uint64_t>(n);
        return static_cast<size_t>(n);
      }
      if (errno == EINTR) continue;
      throw Error(ExitCode::kIo, fmt::format("{}: read failed: {}", name_, std::strerror(errno)));
    }
  }
  uint64_t size_on_disk() const override { return size_; }
  int descriptor() const override { return regular_ ? fd_ : -1; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  uint64_t size_ = 0;
  bool regular_ = false;
  uint64_t offset_ = 0;  // of the next read
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string bytes, size_t max_read) : bytes_(std::move(bytes)), max_read_(max_read) {}
  size_t read(char* buffer, size_t capacity) override {
    const size_t n = std::min({capacity, max_read_, bytes_.size() - pos_});
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  uint64_t size_on_disk() const override { return bytes_.size(); }

 private:
  std::string bytes_;
  size_t max_read_;
  size_t pos_ = 0;
};

/// Bytes already read from `rest`, handed out before it. The read that
/// ends them goes on into `rest`, so a decompressor above sees its input
/// in the same blocks as from the file itself (the compressed offset its
/// errors name depends on them).
class PrefixSource final : public ByteSource {
 public:
  PrefixSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  size_t read(char* buffer, size_t capacity) override {
    if (pos_ >= prefix_.size()) return rest_->read(buffer, capacity);
    const size_t n = std::min(capacity, prefix_.size() - pos_);
    std::memcpy(buffer, prefix_.data() + pos_, n);
    pos_ += n;
    return n < capacity ? n + rest_->read(buffer + n, capacity - n) : n;
  }
  uint64_t size_on_disk() const override { return rest_->size_on_disk(); }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

Compression compression_from_path(std::string_view path) {
  if (path == "-") return Compression::kNone;
  if (ends_with_nocase(path, ".gz")) return Compression::kGzip;
  if (ends_with_nocase(path, ".zst")) return Compression::kZstd;
  return Compression::kNone;
}

std::unique_ptr<ByteSource> make_prefix_source(std::string prefix, std::unique_ptr<ByteSource> rest) {
  return std::make_unique<PrefixSource>(std::move(prefix), std::move(rest));
}

std::string peek_source(std::unique_ptr<ByteSource>& source, size_t n, const std::string& name) {
  std::string first(n, '\0');
  size_t got = 0;
  const int fd = source->descriptor();
  while (got < n) {
    ssize_t m;
    if (fd >= 0) {
      m = ::pread(fd, first.data() + got, n - got, static_cast<off_t>(got));
      if (m < 0 && errno == EINTR) continue;
      if (m < 0) throw Error(ExitCode::kIo, fmt::format("{}: read failed: {}", name, std::strerror(errno)));
    } else {
      m = static_cast<ssize_t>(source->read(first.data() + got, n - got));
    }
    if (m == 0) break;
    got += static_cast<size_t>(m);
  }
  first.resize(got);
  if (fd < 0) source = std::make_unique<PrefixSource>(first, std::move(source));
  return first;
}

std::unique_ptr<ByteSource> make_memory_source(std::string bytes, size_t max_read) {
  return std::make_unique<MemorySource>(std::move(bytes), std::max<size_t>(max_read, 1));
}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Compression compression_from_magic(std::string_view first) {
  if (first.substr(0, 3) == std::string_view("\x1F\x8B\x08", 3)) return Compression::kGzip;
  if (first.substr(0, 4) == "\x28\xB5\x2F\xFD") return Compression::kZstd;
  return Compression::kNone;
}

const char* compression_name(Compression compression) {
  switch (compression) {
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
    case Compression::kNone: break;
  }
  return "none";
}

std::unique_ptr<ByteSource> decompress_by_magic(std::unique_ptr<ByteSource> source, std::string name,
                                                Compression* found) {
  constexpr size_t kMagic = 4;
  std::string first(kMagic, '\0');
  size_t got = 0;
  if (const int fd = source->descriptor(); fd >= 0) {
    for (;;) {
      const ssize_t n = ::pread(fd, first.data(), kMagic, 0);
      if (n >= 0) {
        got = static_cast<size_t>(n);  // a regular file: short only at its end
        break;
      }
      if (errno != EINTR)
        throw Error(ExitCode::kIo, fmt::format("{}: read failed: {}", name, std::strerror(errno)));
    }
  } else {
    // A pipe may hand out fewer bytes than asked: read until there are
    // enough or the input ends.
    while (got < kMagic) {
      const size_t n = source->read(first.data() + got, kMagic - got);
      if (n == 0) break;
      got += n;
    }
  }
  first.resize(got);
  const Compression compression = compression_from_magic(first);
  if (found) *found = compression;
  if (source->descriptor() < 0) source = std::make_unique<PrefixSource>(std::move(first), std::move(source));
  switch (compression) {
    case Compression::kGzip: return make_gzip_source(std::move(source), std::move(name));
    case Compression::kZstd: return make_zstd_source(std::move(source), std::move(name));
    case Compression::kNone: break;
  }
  return source;
}

std::unique_ptr<ByteSource> open_source(const std::string& path, SourceInfo* info) {
  SourceInfo ignored;
  if (!info) info = &ignored;
  *info = SourceInfo{};
  if (path == "-")
    return decompress_by_magic(std::make_unique<FdSource>(STDIN_FILENO, "<stdin>", false), "<stdin>",
                               &info->compression);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw Error(ExitCode::kNoInput, fmt::format("{}: cannot open: {}", path, std::strerror(err)),
                err == ENOENT ? "check the path; use - to read standard input" : "");
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    throw Error(ExitCode::kNoInput, fmt::format("{}: is a directory, not a CSV file", path));
  }
  std::unique_ptr<ByteSource> file = std::make_unique<FdSource>(fd, path, true);
  const Compression by_name = compression_from_path(path);
  info->from_name = by_name != Compression::kNone;
  info->compression = by_name;
  switch (by_name) {
    case Compression::kGzip: return make_gzip_source(std::move(file), path);
    case Compression::kZstd: return make_zstd_source(std::move(file), path);
    case Compression::kNone: break;
  }
  return decompress_by_magic(std::move(file), path, &info->compression);
}

}  // namespace tiers::io

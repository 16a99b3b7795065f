// Buffered writing to a file descriptor.
//
// Writes go through a 1 MiB buffer. A reader that goes away (`tiers
// classify big.csv | head`) raises BrokenPipe, which main() treats as a
// quiet, successful end; any other failure is Error(kIo) naming the output.
#pragma once

#include <string>
#include <string_view>

namespace tiers::writers {

/// Thrown when the reading end of a pipe is closed.
struct BrokenPipe {};

class OutputStream {
 public:
  /// Writes to `fd`; closes it on destruction when `owns_fd`.
  OutputStream(int fd, std::string name, bool owns_fd = false);
  ~OutputStream();
  OutputStream(const OutputStream&) = delete;
  OutputStream& operator=(const OutputStream&) = delete;

  void write(std::string_view bytes) {
    if (bytes.size() >= kFlushAt) {  // a formatted block: no copy into the buffer
      flush();
      write_all(bytes.data(), bytes.size());
      return;
    }
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushAt) flush();
  }
  /// The buffer itself, for formatters that append in place; call
  /// maybe_flush() after.
  std::string& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= kFlushAt) flush();
  }
  void flush();
  const std::string& name() const { return name_; }
  int fd() const { return fd_; }

 private:
  void write_all(const char* p, size_t size);
  static constexpr size_t kFlushAt = size_t{1} << 20;
  int fd_;
  std::string name_;
  bool owns_fd_;
  std::string buffer_;
};

}  // namespace tiers::writers

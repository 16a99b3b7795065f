#include "writers/output_stream.h"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include <fmt/format.h>

#include "tiers/error.h"

namespace tiers::writers {

OutputStream::OutputStream(int fd, std::string name, bool owns_fd)
    : fd_(fd), name_(std::move(name)), owns_fd_(owns_fd) {
  buffer_.reserve(kFlushAt + 4096);
}

OutputStream::~OutputStream() {
  if (owns_fd_) ::close(fd_);
}

void OutputStream::flush() {
  write_all(buffer_.data(), buffer_.size());
  buffer_.clear();
}

void OutputStream::write_all(const char* p, size_t size) {
  size_t left = size;
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw BrokenPipe{};
      throw Error(ExitCode::kIo,
                  fmt::format("{}: write failed: {}", name_, std::strerror(errno)));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace tiers::writers

#include "aggregate/spill_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "tiers/error.h"

namespace tiers::aggregate {

std::shared_ptr<SpillFile> SpillFile::create(const std::string& dir) {
  std::string where = dir;
  if (where.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    where = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
  }
  int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    std::string name = where + "/tiers-spill-XXXXXX";
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(name.c_str());
  }
  if (fd < 0) return nullptr;
  return std::shared_ptr<SpillFile>(new SpillFile(fd));
}

SpillFile::~SpillFile() { ::close(fd_); }

std::optional<uint64_t> SpillFile::append(const void* data, size_t size) {
  const uint64_t at = size_;
  const auto* p = static_cast<const char*>(data);
  for (size_t done = 0; done < size;) {
    const ssize_t n = ::pwrite(fd_, p + done, size - done, static_cast<off_t>(at + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;  // the bytes past size_ are never read
    done += static_cast<size_t>(n);
  }
  size_ += size;
  return at;
}

void SpillFile::read(uint64_t offset, void* out, size_t size) const {
  auto* p = static_cast<char*>(out);
  for (size_t done = 0; done < size;) {
    const ssize_t n = ::pread(fd_, p + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Error(ExitCode::kIo, fmt::format("temporary file: read failed: {}",
                                             n == 0 ? "unexpected end" : std::strerror(errno)));
    done += static_cast<size_t>(n);
  }
}

}  // namespace tiers::aggregate

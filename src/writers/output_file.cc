#include "writers/output_file.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "tiers/error.h"

namespace tiers::writers {
namespace {

/// The descriptor a path names when it is one of the process's own
/// (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), else nullopt.
std::optional<int> own_descriptor(std::string_view path) {
  if (path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const std::string_view digits = path.substr(prefix.size());
    if (digits.empty() || digits.size() > 9) return std::nullopt;
    int fd = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      fd = fd * 10 + (c - '0');
    }
    return fd;
  }
  return std::nullopt;
}

[[noreturn]] void fail(ExitCode code, const std::string& path, const char* what) {
  throw Error(code, fmt::format("{}: {}: {}", path, what, std::strerror(errno)));
}

void write_to(int fd, bool close_it, const std::string& path,
              const std::function<void(OutputStream&)>& write) {
  {
    OutputStream out(fd, path, false);
    try {
      write(out);
      out.flush();
    } catch (...) {
      if (close_it) ::close(fd);
      throw;
    }
  }
  if (close_it && ::close(fd) != 0) fail(ExitCode::kIo, path, "write failed");
}

}  // namespace

void write_output_file(const std::string& path, const std::function<void(OutputStream&)>& write) {
  if (const auto fd = own_descriptor(path)) {
    if (::fcntl(*fd, F_GETFD) < 0) fail(ExitCode::kCantCreate, path, "cannot write");
    return write_to(*fd, false, path, write);
  }
  // A link to a regular file: the link stays, its target is replaced.
  std::string target = path;
  struct stat st {}, to {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode) && ::stat(path.c_str(), &to) == 0 &&
      S_ISREG(to.st_mode)) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (resolved == nullptr) fail(ExitCode::kCantCreate, path, "cannot create");
    target = resolved;
    std::free(resolved);
  }
  const bool replace = ::lstat(target.c_str(), &st) != 0 || S_ISREG(st.st_mode);
  if (!replace) {  // a FIFO, a device, a link to one or to nothing yet
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) fail(ExitCode::kCantCreate, path, "cannot create");
    return write_to(fd, true, path, write);
  }
  const std::string tmp = target + ".tiers-tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(ExitCode::kCantCreate, path, "cannot create");
  try {
    write_to(fd, true, path, write);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    fail(ExitCode::kCantCreate, path, "cannot write");
  }
}

}  // namespace tiers::writers

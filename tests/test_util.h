// Helpers for unit tests: temporary files and pipes with given contents.
#pragma once

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <unistd.h>
#include <zlib.h>

namespace tiers::testing {

/// `text` gzip-compressed as one member (zlib's deflate with a gzip header).
inline std::string gzip(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

/// A file in a fresh temporary directory, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& contents, const std::string& name = "input.csv") {
    char dir[] = "/tmp/tiers-test-XXXXXX";
    dir_ = ::mkdtemp(dir);
    path_ = dir_ + "/" + name;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string path_;
};

/// A pipe that a thread of its own fills with `contents`, then closes:
/// path() names its reading end (/proc/self/fd/N), which reads as a stream
/// (a shell pipe), never as a file.
class TempPipe {
 public:
  explicit TempPipe(std::string contents) {
    std::signal(SIGPIPE, SIG_IGN);  // a reader that stops early: the write fails instead
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe() failed");
    read_end_ = fds[0];
    writer_ = std::thread([fd = fds[1], bytes = std::move(contents)] {
      size_t done = 0;
      while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
      }
      ::close(fd);
    });
  }
  ~TempPipe() {
    ::close(read_end_);  // unblocks a writer nobody reads to the end
    writer_.join();
  }
  TempPipe(const TempPipe&) = delete;
  TempPipe& operator=(const TempPipe&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(read_end_); }

 private:
  int read_end_ = -1;
  std::thread writer_;
};

}  // namespace tiers::testing

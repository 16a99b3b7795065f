#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tiers/error.h"
#include "writers/output_file.h"

using namespace tiers;
using namespace tiers::writers;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  write_output_file(path, [&](OutputStream& out) { out.write(text); });
}

struct Scratch {
  fs::path dir;
  Scratch() {
    char name[] = "/tmp/tiers-output-file-XXXXXX";
    dir = ::mkdtemp(name);
  }
  ~Scratch() { fs::remove_all(dir); }
  std::string at(const char* name) const { return (dir / name).string(); }
};

}  // namespace

TEST_CASE("a new or regular output file is replaced whole, and kept when writing fails") {
  Scratch s;
  const std::string path = s.at("rejects.csv");
  write_text(path, "first\n");
  CHECK(read_all(path) == "first\n");
  write_text(path, "second\n");
  CHECK(read_all(path) == "second\n");
  CHECK_THROWS_AS(write_output_file(path,
                                    [](OutputStream& out) {
                                      out.write("half");
                                      throw Error(ExitCode::kIo, "stopped");
                                    }),
                  Error);
  CHECK(read_all(path) == "second\n");
  CHECK_FALSE(fs::exists(path + ".tiers-tmp"));
}

TEST_CASE("a symbolic link to an output file stays a link; its target is replaced") {
  Scratch s;
  write_text(s.at("real.csv"), "old text, longer than the new\n");
  fs::create_symlink("real.csv", s.at("link.csv"));
  write_text(s.at("link.csv"), "new\n");
  CHECK(fs::is_symlink(s.at("link.csv")));
  CHECK(read_all(s.at("real.csv")) == "new\n");
  // A link to nothing yet: its target is created.
  fs::create_symlink("later.csv", s.at("dangling.csv"));
  write_text(s.at("dangling.csv"), "made\n");
  CHECK(fs::is_symlink(s.at("dangling.csv")));
  CHECK(read_all(s.at("later.csv")) == "made\n");
}

TEST_CASE("a FIFO is written in place") {
  Scratch s;
  const std::string fifo = s.at("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = read_all(fifo); });
  write_text(fifo, "through the pipe\n");
  reader.join();
  CHECK(got == "through the pipe\n");
  CHECK(fs::is_fifo(fifo));
}

TEST_CASE("the process's own descriptors are written through, at their position, untruncated") {
  Scratch s;
  const std::string log = s.at("log.txt");
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "kept\n", 5) == 5);
  for (const std::string& name : {"/dev/fd/" + std::to_string(fd), "/proc/self/fd/" + std::to_string(fd)})
    write_text(name, name + "\n");
  ::close(fd);
  CHECK(read_all(log) == "kept\n/dev/fd/" + std::to_string(fd) + "\n/proc/self/fd/" + std::to_string(fd) + "\n");
  // A descriptor the process does not have.
  CHECK_THROWS_WITH_AS(write_text("/dev/fd/999999", "x"), "/dev/fd/999999: cannot write: Bad file descriptor",
                       Error);
  // Not a descriptor name: an ordinary path.
  CHECK_THROWS_AS(write_text("/dev/fd/x", "x"), Error);
}

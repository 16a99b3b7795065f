#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../tests/test_util.h"
#include "writers/output_dir.h"

using namespace tiers;
using namespace tiers::writers;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_set(const std::string& dir, const std::string& text, bool commit) {
  OutputDir out(dir);
  for (const char* name : {"customers.csv", "report.csv"}) {
    auto stream = out.create(name);
    // Larger than a stream's buffer: written out before close as well.
    for (int k = 0; k < 20'000; ++k) stream->write(text);
    out.close(std::move(stream));
  }
  if (!commit) return;
  out.commit();
  // Whole as soon as commit returns (not only once the streams are gone).
  for (const char* name : {"customers.csv", "report.csv"}) {
    CAPTURE(name);
    CHECK(read_file(std::filesystem::path(dir) / name).size() == 20'000 * text.size());
  }
}

}  // namespace

TEST_CASE("an output directory holds the files closed into it once committed, not before") {
  testing::TempFile place("");
  const std::string dir = place.dir() + "/out";
  write_set(dir, "first run\n", true);
  // Closed files are synced and moved in by commit: whole, every one.
  for (const char* name : {"customers.csv", "report.csv"}) {
    CAPTURE(name);
    const std::string text = read_file(std::filesystem::path(dir) / name);
    CHECK(text.size() == 20'000 * std::string("first run\n").size());
    CHECK(text.substr(0, 10) == "first run\n");
  }
  // A run that stops before commit (files closed, open streams dropped)
  // leaves the previous set as it was, and no staging directory behind.
  write_set(dir, "second run\n", false);
  CHECK(read_file(std::filesystem::path(dir) / "report.csv").substr(0, 10) == "first run\n");
  size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(place.dir())) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 2);  // input.csv (the TempFile's) and out
  write_set(dir, "third run\n", true);
  CHECK(read_file(std::filesystem::path(dir) / "customers.csv").substr(0, 10) == "third run\n");
}

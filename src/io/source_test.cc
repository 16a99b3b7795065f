#include <doctest/doctest.h>

#include <functional>
#include <string>

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>
#include <unistd.h>

#include "../tests/test_util.h"
#include "io/source.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

using testing::gzip;

std::string zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  REQUIRE(!ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string read_all(ByteSource& source, size_t capacity = 1 << 16) {
  std::string out, buf(capacity, '\0');
  while (size_t n = source.read(buf.data(), buf.size())) out.append(buf.data(), n);
  return out;
}

std::string gunzip(const std::string& bytes, size_t max_read = 1 << 20, size_t capacity = 1 << 16) {
  auto s = make_gzip_source(make_memory_source(bytes, max_read), "in.csv.gz");
  return read_all(*s, capacity);
}

std::string unzstd(const std::string& bytes, size_t max_read = 1 << 20, size_t capacity = 1 << 16) {
  auto s = make_zstd_source(make_memory_source(bytes, max_read), "in.csv.zst");
  return read_all(*s, capacity);
}

std::string error_of(const std::function<void()>& f, ExitCode expected = ExitCode::kData) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  return "";
}

/// A CSV long enough to span several blocks.
std::string big_csv() {
  std::string s = "customer_id,order_date,amount\n";
  for (int i = 0; i < 50000; ++i) s += fmt::format("C{},2024-03-07,{}.25\n", i % 977, i);
  return s;
}

}  // namespace

TEST_CASE("sources: compression is chosen by extension") {
  CHECK(compression_from_path("a.csv.gz") == Compression::kGzip);
  CHECK(compression_from_path("A.CSV.GZ") == Compression::kGzip);
  CHECK(compression_from_path("a.csv.zst") == Compression::kZstd);
  CHECK(compression_from_path("a.csv") == Compression::kNone);
  CHECK(compression_from_path("gz") == Compression::kNone);
  CHECK(compression_from_path("-") == Compression::kNone);
}

TEST_CASE("sources: memory source hands out at most max_read bytes") {
  auto s = make_memory_source("abcdef", 4);
  char buf[16];
  CHECK(s->read(buf, sizeof buf) == 4);
  CHECK(s->read(buf, 1) == 1);
  CHECK(s->read(buf, sizeof buf) == 1);
  CHECK(s->read(buf, sizeof buf) == 0);
  CHECK(s->size_on_disk() == 6);
}

TEST_CASE("gzip: round trip whatever the block sizes") {
  const std::string text = "customer_id,amount\nC1,12.50\nC2,\xE4\xB8\xAD\n";
  const std::string gz = gzip(text);
  CHECK(gunzip(gz) == text);
  CHECK(gunzip(gz, 1) == text);
  CHECK(gunzip(gz, 7, 3) == text);
  CHECK(gunzip(gz, 1, 1) == text);
  const std::string big = big_csv();
  CHECK(gunzip(gzip(big)) == big);
  CHECK(gunzip(gzip(big), 4093, 1000) == big);
}

TEST_CASE("gzip: concatenated members are read to the end") {
  CHECK(gunzip(gzip("a,b\n1,2\n") + gzip("3,4\n")) == "a,b\n1,2\n3,4\n");
  CHECK(gunzip(gzip("a,b\n") + gzip("") + gzip("5,6\n"), 3) == "a,b\n5,6\n");
}

TEST_CASE("gzip: empty, truncated, corrupt") {
  CHECK(gunzip("") == "");
  const std::string gz = gzip("customer_id,amount\nC1,12.50\n");
  // Cut inside the 8-byte trailer (CRC and size): truncated.
  CHECK(error_of([&] { gunzip(gz.substr(0, gz.size() - 3)); }) ==
        fmt::format("in.csv.gz: the gzip data is truncated (it ends inside a member, after {} "
                    "compressed bytes)",
                    gz.size() - 3));
  // A wrong CRC: zlib reports the check failure.
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 0x55);
  CHECK(error_of([&] { gunzip(bad_crc); }).rfind("in.csv.gz: corrupt gzip data (found at compressed byte ", 0) == 0);
  // zlib reads the two-byte header before it can refuse it.
  CHECK(error_of([&] { gunzip("this is not gzip"); }) ==
        "in.csv.gz: corrupt gzip data (found at compressed byte 2): incorrect header check");
  // Garbage after a complete member is not silently dropped.
  CHECK(error_of([&] { gunzip(gz + "junk"); }).rfind("in.csv.gz: corrupt gzip data", 0) == 0);
}

TEST_CASE("zstd: round trip, several frames, block sizes") {
  const std::string text = "customer_id,amount\nC1,12.50\n";
  CHECK(unzstd(zstd(text)) == text);
  CHECK(unzstd(zstd(text), 1, 1) == text);
  CHECK(unzstd(zstd("a\n") + zstd("b\n")) == "a\nb\n");
  const std::string big = big_csv();
  CHECK(unzstd(zstd(big), 4093, 1000) == big);
  CHECK(unzstd("") == "");
}

TEST_CASE("zstd: truncated and corrupt") {
  const std::string z = zstd("customer_id,amount\nC1,12.50\n");
  CHECK(error_of([&] { unzstd(z.substr(0, z.size() - 2)); }) ==
        fmt::format("in.csv.zst: the zstd data is truncated (it ends inside a frame, after {} "
                    "compressed bytes)",
                    z.size() - 2));
  CHECK(error_of([&] { unzstd("this is not zstd"); }).rfind("in.csv.zst: corrupt zstd data (found at compressed byte", 0) == 0);
}

TEST_CASE("open_source decompresses by extension; size_on_disk is the compressed size") {
  const std::string text = "customer_id,order_date,amount\nC1,2024-01-01,5\n";
  const std::string gz = gzip(text), z = zstd(text);
  testing::TempFile gz_file(gz, "in.csv.gz"), z_file(z, "in.csv.zst"), plain(text, "in.csv");
  SourceInfo info;
  auto a = open_source(gz_file.path(), &info);
  CHECK(info.compression == Compression::kGzip);
  CHECK(info.from_name);
  CHECK(std::string(compression_name(info.compression)) == "gzip");
  CHECK(read_all(*a) == text);
  CHECK(a->size_on_disk() == gz.size());
  auto b = open_source(z_file.path());
  CHECK(read_all(*b) == text);
  CHECK(b->size_on_disk() == z.size());
  auto c = open_source(plain.path());
  CHECK(read_all(*c) == text);
  testing::TempFile broken("not gzip at all", "broken.csv.gz");
  CHECK(error_of([&] { read_all(*open_source(broken.path())); }) ==
        broken.path() + ": corrupt gzip data (found at compressed byte 2): incorrect header check");
}

TEST_CASE("open_source: reading a regular file leaves its descriptor's offset at the start") {
  // Standard input redirected from a file is opened again for a second
  // pass only while its offset is 0: a re-encoded one is read as a stream,
  // through read(), which must not move it.
  const std::string text = big_csv();
  testing::TempFile plain(text, "in.csv");
  auto s = open_source(plain.path());
  REQUIRE(s->descriptor() >= 0);
  CHECK(read_all(*s, 1000) == text);
  CHECK(::lseek(s->descriptor(), 0, SEEK_CUR) == 0);
}

TEST_CASE("sources: compression is recognised by its magic number") {
  const std::string text = "customer_id,order_date,amount\nC1,2024-01-01,5\n";
  CHECK(compression_from_magic(gzip(text)) == Compression::kGzip);
  CHECK(compression_from_magic(gzip("")) == Compression::kGzip);
  CHECK(compression_from_magic(zstd(text)) == Compression::kZstd);
  CHECK(compression_from_magic(text) == Compression::kNone);
  CHECK(compression_from_magic("") == Compression::kNone);
  CHECK(compression_from_magic("\xEF\xBB\xBF" "customer_id") == Compression::kNone);  // UTF-8 BOM
  CHECK(compression_from_magic(std::string("\xFF\xFE" "c\0", 4)) == Compression::kNone);  // UTF-16
  // Only the whole magic number counts.
  CHECK(compression_from_magic("\x1F\x8B") == Compression::kNone);
  CHECK(compression_from_magic("\x1F\x8B\x07zz") == Compression::kNone);
  CHECK(compression_from_magic("\x28\xB5\x2F") == Compression::kNone);
  CHECK(compression_from_magic("\x28\xB5\x2F\xFE") == Compression::kNone);
}

TEST_CASE("decompress_by_magic: gzip and zstd under any name, anything else byte for byte") {
  const std::string text = "customer_id,order_date,amount\nC1,2024-01-01,5\n";
  const std::string gz = gzip(text), z = zstd(text);
  // A pipe hands out what it has: the first bytes may come one at a time.
  for (size_t max_read : {size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{1} << 20}) {
    CAPTURE(max_read);
    auto a = decompress_by_magic(make_memory_source(gz, max_read), "<stdin>");
    CHECK(read_all(*a) == text);
    auto b = decompress_by_magic(make_memory_source(z, max_read), "<stdin>");
    CHECK(read_all(*b, 3) == text);
    auto c = decompress_by_magic(make_memory_source(text, max_read), "<stdin>");
    CHECK(c->size_on_disk() == text.size());
    CHECK(read_all(*c, 2) == text);  // the bytes looked at are handed out again
    for (const std::string s : {"", "c", "cu", "cus", "cust", "custo", "\x1F\x8B", "\x1F\x8B\x07z"}) {
      auto d = decompress_by_magic(make_memory_source(s, max_read), "<stdin>");
      CHECK(read_all(*d, 1) == s);
    }
  }
  // A corrupt header is reported at the same compressed byte as from the
  // file itself: the bytes looked at go on in one block with the rest.
  const std::string bad_zstd = std::string("\x28\xB5\x2F\xFD\x4F", 5) + "unt|name it";
  const std::string direct =
      error_of([&] { read_all(*make_zstd_source(make_memory_source(bad_zstd), "<stdin>")); });
  CHECK(direct.rfind("<stdin>: corrupt zstd data (found at compressed byte ", 0) == 0);
  CHECK(error_of([&] { read_all(*decompress_by_magic(make_memory_source(bad_zstd), "<stdin>")); }) == direct);
  // Errors name the input as given.
  CHECK(error_of([&] { read_all(*decompress_by_magic(make_memory_source(gz.substr(0, gz.size() - 3)), "<stdin>")); }) ==
        fmt::format("<stdin>: the gzip data is truncated (it ends inside a member, after {} compressed bytes)",
                    gz.size() - 3));
}

TEST_CASE("open_source: compressed data without its extension, in files and pipes") {
  const std::string text = big_csv();
  const std::string gz = gzip(text), z = zstd(text);
  testing::TempFile gz_file(gz, "download.csv"), z_file(z, "export"), plain(text, "in.csv");
  SourceInfo info;
  auto a = open_source(gz_file.path(), &info);
  CHECK(info.compression == Compression::kGzip);
  CHECK_FALSE(info.from_name);
  CHECK(a->descriptor() == -1);  // a stream now, not a file read in parts
  CHECK(read_all(*a) == text);
  CHECK(read_all(*open_source(z_file.path())) == text);
  // A plain file is looked at with pread: still read in parts, from its start.
  auto c = open_source(plain.path(), &info);
  CHECK(info.compression == Compression::kNone);
  CHECK(c->descriptor() >= 0);
  CHECK(read_all(*c) == text);
  testing::TempFile odd("\x1F\x8Bzz,b\n1,2\n", "odd.csv");
  CHECK(read_all(*open_source(odd.path())) == "\x1F\x8Bzz,b\n1,2\n");

  testing::TempPipe gz_pipe(gz), z_pipe(z), text_pipe(text), empty_pipe("");
  CHECK(read_all(*open_source(gz_pipe.path())) == text);
  CHECK(read_all(*open_source(z_pipe.path())) == text);
  auto t = open_source(text_pipe.path());
  CHECK(t->descriptor() == -1);
  CHECK(read_all(*t) == text);
  CHECK(read_all(*open_source(empty_pipe.path())) == "");
}

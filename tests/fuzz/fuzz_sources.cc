// Fuzzes the decompressing and decoding sources.
//
// Byte 0 picks the mode, byte 1 seeds read sizes; the rest is the payload.
//  0: payload as gzip data (corrupt, truncated, several members…)
//  1: payload gzip-compressed here as two members, read back: must equal
//  2: payload as zstd data
//  3-7: payload decoded from gbk, gb18030, cp1252, utf-16, utf-8 (checked)
//  8: payload through decompress_by_magic: without a magic number it must
//     come out unchanged; and through the lone-CR filter: as cr_to_lf
//  9: payload gzip-compressed here, through decompress_by_magic: must equal
// Any outcome but the bytes or a tiers::Error (kData/kIo) is a bug.
#include <string>

#include <zlib.h>

#include "fuzz_util.h"
#include "io/decoding_source.h"
#include "io/line_ends.h"
#include "io/source.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

std::string gzip(std::string_view text) {
  z_stream z{};
  if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) fuzz::fail("deflateInit2");
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) fuzz::fail("deflate");
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string drain(ByteSource& s, fuzz::Rng& rng) {
  std::string out;
  char buf[512];
  while (size_t n = s.read(buf, rng.size(sizeof buf))) {
    out.append(buf, n);
    FUZZ_CHECK(out.size() < (size_t{64} << 20));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int mode = data[0] % 10;
  fuzz::Rng rng(data[1]);
  const std::string payload(reinterpret_cast<const char*>(data) + 2, size - 2);
  const size_t max_read = rng.size(300);
  try {
    switch (mode) {
      case 0: {
        auto s = make_gzip_source(make_memory_source(payload, max_read), "f.gz");
        drain(*s, rng);
        break;
      }
      case 1: {
        const size_t cut = payload.empty() ? 0 : rng.next() % payload.size();
        const std::string gz = gzip(std::string_view(payload).substr(0, cut)) + gzip(std::string_view(payload).substr(cut));
        auto s = make_gzip_source(make_memory_source(gz, max_read), "f.gz");
        FUZZ_CHECK(drain(*s, rng) == payload);
        break;
      }
      case 2: {
        auto s = make_zstd_source(make_memory_source(payload, max_read), "f.zst");
        drain(*s, rng);
        break;
      }
      case 8: {
        auto s = decompress_by_magic(make_memory_source(payload, max_read), "f.csv");
        const std::string out = drain(*s, rng);
        if (compression_from_magic(payload) == Compression::kNone) FUZZ_CHECK(out == payload);
        auto lf = make_cr_to_lf_source(make_memory_source(payload, max_read));
        std::string expected = payload;
        cr_to_lf(expected);
        FUZZ_CHECK(drain(*lf, rng) == expected);
        break;
      }
      case 9: {
        auto s = decompress_by_magic(make_memory_source(gzip(payload), max_read), "f.csv");
        FUZZ_CHECK(drain(*s, rng) == payload);
        break;
      }
      default: {
        static constexpr Encoding kEncodings[] = {Encoding::kGbk, Encoding::kGb18030, Encoding::kCp1252,
                                                  Encoding::kUtf16, Encoding::kUtf8};
        auto s = make_decoding_source(make_memory_source(payload, max_read), kEncodings[mode - 3], "f.csv");
        drain(*s, rng);
        break;
      }
    }
  } catch (const Error& e) {
    FUZZ_CHECK(mode != 1 && mode != 9);  // a round trip must not fail
    FUZZ_CHECK(e.code() == ExitCode::kData || e.code() == ExitCode::kIo);
  }
  return 0;
}

// Fuzzes the UTF-8 validator against a naive code-point decoder, and the
// streaming validator (blocks sized from the first byte) against both.
#include <optional>
#include <string>

#include "fuzz_util.h"
#include "io/utf8.h"

using namespace tiers;
using namespace tiers::io;

namespace {

std::optional<size_t> reference_invalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1Fu; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0Fu; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07u; }
    else return i;
    if (i + n > s.size()) return i;
    for (size_t k = 1; k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    const uint32_t min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto expected = reference_invalid(text);
  FUZZ_CHECK(find_invalid_utf8(text) == expected);
  fuzz::Rng rng(data[0]);
  Utf8Validator v;
  std::optional<uint64_t> got;
  for (size_t i = 0; i < text.size() && !got;) {
    const size_t n = std::min(text.size() - i, rng.size(20));
    got = v.feed(text.substr(i, n));
    i += n;
  }
  if (!got) got = v.finish();
  FUZZ_CHECK(got.has_value() == expected.has_value());
  if (expected) FUZZ_CHECK(*got == *expected);
  return 0;
}

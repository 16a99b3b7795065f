// Fuzzes the UTF-8 validator against a naive code-point decoder, and the
// streaming validator (blocks sized from the first byte) against both.
#include <optional>
#include <string>

#include "fuzz_util.h"
#include "io/utf8.h"
#include "../utf8_reference.h"

using namespace tiers;
using namespace tiers::io;
using tiers::testing::reference_invalid;

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

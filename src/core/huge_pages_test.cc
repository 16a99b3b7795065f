#include <doctest/doctest.h>

#include <cstdint>

#include "core/huge_pages.h"

using namespace tiers;

namespace {
struct Defaults {
  int32_t low = INT32_MAX;
  int32_t high = INT32_MIN;
};
}  // namespace

TEST_CASE("table memory: zeroed or value-initialised, small and big, moved and freed") {
  for (const size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{3} << 20}) {
    CAPTURE(n);
    TableArray<uint64_t> words(n);
    REQUIRE(words.size() == n);
    size_t nonzero = 0;
    for (uint64_t w : words) nonzero += w != 0;
    CHECK(nonzero == 0);
    for (size_t i = 0; i < n; ++i) words[i] = i;
    const auto address = reinterpret_cast<uintptr_t>(words.begin());
    CHECK(address % 64 == 0);
    if (n * sizeof(uint64_t) >= (size_t{2} << 20)) CHECK(address % (size_t{2} << 20) == 0);
    TableArray<uint64_t> moved = std::move(words);
    CHECK(words.size() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
    REQUIRE(moved.size() == n);
    if (n > 0) CHECK(moved[n - 1] == n - 1);
    moved.reset();
    CHECK(moved.size() == 0);
  }
  TableArray<Defaults> records(size_t{1} << 18);  // 2 MiB: mapped memory
  size_t wrong = 0;
  for (const Defaults& d : records) wrong += d.low != INT32_MAX || d.high != INT32_MIN;
  CHECK(wrong == 0);
}

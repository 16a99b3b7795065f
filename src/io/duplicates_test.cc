#include <doctest/doctest.h>

#include <string>

#include "io/duplicates.h"

using namespace tiers::io;

TEST_CASE("a record is new the first time only, under the same header") {
  RecordFingerprints seen;
  const uint64_t a = RecordFingerprints::header_seed({"customer_id", "date", "amount"});
  const uint64_t b = RecordFingerprints::header_seed({"customer_id", "amount", "date"});
  CHECK(a != b);
  CHECK(seen.first_time(a, "C1,2024-01-01,5"));
  CHECK_FALSE(seen.first_time(a, "C1,2024-01-01,5"));
  CHECK(seen.first_time(a, "C1,2024-01-01,5 "));  // bytes, not values
  CHECK(seen.first_time(b, "C1,2024-01-01,5"));   // another header: another meaning
  CHECK_FALSE(seen.first_time(b, "C1,2024-01-01,5"));
  CHECK(seen.distinct() == 3);
  // Names are separated: ("ab", "c") is not ("a", "bc").
  CHECK(RecordFingerprints::header_seed({"ab", "c"}) != RecordFingerprints::header_seed({"a", "bc"}));
}

TEST_CASE("the table grows and forgets nothing") {
  RecordFingerprints seen;
  const uint64_t seed = RecordFingerprints::header_seed({"x"});
  constexpr int kRows = 300000;  // several doublings past the first 65536 slots
  for (int i = 0; i < kRows; ++i) REQUIRE(seen.first_time(seed, "row " + std::to_string(i)));
  CHECK(seen.distinct() == kRows);
  for (int i = 0; i < kRows; ++i) REQUIRE_FALSE(seen.first_time(seed, "row " + std::to_string(i)));
  CHECK(seen.distinct() == kRows);
  // At most 3/4 full: 300000 rows need 2^19 slots of 16 bytes.
  CHECK(seen.memory_bytes() == (uint64_t{1} << 19) * 16);
}

TEST_CASE("reserve makes the room once; the records seen are kept") {
  RecordFingerprints seen;
  const uint64_t seed = RecordFingerprints::header_seed({"x"});
  CHECK(seen.first_time(seed, "kept"));
  seen.reserve(300000);
  CHECK(seen.memory_bytes() == (uint64_t{1} << 19) * 16);  // 300001 ≤ 3/4 of 2^19
  for (int i = 0; i < 300000; ++i) REQUIRE(seen.first_time(seed, std::to_string(i)));
  CHECK(seen.memory_bytes() == (uint64_t{1} << 19) * 16);  // never rebuilt
  CHECK_FALSE(seen.first_time(seed, "kept"));
}

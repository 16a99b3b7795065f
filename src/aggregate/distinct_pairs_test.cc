#include <doctest/doctest.h>

#include <random>
#include <set>
#include <vector>

#include "aggregate/distinct_pairs.h"

using namespace tiers::aggregate;

namespace {
/// Two words and the key's place in the input, to check stability.
struct Tagged {
  uint64_t hi, lo;
  uint32_t index;
};
}  // namespace

template <>
struct tiers::RadixKey<Tagged> {
  static constexpr size_t kWords = 2;
  static uint64_t word(const Tagged& k, size_t w) { return w == 0 ? k.lo : k.hi; }
};

TEST_CASE("radix sort orders keys like std::sort, with constant and varying bytes") {
  std::mt19937_64 rng(7);
  for (size_t n : {0, 1, 63, 64, 1000, 70'000}) {
    std::vector<uint64_t> a(n);
    std::vector<Pair128> b(n);
    for (size_t i = 0; i < n; ++i) {
      // Bytes that vary in some keys only, high bytes constant except rarely.
      a[i] = (uint64_t{1} << 62) | (rng() % 5000) << 20 | (i % 3 == 0 ? rng() & 0xFF : 0);
      if (i % 1000 == 7) a[i] ^= uint64_t{1} << 63;
      b[i] = Pair128{rng() % 300 + 1, (uint64_t{2} << 62) | (rng() % 100'000)};
    }
    std::vector<uint64_t> a_want = a;
    std::vector<Pair128> b_want = b;
    std::sort(a_want.begin(), a_want.end());
    std::sort(b_want.begin(), b_want.end());
    std::vector<uint64_t> s1;
    std::vector<Pair128> s2;
    tiers::radix_sort(a, s1);
    tiers::radix_sort(b, s2);
    CHECK(a == a_want);
    CHECK(b == b_want);
  }
}

TEST_CASE("radix sort: keys that differ in scattered bit ranges, ties kept in order") {
  // Digits start at differing bits and skip constant runs: differing runs
  // 11 bits apart, 1 bit apart, straddling a digit, at bit 63.
  std::mt19937_64 rng(9);
  for (const uint64_t varying : {uint64_t{0x7FF} | uint64_t{0xFFFFF} << 32, uint64_t{0x0F0F0F0F0F},
                                 uint64_t{1} | uint64_t{1} << 63, uint64_t{0x5555555555555555},
                                 uint64_t{0xFFF} << 10, ~uint64_t{0}}) {
    CAPTURE(varying);
    std::vector<Tagged> keys(5000), want;
    for (uint32_t i = 0; i < keys.size(); ++i)
      keys[i] = {rng() & varying & 0xFFFF, (rng() & varying) | (uint64_t{3} << 20 & ~varying), i};
    want = keys;
    std::stable_sort(want.begin(), want.end(), [](const auto& a, const auto& b) {
      return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
    });
    std::vector<Tagged> scratch;
    tiers::radix_sort(keys, scratch);
    size_t wrong = 0;
    for (size_t i = 0; i < keys.size(); ++i) wrong += keys[i].index != want[i].index;
    CHECK(wrong == 0);
  }
}

TEST_CASE("distinct pairs: the same set as std::set, across many compactions") {
  // 5 million pairs with many repeats: several automatic compactions
  // (each after a million), duplicates inside one batch and across them.
  std::mt19937_64 rng(11);
  DistinctPairs<Pair128> orders;
  DistinctPairs<uint64_t> days;
  std::set<std::pair<uint64_t, uint64_t>> orders_want;
  std::set<uint64_t> days_want;
  for (size_t i = 0; i < 5'000'000; ++i) {
    const uint64_t customer = rng() % 20'000 + 1, value = rng() % 150;
    orders.add(Pair128{customer, (uint64_t{1} << 62) | value});
    orders_want.emplace(customer, (uint64_t{1} << 62) | value);
    days.add(customer << 32 | (value + 19'000));
    days_want.insert(customer << 32 | (value + 19'000));
  }
  orders.compact();
  days.compact();
  REQUIRE(orders.sorted().size() == orders_want.size());
  REQUIRE(days.sorted().size() == days_want.size());
  size_t k = 0, differ = 0;
  for (const auto& [hi, lo] : orders_want) differ += !(orders.sorted()[k++] == Pair128{hi, lo});
  CHECK(differ == 0);
  CHECK(std::equal(days_want.begin(), days_want.end(), days.sorted().begin()));
}

TEST_CASE("distinct pairs: a merge keeps one of each pair, wherever the repeats fall") {
  DistinctPairs<uint64_t> p;
  auto add = [&](std::initializer_list<uint64_t> keys) {
    for (uint64_t k : keys) p.add(k);
    p.compact();
    return p.sorted();
  };
  using V = std::vector<uint64_t>;
  CHECK(add({5, 1, 3, 3}) == V{1, 3, 5});
  CHECK(add({0, 3, 5, 6}) == V{0, 1, 3, 5, 6});     // repeats inside, new at both ends
  CHECK(add({6, 5, 0, 1, 3}) == V{0, 1, 3, 5, 6});  // nothing new: every pair a repeat
  CHECK(add({0, 0, 0}) == V{0, 1, 3, 5, 6});        // the smallest, repeated
  CHECK(add({7, 8}) == V{0, 1, 3, 5, 6, 7, 8});     // all after
  CHECK(add({2, 4, 6, 8}) == V{0, 1, 2, 3, 4, 5, 6, 7, 8});
  DistinctPairs<Pair128> q;
  for (uint64_t lo : {3u, 1u, 2u}) q.add(Pair128{1, lo});
  q.compact();
  for (uint64_t lo : {2u, 4u, 1u}) q.add(Pair128{1, lo});
  q.add(Pair128{0, 9});
  q.compact();
  CHECK(q.sorted() == std::vector<Pair128>{{0, 9}, {1, 1}, {1, 2}, {1, 3}, {1, 4}});
}

TEST_CASE("distinct pairs: memory follows the distinct pairs, not the pairs added") {
  // 20M pairs drawn from 100k: the 320 MB added must not be held.
  std::mt19937_64 rng(3);
  DistinctPairs<Pair128> pairs;
  size_t most = 0;
  for (size_t i = 0; i < 20'000'000; ++i) {
    pairs.add(Pair128{rng() % 1000 + 1, rng() % 100});
    most = std::max(most, pairs.memory());
  }
  pairs.compact();
  CHECK(pairs.sorted().size() == 100'000);
  // A batch of a million pending pairs plus the distinct ones.
  CHECK(most <= ((size_t{1} << 20) + 3 * 100'000) * sizeof(Pair128));
}

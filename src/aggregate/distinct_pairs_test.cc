#include <doctest/doctest.h>

#include <random>
#include <set>
#include <vector>

#include "aggregate/distinct_pairs.h"

using namespace tiers::aggregate;

namespace {
/// The distinct pairs, in order (complete after compact()).
template <typename Key, unsigned kShift>
std::vector<Key> sorted(const DistinctPairs<Key, kShift>& pairs) {
  std::vector<Key> keys;
  pairs.for_each_sorted([&](const Key& k) { keys.push_back(k); });
  return keys;
}

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

TEST_CASE("radix sort: ignored low bits are not sorted on, and their keys keep input order") {
  // Low bits random, high bits from a few values: with the low bits
  // ignored, keys equal above them stay in input order (checked by
  // index), as a stable sort on the masked key has them; across the word
  // boundary too.
  std::mt19937_64 rng(13);
  for (const unsigned ignored : {0u, 5u, 20u, 63u, 64u, 70u, 127u, 128u}) {
    CAPTURE(ignored);
    for (const size_t n : {size_t{40}, size_t{3000}}) {
      std::vector<Tagged> keys(n), want;
      for (uint32_t i = 0; i < n; ++i) keys[i] = {rng() % 4, (rng() % 3) << 62 | (rng() & 0xFFFFFF), i};
      const uint64_t lo_mask = ignored >= 64 ? 0 : ~uint64_t{0} << ignored;
      const uint64_t hi_mask = ignored <= 64 ? ~uint64_t{0} : ignored >= 128 ? 0 : ~uint64_t{0} << (ignored - 64);
      want = keys;
      std::stable_sort(want.begin(), want.end(), [&](const Tagged& a, const Tagged& b) {
        if ((a.hi & hi_mask) != (b.hi & hi_mask)) return (a.hi & hi_mask) < (b.hi & hi_mask);
        return (a.lo & lo_mask) < (b.lo & lo_mask);
      });
      std::vector<Tagged> scratch;
      tiers::radix_sort(keys, scratch, ignored);
      size_t wrong = 0;
      for (size_t i = 0; i < n; ++i) wrong += keys[i].index != want[i].index;
      CHECK(wrong == 0);
    }
  }
}

TEST_CASE("distinct pairs: the same set as std::set, across many compactions") {
  // 5 million pairs with many repeats: 20,000 customers in 10 buckets,
  // many automatic compactions in each, duplicates inside one batch and
  // across them.
  std::mt19937_64 rng(11);
  DistinctPairs<Pair128, 0> orders;
  DistinctPairs<uint64_t, 32> days;
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
  const std::vector<Pair128> orders_got = sorted(orders);
  const std::vector<uint64_t> days_got = sorted(days);
  REQUIRE(orders_got.size() == orders_want.size());
  REQUIRE(days_got.size() == days_want.size());
  CHECK(orders.size() == orders_want.size());
  size_t k = 0, differ = 0;
  for (const auto& [hi, lo] : orders_want) differ += !(orders_got[k++] == Pair128{hi, lo});
  CHECK(differ == 0);
  CHECK(std::equal(days_want.begin(), days_want.end(), days_got.begin()));
}

TEST_CASE("distinct pairs: a merge keeps one of each pair, wherever the repeats fall") {
  DistinctPairs<uint64_t, 32> p;
  auto add = [&](std::initializer_list<uint64_t> keys) {
    for (uint64_t k : keys) p.add(k);
    p.compact();
    return sorted(p);
  };
  using V = std::vector<uint64_t>;
  CHECK(add({5, 1, 3, 3}) == V{1, 3, 5});
  CHECK(add({0, 3, 5, 6}) == V{0, 1, 3, 5, 6});     // repeats inside, new at both ends
  CHECK(add({6, 5, 0, 1, 3}) == V{0, 1, 3, 5, 6});  // nothing new: every pair a repeat
  CHECK(add({0, 0, 0}) == V{0, 1, 3, 5, 6});        // the smallest, repeated
  CHECK(add({7, 8}) == V{0, 1, 3, 5, 6, 7, 8});     // all after
  CHECK(add({2, 4, 6, 8}) == V{0, 1, 2, 3, 4, 5, 6, 7, 8});
  DistinctPairs<Pair128, 0> q;
  for (uint64_t lo : {3u, 1u, 2u}) q.add(Pair128{1, lo});
  q.compact();
  for (uint64_t lo : {2u, 4u, 1u}) q.add(Pair128{1, lo});
  q.add(Pair128{0, 9});
  q.compact();
  CHECK(sorted(q) == std::vector<Pair128>{{0, 9}, {1, 1}, {1, 2}, {1, 3}, {1, 4}});
}

TEST_CASE("distinct pairs: memory follows the distinct pairs, not the pairs added") {
  // 20M pairs drawn from 100k: the 320 MB added must not be held.
  std::mt19937_64 rng(3);
  DistinctPairs<Pair128, 0> pairs;
  size_t most = 0;
  for (size_t i = 0; i < 20'000'000; ++i) {
    pairs.add(Pair128{rng() % 1000 + 1, rng() % 100});
    most = std::max(most, pairs.memory());
  }
  pairs.compact();
  CHECK(sorted(pairs).size() == 100'000);
  // One bucket: the distinct pairs (an eighth spare), room for twice as
  // many pending, and as many again of sort scratch.
  CHECK(most <= 100'000 * 41 / 8 * sizeof(Pair128));
}

TEST_CASE("distinct pairs: customers spread over many buckets, huge indexes, in order") {
  // 300,000 customers in buckets of 2048, some far apart (indexes past
  // 2^23 and, for 128-bit pairs, past 2^33): every pair found once, in
  // order, and memory within 3.25 times the distinct pairs (an eighth
  // spare, twice as many pending, scratch) plus a minimum batch a bucket,
  // though 10 million pairs are added.
  std::mt19937_64 rng(5);
  DistinctPairs<uint64_t, 40> orders;
  DistinctPairs<Pair128, 0> codes;
  auto customer_of = [](uint64_t c) {
    return c % 97 == 0 ? c + (uint64_t{1} << 23) : c;  // some in far buckets
  };
  auto code_customer = [](uint64_t customer) {
    return customer + (customer % 5 == 0 ? uint64_t{1} << 33 : 0);
  };
  constexpr uint64_t kCustomers = 300'000;
  std::vector<bool> seen(kCustomers * 3);  // (customer - 1) * 3 + value
  size_t most = 0;
  for (size_t i = 0; i < 10'000'000; ++i) {
    const uint64_t r = rng(), c = r % kCustomers + 1, v = (r >> 32) % 3;
    seen[(c - 1) * 3 + v] = true;
    const uint64_t customer = customer_of(c);
    orders.add(customer << 40 | (v * 7919));
    codes.add(Pair128{code_customer(customer), v});
    if (i % 4096 == 0) most = std::max(most, orders.memory());
  }
  std::vector<uint64_t> orders_want;
  std::vector<Pair128> codes_want;
  for (uint64_t c = 1; c <= kCustomers; ++c)
    for (uint64_t v = 0; v < 3; ++v)
      if (seen[(c - 1) * 3 + v]) {
        orders_want.push_back(customer_of(c) << 40 | (v * 7919));
        codes_want.push_back(Pair128{code_customer(customer_of(c)), v});
      }
  std::sort(orders_want.begin(), orders_want.end());
  std::sort(codes_want.begin(), codes_want.end());
  orders.compact();
  codes.compact();
  CHECK(sorted(orders) == orders_want);
  CHECK(sorted(codes) == codes_want);
  const size_t buckets = 2 * (kCustomers / 2048 + 1);  // near and far
  CHECK(most <= (orders_want.size() * 13 / 4 + buckets * 4096) * sizeof(uint64_t));
  orders.release();
  CHECK(orders.memory() == 0);
  CHECK(orders.size() == 0);
  // drain hands over every pair, pending ones too (a repeat of a kept
  // pair included), and frees the set.
  codes.add(Pair128{1, 99});
  codes.add(codes_want.front());
  codes_want.push_back(codes_want.front());
  std::vector<Pair128> drained;
  codes.drain([&](const Pair128& k) { drained.push_back(k); });
  codes_want.push_back(Pair128{1, 99});
  std::sort(drained.begin(), drained.end());
  std::sort(codes_want.begin(), codes_want.end());
  CHECK(drained == codes_want);
  CHECK(codes.memory() == 0);
}

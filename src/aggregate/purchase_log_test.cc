#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "aggregate/purchase_log.h"
#include "aggregate/spill_file.h"
#include "tiers/error.h"

using namespace tiers::aggregate;

namespace {
/// Shortlex: shorter first, then byte order (numeric order for numbers).
int shortlex(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : a == b ? 0 : 1;
}
}  // namespace

TEST_CASE("purchase log: order codes compare as their ids in shortlex order, within a kind") {
  std::mt19937 rng(3);
  const std::string digits = "0123456789", bytes = "09AZaz-_\x7f\x80\xff";
  // Numbers (no leading zeros), short text (up to 7 bytes), longer text.
  std::vector<std::vector<std::string>> kinds(3);
  for (int i = 0; i < 400; ++i) {
    std::string number(1 + rng() % 18, '0');
    for (char& c : number) c = digits[rng() % 10];
    if (number.size() > 1 && number[0] == '0') number[0] = '1';
    kinds[0].push_back(number);
    std::string text(1 + rng() % 7, 'x');
    for (char& c : text) c = bytes[rng() % bytes.size()];
    if (PurchaseLog::code(text) >> 62 == 1) text += "x";  // all digits: make it text
    if (text.size() > 7) text.pop_back(), text.back() = 'x';
    kinds[1].push_back(text);
    std::string long_text(8 + rng() % 20, 'x');
    for (char& c : long_text) c = bytes[rng() % bytes.size()];
    kinds[2].push_back(long_text);
  }
  kinds[1].push_back("0");  // a number: class 1
  kinds[1].push_back("007");
  for (size_t kind = 0; kind < 3; ++kind) {
    PurchaseLog log;
    std::vector<uint64_t> codes;
    for (const std::string& id : kinds[kind]) {
      log.add(0, 0, id);
      uint64_t code = 0;
      log.for_each([&](const Purchase& p) { code = p.order; }, [](uint32_t) {});
      codes.push_back(code);
    }
    for (size_t i = 0; i < codes.size(); ++i) {
      const std::string& id = kinds[kind][i];
      CAPTURE(id);
      REQUIRE(codes[i] != 0);
      if (id == "0") CHECK((codes[i] >> 62) == 1);
      else CHECK((codes[i] >> 62) == kind + 1);
      if (kind == 2) CHECK(log.text(codes[i]) == id);
      for (size_t j = 0; j < codes.size(); ++j)
        if ((codes[i] >> 62) == (codes[j] >> 62)) CHECK(log.compare(codes[i], codes[j]) == shortlex(id, kinds[kind][j]));
    }
  }
  CHECK(PurchaseLog::code("") == 0);
}

TEST_CASE("purchase log: parts replay in key order; appended entries renumbered, their text kept") {
  PurchaseLog a, b;
  a.start_part(2);
  a.add(0, 10, "part-two-order");
  a.start_part(0);
  a.add(1, 11, "1");
  b.start_part(1);
  b.add(0, 12, "part-one-order");
  b.add(1, 13, "");
  b.start_part(2);  // the same key as a's first: after it, in append order
  b.add(1, 14, "ABC");
  a.append(b, {5, 6});
  CHECK(b.size() == 0);
  std::vector<std::pair<uint32_t, int32_t>> seen;
  std::vector<std::string> texts;
  a.for_each(
      [&](const Purchase& p) {
        seen.emplace_back(p.customer, p.day);
        if ((p.order & PurchaseLog::kText) == PurchaseLog::kText) texts.emplace_back(a.text(p.order));
      },
      [](uint32_t) {});
  CHECK(seen == std::vector<std::pair<uint32_t, int32_t>>{{1, 11}, {5, 12}, {6, 13}, {0, 10}, {6, 14}});
  CHECK(texts == std::vector<std::string>{"part-one-order", "part-two-order"});
}

namespace {
struct Entry {
  uint64_t key;
  uint32_t customer;
  int32_t day;
  std::string order;
};

/// Adds random entries to `log` in parts of random keys; returns them.
std::vector<Entry> fill(PurchaseLog& log, std::mt19937_64& rng, size_t n, uint32_t customers) {
  const int32_t days[] = {INT32_MIN, INT32_MAX, 0, -1, 1, 19000, 19001, 20500};
  std::vector<Entry> added;
  uint64_t key = 0;
  for (size_t i = 0; i < n; ++i) {
    if (rng() % 1000 == 0) log.start_part(key = rng() % 8);
    Entry e{key, static_cast<uint32_t>(rng() % customers), 0, ""};
    e.day = rng() % 4 == 0 ? days[rng() % 8] : static_cast<int32_t>(19000 + rng() % 1000);
    switch (rng() % 6) {
      case 0: break;  // no order id
      case 1: e.order = std::to_string(rng() % 1000000); break;
      case 2: e.order = std::to_string(rng()) + "12"; break;  // up to 22 digits: text
      case 3: e.order = std::to_string(rng() % 100).append("A"); break;
      case 4: e.order = std::string(1 + rng() % 40, static_cast<char>('a' + rng() % 26)); break;
      default: e.order = std::to_string(i).append("-INV"); break;
    }
    log.add(e.customer, e.day, e.order);
    added.push_back(e);
  }
  return added;
}

/// The entries as `log` replays them, order ids read back from the codes.
std::vector<Entry> replay(const PurchaseLog& log) {
  std::vector<Entry> out;
  log.for_each(
      [&](const Purchase& p) {
        Entry e{0, p.customer, p.day, ""};
        if ((p.order & PurchaseLog::kText) == PurchaseLog::kText) e.order = std::string(log.text(p.order));
        else e.order = std::to_string(p.order);  // compared as codes, below
        out.push_back(e);
      },
      [](uint32_t) {});
  return out;
}

/// What a replay should give: by key, in the order added.
std::vector<Entry> expected(std::vector<Entry> added) {
  std::stable_sort(added.begin(), added.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  for (Entry& e : added) {
    const uint64_t code = PurchaseLog::code(e.order);
    if (code != 0 || e.order.empty()) e.order = std::to_string(code);
  }
  return added;
}

void check_same(const std::vector<Entry>& got, const std::vector<Entry>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].customer == want[i].customer);
    CHECK(got[i].day == want[i].day);
    CHECK(got[i].order == want[i].order);
  }
}
}  // namespace

TEST_CASE("purchase log: packed entries read back exactly, over many blocks and extreme values") {
  std::mt19937_64 rng(11);
  PurchaseLog log;
  // Customers of every varint length, days and codes jumping both ways.
  const std::vector<Entry> added = fill(log, rng, 60000, UINT32_MAX);
  CHECK(log.size() == added.size());
  check_same(replay(log), expected(added));
}

TEST_CASE("purchase log: appends chain; each block renumbered once by the composed map") {
  std::mt19937_64 rng(12);
  PurchaseLog a, b, c;
  std::vector<Entry> in_a = fill(a, rng, 30000, 50), in_b = fill(b, rng, 30000, 40), in_c = fill(c, rng, 30000, 30);
  std::vector<uint32_t> c_to_b(30), b_to_a(40);
  for (uint32_t i = 0; i < 30; ++i) c_to_b[i] = 39 - i;
  for (uint32_t i = 0; i < 40; ++i) b_to_a[i] = 100 + i * 3;
  b.append(c, c_to_b);
  b.add(7, 19500, "after-the-append");  // a block of b's own again
  in_b.push_back({in_b.back().key, 7, 19500, "after-the-append"});
  a.append(b, b_to_a);
  CHECK(b.size() == 0);
  CHECK(c.size() == 0);
  // Renumbered: c's through both maps, b's through one; text offsets kept.
  for (Entry& e : in_c) e.customer = b_to_a[c_to_b[e.customer]];
  for (Entry& e : in_b) e.customer = b_to_a[e.customer];
  std::vector<Entry> all = in_a;
  all.insert(all.end(), in_b.begin(), in_b.end() - 1);
  all.insert(all.end(), in_c.begin(), in_c.end());
  all.push_back(in_b.back());
  CHECK(a.size() == all.size());
  check_same(replay(a), expected(all));
}

TEST_CASE("purchase log: a stream in date and order order takes a few bytes an entry") {
  PurchaseLog log;
  std::mt19937_64 rng(13);
  constexpr size_t kEntries = 200000;
  for (size_t i = 0; i < kEntries; ++i)
    log.add(static_cast<uint32_t>(rng() % 500000), static_cast<int32_t>(19000 + i / 1000),
            std::to_string(1000000 + i));
  // Customer: 3 bytes; day and order differences: 1 byte each (16 unpacked).
  CHECK(log.memory() <= kEntries * 5 + 65536);
  CHECK(log.memory() >= kEntries * 5 - 65536);
}

TEST_CASE("purchase log: finished blocks spill to a temporary file and replay the same") {
  std::mt19937_64 rng(14);
  PurchaseLog kept(SIZE_MAX), spilled(2);
  std::mt19937_64 same(14);
  const std::vector<Entry> added = fill(kept, rng, 60000, 5000);
  fill(spilled, same, 60000, 5000);
  // Many blocks; two in memory: the first and the one being written.
  REQUIRE(kept.blocks_in_memory() >= 10);
  CHECK(kept.spilled() == 0);
  CHECK(spilled.blocks_in_memory() == 2);
  CHECK(kept.memory() - spilled.memory() == (kept.blocks_in_memory() - 2) * 65536);
  CHECK(spilled.spilled() > 0);
  CHECK(spilled.spilled() < (kept.blocks_in_memory() - 2) * 65536);  // only the bytes used
  check_same(replay(spilled), expected(added));
  check_same(replay(spilled), replay(kept));  // read back again: the file is kept until release
}

TEST_CASE("purchase log: spilled blocks keep their file when appended to another log") {
  std::mt19937_64 rng(15);
  PurchaseLog a(1), b(1);
  std::vector<Entry> in_a = fill(a, rng, 20000, 50), in_b = fill(b, rng, 20000, 40);
  std::vector<uint32_t> b_to_a(40);
  for (uint32_t i = 0; i < 40; ++i) b_to_a[i] = 60 + i;
  CHECK(b.spilled() > 0);
  a.append(b, b_to_a);
  for (Entry& e : in_b) e.customer = b_to_a[e.customer];
  std::vector<Entry> all = in_a;
  all.insert(all.end(), in_b.begin(), in_b.end());
  check_same(replay(a), expected(all));
}

TEST_CASE("purchase log: without a place to spill, blocks stay in memory") {
  std::mt19937_64 rng(16), same(16);
  PurchaseLog nowhere(1, "/nonexistent-tiers-dir"), kept(SIZE_MAX);
  const std::vector<Entry> added = fill(nowhere, rng, 30000, 500);
  fill(kept, same, 30000, 500);
  CHECK(nowhere.spilled() == 0);
  CHECK(nowhere.blocks_in_memory() == kept.blocks_in_memory());
  CHECK(nowhere.blocks_in_memory() > 2);
  check_same(replay(nowhere), expected(added));
}

TEST_CASE("spill file: appends read back at their offsets; reading past the end is an I/O error") {
  auto file = SpillFile::create();
  REQUIRE(file != nullptr);
  CHECK(file->append("first", 5) == uint64_t{0});
  CHECK(file->append("second", 6) == uint64_t{5});
  CHECK(file->size() == 11);
  char got[6] = {};
  file->read(5, got, 6);
  CHECK(std::string(got, 6) == "second");
  file->read(0, got, 5);
  CHECK(std::string(got, 5) == "first");
  CHECK_THROWS_WITH_AS(file->read(8, got, 6), "temporary file: read failed: unexpected end", tiers::Error);
  CHECK(SpillFile::create("/nonexistent-tiers-dir") == nullptr);
}

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "aggregate/purchase_log.h"

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

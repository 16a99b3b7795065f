// Micro benchmark of the per-cell date and amount parsers (the reader's hot
// path): parses 10 million cells of each shape and prints ns per cell.
//
//   ./build/tiers_parse_bench [cells]
//
// Cells come from a fixed pseudo-random generator: one million distinct
// cells, cycled, so the text does not fit in the CPU caches.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "io/amount_parser.h"
#include "io/date_parser.h"

using namespace tiers;
using namespace tiers::io;

namespace {

struct Cells {
  std::string arena;
  std::vector<std::pair<size_t, size_t>> spans;
  std::vector<std::string_view> views;
  void add(const std::string& s) {
    spans.emplace_back(arena.size(), s.size());
    arena += s;
  }
  void finish() {
    for (auto [pos, len] : spans) views.emplace_back(arena.data() + pos, len);
  }
};

Cells make(const std::function<std::string(uint32_t)>& gen) {
  Cells c;
  uint32_t x = 2463534242u;
  for (int i = 0; i < 1'000'000; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c.add(gen(x));
  }
  c.finish();
  return c;
}

template <typename Parse>
void run(const char* name, const Cells& cells, size_t n, Parse parse) {
  int64_t checksum = 0;
  size_t failed = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0, k = 0; i < n; ++i, k = k + 1 == cells.views.size() ? 0 : k + 1) {
    const auto r = parse(cells.views[k]);
    if (r) checksum += *r;
    else ++failed;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-44s %6.1f ns/cell %7.1f M cells/s  (failed %zu, checksum %lld)\n", name, s * 1e9 / double(n),
              double(n) / s / 1e6, failed, static_cast<long long>(checksum));
}

std::string two(uint32_t v) { return fmt::format("{:02}", v); }

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  auto y = [](uint32_t x) { return 2000 + x % 25; };
  auto m = [](uint32_t x) { return 1 + (x >> 5) % 12; };
  auto d = [](uint32_t x) { return 1 + (x >> 9) % 28; };

  const Cells iso = make([&](uint32_t x) { return fmt::format("{}-{}-{}", y(x), two(m(x)), two(d(x))); });
  const Cells iso_time = make([&](uint32_t x) {
    return fmt::format("{}-{}-{} {}:{}:00", y(x), two(m(x)), two(d(x)), two(x % 24), two(x % 60));
  });
  const Cells dmy = make([&](uint32_t x) { return fmt::format("{}.{}.{}", two(d(x)), two(m(x)), y(x)); });
  const Cells mdy_time = make([&](uint32_t x) {
    return fmt::format("{}/{}/{} {}:{}", m(x), d(x), y(x), x % 24, two(x % 60));
  });
  const Cells compact = make([&](uint32_t x) { return fmt::format("{}{}{}", y(x), two(m(x)), two(d(x))); });
  const Cells epoch = make([&](uint32_t x) { return std::to_string(1'500'000'000u + x % 300'000'000u); });

  auto date_of = [](const DateParser& p) {
    return [&p](std::string_view s) -> std::optional<int64_t> {
      auto r = p.parse(s);
      return r ? std::optional<int64_t>(r->days) : std::nullopt;
    };
  };
  const DateParser iso_default;
  const DateParser iso_format(DateFormat::compile("%Y-%m-%d"));
  const DateParser dmy_format(DateFormat::compile("%d.%m.%Y"));
  const DateParser mdy_format(DateFormat::compile("%m/%d/%Y %H:%M"));
  const DateParser compact_format(DateFormat::compile("%Y%m%d"));
  const DateParser epoch_format(DateFormat::compile("%s"));
  const DateParser iso_general(DateFormat::compile("%Y-%m-%d %H:%M:%S"));
  run("date ISO, default parser", iso, n, date_of(iso_default));
  run("date ISO + time, default parser", iso_time, n, date_of(iso_default));
  run("date ISO, --date-format %Y-%m-%d (fast path)", iso, n, date_of(iso_format));
  run("date ISO + time, %Y-%m-%d %H:%M:%S (program)", iso_time, n, date_of(iso_general));
  run("date %d.%m.%Y", dmy, n, date_of(dmy_format));
  run("date %m/%d/%Y %H:%M (non-padded)", mdy_time, n, date_of(mdy_format));
  run("date %Y%m%d", compact, n, date_of(compact_format));
  run("date %s", epoch, n, date_of(epoch_format));

  const Cells plain = make([](uint32_t x) { return fmt::format("{}.{}", x % 5000, two(x % 100)); });
  const Cells grouped = make([](uint32_t x) { return fmt::format("{},{:03}.{}", 1 + x % 99, x % 1000, two(x % 100)); });
  const Cells euro = make([](uint32_t x) { return fmt::format("{}.{:03},{}", 1 + x % 99, x % 1000, two(x % 100)); });
  const Cells euro_small = make([](uint32_t x) { return fmt::format("{},{}", x % 1000, two(x % 100)); });
  const Cells currency = make([](uint32_t x) { return fmt::format("${},{:03}.{}", 1 + x % 99, x % 1000, two(x % 100)); });
  const Cells accounting = make([](uint32_t x) { return fmt::format("({}.{}) EUR", x % 5000, two(x % 100)); });
  auto amount_of = [](const AmountParser& p) {
    return [&p](std::string_view s) -> std::optional<int64_t> {
      auto r = p.parse(s);
      return r ? std::optional<int64_t>(r->amount.units) : std::nullopt;
    };
  };
  const AmountParser point;
  const AmountParser comma(AmountOptions{true});
  run("amount 1234.56 (fast path)", plain, n, amount_of(point));
  run("parse_decimal alone (no trim, no result)", plain, n, [](std::string_view s) -> std::optional<int64_t> {
    auto r = parse_decimal(s);
    return r ? std::optional<int64_t>(r->units) : std::nullopt;
  });
  run("amount 12,345.67", grouped, n, amount_of(point));
  run("amount $12,345.67", currency, n, amount_of(point));
  run("amount (1234.56) EUR", accounting, n, amount_of(point));
  run("amount 123,45 --decimal-comma", euro_small, n, amount_of(comma));
  run("amount 12.345,67 --decimal-comma", euro, n, amount_of(comma));
  return 0;
}

// What the parts of Aggregator (aggregator.cc: rows in; aggregator_merge.cc:
// parts merged; aggregator_finish.cc: counts settled, the table built)
// share besides its class.
#pragma once

#include <cstdint>
#include <string_view>

#include <fmt/format.h>

#include "aggregate/aggregator.h"
#include "tiers/error.h"

namespace tiers::aggregate::internal {

/// exact_order_code of a number: its class bits.
constexpr uint64_t kNumberCode = uint64_t{1} << 62;
/// Exact-mode (customer, order number) pairs packed in 64 bits: the
/// customer + 1 above this many bits, the number below.
constexpr unsigned kPackedBits = 40;
constexpr uint64_t kPackedMask = (uint64_t{1} << kPackedBits) - 1;

inline int64_t checked_add(int64_t a, int64_t b, std::string_view customer) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum))
    throw Error(ExitCode::kData,
                fmt::format("the amounts of customer \"{}\" add up to more than 922 trillion",
                            customer));
  return sum;
}

/// Exact-mode (customer, day) pair.
inline uint64_t day_key(uint32_t customer, int32_t date) {
  return (static_cast<uint64_t>(customer) + 1) << 32 | static_cast<uint32_t>(date);
}

inline bool is_empty(const ShortKey& k) { return k.w[0] == 0 && k.w[1] == 0; }

}  // namespace tiers::aggregate::internal

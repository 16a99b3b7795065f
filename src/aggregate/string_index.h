// Interns byte strings: each distinct key gets a dense index 0, 1, 2, ...
//
// Open addressing with linear probing over 8-byte slots (a 32-bit hash tag
// and the index), keys stored back to back in one arena: about 8 bytes of
// table plus the key's bytes and 8 bytes of offset per entry. Used for
// customer ids and for (customer, order id) pairs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tiers::aggregate {

class StringIndex {
 public:
  StringIndex();

  /// Index of `key`, inserting it if new; `second` is true when inserted.
  /// `hash` must be hash_bytes(key).
  std::pair<uint32_t, bool> insert(std::string_view key, uint64_t hash);
  /// Index of `key`, or -1.
  int64_t find(std::string_view key, uint64_t hash) const;

  std::string_view key(uint32_t index) const {
    const uint64_t begin = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(arena_).substr(begin, ends_[index] - begin);
  }
  uint32_t size() const { return static_cast<uint32_t>(ends_.size()); }
  /// Bytes held (for memory estimates in tests and benchmarks).
  size_t memory() const;

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t index_plus_one = 0;  // 0 = empty
  };
  void grow();

  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  std::string arena_;
  std::vector<uint64_t> ends_;
};

/// An exact 64-bit code for common order ids, or 0 when there is none:
/// numbers of up to 18 digits without leading zeros, or text of up to 7
/// bytes. Different ids never share a code.
uint64_t exact_order_code(std::string_view order);

}  // namespace tiers::aggregate

#include "aggregate/string_index.h"

#include <cstring>
#include <stdexcept>

#include "aggregate/hash.h"

namespace tiers::aggregate {
namespace {
constexpr size_t kInitialSlots = 1024;
inline uint32_t tag_of(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
}  // namespace

StringIndex::StringIndex() : slots_(kInitialSlots), mask_(kInitialSlots - 1) {}

std::pair<uint32_t, bool> StringIndex::insert(std::string_view key, uint64_t hash) {
  const uint32_t tag = tag_of(hash);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.index_plus_one == 0) {
      if (ends_.size() >= UINT32_MAX - 1) throw std::length_error("too many distinct keys");
      arena_.append(key);
      ends_.push_back(arena_.size());
      slot.tag = tag;
      slot.index_plus_one = static_cast<uint32_t>(ends_.size());
      const uint32_t index = slot.index_plus_one - 1;
      if (ends_.size() * 2 > slots_.size()) grow();
      return {index, true};
    }
    if (slot.tag == tag && this->key(slot.index_plus_one - 1) == key)
      return {slot.index_plus_one - 1, false};
  }
}

int64_t StringIndex::find(std::string_view key, uint64_t hash) const {
  const uint32_t tag = tag_of(hash);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.index_plus_one == 0) return -1;
    if (slot.tag == tag && this->key(slot.index_plus_one - 1) == key) return slot.index_plus_one - 1;
  }
}

void StringIndex::grow() {
  std::vector<Slot> bigger(slots_.size() * 2);
  const uint64_t mask = bigger.size() - 1;
  for (uint32_t index = 0; index < size(); ++index) {
    const uint64_t hash = hash_bytes(key(index));
    uint64_t i = hash & mask;
    while (bigger[i].index_plus_one != 0) i = (i + 1) & mask;
    bigger[i] = Slot{tag_of(hash), index + 1};
  }
  slots_.swap(bigger);
  mask_ = mask;
}

size_t StringIndex::memory() const {
  return slots_.capacity() * sizeof(Slot) + arena_.capacity() + ends_.capacity() * sizeof(uint64_t);
}

uint64_t exact_order_code(std::string_view order) {
  const size_t n = order.size();
  if (n == 0) return 0;
  if (n <= 18 && (order[0] != '0' || n == 1)) {
    uint64_t value = 0;
    size_t i = 0;
    for (; i < n && order[i] >= '0' && order[i] <= '9'; ++i) value = value * 10 + (order[i] - '0');
    if (i == n) return (uint64_t{1} << 62) | value;  // < 10^18 < 2^60
  }
  if (n <= 7) {
    uint64_t bytes = 0;
    std::memcpy(&bytes, order.data(), n);
    return (uint64_t{2} << 62) | (static_cast<uint64_t>(n) << 56) | bytes;
  }
  return 0;
}

}  // namespace tiers::aggregate

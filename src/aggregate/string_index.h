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

/// A set of non-zero 64-bit keys (e.g. customer index and date).
class U64Set {
 public:
  U64Set();
  /// True when `key` was not there before.
  bool insert(uint64_t key);
  /// Starts fetching the memory insert(key) will look at.
  void prefetch(uint64_t key) const { __builtin_prefetch(&slots_[mix_slot(key) & mask_]); }
  size_t size() const { return size_; }
  size_t memory() const { return slots_.capacity() * sizeof(uint64_t); }
  template <typename F>
  void for_each(F&& f) const {
    for (uint64_t k : slots_)
      if (k != 0) f(k);
  }
  bool contains(uint64_t key) const {
    for (uint64_t i = mix_slot(key) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == key) return true;
      if (slots_[i] == 0) return false;
    }
  }
  /// Calls `missing(key)` for every key of `other`, mapped by `map`, that
  /// this set lacks, without adding it; lookups overlap.
  template <typename Map, typename Missing>
  void probe_all(const U64Set& other, Map&& map, Missing&& missing) const {
    other.each_mapped(*this, map, [&](uint64_t key) {
      if (!contains(key)) missing(key);
    });
  }
  /// Inserts every key of `other` mapped by `map`, calling `inserted(key)`
  /// for each new one; lookups overlap.
  template <typename Map, typename Inserted>
  void insert_all(const U64Set& other, Map&& map, Inserted&& inserted) {
    other.each_mapped(*this, map, [&](uint64_t key) {
      if (insert(key)) inserted(key);
    });
  }

 private:
  /// Hands every key of this set, mapped by `map`, to `use`, in groups of
  /// 16 whose slots in `target` are all prefetched first.
  template <typename Map, typename Use>
  void each_mapped(const U64Set& target, Map&& map, Use&& use) const {
    constexpr size_t kGroup = 16;
    uint64_t batch[kGroup];
    size_t n = 0;
    auto drain = [&] {
      for (size_t j = 0; j < n; ++j) use(batch[j]);
      n = 0;
    };
    for (uint64_t k : slots_) {
      if (k == 0) continue;
      batch[n] = map(k);
      target.prefetch(batch[n]);
      if (++n == kGroup) drain();
    }
    drain();
  }

  static uint64_t mix_slot(uint64_t key);
  void grow();
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  size_t size_ = 0;
};

/// A set of 128-bit keys whose high half is never zero, e.g. (customer + 1,
/// exact code of an order id). Filled up to 3/4: these sets hold one entry
/// per distinct order, so memory matters more than the last probe.
class U128Set {
 public:
  U128Set();
  bool insert(uint64_t hi, uint64_t lo);
  void prefetch(uint64_t hi, uint64_t lo) const {
    __builtin_prefetch(&slots_[slot_of(hi, lo) & mask_]);
  }
  size_t size() const { return size_; }
  size_t memory() const { return slots_.capacity() * sizeof(Key); }
  template <typename F>
  void for_each(F&& f) const {
    for (const Key& k : slots_)
      if (k.hi != 0) f(k.hi, k.lo);
  }
  bool contains(uint64_t hi, uint64_t lo) const {
    for (uint64_t i = slot_of(hi, lo) & mask_;; i = (i + 1) & mask_) {
      const Key& k = slots_[i];
      if (k.hi == hi && k.lo == lo) return true;
      if (k.hi == 0) return false;
    }
  }
  /// Calls `missing(new_hi)` for every key of `other`, mapped by `map(hi)`
  /// → new hi, that this set lacks, without adding it; lookups overlap.
  template <typename Map, typename Missing>
  void probe_all(const U128Set& other, Map&& map, Missing&& missing) const {
    other.each_mapped(*this, map, [&](const Key& k) {
      if (!contains(k.hi, k.lo)) missing(k.hi);
    });
  }
  /// Inserts every key of `other`, mapped by `map(hi)` → new hi, calling
  /// `inserted(new_hi)` for each key that was new; lookups overlap.
  template <typename Map, typename Inserted>
  void insert_all(const U128Set& other, Map&& map, Inserted&& inserted) {
    other.each_mapped(*this, map, [&](const Key& k) {
      if (insert(k.hi, k.lo)) inserted(k.hi);
    });
  }

 private:
  struct Key {
    uint64_t hi = 0, lo = 0;
  };
  static uint64_t slot_of(uint64_t hi, uint64_t lo);
  void grow();
  /// Hands every key of this set, its high half mapped by `map`, to `use`,
  /// in groups of 16 whose slots in `target` are all prefetched first.
  template <typename Map, typename Use>
  void each_mapped(const U128Set& target, Map&& map, Use&& use) const {
    constexpr size_t kGroup = 16;
    Key batch[kGroup];
    size_t n = 0;
    auto drain = [&] {
      for (size_t j = 0; j < n; ++j) use(batch[j]);
      n = 0;
    };
    for (const Key& k : slots_) {
      if (k.hi == 0) continue;
      batch[n] = Key{map(k.hi), k.lo};
      target.prefetch(batch[n].hi, batch[n].lo);
      if (++n == kGroup) drain();
    }
    drain();
  }
  std::vector<Key> slots_;
  uint64_t mask_ = 0;
  size_t size_ = 0;
};

/// An exact 64-bit code for common order ids, or 0 when there is none:
/// numbers of up to 18 digits without leading zeros, or text of up to 7
/// bytes. Different ids never share a code.
uint64_t exact_order_code(std::string_view order);

}  // namespace tiers::aggregate

// A growable array in fixed-size blocks.
//
// Unlike std::vector it never reallocates: growing adds a block, so the
// peak memory of a table with millions of customers is its size, not the
// 1.5-2x a doubling vector needs while it copies, and element addresses
// stay put. Indexing costs one extra load from a small, cache-resident
// array of block pointers. Blocks are table memory (core/huge_pages.h).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "core/huge_pages.h"

namespace tiers::aggregate {

template <typename T, unsigned kBlockBits = 16>
class BlockVector {
 public:
  static constexpr size_t kBlock = size_t{1} << kBlockBits;

  T& operator[](size_t i) { return blocks_[i >> kBlockBits][i & (kBlock - 1)]; }
  const T& operator[](size_t i) const { return blocks_[i >> kBlockBits][i & (kBlock - 1)]; }
  size_t size() const { return size_; }

  T& emplace_back() {
    if ((size_ & (kBlock - 1)) == 0) blocks_.emplace_back(kBlock);
    return (*this)[size_++];
  }
  size_t memory() const { return blocks_.size() * kBlock * sizeof(T); }
  /// Drops every element and all memory.
  void release() {
    std::vector<TableArray<T>>().swap(blocks_);
    size_ = 0;
  }

 private:
  std::vector<TableArray<T>> blocks_;
  size_t size_ = 0;
};

}  // namespace tiers::aggregate

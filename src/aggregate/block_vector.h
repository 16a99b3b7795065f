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
  size_t memory() const {
    size_t n = 0;
    for (const TableArray<T>& b : blocks_) n += b.size();
    return n * sizeof(T);
  }
  /// Index of the block holding element i.
  static size_t block_of(size_t i) { return i >> kBlockBits; }
  /// Frees block `b` early: its elements are gone; the others, the size and
  /// the indexes stay (a table being used up frees as it is read).
  void release_block(size_t b) {
    if (b < blocks_.size()) blocks_[b].reset();
  }
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

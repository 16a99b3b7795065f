// Memory for big tables probed at random: the customer records and the
// hash slots that find them.
//
// Each row of a transaction file looks up its customer at a random place in
// tables of tens of megabytes. On 4 KiB pages nearly every such lookup also
// misses the TLB and walks the page tables; on 2 MiB pages the whole table
// is a few dozen TLB entries. Blocks of 2 MiB and more are therefore mapped
// on their own, 2 MiB-aligned, and offered to the kernel for transparent
// huge pages (madvise: the setting Debian ships). Where the kernel says no,
// they are ordinary pages; nothing else changes. Smaller blocks come from
// the heap.
#pragma once

#include <cstddef>
#include <memory>

namespace tiers {

/// Zeroed memory of `bytes`, 64-byte aligned (2 MiB-aligned from 2 MiB up).
void* allocate_table(size_t bytes);
/// Frees what allocate_table(bytes) returned.
void free_table(void* p, size_t bytes) noexcept;

/// A fixed-size array in allocate_table memory, value-initialised.
template <typename T>
class TableArray {
 public:
  TableArray() = default;
  explicit TableArray(size_t n) : data_(static_cast<T*>(allocate_table(n * sizeof(T)))), size_(n) {
    std::uninitialized_value_construct_n(data_, n);
  }
  ~TableArray() { reset(); }
  TableArray(TableArray&& o) noexcept : data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
  }
  TableArray& operator=(TableArray&& o) noexcept {
    if (this != &o) {
      reset();
      data_ = o.data_;
      size_ = o.size_;
      o.data_ = nullptr;
      o.size_ = 0;
    }
    return *this;
  }

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  /// Frees the memory: the array is empty.
  void reset() noexcept {
    if (!data_) return;
    std::destroy_n(data_, size_);
    free_table(data_, size_ * sizeof(T));
    data_ = nullptr;
    size_ = 0;
  }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace tiers

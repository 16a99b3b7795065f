// The purchase rows of an input that cannot be read twice (a pipe), kept
// compactly so that distinct orders and days can be counted exactly once
// the input has ended (Aggregator's logged mode).
//
// A file's rows are counted fast (only each customer's last order and day)
// and read again with exact sets in the rare case that fails; a pipe has
// no second reading. Counting it with exact sets from the start made it
// take 1.75 to 1.87 times the file's time (every pair appended to its
// bucket, sorted, merged and handed between threads). A stream sorted the
// usual way needs none of that: this log keeps one 16-byte entry per
// purchase row that brings a new order or a new day for its customer
// (customer, day, order code), in input order. At the end the log is
// replayed in input order with the fast rule per customer: exact for every
// customer whose orders and days never went back; only the customers for
// whom they did are counted again with sets, from the log. Memory: 16
// bytes per distinct order or day, about 110 MB for the 10-million-row
// benchmark file.
//
// The reader's threads each take many parts of a stream, not in input
// order (stream_parts.h), so entries are kept in blocks, each of one
// part; blocks sort back into input order by their key (input, part).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/string_index.h"

namespace tiers::aggregate {

struct Purchase {
  uint32_t customer;
  int32_t day;
  /// The order id: 0 when the row has none (each such row is an order);
  /// class (top two bits) 1: a number of up to 18 digits without leading
  /// zeros, its value below; 2: text of up to 7 bytes, its length and
  /// bytes (big-endian) below; 3: any other text, its offset in the log's
  /// text. Codes of classes 1 and 2 compare as the ids do in shortlex
  /// order (length first, then bytes: numeric order for plain numbers).
  uint64_t order;
};

class PurchaseLog {
 public:
  static constexpr uint64_t kText = uint64_t{3} << 62;

  /// The rows that follow belong to the part with this key (parts are
  /// replayed in key order; blocks of one key keep the order they were
  /// added or appended in).
  void start_part(uint64_t key) { key_ = key; }

  void add(uint32_t customer, int32_t day, std::string_view order) {
    Purchase& p = next();
    p.customer = customer;
    p.day = day;
    p.order = code(order);
    if (p.order == 0 && !order.empty()) {
      p.order = kText | text_.size();
      const auto n = static_cast<uint32_t>(order.size());
      text_.append(reinterpret_cast<const char*>(&n), 4);
      text_.append(order);
    }
  }

  /// Takes `other`'s entries (after this one's, same keys last), its
  /// customers renumbered by `mapped`. `other` is left empty.
  void append(PurchaseLog& other, const std::vector<uint32_t>& mapped) {
    const uint64_t base = text_.size();
    text_.append(other.text_);
    for (Block& b : other.blocks_) {
      for (uint32_t i = 0; i < b.size; ++i) {
        Purchase& p = b.items[i];
        p.customer = mapped[p.customer];
        if ((p.order & kText) == kText) p.order += base;
      }
      blocks_.push_back(std::move(b));
    }
    other.release();
  }

  /// Calls f on every entry, parts in key order; `ahead(customer)` for the
  /// entry kAhead places later in the same block, to fetch its state early.
  template <typename F, typename A>
  void for_each(F&& f, A&& ahead) const {
    constexpr uint32_t kAhead = 16;
    for (size_t b : in_order()) {
      const Block& block = blocks_[b];
      const Purchase* items = block.items.get();
      for (uint32_t i = 0; i < block.size; ++i) {
        if (i + kAhead < block.size) ahead(items[i + kAhead].customer);
        f(items[i]);
      }
    }
  }

  /// Compares two order codes as their ids in shortlex order (codes of
  /// different classes: by class; the code 0 below all). 0 when the ids
  /// are equal.
  int compare(uint64_t a, uint64_t b) const {
    if (a == b) return 0;
    if ((a & kText) == kText && (b & kText) == kText) {
      const std::string_view x = text(a), y = text(b);
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      const int r = std::memcmp(x.data(), y.data(), x.size());
      return r < 0 ? -1 : r > 0 ? 1 : 0;
    }
    return a < b ? -1 : 1;
  }
  /// The id of a class-3 code.
  std::string_view text(uint64_t code) const {
    const size_t at = static_cast<size_t>(code & ~kText);
    uint32_t n;
    std::memcpy(&n, text_.data() + at, 4);
    return std::string_view(text_).substr(at + 4, n);
  }

  size_t size() const {
    size_t n = 0;
    for (const Block& b : blocks_) n += b.size;
    return n;
  }
  size_t memory() const { return blocks_.size() * kBlock * sizeof(Purchase) + text_.capacity(); }
  void release() {
    std::vector<Block>().swap(blocks_);
    std::string().swap(text_);
  }

  /// The code of an id of class 0, 1 or 2; 0 for any other non-empty id.
  static uint64_t code(std::string_view order) {
    const uint64_t exact = exact_order_code(order);  // a number's: its value, in order
    if (exact == 0 || (exact >> 62) == 1) return exact;
    // Text of up to 7 bytes: big-endian, so that codes compare like the ids.
    const size_t n = order.size();
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; ++i) bytes = bytes << 8 | static_cast<unsigned char>(order[i]);
    bytes <<= 8 * (7 - n);  // left-aligned in 56 bits
    return (uint64_t{2} << 62) | (static_cast<uint64_t>(n) << 56) | bytes;
  }

 private:
  static constexpr uint32_t kBlock = 16384;  // entries: 256 KiB
  struct Block {
    std::unique_ptr<Purchase[]> items;
    uint32_t size = 0;
    uint64_t key = 0;
  };

  Purchase& next() {
    if (blocks_.empty() || blocks_.back().size == kBlock || blocks_.back().key != key_) {
      Block& b = blocks_.emplace_back();
      b.items = std::make_unique_for_overwrite<Purchase[]>(kBlock);
      b.key = key_;
    }
    Block& b = blocks_.back();
    return b.items[b.size++];
  }

  std::vector<size_t> in_order() const {
    std::vector<size_t> order(blocks_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return blocks_[a].key < blocks_[b].key; });
    return order;
  }

  std::vector<Block> blocks_;
  std::string text_;  // class-3 ids: length (4 bytes), then the bytes
  uint64_t key_ = 0;
};

}  // namespace tiers::aggregate

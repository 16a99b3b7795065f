// The purchase rows of an input that cannot be read twice (a pipe), kept
// compactly so that distinct orders and days can be counted exactly once
// the input has ended (Aggregator's logged mode).
//
// A file's rows are counted fast (only each customer's last order and day)
// and read again with exact sets in the rare case that fails; a pipe has
// no second reading. Counting it with exact sets from the start made it
// take 1.75 to 1.87 times the file's time (every pair appended to its
// bucket, sorted, merged and handed between threads). A stream sorted the
// usual way needs none of that: this log keeps one entry per purchase row
// that brings a new order or a new day for its customer (customer, day,
// order code), in input order. At the end the log is replayed in input
// order with the fast rule per customer: exact for every customer whose
// orders and days never went back; only the customers for whom they did
// are counted again with sets, from the log.
//
// Entries are packed: the customer as a varint, the day and the order code
// as varints of their difference from the entry before (zigzag), so a
// stream in date and order order takes about 5.6 bytes an entry instead
// of 16 (the 10-million-row benchmark file: 6.7 million entries, 37 MB
// instead of 106 MB; shuffled: 9.8 million entries, 87 MB instead of 156).
//
// The reader's threads each take many parts of a stream, not in input
// order (stream_parts.h), so entries are kept in blocks, each of one
// part; blocks sort back into input order by their key (input, part).
//
// Entries grow with the stream's orders, not its customers: past the first
// blocks (4 MiB a log), each finished block is moved to an unnamed
// temporary file (spill_file.h) and read back when replayed, so a pipe's
// memory follows its customers like a file's (the 50-million-row pipe
// held ~190 MB of entries). When no file can be made or written, blocks
// stay in memory: the counts never depend on the disk. Ids of class 3
// (below) stay in memory.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aggregate/spill_file.h"
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
  /// Blocks (64 KiB each) a log keeps in memory before it spills.
  static constexpr size_t kBlocksInMemory = 64;

  /// Keeps at most `blocks_in_memory` of its own blocks in memory (the one
  /// being written included); finished ones past them go to a file in
  /// `spill_dir` (empty: $TMPDIR, else /tmp).
  explicit PurchaseLog(size_t blocks_in_memory = kBlocksInMemory, std::string spill_dir = {})
      : blocks_in_memory_(blocks_in_memory), spill_dir_(std::move(spill_dir)) {}

  /// The rows that follow belong to the part with this key (parts are
  /// replayed in key order; blocks of one key keep the order they were
  /// added or appended in).
  void start_part(uint64_t key) { key_ = key; }

  void add(uint32_t customer, int32_t day, std::string_view order) {
    uint64_t c = code(order);
    if (c == 0 && !order.empty()) {
      c = kText | text_.size();
      const auto n = static_cast<uint32_t>(order.size());
      text_.append(reinterpret_cast<const char*>(&n), 4);
      text_.append(order);
    }
    Block& b = open();
    uint8_t* out = b.bytes.get() + b.used;
    out = put(out, customer);
    out = put(out, zigzag(static_cast<uint64_t>(int64_t{day} - last_day_)));
    out = put(out, zigzag(c - last_code_));
    b.used = static_cast<uint32_t>(out - b.bytes.get());
    ++b.count;
    last_day_ = day;
    last_code_ = c;
  }

  /// Takes `other`'s entries (after this one's, same keys last), its
  /// customers renumbered by `mapped`. `other` is left empty. The entries
  /// are not rewritten: each block keeps the index of its renumbering and
  /// the offset of its text, applied as it is read.
  void append(PurchaseLog& other, const std::vector<uint32_t>& mapped) {
    const uint64_t base = text_.size();
    text_.append(other.text_);
    uint32_t own = kNoMap;                                     // `mapped` itself
    std::vector<uint32_t> composed(other.maps_.size(), kNoMap);  // `mapped` after other's
    for (Block& b : other.blocks_) {
      uint32_t& m = b.map == kNoMap ? own : composed[b.map];
      if (m == kNoMap) {
        m = static_cast<uint32_t>(maps_.size());
        if (b.map == kNoMap) {
          maps_.push_back(mapped);
        } else {
          std::vector<uint32_t> both(other.maps_[b.map]);
          for (uint32_t& i : both) i = mapped[i];
          maps_.push_back(std::move(both));
        }
      }
      b.map = m;
      b.text_base += base;
      blocks_.push_back(std::move(b));
    }
    writing_ = false;  // the last block is not this log's own any more
    other.release();
  }

  /// Calls f on every entry, parts in key order; `ahead(customer)` for the
  /// entry kAhead places later (entries are decoded kBatch at a time, and
  /// fetched ahead within a batch), to fetch its state early.
  template <typename F, typename A>
  void for_each(F&& f, A&& ahead) const {
    constexpr uint32_t kAhead = 16, kBatch = 256;
    Purchase batch[kBatch];
    std::unique_ptr<uint8_t[]> spilled;  // a block read back from its file
    for (size_t index : in_order()) {
      const Block& b = blocks_[index];
      const uint32_t* map = b.map == kNoMap ? nullptr : maps_[b.map].data();
      const uint8_t* in = b.bytes.get();
      if (in == nullptr) {
        if (!spilled) spilled = std::make_unique_for_overwrite<uint8_t[]>(kBlockBytes);
        b.file->read(b.offset, spilled.get(), b.used);
        in = spilled.get();
      }
      int64_t day = 0;
      uint64_t code = 0;
      for (uint32_t done = 0; done < b.count;) {
        const uint32_t n = std::min(kBatch, b.count - done);
        for (uint32_t i = 0; i < n; ++i) {
          uint64_t v;
          in = get(in, v);
          batch[i].customer = map ? map[v] : static_cast<uint32_t>(v);
          in = get(in, v);
          day += static_cast<int64_t>(unzigzag(v));
          batch[i].day = static_cast<int32_t>(day);
          in = get(in, v);
          code += unzigzag(v);
          batch[i].order = (code & kText) == kText ? code + b.text_base : code;
        }
        for (uint32_t i = 0; i < std::min(kAhead, n); ++i) ahead(batch[i].customer);
        for (uint32_t i = 0; i < n; ++i) {
          if (i + kAhead < n) ahead(batch[i + kAhead].customer);
          f(static_cast<const Purchase&>(batch[i]));
        }
        done += n;
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

  /// Entries.
  size_t size() const {
    size_t n = 0;
    for (const Block& b : blocks_) n += b.count;
    return n;
  }
  /// Bytes this log has moved to its own temporary file (appended logs'
  /// blocks stay in theirs, not counted here).
  uint64_t spilled() const { return spill_ ? spill_->size() : 0; }
  /// Blocks of entries in memory (not spilled).
  size_t blocks_in_memory() const {
    return static_cast<size_t>(
        std::count_if(blocks_.begin(), blocks_.end(), [](const Block& b) { return b.bytes != nullptr; }));
  }
  /// Bytes held in memory.
  size_t memory() const {
    size_t n = blocks_in_memory() * kBlockBytes + text_.capacity();
    for (const std::vector<uint32_t>& m : maps_) n += m.capacity() * sizeof(uint32_t);
    return n;
  }
  void release() {
    std::vector<Block>().swap(blocks_);
    spill_.reset();
    std::vector<std::vector<uint32_t>>().swap(maps_);
    std::string().swap(text_);
    writing_ = false;
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
  static constexpr uint32_t kBlockBytes = 65536;
  // The longest entry: a customer (5 bytes), a day's difference (33 bits:
  // 5 bytes) and a code's (64 bits: 10 bytes).
  static constexpr uint32_t kMaxEntry = 20;
  static constexpr uint32_t kNoMap = UINT32_MAX;

  struct Block {
    std::unique_ptr<uint8_t[]> bytes;  // null once spilled
    std::shared_ptr<SpillFile> file;   // where it was spilled (a log's own, or an appended one's)
    uint64_t offset = 0;
    uint32_t used = 0;   // bytes
    uint32_t count = 0;  // entries
    uint64_t key = 0;
    uint32_t map = kNoMap;   // the renumbering of its customers (an index in maps_)
    uint64_t text_base = 0;  // added to its class-3 codes
  };

  /// The block to add to: each starts afresh (differences from 0), so that
  /// it can be read, moved and renumbered on its own.
  Block& open() {
    if (!writing_ || blocks_.back().key != key_ || kBlockBytes - blocks_.back().used < kMaxEntry) {
      if (writing_) spill(blocks_.back());  // finished: no entry is added to it again
      Block& b = blocks_.emplace_back();
      b.bytes = std::make_unique_for_overwrite<uint8_t[]>(kBlockBytes);
      b.key = key_;
      writing_ = true;
      last_day_ = 0;
      last_code_ = 0;
    }
    return blocks_.back();
  }

  /// Moves a finished block to the file once the log holds enough blocks.
  void spill(Block& b) {
    if (spill_failed_ || blocks_.size() < blocks_in_memory_) return;
    if (!spill_) spill_ = SpillFile::create(spill_dir_);
    const std::optional<uint64_t> at = spill_ ? spill_->append(b.bytes.get(), b.used) : std::nullopt;
    if (!at) {
      spill_failed_ = true;  // kept in memory from now on
      return;
    }
    b.file = spill_;
    b.offset = *at;
    b.bytes.reset();
  }

  // Differences as unsigned 64-bit numbers (wrapping), small either way.
  static uint64_t zigzag(uint64_t d) { return (d << 1) ^ (0 - (d >> 63)); }
  static uint64_t unzigzag(uint64_t z) { return (z >> 1) ^ (0 - (z & 1)); }
  static uint8_t* put(uint8_t* out, uint64_t v) {
    while (v >= 0x80) {
      *out++ = static_cast<uint8_t>(v | 0x80);
      v >>= 7;
    }
    *out++ = static_cast<uint8_t>(v);
    return out;
  }
  static const uint8_t* get(const uint8_t* in, uint64_t& v) {
    v = *in & 0x7f;
    for (unsigned shift = 7; *in++ & 0x80; shift += 7) v |= uint64_t{*in & 0x7fu} << shift;
    return in;
  }

  std::vector<size_t> in_order() const {
    std::vector<size_t> order(blocks_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return blocks_[a].key < blocks_[b].key; });
    return order;
  }

  size_t blocks_in_memory_;
  std::string spill_dir_;
  std::shared_ptr<SpillFile> spill_;  // made at the first spill
  bool spill_failed_ = false;
  std::vector<Block> blocks_;
  std::vector<std::vector<uint32_t>> maps_;  // renumberings of appended blocks
  std::string text_;  // class-3 ids: length (4 bytes), then the bytes
  uint64_t key_ = 0;
  bool writing_ = false;  // blocks_.back() is this log's own, being added to
  int64_t last_day_ = 0;  // the entry before, in blocks_.back()
  uint64_t last_code_ = 0;
};

}  // namespace tiers::aggregate

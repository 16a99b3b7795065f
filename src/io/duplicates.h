// Exact duplicate rows (--dedupe): has this record been seen before?
//
// Exports repeat rows: a line copied twice, overlapping monthly exports
// read together. With --dedupe, every data record byte-identical to an
// earlier one under the same header (the same column names in the same
// order, so the bytes mean the same thing) is dropped; the first copy in
// input order is kept. This is the one place where memory grows with rows
// rather than customers, which is why it is an option.
//
// A record is remembered by a 128-bit fingerprint of its bytes (xxHash's
// XXH3-128, seeded by the header), not by its text: 16 bytes a row in an
// open-addressing table kept at most 3/4 full, so 20-43 bytes per distinct
// row (10 million distinct rows: 256 MB). Two different records share a
// fingerprint with probability about n²/2^129 for n distinct records:
// 10^-22 for a billion rows, far below the chance of a disk error. A
// collision would drop one row as a duplicate of another.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tiers::io {

class RecordFingerprints {
 public:
  /// The seed for the records of a file with this (trimmed) header.
  static uint64_t header_seed(const std::vector<std::string>& header);

  /// True the first time `raw` (a record's bytes) is seen under `seed`;
  /// remembers it.
  bool first_time(uint64_t seed, std::string_view raw);

  /// Makes room for `more` records beyond those seen, so that the table
  /// is not rebuilt while it fills (an estimate is enough).
  void reserve(uint64_t more);

  uint64_t distinct() const { return count_; }
  /// Bytes held by the table.
  uint64_t memory_bytes() const { return slots_.size() * sizeof(Fingerprint); }

 private:
  struct Fingerprint {
    uint64_t lo = 0, hi = 0;  // (0, 0) marks an empty slot
  };
  void rebuild(size_t slots);

  std::vector<Fingerprint> slots_;
  uint64_t count_ = 0;
};

}  // namespace tiers::io

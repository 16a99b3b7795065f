// Strict UTF-8 validation of input bytes.
//
// Input is UTF-8 unless --encoding says otherwise (issue 4); invalid bytes
// must be an error naming the byte offset, not mojibake in customer ids.
// The validator follows the Unicode Standard's table of well-formed byte
// sequences (Table 3-7): no overlong forms, no surrogates (U+D800..DFFF),
// nothing above U+10FFFF, no bytes C0, C1, F5..FF. ASCII, the common case,
// is checked 16 bytes at a time.
//
// Input arrives in blocks, so a sequence may be cut by a block end:
// Utf8Validator carries the (at most three) bytes of such a sequence over to
// the next block and reports offsets from the start of the whole stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tiers::io {

/// Offset of the first byte that starts an ill-formed or truncated UTF-8
/// sequence in `text`, or nullopt when all of `text` is valid UTF-8.
std::optional<size_t> find_invalid_utf8(std::string_view text);

/// Length of the longest prefix of `text` made of complete, valid
/// sequences, and whether the rest is only the valid start of a sequence
/// cut by the end of `text` (`truncated`) rather than an ill-formed one.
struct Utf8Prefix {
  size_t valid_bytes = 0;
  bool truncated = false;  ///< the rest (1-3 bytes) may continue later
};
Utf8Prefix valid_utf8_prefix(std::string_view text);

/// Validates a stream fed in blocks of any size.
class Utf8Validator {
 public:
  /// Checks the next block; returns the stream offset of the first invalid
  /// byte, or nullopt. After an error the validator stays failed.
  std::optional<uint64_t> feed(std::string_view block);
  /// Call at the end of the stream: a sequence still open is invalid.
  std::optional<uint64_t> finish();

  uint64_t bytes_checked() const { return offset_; }

 private:
  unsigned char pending_[4] = {};
  size_t pending_size_ = 0;
  uint64_t offset_ = 0;  ///< stream offset of the first byte not yet fed
  std::optional<uint64_t> failed_;
};

}  // namespace tiers::io

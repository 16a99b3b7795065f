// Where input bytes come from: a file, standard input, or (later) a
// decompressor over either. Sources are read front to back in blocks, so
// memory never grows with the input's size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace tiers::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `capacity` bytes; 0 means the end. Throws Error(kIo).
  virtual size_t read(char* buffer, size_t capacity) = 0;
  /// Bytes of the underlying file (compressed size for compressed input),
  /// or 0 when unknown (a pipe).
  virtual uint64_t size_on_disk() const = 0;
  /// A descriptor that supports pread() over the whole input (a regular,
  /// uncompressed file), or -1.
  virtual int descriptor() const { return -1; }
};

/// The name to show in messages: `-` is shown as `<stdin>`.
std::string display_name(const std::string& path);

/// Opens `path` (`-` for standard input). Throws Error(kNoInput) when the
/// file is missing or unreadable.
std::unique_ptr<ByteSource> open_source(const std::string& path);

}  // namespace tiers::io

// Where input bytes come from: a file, standard input, or a decompressor or
// decoder over either. Sources are read front to back in blocks, so memory
// never grows with the input's size.
//
// open_source picks a decompressor by extension (`.gz`: zlib, including
// files of several concatenated gzip members; `.zst`: zstd, several frames
// too), or, when the name gives none (standard input, `export.csv`), by
// the data's first bytes. Converting from another encoding, or checking
// UTF-8, are further wrappers (decoding_source.h) that the reader stacks
// on top.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

namespace tiers::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `capacity` bytes; 0 means the end. Throws Error(kIo), or
  /// Error(kData) when a decompressor or decoder finds corrupt input.
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

enum class Compression { kNone, kGzip, kZstd };

/// `.gz` → gzip, `.zst` → zstd (any case); standard input has no name
/// to go by.
Compression compression_from_path(std::string_view path);

/// The compression whose magic number `first` (a source's first bytes)
/// starts with: gzip 1F 8B 08, zstd 28 B5 2F FD. No CSV header starts
/// so: 1F is a control character, and 8B or B5 after an ASCII byte is
/// not UTF-8 (in Latin-1 the zstd bytes read "(µ/ý").
Compression compression_from_magic(std::string_view first);

/// `source`, decompressed when its first bytes are gzip's or zstd's magic
/// number. A regular file's are read with pread (`descriptor()` stays
/// usable when it is not compressed); any other source's are read and
/// handed out again ahead of the rest.
/// `found`, when given, receives the compression found.
std::unique_ptr<ByteSource> decompress_by_magic(std::unique_ptr<ByteSource> source, std::string name,
                                                Compression* found = nullptr);

/// How open_source read an input: its compression, and whether the file
/// name (extension) or the data (magic number) told it.
struct SourceInfo {
  Compression compression = Compression::kNone;
  bool from_name = false;
};

/// "none", "gzip", "zstd".
const char* compression_name(Compression compression);

/// Opens `path` (`-` for standard input), decompressing by extension, or
/// by magic number when the extension names no compression.
/// Throws Error(kNoInput) when the file is missing or unreadable.
std::unique_ptr<ByteSource> open_source(const std::string& path, SourceInfo* info = nullptr);

/// Decompressors over another source. `name` is used in messages. Corrupt
/// or truncated data throws Error(kData) naming the file and the
/// compressed byte offset; an empty file gives no bytes.
std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed, std::string name);
std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed, std::string name);

/// `prefix` (bytes already read from `rest`), then the rest of `rest`.
std::unique_ptr<ByteSource> make_prefix_source(std::string prefix, std::unique_ptr<ByteSource> rest);

/// Up to `n` first bytes of `source`, leaving it to hand out every byte
/// as before: a regular file's are read with pread (`descriptor()` stays
/// usable); any other source is read and replaced by one that hands them
/// out again ahead of the rest.
std::string peek_source(std::unique_ptr<ByteSource>& source, size_t n, const std::string& name);

/// Bytes held in memory, handed out at most `max_read` at a time (tests
/// and fuzzing use small values to split multibyte data across reads).
std::unique_ptr<ByteSource> make_memory_source(std::string bytes,
                                               size_t max_read = std::numeric_limits<size_t>::max());

}  // namespace tiers::io

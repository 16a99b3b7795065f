// Character sets: converting input to UTF-8, and checking UTF-8 input.
//
// Exports from Excel on a Chinese Windows machine are GBK (or GB18030),
// Western European ones Windows-1252 or Latin-1, Excel's "Unicode text"
// UTF-16 with a byte-order mark. `--encoding NAME` wraps the input source
// in a decoder that converts to UTF-8 with glibc iconv, block by block (a
// character split between two blocks is carried over). Without
// --encoding, input must be UTF-8: the checking wrapper fails on the first
// invalid byte, naming the line and byte offset and suggesting --encoding.
// Byte offsets count the bytes of the input as decoded from any
// compression, i.e. of the CSV text as the exporting program wrote it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "io/source.h"
#include "tiers/error.h"

namespace tiers::io {

enum class Encoding { kUtf8, kGbk, kGb18030, kLatin1, kCp1252, kUtf16, kUtf16le, kUtf16be };

/// Reads an --encoding value: utf-8, gbk (also gb2312, cp936), gb18030,
/// latin1 (iso-8859-1), cp1252 (windows-1252), utf-16 (byte-order mark or
/// guess), utf-16le, utf-16be; any case, `_` or `-` optional.
std::optional<Encoding> parse_encoding(std::string_view name);

/// The canonical name, as --encoding takes it (`gbk`, `utf-16le`).
std::string_view encoding_name(Encoding encoding);

/// All names parse_encoding accepts in canonical form, for messages.
std::string_view known_encodings();

/// `first` (an input's first bytes) starts with a UTF-16 byte-order mark:
/// FF FE (little-endian) or FE FF (big-endian).
bool has_utf16_bom(std::string_view first);

/// Converts `inner` from `encoding` to UTF-8. For utf-16 a byte-order mark
/// picks the byte order (and is dropped); without one, a zero first byte
/// means big-endian, otherwise little-endian. An invalid or truncated
/// sequence throws Error(kData) naming `name`, the line and byte offset.
/// kUtf8 returns a UTF-8 checking source.
std::unique_ptr<ByteSource> make_decoding_source(std::unique_ptr<ByteSource> inner, Encoding encoding,
                                                 std::string name);

/// Passes UTF-8 through, throwing Error(kData) at the first invalid byte:
/// `NAME:LINE: invalid UTF-8 at byte offset N (bytes 0xE9 0x2C)` with a
/// hint naming --encoding.
std::unique_ptr<ByteSource> make_utf8_checked_source(std::unique_ptr<ByteSource> inner, std::string name);

/// The error for invalid UTF-8 at `offset` (line `line`) of `name`;
/// `bytes` are the bytes found there (up to 4 are shown).
Error invalid_utf8_error(const std::string& name, uint64_t line, uint64_t offset,
                         std::string_view bytes);

}  // namespace tiers::io

// Files that are not CSV text but are easily given by mistake: an Excel
// workbook instead of its CSV export, a zip archive, data compressed with
// a tool tiers does not decompress (xz, bzip2), a Parquet file. Read as
// text they would fail with "invalid UTF-8 ... give --encoding", which
// points the wrong way; their first bytes (magic numbers) say what they
// are, so the error can name the format and the way to get a CSV.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tiers::io {

/// Bytes of an input that foreign_format needs at least: the magic numbers
/// and a zip archive's first entry name (the reader hands it more, the
/// bytes it looks at for line ends too).
inline constexpr size_t kFirstBytes = 512;

struct ForeignFormat {
  std::string what;  ///< e.g. "an Excel workbook (.xlsx)"
  std::string hint;  ///< how to get a CSV from it
};

/// The format whose magic number `first` (an input's first bytes, after
/// any .gz/.zst decompression) starts with, if it is one of those above;
/// `name` (as shown in messages) goes into the hint's example command.
/// Only when the first 64 bytes also hold a byte no CSV text has (a
/// control character other than tab, CR and LF, or one that is not
/// UTF-8): such input would fail as text anyway, while a CSV whose header
/// happens to begin like a magic number ("PAR1", "BZh91AY&SY" are ASCII)
/// is still read.
std::optional<ForeignFormat> foreign_format(std::string_view first, const std::string& name);

/// Throws Error(kData) "NAME: this is FORMAT, not a CSV file" with the
/// hint, when `first` is such a format.
void refuse_foreign_format(std::string_view first, const std::string& name);

}  // namespace tiers::io

#include "io/foreign_format.h"

#include <fmt/format.h>

#include "io/utf8.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

/// The name of the first entry of a zip archive (its local file header:
/// name length at byte 26, the name from byte 30).
std::string_view first_zip_entry(std::string_view zip) {
  if (zip.size() < 30) return {};
  const size_t length = static_cast<unsigned char>(zip[26]) | static_cast<unsigned char>(zip[27]) << 8;
  return zip.substr(30, length);
}

/// Shell-quoted for the hint's example command.
std::string quoted(const std::string& name) {
  if (name.find_first_of(" '\"$`\\!*?&;|<>()") == std::string::npos) return name;
  std::string out = "'";
  for (char c : name) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

constexpr const char* kSaveAsCsv =
    "open it in Excel and save it with File > Save As > CSV UTF-8 (comma delimited), then give "
    "that file";

/// `first` holds, within its first 64 bytes, a byte no CSV text has: a
/// control character other than tab, CR and LF, or one that is not UTF-8
/// (a sequence cut by the 64 is not counted). Without one, a text that
/// happens to begin with a magic number ("PAR1", "BZh91AY&SY" are ASCII)
/// is read as the CSV it may be.
bool has_binary_byte(std::string_view first) {
  const std::string_view head = first.substr(0, 64);
  for (const char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
  }
  const Utf8Prefix valid = valid_utf8_prefix(head);
  return valid.valid_bytes < head.size() && !(valid.truncated && head.size() < first.size());
}

}  // namespace

std::optional<ForeignFormat> foreign_format(std::string_view first, const std::string& name) {
  if (!has_binary_byte(first)) return std::nullopt;
  const std::string file = name == "<stdin>" ? std::string("FILE") : quoted(name);
  if (first.starts_with(std::string_view("PK\x03\x04", 4))) {
    const std::string_view entry = first_zip_entry(first);
    // What Excel, LibreOffice and most libraries write first in an .xlsx.
    if (entry.starts_with("[Content_Types].xml") || entry.starts_with("xl/") ||
        entry.starts_with("_rels/") || entry.starts_with("docProps/"))
      return ForeignFormat{"an Excel workbook (.xlsx)", kSaveAsCsv};
    if (entry.starts_with("mimetype") || entry.starts_with("META-INF/"))
      return ForeignFormat{"an OpenDocument file (.ods)",
                           "open it in LibreOffice Calc and save it as Text CSV (UTF-8), then give that file"};
    return ForeignFormat{"a zip archive",
                         fmt::format("unzip it and give the CSV inside, or pipe it: unzip -p {} | tiers "
                                     "classify -",
                                     file)};
  }
  if (first.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    return ForeignFormat{"an Excel 97-2003 workbook (.xls)", kSaveAsCsv};
  if (first.starts_with(std::string_view("\xFD" "7zXZ\x00", 6)))
    return ForeignFormat{"xz-compressed data",
                         fmt::format("tiers decompresses .gz and .zst itself; for xz, pipe it: xz -dc {} | "
                                     "tiers classify -",
                                     file)};
  // bzip2: "BZh", the block size 1-9, then the magic of a block
  // (pi: 31 41 59 26 53 59) or of the end (sqrt(pi): 17 72 45 38 50 90).
  if (first.size() >= 10 && first.starts_with("BZh") && first[3] >= '1' && first[3] <= '9' &&
      (first.substr(4, 6) == std::string_view("\x31\x41\x59\x26\x53\x59", 6) ||
       first.substr(4, 6) == std::string_view("\x17\x72\x45\x38\x50\x90", 6)))
    return ForeignFormat{"bzip2-compressed data",
                         fmt::format("tiers decompresses .gz and .zst itself; for bzip2, pipe it: bzip2 -dc "
                                     "{} | tiers classify -",
                                     file)};
  // Parquet: "PAR1", then the first page header (Thrift, binary).
  if (first.starts_with("PAR1"))
    return ForeignFormat{"a Parquet file",
                         fmt::format("export it as CSV first, e.g. duckdb -c \"COPY (FROM '{}') TO 'out.csv'\"",
                                     name == "<stdin>" ? std::string("FILE") : name)};
  return std::nullopt;
}

void refuse_foreign_format(std::string_view first, const std::string& name) {
  if (auto format = foreign_format(first, name))
    throw Error(ExitCode::kData, fmt::format("{}: this is {}, not a CSV file", name, format->what),
                format->hint);
}

}  // namespace tiers::io

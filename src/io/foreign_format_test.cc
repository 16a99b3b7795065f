#include <doctest/doctest.h>

#include <string>

#include "io/foreign_format.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

/// A zip archive's first local file header, naming `entry` (stored, empty).
std::string zip_with(const std::string& entry) {
  std::string h("PK\x03\x04", 4);
  h += std::string(22, '\0');  // version, flags, method, time, date, crc, sizes
  h += static_cast<char>(entry.size() & 0xFF);
  h += static_cast<char>(entry.size() >> 8);
  h += std::string(2, '\0');  // extra field length
  return h + entry;
}

std::string what(std::string_view first) {
  auto f = foreign_format(first, "in.dat");
  return f ? f->what : "";
}

}  // namespace

TEST_CASE("foreign formats: workbooks, archives and other compressors are named") {
  CHECK(what(zip_with("[Content_Types].xml")) == "an Excel workbook (.xlsx)");  // Excel, Python
  CHECK(what(zip_with("docProps/app.xml")) == "an Excel workbook (.xlsx)");
  CHECK(what(zip_with("_rels/.rels")) == "an Excel workbook (.xlsx)");          // LibreOffice
  CHECK(what(zip_with("mimetype")) == "an OpenDocument file (.ods)");
  CHECK(what(zip_with("sales.csv")) == "a zip archive");
  CHECK(what(std::string("PK\x03\x04", 4)) == "a zip archive");  // too short for a name
  CHECK(what(from_hex("d0cf11e0a1b11ae1000000")) == "an Excel 97-2003 workbook (.xls)");
  // What `printf 'customer_id\n' | xz` and `| bzip2` wrote, and bzip2 of nothing.
  CHECK(what(from_hex("fd377a585a000004e6d6b4460200210116000000742fe5a3")) == "xz-compressed data");
  CHECK(what(from_hex("425a6839314159265359f47bab850000014380")) == "bzip2-compressed data");
  CHECK(what(from_hex("425a683917724538509000000000")) == "bzip2-compressed data");
  CHECK(what(std::string("PAR1\x15\x04\x15", 7)) == "a Parquet file");
  // A magic number then text only is not refused (see the next case),
  // but a binary byte later in the first 64 is enough.
  CHECK(what("BZh91AY&SY" + std::string(50, 'x') + '\x01') == "bzip2-compressed data");
  CHECK(what("BZh91AY&SY" + std::string(60, 'x') + '\x01') == "");
}

TEST_CASE("foreign formats: CSV text that begins like one is not refused") {
  for (const std::string text : {"PK,amount\n", "PAR1,PAR2\n", "PAR1\n", "BZh9,x\n", "BZh91AY&SY,x\n",
                                 "customer_id,date\n", "", "\xEF\xBB\xBF" "customer_id\n",
                                 "7zXZ\n", "PAR1\t\r\n", "PAR1,\xE5\xAE\xA2"}) {
    CAPTURE(text);
    CHECK_FALSE(foreign_format(text, "in.csv").has_value());
    CHECK_NOTHROW(refuse_foreign_format(text, "in.csv"));
  }
}

TEST_CASE("foreign formats: the error names the file, the format and the way out") {
  try {
    refuse_foreign_format(zip_with("xl/workbook.xml"), "Q3 sales.xlsx");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kData);
    CHECK(std::string(e.what()) == "Q3 sales.xlsx: this is an Excel workbook (.xlsx), not a CSV file");
    CHECK(e.hint().find("CSV UTF-8") != std::string::npos);
  }
  // The example command quotes a name the shell would split; standard input has none.
  CHECK(foreign_format(zip_with("a.csv"), "my export.zip")->hint ==
        "unzip it and give the CSV inside, or pipe it: unzip -p 'my export.zip' | tiers classify -");
  CHECK(foreign_format(from_hex("fd377a585a00"), "<stdin>")->hint ==
        "tiers decompresses .gz and .zst itself; for xz, pipe it: xz -dc FILE | tiers classify -");
}

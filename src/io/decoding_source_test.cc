#include <doctest/doctest.h>

#include <string>

#include "io/decoding_source.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

std::string read_all(ByteSource& source, size_t capacity = 1 << 16) {
  std::string out, buf(capacity, '\0');
  while (size_t n = source.read(buf.data(), buf.size())) out.append(buf.data(), n);
  return out;
}

std::string decode(const std::string& bytes, Encoding e, size_t max_read = 1 << 20, size_t capacity = 1 << 16) {
  auto s = make_decoding_source(make_memory_source(bytes, max_read), e, "in.csv");
  return read_all(*s, capacity);
}

/// Decodes with every read size from 1 to 5 and all at once; all must agree.
std::string decode_all_ways(const std::string& bytes, Encoding e) {
  const std::string whole = decode(bytes, e);
  for (size_t max_read = 1; max_read <= 5; ++max_read) REQUIRE(decode(bytes, e, max_read, 3) == whole);
  return whole;
}

Error error_of(const std::string& bytes, Encoding e, size_t max_read = 1 << 20) {
  try {
    decode(bytes, e, max_read);
  } catch (const Error& err) {
    return err;
  }
  FAIL("no error");
  return Error(ExitCode::kOk, "");
}

}  // namespace

TEST_CASE("encodings: names") {
  CHECK(parse_encoding("GBK") == Encoding::kGbk);
  CHECK(parse_encoding("gb2312") == Encoding::kGbk);
  CHECK(parse_encoding("GB18030") == Encoding::kGb18030);
  CHECK(parse_encoding("latin1") == Encoding::kLatin1);
  CHECK(parse_encoding("ISO-8859-1") == Encoding::kLatin1);
  CHECK(parse_encoding("windows-1252") == Encoding::kCp1252);
  CHECK(parse_encoding("utf_16") == Encoding::kUtf16);
  CHECK(parse_encoding("UTF-16LE") == Encoding::kUtf16le);
  CHECK(parse_encoding("utf8") == Encoding::kUtf8);
  CHECK(!parse_encoding("ebcdic"));
  CHECK(encoding_name(Encoding::kUtf16be) == "utf-16be");
}

TEST_CASE("encodings: GBK from Chinese Excel") {
  // 客户 is not needed: 中文 is D6D0 CEC4 in GB2312/GBK, E4B8AD E69687 in UTF-8.
  CHECK(decode_all_ways("id,\xD6\xD0\xCE\xC4\n1,2\n", Encoding::kGbk) == "id,\xE4\xB8\xAD\xE6\x96\x87\n1,2\n");
  CHECK(decode_all_ways("", Encoding::kGbk) == "");
}

TEST_CASE("encodings: GB18030 four-byte sequences split across reads") {
  // 81 30 81 30 is the first four-byte code, U+0080 (UTF-8 C2 80).
  CHECK(decode_all_ways("a\x81\x30\x81\x30z", Encoding::kGb18030) == "a\xC2\x80z");
}

TEST_CASE("encodings: Latin-1 and Windows-1252") {
  CHECK(decode_all_ways("caf\xE9,1\n", Encoding::kLatin1) == "caf\xC3\xA9,1\n");
  CHECK(decode_all_ways("\x80 5\n", Encoding::kCp1252) == "\xE2\x82\xAC 5\n");  // 0x80 is €
  CHECK(decode_all_ways("\x80", Encoding::kLatin1) == "\xC2\x80");             // a C1 control in Latin-1
}

TEST_CASE("encodings: UTF-16 with and without a byte-order mark") {
  CHECK(decode_all_ways(std::string("\xFF\xFE" "A\0,\0B\0\n\0", 10), Encoding::kUtf16) == "A,B\n");
  CHECK(decode_all_ways(std::string("\xFE\xFF\0A\0\n", 6), Encoding::kUtf16) == "A\n");
  CHECK(decode_all_ways(std::string("A\0\n\0", 4), Encoding::kUtf16) == "A\n");   // guessed LE
  CHECK(decode_all_ways(std::string("\0A\0\n", 4), Encoding::kUtf16) == "A\n");   // guessed BE
  CHECK(decode_all_ways(std::string("\xFF\xFE" "A\0", 4), Encoding::kUtf16le) == "A");
  // U+1F600 is the surrogate pair D83D DE00: LE bytes 3D D8 00 DE.
  CHECK(decode_all_ways(std::string("\x3D\xD8\x00\xDE", 4), Encoding::kUtf16le) == "\xF0\x9F\x98\x80");
}

TEST_CASE("encodings: invalid bytes name the line and byte offset") {
  // 81 20: 0x20 cannot follow a GBK lead byte. Byte offset 7, on line 2.
  const Error e = error_of("id,x\n1,\x81\x20\n", Encoding::kGbk);
  CHECK(e.code() == ExitCode::kData);
  CHECK(std::string(e.what()) == "in.csv:2: invalid gbk at byte offset 7 (bytes 0x81 0x20)");
  CHECK(e.hint().rfind("check that the file really is gbk; give --encoding", 0) == 0);
  CHECK(std::string(error_of("id,x\n1,\x81\x20\n", Encoding::kGbk, 1).what()) ==
        "in.csv:2: invalid gbk at byte offset 7 (bytes 0x81 0x20)");
  CHECK(std::string(error_of("a\n\x81", Encoding::kCp1252).what()) ==
        "in.csv:2: invalid cp1252 at byte offset 2 (bytes 0x81)");
  CHECK(std::string(error_of("a,\xD6", Encoding::kGbk).what()) ==
        "in.csv:1: the file ends inside a character of gbk at byte offset 2 (bytes 0xD6)");
  CHECK(std::string(error_of(std::string("A\0B", 3), Encoding::kUtf16le, 1).what()) ==
        "in.csv:1: the file ends inside a character of utf-16le at byte offset 2 (bytes 0x42)");
}

TEST_CASE("utf-8 check: valid input passes through, invalid input names line and offset") {
  const std::string ok = "id,name\n1,\xE5\xBC\xA0\xE4\xB8\x89\n";
  CHECK(decode_all_ways(ok, Encoding::kUtf8) == ok);
  // Latin-1 é (E9) where UTF-8 is expected: line 3, byte offset 18
  // (lines of 8 and 5 bytes, then `2,caf`).
  const std::string latin = "id,name\n1,ok\n2,caf\xE9,x\n";
  // The message quotes the bad sequence's first 4 bytes however reads cut
  // the input: reads of 1 to 5 bytes end inside them, or right after a
  // lead byte whose sequence the next read breaks; a sequence cut short
  // by the end of the input quotes what there is.
  const std::string lead_then_x = "ab\xE4x,yz\n";
  for (size_t max_read : {1, 2, 3, 5, 100}) {
    CAPTURE(max_read);
    const Error e = error_of(latin, Encoding::kUtf8, max_read);
    CHECK(e.code() == ExitCode::kData);
    CHECK(std::string(e.what()) == "in.csv:3: invalid UTF-8 at byte offset 18 (bytes 0xE9 0x2C 0x78 0x0A)");
    // E9 2C 78 0A: "é,x" and a line feed in cp1252; no gbk character
    // starts E9 2C, so that reading is left out.
    CHECK(e.hint() ==
          "give --encoding: these bytes read \"é,x\\n\" as cp1252; gbk or gb18030 for Chinese Excel "
          "exports, cp1252 or latin1 for Western European ones, utf-16 for Excel \"Unicode text\"");
    CHECK(std::string(error_of(lead_then_x, Encoding::kUtf8, max_read).what()) ==
          "in.csv:1: invalid UTF-8 at byte offset 2 (bytes 0xE4 0x78 0x2C 0x79)");
    CHECK(std::string(error_of("ab\xE4\xB8", Encoding::kUtf8, max_read).what()) ==
          "in.csv:1: invalid UTF-8 at byte offset 2 (bytes 0xE4 0xB8)");
    CHECK(std::string(error_of("a\n\xA7\xA7\xA7\xA7\xA7", Encoding::kUtf8, max_read).what()) ==
          "in.csv:2: invalid UTF-8 at byte offset 2 (bytes 0xA7 0xA7 0xA7 0xA7)");
  }
}

TEST_CASE("invalid UTF-8: the hint shows what the bytes read as in gbk and cp1252") {
  // 客户 in GBK (BF CD BB A7); in cp1252 the same bytes are ¿Í»§.
  const Error gbk = invalid_utf8_error("in.csv", 2, 24, "\xBF\xCD\xBB\xA7");
  CHECK(gbk.hint() ==
        "give --encoding: these bytes read \"\xE5\xAE\xA2\xE6\x88\xB7\" as gbk, \"\xC2\xBF\xC3\x8D\xC2\xBB\xC2\xA7\" as "
        "cp1252; gbk or gb18030 for Chinese Excel exports, cp1252 or latin1 for Western European ones, "
        "utf-16 for Excel \"Unicode text\"");
  // 0x81 is undefined in cp1252 and starts no gbk pair with 0x0A: no reading.
  CHECK(invalid_utf8_error("in.csv", 2, 24, "\x81\x0A").hint() ==
        "give --encoding: gbk or gb18030 for Chinese Excel exports, cp1252 or latin1 for Western "
        "European ones, utf-16 for Excel \"Unicode text\"");
  // A UTF-16 byte-order mark at the start (--encoding utf-8 given).
  CHECK(invalid_utf8_error("in.csv", 1, 0, std::string("\xFF\xFE" "c\0", 4)).hint() ==
        "the file starts with a UTF-16 byte-order mark: give --encoding utf-16, or no --encoding");
}

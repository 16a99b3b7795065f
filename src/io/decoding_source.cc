#include "io/decoding_source.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <iconv.h>

#include "io/text.h"
#include "io/utf8.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

constexpr size_t kBlock = size_t{1} << 16;

struct EncodingName {
  std::string_view name;  ///< lower case, without `-` and `_`
  Encoding encoding;
};

constexpr std::array<EncodingName, 17> kNames = {{
    {"utf8", Encoding::kUtf8},        {"utf8sig", Encoding::kUtf8},     {"gbk", Encoding::kGbk},
    {"gb2312", Encoding::kGbk},       {"cp936", Encoding::kGbk},        {"gb18030", Encoding::kGb18030},
    {"latin1", Encoding::kLatin1},    {"iso88591", Encoding::kLatin1},  {"l1", Encoding::kLatin1},
    {"cp1252", Encoding::kCp1252},    {"windows1252", Encoding::kCp1252}, {"win1252", Encoding::kCp1252},
    {"utf16", Encoding::kUtf16},      {"utf16le", Encoding::kUtf16le},  {"utf16be", Encoding::kUtf16be},
    {"ucs2le", Encoding::kUtf16le},   {"unicode", Encoding::kUtf16},
}};

/// The name iconv knows.
const char* iconv_name(Encoding e) {
  switch (e) {
    case Encoding::kUtf8: return "UTF-8";
    case Encoding::kGbk: return "GBK";
    case Encoding::kGb18030: return "GB18030";
    case Encoding::kLatin1: return "ISO-8859-1";
    case Encoding::kCp1252: return "CP1252";
    case Encoding::kUtf16:
    case Encoding::kUtf16le: return "UTF-16LE";
    case Encoding::kUtf16be: return "UTF-16BE";
  }
  return "UTF-8";
}

/// Bytes to show around an invalid sequence: one character's worth.
size_t max_char_bytes(Encoding e) {
  switch (e) {
    case Encoding::kLatin1:
    case Encoding::kCp1252: return 1;
    case Encoding::kGbk: return 2;
    default: return 4;
  }
}

std::string hex_bytes(const char* p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += fmt::format("{}0x{:02X}", i ? " " : "", static_cast<unsigned char>(p[i]));
  return out;
}

constexpr std::string_view kEncodingChoices =
    "gbk or gb18030 for Chinese Excel exports, cp1252 or latin1 for Western European ones, utf-16 "
    "for Excel \"Unicode text\"";

std::string encoding_hint() { return fmt::format("give --encoding: {}", kEncodingChoices); }

class IconvSource final : public ByteSource {
 public:
  IconvSource(std::unique_ptr<ByteSource> inner, Encoding encoding, std::string name)
      : inner_(std::move(inner)), encoding_(encoding), name_(std::move(name)), in_(kBlock), out_(4 * kBlock) {}
  ~IconvSource() override {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  IconvSource(const IconvSource&) = delete;
  IconvSource& operator=(const IconvSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    if (out_begin_ == out_end_) convert();
    const size_t n = std::min(capacity, out_end_ - out_begin_);
    std::memcpy(buffer, out_.data() + out_begin_, n);
    out_begin_ += n;
    return n;
  }
  uint64_t size_on_disk() const override { return inner_->size_on_disk(); }

 private:
  /// Reads more input after what is left in in_; false at the end.
  bool refill() {
    if (eof_) return false;
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
    const size_t n = inner_->read(in_.data() + in_end_, in_.size() - in_end_);
    in_end_ += n;
    eof_ = n == 0;
    return n > 0;
  }

  void open() {
    if (encoding_ == Encoding::kUtf16 || encoding_ == Encoding::kUtf16le || encoding_ == Encoding::kUtf16be) {
      while (in_end_ - in_begin_ < 2 && refill()) {}
      const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + in_begin_);
      const bool two = in_end_ - in_begin_ >= 2;
      const bool le_bom = two && p[0] == 0xFF && p[1] == 0xFE, be_bom = two && p[0] == 0xFE && p[1] == 0xFF;
      if (encoding_ == Encoding::kUtf16)
        encoding_ = be_bom || (!le_bom && two && p[0] == 0 && p[1] != 0) ? Encoding::kUtf16be : Encoding::kUtf16le;
      if ((le_bom && encoding_ == Encoding::kUtf16le) || (be_bom && encoding_ == Encoding::kUtf16be)) {
        in_begin_ += 2;
        consumed_ += 2;
      }
    }
    cd_ = iconv_open("UTF-8", iconv_name(encoding_));
    if (cd_ == reinterpret_cast<iconv_t>(-1))
      throw Error(ExitCode::kSoftware,
                  fmt::format("{}: this system cannot convert from {}", name_, encoding_name(encoding_)));
  }

  [[noreturn]] void fail(const std::string& what, size_t bad_bytes) {
    const uint64_t line = 1 + lines_ + count_lf(out_.data(), out_end_);
    throw Error(ExitCode::kData,
                fmt::format("{}:{}: {} {} at byte offset {} (bytes {})", name_, line, what,
                            encoding_name(encoding_), consumed_,
                            hex_bytes(in_.data() + in_begin_, std::min<size_t>(bad_bytes, in_end_ - in_begin_))),
                fmt::format("check that the file really is {}; {}", encoding_name(encoding_), encoding_hint()));
  }

  /// Fills out_ with the next converted bytes (none at the end).
  void convert() {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) open();
    lines_ += count_lf(out_.data(), out_end_);
    out_begin_ = out_end_ = 0;
    while (out_end_ == 0) {
      if (in_begin_ == in_end_ && !refill()) return;
      char* ip = in_.data() + in_begin_;
      size_t il = in_end_ - in_begin_;
      char* op = out_.data();
      size_t ol = out_.size();
      const size_t rc = iconv(cd_, &ip, &il, &op, &ol);
      const int err = errno;
      consumed_ += static_cast<uint64_t>(ip - (in_.data() + in_begin_));
      in_begin_ = static_cast<size_t>(ip - in_.data());
      out_end_ = static_cast<size_t>(op - out_.data());
      if (rc != static_cast<size_t>(-1) || err == E2BIG) continue;
      if (err == EILSEQ) fail("invalid", max_char_bytes(encoding_));
      if (err == EINVAL) {  // a character cut by the end of the buffer
        if (out_end_ > 0) return;
        if (!refill()) fail("the file ends inside a character of", in_end_ - in_begin_);
        continue;
      }
      throw Error(ExitCode::kIo, fmt::format("{}: converting from {} failed: {}", name_,
                                             encoding_name(encoding_), std::strerror(err)));
    }
  }

  std::unique_ptr<ByteSource> inner_;
  Encoding encoding_;
  std::string name_;
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
  std::vector<char> in_, out_;
  size_t in_begin_ = 0, in_end_ = 0, out_begin_ = 0, out_end_ = 0;
  uint64_t consumed_ = 0;  ///< input bytes converted (offset of in_begin_)
  uint64_t lines_ = 0;     ///< line feeds in output already handed out
  bool eof_ = false;
};

class Utf8CheckedSource final : public ByteSource {
 public:
  Utf8CheckedSource(std::unique_ptr<ByteSource> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)) {}

  size_t read(char* buffer, size_t capacity) override {
    const size_t n = inner_->read(buffer, capacity);
    const uint64_t start = validator_.bytes_checked();
    const auto bad = n > 0 ? validator_.feed({buffer, n}) : validator_.finish();
    if (bad) {
      // The bad sequence may have begun in an earlier block (no LF there).
      const size_t in_block = *bad > start ? static_cast<size_t>(*bad - start) : 0;
      const uint64_t line = 1 + lines_ + count_lf(buffer, in_block);
      // Its first 4 bytes wherever the blocks were cut (a file read in
      // other blocks quotes the same): the end of the block before, this
      // block, and what follows.
      std::string shown;
      if (*bad < start) {
        const size_t back = static_cast<size_t>(std::min<uint64_t>(tail_.size(), start - *bad));
        shown = tail_.substr(tail_.size() - back);
      }
      shown.append(buffer + std::min(n, in_block), std::min<size_t>(4, n - std::min(n, in_block)));
      while (shown.size() < 4) {
        char more[4];
        const size_t got = inner_->read(more, 4 - shown.size());
        if (got == 0) break;
        shown.append(more, got);
      }
      throw invalid_utf8_error(name_, line, *bad, shown);
    }
    lines_ += count_lf(buffer, n);
    // The last bytes, where a sequence cut by the block's end began.
    tail_.append(buffer + n - std::min<size_t>(n, 3), std::min<size_t>(n, 3));
    if (tail_.size() > 3) tail_.erase(0, tail_.size() - 3);
    return n;
  }
  uint64_t size_on_disk() const override { return inner_->size_on_disk(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  Utf8Validator validator_;
  uint64_t lines_ = 0;
  std::string tail_;  // the last (up to 3) bytes read
};

}  // namespace

std::optional<Encoding> parse_encoding(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  for (const auto& n : kNames)
    if (n.name == key) return n.encoding;
  return std::nullopt;
}

std::string_view encoding_name(Encoding e) {
  switch (e) {
    case Encoding::kUtf8: return "utf-8";
    case Encoding::kGbk: return "gbk";
    case Encoding::kGb18030: return "gb18030";
    case Encoding::kLatin1: return "latin1";
    case Encoding::kCp1252: return "cp1252";
    case Encoding::kUtf16: return "utf-16";
    case Encoding::kUtf16le: return "utf-16le";
    case Encoding::kUtf16be: return "utf-16be";
  }
  return "utf-8";
}

std::string_view known_encodings() { return "utf-8, gbk, gb18030, latin1, cp1252, utf-16, utf-16le, utf-16be"; }

bool has_utf16_bom(std::string_view first) {
  return first.size() >= 2 && ((first[0] == '\xFF' && first[1] == '\xFE') ||
                               (first[0] == '\xFE' && first[1] == '\xFF'));
}

std::unique_ptr<ByteSource> make_decoding_source(std::unique_ptr<ByteSource> inner, Encoding encoding,
                                                 std::string name) {
  if (encoding == Encoding::kUtf8) return make_utf8_checked_source(std::move(inner), std::move(name));
  return std::make_unique<IconvSource>(std::move(inner), encoding, std::move(name));
}

std::unique_ptr<ByteSource> make_utf8_checked_source(std::unique_ptr<ByteSource> inner, std::string name) {
  return std::make_unique<Utf8CheckedSource>(std::move(inner), std::move(name));
}

namespace {

/// `bytes` as the encoding `from` (an iconv name) reads them, up to the
/// first sequence it cannot read (or one cut by the end); empty when it
/// cannot read the first.
std::string read_as(std::string_view bytes, const char* from) {
  const iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return {};
  char out[64];
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size(), out_left = sizeof out;
  char* o = out;
  iconv(cd, &in, &in_left, &o, &out_left);  // stops where it cannot go on
  iconv_close(cd);
  return std::string(out, static_cast<size_t>(o - out));
}

}  // namespace

Error invalid_utf8_error(const std::string& name, uint64_t line, uint64_t offset,
                         std::string_view bytes) {
  bytes = bytes.substr(0, 4);
  const std::string message =
      fmt::format("{}:{}: invalid UTF-8 at byte offset {}{}", name, line, offset,
                  bytes.empty() ? std::string() : fmt::format(" (bytes {})", hex_bytes(bytes.data(), bytes.size())));
  if (offset == 0 && has_utf16_bom(bytes))  // only with --encoding utf-8 given: else it is read as UTF-16
    return Error(ExitCode::kData, message,
                 "the file starts with a UTF-16 byte-order mark: give --encoding utf-16, or no --encoding");
  // What the bytes would read as in the two likeliest encodings, so the
  // hint shows which one makes sense (only those that can read them).
  std::string readings;
  for (const auto& [label, iconv_name] : {std::pair{"gbk", "GB18030"}, std::pair{"cp1252", "CP1252"}}) {
    const std::string text = read_as(bytes, iconv_name);
    if (text.empty()) continue;
    readings += fmt::format("{}\"{}\" as {}", readings.empty() ? "" : ", ", printable(text), label);
  }
  return Error(ExitCode::kData, message,
               readings.empty() ? encoding_hint()
                                : fmt::format("give --encoding: these bytes read {}; {}", readings,
                                              kEncodingChoices));
}

}  // namespace tiers::io

// Streaming decompressors behind make_gzip_source / make_zstd_source.
//
// Both read the compressed source in blocks and decompress straight into
// the caller's buffer. gzip files may hold several members one after
// another (`cat a.gz b.gz`), zstd files several frames; both are read to
// the end. Garbage after the last member is corrupt data, not ignored.
#include <climits>
#include <vector>

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>

#include "io/source.h"
#include "tiers/error.h"

namespace tiers::io {
namespace {

constexpr size_t kInputBlock = size_t{1} << 17;

class GzipSource final : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(kInputBlock) {
    // 15 + 32: the largest window, gzip or zlib header detected.
    if (inflateInit2(&z_, 15 + 32) != Z_OK)
      throw Error(ExitCode::kSoftware, fmt::format("{}: cannot start the gzip decoder", name_));
  }
  ~GzipSource() override { inflateEnd(&z_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    const auto cap = static_cast<uInt>(std::min<size_t>(capacity, UINT_MAX));
    if (cap == 0) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = cap;
    while (z_.avail_out == cap) {
      if (z_.avail_in == 0) {
        const size_t n = inner_->read(in_.data(), in_.size());
        fed_ += n;
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(n);
        if (n == 0) {
          if (state_ != State::kInMember) return 0;  // the end, or an empty file
          throw Error(ExitCode::kData,
                      fmt::format("{}: the gzip data is truncated (it ends inside a member, after "
                                  "{} compressed bytes)",
                                  name_, fed_),
                      "the file was cut short: copy or download it again");
        }
      }
      if (state_ == State::kBetweenMembers) inflateReset(&z_);
      state_ = State::kInMember;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        state_ = State::kBetweenMembers;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw Error(ExitCode::kData,
                    fmt::format("{}: corrupt gzip data (found at compressed byte {}): {}", name_,
                                fed_ - z_.avail_in, z_.msg ? z_.msg : zError(rc)),
                    "check the file with gzip -t");
      }
    }
    return cap - z_.avail_out;
  }

  uint64_t size_on_disk() const override { return inner_->size_on_disk(); }

 private:
  enum class State { kStart, kInMember, kBetweenMembers };
  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  std::vector<char> in_;
  z_stream z_{};
  uint64_t fed_ = 0;  ///< compressed bytes read from inner_
  State state_ = State::kStart;
};

class ZstdSource final : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(ZSTD_DStreamInSize()), ctx_(ZSTD_createDCtx()) {
    if (ctx_ == nullptr)
      throw Error(ExitCode::kSoftware, fmt::format("{}: cannot start the zstd decoder", name_));
  }
  ~ZstdSource() override { ZSTD_freeDCtx(ctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos == 0 && capacity > 0) {
      if (input_.pos == input_.size && !eof_) {
        const size_t n = inner_->read(in_.data(), in_.size());
        fed_ += n;
        input_ = ZSTD_inBuffer{in_.data(), n, 0};
        eof_ = n == 0;
      }
      const bool no_input = input_.pos == input_.size;
      if (no_input && eof_ && frame_open_ == 0) return 0;  // every frame complete
      const size_t ret = ZSTD_decompressStream(ctx_, &out, &input_);
      if (ZSTD_isError(ret))
        throw Error(ExitCode::kData,
                    fmt::format("{}: corrupt zstd data (found at compressed byte {}): {}", name_,
                                fed_ - (input_.size - input_.pos), ZSTD_getErrorName(ret)),
                    "check the file with zstd -t");
      frame_open_ = ret;  // 0 once a frame is complete and flushed
      if (no_input && eof_ && out.pos == 0)
        throw Error(ExitCode::kData,
                    fmt::format("{}: the zstd data is truncated (it ends inside a frame, after {} "
                                "compressed bytes)",
                                name_, fed_),
                    "the file was cut short: copy or download it again");
    }
    return out.pos;
  }

  uint64_t size_on_disk() const override { return inner_->size_on_disk(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  std::vector<char> in_;
  ZSTD_DCtx* ctx_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  uint64_t fed_ = 0;
  size_t frame_open_ = 0;
  bool eof_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> make_gzip_source(std::unique_ptr<ByteSource> compressed, std::string name) {
  return std::make_unique<GzipSource>(std::move(compressed), std::move(name));
}

std::unique_ptr<ByteSource> make_zstd_source(std::unique_ptr<ByteSource> compressed, std::string name) {
  return std::make_unique<ZstdSource>(std::move(compressed), std::move(name));
}

}  // namespace tiers::io

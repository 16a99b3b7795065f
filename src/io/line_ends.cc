#include "io/line_ends.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace tiers::io {
namespace {

class CrToLfSource final : public ByteSource {
 public:
  explicit CrToLfSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {}

  size_t read(char* buffer, size_t capacity) override {
    if (pos_ == size_) refill();
    const size_t n = std::min(capacity, size_ - pos_);
    std::memcpy(buffer, block_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  uint64_t size_on_disk() const override { return inner_->size_on_disk(); }

 private:
  /// The next block, translated. A CR that ends what was read is kept for
  /// the next block, where the byte after it is known.
  void refill() {
    size_t n = 0;
    if (carried_cr_) block_[n++] = '\r';
    carried_cr_ = false;
    for (;;) {
      const size_t got = at_end_ ? 0 : inner_->read(block_.data() + n, block_.size() - n);
      if (got == 0) at_end_ = true;
      n += got;
      if (n == 0 || at_end_ || block_[n - 1] != '\r') break;
      if (n > 1) {
        --n;
        carried_cr_ = true;
        break;
      }
      // Only a CR so far: read on to learn what follows it.
    }
    // Here a CR is last only at the end of the input, where it is lone.
    for (size_t i = 0; i < n; ++i)
      if (block_[i] == '\r' && (i + 1 == n || block_[i + 1] != '\n')) block_[i] = '\n';
    pos_ = 0;
    size_ = n;
  }

  std::unique_ptr<ByteSource> inner_;
  std::array<char, kLineEndSample> block_{};
  size_t pos_ = 0, size_ = 0;
  bool carried_cr_ = false;
  bool at_end_ = false;
};

}  // namespace

bool cr_line_ends(std::string_view first) {
  return std::memchr(first.data(), '\n', first.size()) == nullptr &&
         std::memchr(first.data(), '\r', first.size()) != nullptr;
}

std::unique_ptr<ByteSource> make_cr_to_lf_source(std::unique_ptr<ByteSource> source) {
  return std::make_unique<CrToLfSource>(std::move(source));
}

void cr_to_lf(std::string& text) {
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
}

}  // namespace tiers::io

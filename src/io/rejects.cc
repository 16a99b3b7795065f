#include "io/rejects.h"

namespace tiers::io {

void InputCounts::add(const InputCounts& o) {
  rows_read += o.rows_read;
  rows_used += o.rows_used;
  rows_future += o.rows_future;
  rows_unattributed += o.rows_unattributed;
  rows_filtered += o.rows_filtered;
  rows_duplicate += o.rows_duplicate;
  rows_repeated += o.rows_repeated;
  rows_rejected += o.rows_rejected;
  amounts_rounded += o.amounts_rounded;
  for (const auto& [family, rows] : o.currencies) count_currency(family, rows);
}

void RejectLog::add(Reject reject) {
  ++count_;
  if (kept_.size() < keep_) kept_.push_back(std::move(reject));
}

void RejectLog::append(RejectLog&& other) {
  count_ += other.count_;
  for (auto& r : other.kept_)
    if (kept_.size() < keep_) kept_.push_back(std::move(r));
  other.kept_.clear();
  other.count_ = 0;
}

}  // namespace tiers::io

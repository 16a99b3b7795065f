#include "io/duplicates.h"

#include <algorithm>

// Header-only use of Debian's libxxhash-dev: nothing to link.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace tiers::io {

uint64_t RecordFingerprints::header_seed(const std::vector<std::string>& header) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const auto& name : header) {
    XXH3_64bits_update(state, name.data(), name.size());
    XXH3_64bits_update(state, "\0", 1);  // so ("ab", "c") and ("a", "bc") differ
  }
  const uint64_t seed = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return seed;
}

// Not inlined into the reader's loop (with LTO it could be): XXH3's code is
// large, and only --dedupe runs it.
[[gnu::noinline]] bool RecordFingerprints::first_time(uint64_t seed, std::string_view raw) {
  const XXH128_hash_t h = XXH3_128bits_withSeed(raw.data(), raw.size(), seed);
  Fingerprint fp{h.low64, h.high64};
  // (0, 0) marks empty slots: a record hashing to it is taken as (0, 1),
  // which adds 2^-128 to that one fingerprint's collision chance.
  if (fp.lo == 0 && fp.hi == 0) fp.hi = 1;
  if ((count_ + 1) * 4 > slots_.size() * 3) rebuild(slots_.empty() ? size_t{1} << 16 : slots_.size() * 2);
  // The fingerprint is uniformly spread: its low bits are the slot.
  const size_t mask = slots_.size() - 1;
  for (size_t i = fp.lo & mask;; i = (i + 1) & mask) {
    Fingerprint& slot = slots_[i];
    if (slot.lo == fp.lo && slot.hi == fp.hi) return false;
    if (slot.lo == 0 && slot.hi == 0) {
      slot = fp;
      ++count_;
      return true;
    }
  }
}

void RecordFingerprints::reserve(uint64_t more) {
  size_t slots = std::max<size_t>(slots_.size(), size_t{1} << 16);
  while ((count_ + more) * 4 > slots * 3) slots *= 2;
  if (slots != slots_.size()) rebuild(slots);
}

void RecordFingerprints::rebuild(size_t slots) {
  std::vector<Fingerprint> old = std::move(slots_);
  slots_.assign(slots, Fingerprint{});
  const size_t mask = slots_.size() - 1;
  for (const Fingerprint& fp : old) {
    if (fp.lo == 0 && fp.hi == 0) continue;
    size_t i = fp.lo & mask;
    while (slots_[i].lo != 0 || slots_[i].hi != 0) i = (i + 1) & mask;
    slots_[i] = fp;
  }
}

}  // namespace tiers::io

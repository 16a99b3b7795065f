#include "core/huge_pages.h"

#include <cstdint>
#include <cstring>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tiers {
namespace {

constexpr size_t kHuge = size_t{2} << 20;
constexpr std::align_val_t kLine{64};

size_t round_up(size_t bytes) { return (bytes + kHuge - 1) / kHuge * kHuge; }

}  // namespace

void* allocate_table(size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= kHuge) {
    // Map 2 MiB more than needed, keep the 2 MiB-aligned middle. Fresh
    // anonymous pages read as zero.
    const size_t size = round_up(bytes);
    void* mapped = mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<uintptr_t>(mapped);
    const uintptr_t aligned = (start + kHuge - 1) / kHuge * kHuge;
    if (aligned > start) munmap(mapped, aligned - start);
    const uintptr_t end = start + size + kHuge;
    if (end > aligned + size) munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
    void* p = reinterpret_cast<void*>(aligned);
    madvise(p, size, MADV_HUGEPAGE);  // a hint: ordinary pages if refused
    return p;
  }
#endif
  void* p = ::operator new(bytes == 0 ? 1 : bytes, kLine);
  std::memset(p, 0, bytes);
  return p;
}

void free_table(void* p, size_t bytes) noexcept {
  if (!p) return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= kHuge) {
    munmap(p, round_up(bytes));
    return;
  }
#endif
  ::operator delete(p, kLine);
}

}  // namespace tiers

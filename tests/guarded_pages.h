// Memory with unreadable pages on both sides, for tests that a routine
// reading whole words or vectors never reads past the bytes it is given.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

namespace tiers::testing {

/// Two pages: bytes can be placed right before the second, which cannot be
/// read, or right after the first, which cannot be read either.
struct GuardedPages {
  GuardedPages(const GuardedPages&) = delete;
  GuardedPages& operator=(const GuardedPages&) = delete;
  GuardedPages() {
    page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    base = static_cast<char*>(mmap(nullptr, 3 * page, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    REQUIRE(base != MAP_FAILED);
    REQUIRE(mprotect(base, page, PROT_NONE) == 0);
    REQUIRE(mprotect(base + 2 * page, page, PROT_NONE) == 0);
  }
  ~GuardedPages() { munmap(base, 3 * page); }
  /// `s` copied to end right at the unreadable third page.
  std::string_view at_end(const std::string& s) {
    char* p = base + 2 * page - s.size();
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }
  /// `s` copied to start right after the unreadable first page.
  std::string_view at_start(const std::string& s) {
    std::memcpy(base + page, s.data(), s.size());
    return {base + page, s.size()};
  }
  size_t page;
  char* base;
};

}  // namespace tiers::testing

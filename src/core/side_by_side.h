// Two pieces of work at once: one on a thread of its own, one on the
// calling thread; an exception from either reaches the caller, after both
// have stopped (the first one's when both fail, as when they run one
// after the other).
#pragma once

#include <exception>
#include <thread>

namespace tiers {

/// Runs `a` on a new thread and `b` on this one, or one after the other
/// when `parallel` is false (--threads 1).
template <typename A, typename B>
void side_by_side(bool parallel, A&& a, B&& b) {
  if (!parallel) {
    a();
    b();
    return;
  }
  std::exception_ptr failed;
  std::thread other([&] {
    try {
      a();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    b();
  } catch (...) {
    other.join();
    if (failed) std::rethrow_exception(failed);  // `a`'s, as one after the other
    throw;
  }
  other.join();
  if (failed) std::rethrow_exception(failed);
}

}  // namespace tiers

// Errors that end a run, with the exit code they mean.
//
// Every stage reports a fatal problem by throwing tiers::Error; only main()
// catches it, prints `tiers: error: <message>` and, when there is one, a
// `hint:` line naming the option that fixes it, then exits with the code.
// The codes follow BSD sysexits so scripts can tell "you called me wrong"
// from "your data is bad" from "the disk is full".
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace tiers {

enum class ExitCode : int {
  kOk = 0,
  kUsage = 64,     ///< bad command line: unknown option, missing/ambiguous column
  kData = 65,      ///< bad data: too many rejected rows, no usable rows
  kNoInput = 66,   ///< an input file is missing or unreadable
  kSoftware = 70,  ///< a bug in tiers
  kCantCreate = 73,///< an output file or directory cannot be created
  kIo = 74,        ///< read or write failed half-way
  kConfig = 78,    ///< a rules file or threshold file is wrong
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), code_(code), hint_(std::move(hint)) {}

  ExitCode code() const { return code_; }
  /// One line saying what to do about it, or empty.
  const std::string& hint() const { return hint_; }

 private:
  ExitCode code_;
  std::string hint_;
};

}  // namespace tiers

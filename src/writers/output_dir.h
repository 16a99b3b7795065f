// An output directory that is replaced all at once.
//
// `tiers run -o DIR` writes every file into a staging directory beside DIR,
// flushes it to disk, then swaps it into place with one atomic rename
// (renameat2 RENAME_EXCHANGE when DIR already exists). A reader of DIR sees
// the old set of files or the new one, never a mix or a half-written file;
// a run that fails before commit() leaves DIR exactly as it was.
//
// To never delete a user's files, an existing DIR must be empty or hold
// only files tiers writes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "writers/output_stream.h"

namespace tiers::writers {

class OutputDir {
 public:
  /// Checks DIR and creates the staging directory. Throws Error(kCantCreate).
  explicit OutputDir(std::string dir);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Opens `name` inside the staging directory.
  std::unique_ptr<OutputStream> create(const std::string& name);
  /// Flushes a stream from create() and starts writing it to disk; the
  /// wait for the disk (fsync) is left to commit(), so that it overlaps
  /// the making of the next files.
  void close(std::unique_ptr<OutputStream> stream);
  /// Syncs the closed files to disk, then makes them the contents of DIR.
  void commit();

  /// Names tiers may leave in an output directory.
  static bool is_tiers_output(const std::string& file_name);

 private:
  std::string dir_;
  std::string staging_;
  std::vector<std::unique_ptr<OutputStream>> closed_;  // flushed, not yet synced
  bool committed_ = false;
};

}  // namespace tiers::writers

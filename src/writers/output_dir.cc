#include "writers/output_dir.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "tiers/error.h"

namespace tiers::writers {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const std::string& what, int err, const std::string& hint = {}) {
  throw Error(ExitCode::kCantCreate, fmt::format("{}: {}", what, std::strerror(err)), hint);
}

void sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

/// Removes a directory holding only plain files (ours).
void remove_flat_dir(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::string staging_prefix(const fs::path& dir) {
  return fmt::format(".{}.tiers-staging-", dir.filename().string());
}

/// Staging directories of runs that were killed (their pid is gone).
void remove_stale_staging(const fs::path& dir) {
  std::error_code ec;
  const std::string prefix = staging_prefix(dir);
  for (const auto& entry : fs::directory_iterator(dir.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      remove_flat_dir(entry.path().string());
  }
}

}  // namespace

bool OutputDir::is_tiers_output(const std::string& name) {
  static const char* const kStems[] = {"customers.", "report.", "followups.", "rejects."};
  if (name == "run.json" || name == "thresholds.json") return true;
  for (const char* stem : kStems)
    if (name.rfind(stem, 0) == 0) return true;
  return false;
}

OutputDir::OutputDir(std::string dir) : dir_(std::move(dir)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  fs::path path = fs::absolute(dir_);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec))
      throw Error(ExitCode::kCantCreate, fmt::format("{}: exists and is not a directory", dir_),
                  "give -o a directory path");
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || !is_tiers_output(name))
        throw Error(ExitCode::kCantCreate,
                    fmt::format("{}: holds \"{}\", which tiers did not write", dir_, name),
                    "tiers replaces the whole directory: give -o a new or empty directory, "
                    "or one used only for tiers output");
    }
  } else {
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(path.parent_path().string(), ec.value());
  }
  remove_stale_staging(path);
  staging_ = (path.parent_path() / (staging_prefix(path) + std::to_string(::getpid()))).string();
  remove_flat_dir(staging_);
  if (::mkdir(staging_.c_str(), 0777) != 0)
    fail(fmt::format("{}: cannot create a staging directory beside it", dir_), errno,
         "tiers needs write access to the parent directory of -o");
}

OutputDir::~OutputDir() {
  if (!committed_) remove_flat_dir(staging_);
}

std::unique_ptr<OutputStream> OutputDir::create(const std::string& name) {
  const std::string path = staging_ + "/" + name;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(fmt::format("{}/{}", dir_, name), errno);
  return std::make_unique<OutputStream>(fd, dir_ + "/" + name, true);
}

void OutputDir::close(std::unique_ptr<OutputStream> stream) {
  stream->flush();
  // A hint: errors, if any, come back from fsync in commit().
  ::sync_file_range(stream->fd(), 0, 0, SYNC_FILE_RANGE_WRITE);
  closed_.push_back(std::move(stream));
}

void OutputDir::commit() {
  for (const auto& stream : closed_)
    if (::fsync(stream->fd()) != 0 && errno != EINVAL) fail(stream->name(), errno);
  closed_.clear();
  sync_path(staging_);
  const std::string target = fs::absolute(dir_).string();
  if (::rename(staging_.c_str(), target.c_str()) == 0) {
    committed_ = true;
  } else if (errno == EEXIST || errno == ENOTEMPTY || errno == EISDIR) {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
      committed_ = true;
      remove_flat_dir(staging_);  // now holds the previous outputs
    } else if (errno == EINVAL || errno == ENOSYS) {
      // No atomic exchange on this file system: move the old directory
      // aside first. DIR is missing for the moment between the renames.
      const std::string old = staging_ + ".old";
      if (::rename(target.c_str(), old.c_str()) != 0) fail(dir_, errno);
      if (::rename(staging_.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::rename(old.c_str(), target.c_str());
        fail(dir_, err);
      }
      committed_ = true;
      remove_flat_dir(old);
    } else {
      fail(dir_, errno);
    }
  } else {
    fail(dir_, errno);
  }
  sync_path(fs::path(target).parent_path().string());
}

}  // namespace tiers::writers

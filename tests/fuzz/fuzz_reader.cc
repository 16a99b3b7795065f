// Fuzzes the whole reader: header, sniffing, detection, tokenizing, row
// parsing and, above all, cutting a file into parts read in parallel.
//
// Input: byte 0 picks the options (delimiter given or sniffed, dates given
// or detected, row filters or not, a pipe read too or not), the rest is
// the file; inputs whose length is a multiple of 5 are read with
// --no-header, of 7 with --skip-lines 1. Invariants: the file reads the same with 1, 2 and 3 threads
// (parts as small as one byte, so cuts land everywhere, inside quoted
// fields too): the same rows in the same order, the same rejects with the
// same lines, the same counts (repeated rows across every cut too), or the
// same error; every data row is counted once. The same bytes through a
// pipe, cut into parts of a few bytes as they arrive (stream_parts.h),
// read the same too, on workers started at once or as the stream outruns
// them.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../collect_rows.h"
#include "../test_util.h"
#include "fuzz_util.h"
#include "io/reader.h"
#include "io/row_expression.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;
using tiers::testing::Row;

namespace {

struct Outcome {
  std::string error;
  std::vector<Row> rows;
  std::vector<std::string> rejects;  // "line|reason|raw"
  InputCounts counts;
};

/// Reads `path`; `any_order`: into sinks that take rows in any order (a
/// stream is then cut into parts too), the rows sorted.
Outcome read(const std::string& path, ReaderOptions options, bool any_order = false) {
  Outcome o;
  testing::CollectParts ordered;
  testing::CollectAnyOrder unordered;
  testing::CollectParts& parts = any_order ? unordered : ordered;
  RejectLog rejects;
  try {
    const InputReport report = read_input(path, options, parts, rejects);
    o.counts = report.counts;
  } catch (const Error& e) {
    o.error = std::string(e.what()) + "|" + e.hint();
    return o;
  }
  o.rows = std::move(parts.rows);
  if (any_order) std::sort(o.rows.begin(), o.rows.end());
  for (const auto& r : rejects.kept())
    o.rejects.push_back(std::to_string(r.line) + "|" + r.reason + "|" + r.raw);
  return o;
}

/// `error` with each of `names` (the file's and the pipe's: messages name
/// the input) replaced by "<in>", longest first, in the error text and in
/// any data it quotes alike: an input may contain a name itself (a header
/// cell "a/proc/self/fd/6" once made the file's and the pipe's errors
/// differ in the quoted cell, not in what they said).
std::string neutral(std::string error, std::vector<std::string> names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& name : names)
    for (size_t at = 0; (at = error.find(name, at)) != std::string::npos; at += 4) error.replace(at, name.size(), "<in>");
  return error;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0];
  const int fd = ::memfd_create("fuzz_reader", 0);
  if (fd < 0) return 0;
  size_t written = 0;
  while (written < size - 1) {
    const ssize_t n = ::write(fd, data + 1 + written, size - 1 - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);

  ReaderOptions options;
  if (mode & 1) options.format.delimiter = (mode & 2) ? ';' : ',';
  if (mode & 4) options.format.date_format = "%Y-%m-%d";
  if (mode & 8) options.format.decimal_comma = (mode & 16) != 0;
  options.dialect.max_record_bytes = (mode & 32) ? 64 : size_t{1} << 20;
  options.min_part_bytes = 1;
  if (size % 5 == 0) {
    // A fifth of the inputs (by length: the mode byte's bits are taken)
    // are read with --no-header, by the seed corpus's column positions.
    options.no_header = true;
    options.columns.order = "1";
    options.columns.date = "2";
    options.columns.customer = "3";
    options.columns.amount = "4";
  }
  // And a seventh with --skip-lines 1 (a title line, as lines).
  if (size % 7 == 0) options.skip_lines = 1;
  if (mode & 64) {
    // Filters are evaluated on every reading thread; the seed corpus has
    // these columns (a file without them is a usage error, the same one
    // for every number of threads).
    options.rows.filters.emplace_back(RowRole::kWhere, "amount > 10 or customer_id starts with \"C1\"");
    options.rows.filters.emplace_back(RowRole::kExclude, "amount * 3 == 7.5");
  }

  options.threads = 1;
  const Outcome one = read(path, options);
  if (one.error.empty()) {
    const InputCounts& c = one.counts;
    FUZZ_CHECK(c.rows_read ==
               c.rows_used + c.rows_future + c.rows_unattributed + c.rows_filtered + c.rows_duplicate + c.rows_rejected);
    FUZZ_CHECK(c.rows_used == one.rows.size());
    FUZZ_CHECK(c.rows_rejected == one.rejects.size());
  }
  for (unsigned threads : {2u, 3u}) {
    options.threads = threads;
    const Outcome many = read(path, options);
    FUZZ_CHECK(many.error == one.error);
    FUZZ_CHECK(many.rows == one.rows);
    FUZZ_CHECK(many.rejects == one.rejects);
    FUZZ_CHECK(many.counts.rows_read == one.counts.rows_read);
    FUZZ_CHECK(many.counts.rows_rejected == one.counts.rows_rejected);
    FUZZ_CHECK(many.counts.rows_filtered == one.counts.rows_filtered);
    FUZZ_CHECK(many.counts.rows_repeated == one.counts.rows_repeated);
  }
  // With bit 128 of the mode byte: a pipe, cut into parts of 1 to 257
  // bytes as it arrives, gives the same rows (in any order), rejects,
  // counts and errors. (Half the inputs: its threads make a run about ten
  // times slower, and the file's cuts deserve the other half.)
  std::vector<Row> sorted = one.rows;
  std::sort(sorted.begin(), sorted.end());
  for (unsigned threads : {2u, 3u}) {
    if (!(mode & 128)) break;
    options.threads = threads;
    options.min_part_bytes = threads == 2 ? 1 + (size % 61) : 1 + (size % 257);
    // Two workers from the start; three as the stream outruns them (the
    // default: one joins whenever the chunks read get 3 ahead of the parts
    // taken).
    options.stream_workers_ahead = threads == 2 ? 0 : 3;
    const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    testing::TempPipe pipe(bytes);
    const Outcome streamed = read(pipe.path(), options, true);
    FUZZ_CHECK(neutral(streamed.error, {path, pipe.path()}) == neutral(one.error, {path, pipe.path()}));
    FUZZ_CHECK(streamed.rows == sorted);
    FUZZ_CHECK(streamed.rejects == one.rejects);
    FUZZ_CHECK(streamed.counts.rows_read == one.counts.rows_read);
    FUZZ_CHECK(streamed.counts.rows_rejected == one.counts.rows_rejected);
    FUZZ_CHECK(streamed.counts.rows_filtered == one.counts.rows_filtered);
    FUZZ_CHECK(streamed.counts.rows_repeated == one.counts.rows_repeated);
  }
  ::close(fd);
  return 0;
}

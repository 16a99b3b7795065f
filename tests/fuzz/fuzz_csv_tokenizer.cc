// Fuzzes CsvTokenizer: random bytes fed in random chunk sizes.
//
// Input: byte 0 picks the delimiter, byte 1 a small or the default
// max_record_bytes, byte 2 seeds the chunk sizes; the rest is the CSV.
// Invariants: the records (fields, problem, raw text, line) are the same
// whether the input comes at once or in chunks; every line feed is counted
// exactly once (skipped lines + record newlines = LFs in the input); the
// whole input is consumed; kNeedMore never comes at the end of input.
#include <algorithm>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "io/csv_tokenizer.h"

using namespace tiers;
using namespace tiers::io;

namespace {

struct Rec {
  std::vector<std::string> fields;
  RecordProblem problem;
  uint64_t line;
  std::string raw;
  bool operator==(const Rec&) const = default;
};

std::vector<Rec> tokenize(const std::string& input, const Dialect& dialect, fuzz::Rng* rng) {
  CsvTokenizer tokenizer(dialect);
  std::vector<Rec> out;
  std::string buffer;
  size_t fed = 0, pos = 0;
  uint64_t line = 1;
  Record record;
  auto feed = [&] {
    const size_t left = input.size() - fed;
    const size_t n = rng ? std::min(left, rng->size(64)) : left;
    buffer.erase(0, pos);
    pos = 0;
    buffer.append(input, fed, n);
    fed += n;
  };
  feed();
  for (size_t steps = 0;; ++steps) {
    FUZZ_CHECK(steps <= 4 * input.size() + 16);  // progress
    const bool eof = fed == input.size();
    const size_t before = pos;
    const Step step = tokenizer.next(buffer.data(), buffer.size(), pos, eof, record);
    FUZZ_CHECK(pos >= before && pos <= buffer.size());
    line += record.skipped_lines;
    if (step == Step::kEnd) {
      FUZZ_CHECK(eof);
      FUZZ_CHECK(pos == buffer.size());
      break;
    }
    if (step == Step::kNeedMore) {
      FUZZ_CHECK(!eof);
      feed();
      continue;
    }
    FUZZ_CHECK(pos > before || record.skipped_lines > 0 || eof);
    Rec r{{}, record.problem, line, std::string(record.raw)};
    for (auto f : record.fields) r.fields.emplace_back(f);
    FUZZ_CHECK(record.problem == RecordProblem::kNone || r.fields.empty());
    // + 1: a record ending in a quoted field may be one byte over the
    // limit (tokenizer off-by-one, reported; see csv_conformance_test.cc).
    FUZZ_CHECK(r.raw.size() <= dialect.max_record_bytes);
    out.push_back(std::move(r));
    line += record.newlines;
  }
  const auto lfs = static_cast<uint64_t>(std::count(input.begin(), input.end(), '\n'));
  FUZZ_CHECK(line == 1 + lfs);  // every line feed counted once
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  Dialect dialect;
  dialect.delimiter = ",;\t|"[data[0] & 3];
  if (data[1] & 1) dialect.max_record_bytes = 4 + (data[1] >> 2);
  fuzz::Rng rng(data[2]);
  const std::string input(reinterpret_cast<const char*>(data) + 3, size - 3);
  const auto whole = tokenize(input, dialect, nullptr);
  const auto chunked = tokenize(input, dialect, &rng);
  FUZZ_CHECK(whole == chunked);
  return 0;
}

// Test helper: tokenizes a whole input the way the reader does, feeding it
// `chunk` bytes at a time (0 = all at once), so tests can check that the
// records do not depend on where the input is cut.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "io/csv_tokenizer.h"

namespace tiers::testing {

struct Tokenized {
  std::vector<std::string> fields;
  io::RecordProblem problem;
  uint64_t line;  ///< 1-based physical line where the record starts
  std::string raw;
};

inline std::vector<Tokenized> tokenize(const std::string& input, size_t chunk, io::Dialect dialect = {}) {
  io::CsvTokenizer tokenizer(dialect);
  std::vector<Tokenized> out;
  std::string buffer;
  size_t fed = 0, pos = 0;
  uint64_t line = 1;
  io::Record record;
  auto feed = [&] {
    const size_t n = chunk == 0 ? input.size() - fed : std::min(chunk, input.size() - fed);
    buffer.erase(0, pos);
    pos = 0;
    buffer.append(input, fed, n);
    fed += n;
  };
  feed();
  for (;;) {
    const bool eof = fed == input.size();
    const io::Step step = tokenizer.next(buffer.data(), buffer.size(), pos, eof, record);
    line += record.skipped_lines;
    if (step == io::Step::kEnd) break;
    if (step == io::Step::kNeedMore) {
      REQUIRE(!eof);
      feed();
      continue;
    }
    Tokenized t{{}, record.problem, line, std::string(record.raw)};
    for (auto f : record.fields) t.fields.emplace_back(f);
    out.push_back(std::move(t));
    line += record.newlines;
  }
  return out;
}

}  // namespace tiers::testing

#include "io/sniff.h"

#include <array>
#include <optional>

#include "io/csv_tokenizer.h"

namespace tiers::io {
namespace {

constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};

/// `12,50`, `-3.5`, `1,234.00`: a field whose other candidate characters
/// are decimal marks or thousands separators, not delimiters.
bool looks_numeric(std::string_view f) {
  size_t i = 0, digits = 0;
  if (i < f.size() && (f[i] == '-' || f[i] == '+')) ++i;
  for (; i < f.size(); ++i) {
    const char c = f[i];
    if (c >= '0' && c <= '9') ++digits;
    else if (c != ',' && c != '.' && c != ' ') return false;
  }
  return digits > 0;
}

/// Fields holding another candidate's character, other than numbers.
size_t count_dirty(const Record& record, char delimiter) {
  size_t dirty = 0;
  for (std::string_view f : record.fields) {
    bool other = false;
    for (char c : kCandidates) other |= c != delimiter && f.find(c) != std::string_view::npos;
    dirty += other && !looks_numeric(f) ? 1 : 0;
  }
  return dirty;
}

struct Trial {
  DelimiterGuess guess;
  size_t dirty = 0;
};

Trial try_delimiter(std::string_view head, bool complete, char delimiter) {
  Dialect dialect;
  dialect.delimiter = delimiter;
  dialect.max_record_bytes = head.size() + 1;
  CsvTokenizer tokenizer(dialect);
  Record record;
  Trial trial;
  DelimiterGuess& guess = trial.guess;
  guess.delimiter = delimiter;
  size_t pos = 0;
  bool header = true;
  while (tokenizer.next(head.data(), head.size(), pos, complete, record) == Step::kRecord) {
    const size_t fields = record.problem == RecordProblem::kNone ? record.fields.size() : 0;
    trial.dirty += count_dirty(record, delimiter);
    if (header) {
      if (fields == 0) break;  // a broken header: this delimiter explains nothing
      guess.header_fields = fields;
      header = false;
      continue;
    }
    ++guess.rows;
    if (fields == guess.header_fields) ++guess.matching_rows;
  }
  return trial;
}

/// a beats b: more rows agree (as a fraction); then fewer fields hold
/// another candidate (`K1;1` split by `,` is worse than `1,5` split by
/// `;`); then more fields.
bool better(const Trial& ta, const Trial& tb) {
  const DelimiterGuess& a = ta.guess;
  const DelimiterGuess& b = tb.guess;
  const size_t a_rows = a.rows == 0 ? 1 : a.rows, b_rows = b.rows == 0 ? 1 : b.rows;
  const size_t a_match = a.rows == 0 ? 1 : a.matching_rows, b_match = b.rows == 0 ? 1 : b.matching_rows;
  if (a_match * b_rows != b_match * a_rows) return a_match * b_rows > b_match * a_rows;
  if (ta.dirty != tb.dirty) return ta.dirty < tb.dirty;
  return a.header_fields > b.header_fields;
}

}  // namespace

DelimiterGuess sniff_delimiter(std::string_view head, bool complete) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::optional<Trial> best;
  for (char d : kCandidates) {
    const Trial t = try_delimiter(head, complete, d);
    if (t.guess.header_fields < 2) continue;
    if (!best || better(t, *best)) best = t;
  }
  if (!best) return DelimiterGuess{};
  DelimiterGuess guess = best->guess;
  guess.confident = guess.matching_rows * 10 >= guess.rows * 9;
  return guess;
}

std::optional<char> delimiter_from_path(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    for (size_t i = 0; i < suffix.size(); ++i) {
      char c = path[path.size() - suffix.size() + i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != suffix[i]) return false;
    }
    return true;
  };
  for (std::string_view compressed : {".gz", ".zst"}) {
    if (ends_with(compressed)) {
      path.remove_suffix(compressed.size());
      break;
    }
  }
  if (ends_with(".tsv") || ends_with(".tab")) return '\t';
  return std::nullopt;
}

}  // namespace tiers::io

#include "io/csv_tokenizer.h"

#include "io/text.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <fmt/format.h>

namespace tiers::io {
namespace {

uint64_t count_newlines(const char* begin, const char* end) {
  return count_lf(begin, static_cast<size_t>(end - begin));
}

std::string_view strip_cr(const char* begin, const char* end) {
  if (end > begin && end[-1] == '\r') --end;
  return {begin, static_cast<size_t>(end - begin)};
}

}  // namespace

std::string describe(RecordProblem problem, size_t max_record_bytes) {
  switch (problem) {
    case RecordProblem::kNone: return "";
    case RecordProblem::kStrayQuote: return "quote inside an unquoted field";
    case RecordProblem::kJunkAfterQuote:
      return "text after the closing quote of a quoted field";
    case RecordProblem::kJunkAfterLines:
      return "quoted field not closed on this line (the quote that closes it on a later line has text after "
             "it: a stray quote?)";
    case RecordProblem::kUnterminatedQuote:
      return fmt::format("quoted field is not closed (within {} bytes or before the end of the file)",
                         max_record_bytes);
    case RecordProblem::kTooLong:
      return fmt::format("record is longer than {} bytes (the raw text is cut)", max_record_bytes);
  }
  return "";
}

Step CsvTokenizer::finish_bad(const char* data, size_t size, size_t start, size_t from,
                              bool at_eof, RecordProblem problem, size_t& pos, Record& record) {
  record.fields.clear();
  record.problem = problem;
  const size_t max = dialect_.max_record_bytes;
  const void* hit = std::memchr(data + from, '\n', size - from);
  if (hit != nullptr) {
    const size_t lf = static_cast<size_t>(static_cast<const char*>(hit) - data);
    record.raw = strip_cr(data + start, data + std::min(lf, start + max));
    record.newlines = count_newlines(data + start, data + lf) + 1;
    pos = lf + 1;
    return Step::kRecord;
  }
  if (!at_eof && size - start <= max) return Step::kNeedMore;
  record.raw = strip_cr(data + start, data + std::min(size, start + max));
  record.newlines = count_newlines(data + start, data + size);
  pos = size;
  // The bad record runs past what may be buffered: drop input up to its
  // line feed on the following calls.
  if (!at_eof) skipping_ = true;
  return Step::kRecord;
}

bool CsvTokenizer::skip_bad_rest(const char* data, size_t size, size_t& pos, bool at_eof,
                                 uint64_t& lines) {
  if (!skipping_) return true;
  const void* hit = std::memchr(data + pos, '\n', size - pos);
  if (hit == nullptr) {
    lines += count_newlines(data + pos, data + size);
    pos = size;
    if (at_eof) skipping_ = false;
    return false;
  }
  pos = static_cast<size_t>(static_cast<const char*>(hit) - data) + 1;
  ++lines;
  skipping_ = false;
  return true;
}

bool CsvTokenizer::skip_empty_lines(const char* data, size_t size, size_t& pos, bool at_eof,
                                    uint64_t& lines) const {
  for (;;) {
    if (pos == size) return at_eof;
    if (data[pos] == '\n') {
      ++pos;
      ++lines;
    } else if (data[pos] == '\r' && pos + 1 < size && data[pos + 1] == '\n') {
      pos += 2;
      ++lines;
    } else if (data[pos] == '\r' && pos + 1 == size) {
      if (!at_eof) return false;
      ++pos;  // a lone CR ending the input is an empty line, like CR LF
    } else {
      return true;
    }
  }
}

#if defined(__x86_64__)
namespace {

// The common record: no quote before its line feed, which is in the buffer.
// Find delimiters and the line feed a vector at a time; anything else goes
// to the general path, which gives the same result.
template <typename Scan>
bool scan_plain_record(const char* data, size_t start, size_t limit, char delimiter,
                       Record& record, size_t& pos, Scan&& scan, size_t width) {
  size_t field = start;
  for (size_t q = start; q + width <= limit; q += width) {
    uint64_t mask = scan(data + q);
    while (mask != 0) {
      const size_t at = q + static_cast<size_t>(__builtin_ctzll(mask));
      const char c = data[at];
      if (c == '\n') {
        record.fields.push_back(strip_cr(data + field, data + at));
        record.raw = strip_cr(data + start, data + at);
        record.newlines = 1;
        pos = at + 1;
        return true;
      }
      if (c != delimiter) return false;  // a quote
      record.fields.emplace_back(data + field, at - field);
      field = at + 1;
      mask &= mask - 1;
    }
  }
  return false;
}

bool plain_record_sse2(const char* data, size_t start, size_t limit, char delimiter, char quote,
                       Record& record, size_t& pos) {
  const __m128i d = _mm_set1_epi8(delimiter), qt = _mm_set1_epi8(quote), lf = _mm_set1_epi8('\n');
  return scan_plain_record(
      data, start, limit, delimiter, record, pos,
      [&](const char* p) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        return static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, qt)))));
      },
      16);
}

__attribute__((target("avx2"))) bool plain_record_avx2(const char* data, size_t start,
                                                         size_t limit, char delimiter, char quote,
                                                         Record& record, size_t& pos) {
  const __m256i d = _mm256_set1_epi8(delimiter), qt = _mm256_set1_epi8(quote),
                lf = _mm256_set1_epi8('\n');
  return scan_plain_record(
      data, start, limit, delimiter, record, pos,
      [&](const char* p) __attribute__((target("avx2"))) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
        return static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(v, d), _mm256_cmpeq_epi8(v, lf)),
            _mm256_cmpeq_epi8(v, qt)))));
      },
      32);
}

const bool kHasAvx2 = __builtin_cpu_supports("avx2");

}  // namespace
#endif

bool CsvTokenizer::fast_record(const char* data, size_t size, size_t& pos, Record& record,
                               Step& step) const {
#if defined(__x86_64__)
  const size_t start = pos;
  const size_t limit = std::min(size, start + dialect_.max_record_bytes);
  const bool done =
      kHasAvx2 ? plain_record_avx2(data, start, limit, dialect_.delimiter, dialect_.quote, record, pos)
               : plain_record_sse2(data, start, limit, dialect_.delimiter, dialect_.quote, record, pos);
  if (done) {
    step = Step::kRecord;
    return true;
  }
  record.fields.clear();
#else
  (void)data, (void)size, (void)pos, (void)record, (void)step;
#endif
  return false;
}

Step CsvTokenizer::next(const char* data, size_t size, size_t& pos, bool at_eof, Record& record) {
  record.fields.clear();
  record.scratch.clear();
  record.problem = RecordProblem::kNone;
  record.newlines = 0;
  record.skipped_lines = 0;
  record.raw = {};

  if (!skip_bad_rest(data, size, pos, at_eof, record.skipped_lines))
    return at_eof ? Step::kEnd : Step::kNeedMore;
  if (!skip_empty_lines(data, size, pos, at_eof, record.skipped_lines)) return Step::kNeedMore;
  if (pos == size) return Step::kEnd;

  const char delim = dialect_.delimiter;
  const char quote = dialect_.quote;
  const size_t max = dialect_.max_record_bytes;
  const size_t start = pos;
  if (Step step; fast_record(data, size, pos, record, step)) return step;
  size_t p = pos;
  uint64_t newlines = 0;

  for (;;) {
    // The record already holds [start, p): past the limit it is too long,
    // whatever comes next (the same answer however the input is cut).
    if (p - start > max)
      return finish_bad(data, size, start, p, at_eof, RecordProblem::kTooLong, pos, record);
    if (p < size && data[p] == quote) {
      const size_t open = p++;
      uint64_t field_newlines = 0;
      size_t segment = p;
      bool escaped = false;
      size_t scratch_begin = record.scratch.size();
      for (;;) {
        const void* hit = std::memchr(data + p, quote, size - p);
        size_t h = hit ? static_cast<size_t>(static_cast<const char*>(hit) - data) : size;
        if (h + 1 - start > max || (hit == nullptr && (at_eof || size - start > max)))
          return finish_bad(data, size, start, open, at_eof, RecordProblem::kUnterminatedQuote, pos,
                            record);
        if (hit == nullptr || (h + 1 == size && !at_eof)) return Step::kNeedMore;
        if (h + 1 < size && data[h + 1] == quote) {
          if (!escaped) {
            if (record.scratch.capacity() < size - start) record.scratch.reserve(size - start);
            scratch_begin = record.scratch.size();
            escaped = true;
          }
          record.scratch.append(data + segment, h + 1 - segment);
          p = h + 2;
          segment = p;
          continue;
        }
        field_newlines = count_newlines(data + open, data + h);
        newlines += field_newlines;
        if (escaped) {
          record.scratch.append(data + segment, h - segment);
          record.fields.emplace_back(record.scratch.data() + scratch_begin,
                                     record.scratch.size() - scratch_begin);
        } else {
          record.fields.emplace_back(data + open + 1, h - open - 1);
        }
        p = h + 1;
        break;
      }
      // After a closing quote: delimiter, line end or end of input.
      if (p == size) {
        if (!at_eof) return Step::kNeedMore;
        record.raw = {data + start, p - start};
        record.newlines = newlines;
        pos = p;
        return Step::kRecord;
      }
      const char c = data[p];
      if (c == delim) {
        ++p;
        continue;
      }
      if (c == '\n' || (c == '\r' && p + 1 < size && data[p + 1] == '\n') ||
          (c == '\r' && p + 1 == size && at_eof)) {
        record.raw = {data + start, p - start};
        const size_t lf = c == '\n' ? p : p + 1;
        record.newlines = newlines + (lf < size ? 1 : 0);
        pos = std::min(lf + 1, size);
        return Step::kRecord;
      }
      if (c == '\r' && p + 1 == size) return Step::kNeedMore;
      if (field_newlines > 0)
        return finish_bad(data, size, start, open, at_eof, RecordProblem::kJunkAfterLines, pos, record);
      return finish_bad(data, size, start, p, at_eof, RecordProblem::kJunkAfterQuote, pos, record);
    }

    // Unquoted field: up to the delimiter, LF or a (stray) quote.
    const size_t field = p;
    while (p < size) {
      const char c = data[p];
      if (c == delim || c == '\n' || c == quote) break;
      ++p;
    }
    if (p - start > max)
      return finish_bad(data, size, start, p, at_eof, RecordProblem::kTooLong, pos, record);
    if (p == size) {
      if (!at_eof) return Step::kNeedMore;
      record.fields.push_back(strip_cr(data + field, data + p));
      record.raw = strip_cr(data + start, data + p);
      record.newlines = newlines;
      pos = p;
      return Step::kRecord;
    }
    const char c = data[p];
    if (c == delim) {
      record.fields.emplace_back(data + field, p - field);
      ++p;
      continue;
    }
    if (c == '\n') {
      record.fields.push_back(strip_cr(data + field, data + p));
      record.raw = strip_cr(data + start, data + p);
      record.newlines = newlines + 1;
      pos = p + 1;
      return Step::kRecord;
    }
    return finish_bad(data, size, start, p, at_eof, RecordProblem::kStrayQuote, pos, record);
  }
}

}  // namespace tiers::io

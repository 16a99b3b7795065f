#include "writers/table_writer.h"

#include <cstdint>
#include <cstring>

#include "writers/cell_format.h"
#include "writers/json_writer.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tiers::writers {
namespace {

/// Whether a CSV field must be quoted: it holds a comma, quote, CR or LF.
/// Eight bytes at a time (find_first_of calls memchr for every byte).
bool needs_quotes(std::string_view v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has = [](uint64_t x, char c) {
    const uint64_t y = x ^ (kOnes * static_cast<unsigned char>(c));
    return (y - kOnes) & ~y & kHigh;
  };
  size_t i = 0;
  for (; i + 8 <= v.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, v.data() + i, 8);
    if (has(x, ',') | has(x, '"') | has(x, '\r') | has(x, '\n')) return true;
  }
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

void append_csv(std::string& out, std::string_view v) {
  if (!needs_quotes(v)) {
    out.append(v);
    return;
  }
  out.push_back('"');
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_tsv(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out.push_back(c);
    }
  }
}

void append_json_string(std::string& out, std::string_view v) { append_json_escaped(out, v); }

void append_markdown(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else if (c != '\r') out.push_back(c);
  }
}

bool is_number(const Column& c) {
  return c.type() == ColumnType::kInt || c.type() == ColumnType::kDecimal;
}

void delimited_header(const Table& t, std::string& buf, bool tsv) {
  for (size_t c = 0; c < t.width(); ++c) {
    if (c) buf.push_back(tsv ? '\t' : ',');
    tsv ? append_tsv(buf, t.column(c).name()) : append_csv(buf, t.column(c).name());
  }
  buf.push_back('\n');
}

/// Writes `v` as a CSV field (quoted when it holds , " CR or LF) or a TSV
/// field (tab, LF, CR and backslash escaped); `p` has room for 2|v| + 2.
char* write_text_field(std::string_view v, bool tsv, char* p) {
  if (tsv) {
    for (char c : v) {
      switch (c) {
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        default: *p++ = c;
      }
    }
    return p;
  }
  if (!needs_quotes(v)) {
    std::memcpy(p, v.data(), v.size());
    return p + v.size();
  }
  *p++ = '"';
  for (char c : v) {
    if (c == '"') *p++ = '"';
    *p++ = c;
  }
  *p++ = '"';
  return p;
}

void delimited_rows(const Table& t, size_t begin, size_t end, RawBuffer& buf, bool tsv) {
  const char sep = tsv ? '\t' : ',';
  CellWriter cells;
  for (size_t r = begin; r < end; ++r) {
    size_t room = 1;
    for (size_t c = 0; c < t.width(); ++c) {
      const Column& col = t.column(c);
      room += 1 + (col.type() == ColumnType::kText ? 2 * col.text(r).size() + 2 : CellWriter::kMaxCell);
    }
    char* p = buf.reserve(room);
    for (size_t c = 0; c < t.width(); ++c) {
      if (c) *p++ = sep;
      const Column& col = t.column(c);
      p = col.type() == ColumnType::kText ? write_text_field(col.text(r), tsv, p) : cells.write(col, r, p);
    }
    *p++ = '\n';
    buf.commit(p);
  }
}

/// `more`: rows of a later block follow the table's last row.
void json_rows(const Table& t, size_t begin, size_t end, bool more, std::string& buf) {
  for (size_t r = begin; r < end; ++r) {
    buf.push_back('{');
    for (size_t c = 0; c < t.width(); ++c) {
      const Column& col = t.column(c);
      if (c) buf.push_back(',');
      append_json_string(buf, col.name());
      buf.push_back(':');
      if (!col.has(r)) buf += "null";
      else if (is_number(col)) col.append_value(r, buf);
      else if (col.type() == ColumnType::kText) append_json_string(buf, col.text(r));
      else append_json_string(buf, col.value(r));
    }
    buf += r + 1 < t.rows() || more ? "},\n" : "}\n";
  }
}

void markdown_header(const Table& t, std::string& buf) {
  buf.push_back('|');
  for (size_t c = 0; c < t.width(); ++c) {
    buf.push_back(' ');
    append_markdown(buf, t.column(c).name());
    buf += " |";
  }
  buf += "\n|";
  for (size_t c = 0; c < t.width(); ++c) buf += is_number(t.column(c)) ? " ---: |" : " --- |";
  buf.push_back('\n');
}

void markdown_rows(const Table& t, size_t begin, size_t end, std::string& buf) {
  std::string cell;
  for (size_t r = begin; r < end; ++r) {
    buf.push_back('|');
    for (size_t c = 0; c < t.width(); ++c) {
      buf.push_back(' ');
      cell.clear();
      t.column(c).append_value(r, cell);
      append_markdown(buf, cell);
      buf += " |";
    }
    buf.push_back('\n');
  }
}

void append(RawBuffer& out, std::string_view text) {
  char* p = out.reserve(text.size());
  std::memcpy(p, text.data(), text.size());
  out.commit(p + text.size());
}

void format_rows(const Table& t, Format format, size_t begin, size_t end, bool more, RawBuffer& out) {
  std::string buf;
  switch (format) {
    case Format::kCsv: delimited_rows(t, begin, end, out, false); return;
    case Format::kTsv: delimited_rows(t, begin, end, out, true); return;
    case Format::kJson: json_rows(t, begin, end, more, buf); break;
    case Format::kMarkdown: markdown_rows(t, begin, end, buf); break;
  }
  append(out, buf);
}

/// The header of `table` (before its first row).
void write_header(const Table& table, Format format, std::string& buf) {
  switch (format) {
    case Format::kCsv: delimited_header(table, buf, false); break;
    case Format::kTsv: delimited_header(table, buf, true); break;
    case Format::kJson: buf += "[\n"; break;
    case Format::kMarkdown: markdown_header(table, buf); break;
  }
}

/// Writes `count` blocks in order, block b as `make(b, buffer)` puts it
/// into an empty buffer. With several threads, each makes every
/// threads-th block into two buffers in turn, while this thread writes
/// the blocks out in order: writing (the kernel's copy) overlaps making
/// them, and a buffer is reused once its block is written.
void write_in_order(size_t count, unsigned threads, OutputStream& out,
                    const std::function<void(size_t, RawBuffer&)>& make) {
  threads = std::max(1u, threads);
  if (threads == 1 || count < 2) {
    RawBuffer block;
    for (size_t b = 0; b < count; ++b) {
      block.clear();
      make(b, block);
      out.write(block.view());
    }
    return;
  }
  std::vector<RawBuffer> buffers(2 * threads);  // block b uses buffers[b % (2 * threads)]
  std::vector<char> made(count, 0);
  size_t written = 0;  // blocks written so far
  bool stop = false;   // the writer or a maker failed
  std::exception_ptr error;
  std::mutex mutex;
  std::condition_variable block_ready, buffer_free;
  auto make_blocks = [&](unsigned lane) {
    for (size_t b = lane; b < count; b += threads) {
      {
        std::unique_lock lock(mutex);
        buffer_free.wait(lock, [&] { return stop || b < written + 2 * threads; });
        if (stop) return;
      }
      RawBuffer& buffer = buffers[b % buffers.size()];
      buffer.clear();
      try {
        make(b, buffer);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
      {
        std::lock_guard lock(mutex);
        made[b] = 1;
      }
      block_ready.notify_all();
      buffer_free.notify_all();
    }
  };
  std::vector<std::thread> makers;
  for (unsigned k = 0; k < threads; ++k) makers.emplace_back(make_blocks, k);
  auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    buffer_free.notify_all();
    for (auto& m : makers) m.join();
  };
  try {
    for (size_t b = 0; b < count; ++b) {
      {
        std::unique_lock lock(mutex);
        block_ready.wait(lock, [&] { return made[b] != 0 || error; });
        if (error) break;
      }
      out.write(buffers[b % buffers.size()].view());
      {
        std::lock_guard lock(mutex);
        written = b + 1;
      }
      buffer_free.notify_all();
    }
  } catch (...) {
    finish();  // a closed pipe or a full disk: stop making blocks first
    throw;
  }
  finish();
  if (error) std::rethrow_exception(error);
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "tsv") return Format::kTsv;
  if (name == "json") return Format::kJson;
  if (name == "md" || name == "markdown") return Format::kMarkdown;
  return std::nullopt;
}

std::string_view extension(Format format) {
  switch (format) {
    case Format::kCsv: return "csv";
    case Format::kTsv: return "tsv";
    case Format::kJson: return "json";
    case Format::kMarkdown: return "md";
  }
  return "csv";
}

void write_table(const Table& table, Format format, OutputStream& out, unsigned threads) {
  write_header(table, format, out.buffer());
  constexpr size_t kBlockRows = 16384;
  const size_t rows = table.rows();
  write_in_order((rows + kBlockRows - 1) / kBlockRows, rows < 2 * kBlockRows ? 1 : threads, out,
                 [&](size_t b, RawBuffer& buffer) {
                   const size_t begin = b * kBlockRows;
                   format_rows(table, format, begin, std::min(rows, begin + kBlockRows), false, buffer);
                 });
  if (format == Format::kJson) out.buffer() += "]\n";
  out.flush();
}

void write_table_blocks(size_t rows, size_t block_rows, const std::function<Table(size_t, size_t)>& block,
                        Format format, OutputStream& out, unsigned threads) {
  block_rows = std::max<size_t>(1, block_rows);
  // At least one block, for the header of an empty table.
  const size_t count = std::max<size_t>(1, (rows + block_rows - 1) / block_rows);
  write_in_order(count, threads, out, [&](size_t b, RawBuffer& buffer) {
    const size_t from = b * block_rows, to = std::min(rows, from + block_rows);
    const Table table = block(from, to);
    if (b == 0) {
      std::string header;
      write_header(table, format, header);
      append(buffer, header);
    }
    format_rows(table, format, 0, table.rows(), to < rows, buffer);
  });
  if (format == Format::kJson) out.buffer() += "]\n";
  out.flush();
}

}  // namespace tiers::writers

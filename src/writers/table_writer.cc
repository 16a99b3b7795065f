#include "writers/table_writer.h"

#include <string>

namespace tiers::writers {
namespace {

void append_csv(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
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

void append_json_string(std::string& out, std::string_view v) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

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

void write_delimited(const Table& t, OutputStream& out, bool tsv) {
  std::string& buf = out.buffer();
  const char sep = tsv ? '\t' : ',';
  auto put = [&](std::string_view v) { tsv ? append_tsv(buf, v) : append_csv(buf, v); };
  for (size_t c = 0; c < t.width(); ++c) {
    if (c) buf.push_back(sep);
    put(t.column(c).name());
  }
  buf.push_back('\n');
  std::string cell;
  for (size_t r = 0; r < t.rows(); ++r) {
    for (size_t c = 0; c < t.width(); ++c) {
      if (c) buf.push_back(sep);
      const Column& col = t.column(c);
      if (col.type() == ColumnType::kText) {
        put(col.text(r));
      } else {
        col.append_value(r, buf);  // numbers and dates never need quoting
      }
    }
    buf.push_back('\n');
    out.maybe_flush();
  }
}

void write_json(const Table& t, OutputStream& out) {
  std::string& buf = out.buffer();
  buf += "[\n";
  for (size_t r = 0; r < t.rows(); ++r) {
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
    buf += r + 1 < t.rows() ? "},\n" : "}\n";
    out.maybe_flush();
  }
  buf += "]\n";
}

void write_markdown(const Table& t, OutputStream& out) {
  std::string& buf = out.buffer();
  buf.push_back('|');
  for (size_t c = 0; c < t.width(); ++c) {
    buf.push_back(' ');
    append_markdown(buf, t.column(c).name());
    buf += " |";
  }
  buf += "\n|";
  for (size_t c = 0; c < t.width(); ++c) buf += is_number(t.column(c)) ? " ---: |" : " --- |";
  buf.push_back('\n');
  std::string cell;
  for (size_t r = 0; r < t.rows(); ++r) {
    buf.push_back('|');
    for (size_t c = 0; c < t.width(); ++c) {
      buf.push_back(' ');
      cell.clear();
      t.column(c).append_value(r, cell);
      append_markdown(buf, cell);
      buf += " |";
    }
    buf.push_back('\n');
    out.maybe_flush();
  }
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

void write_table(const Table& table, Format format, OutputStream& out) {
  switch (format) {
    case Format::kCsv: write_delimited(table, out, false); break;
    case Format::kTsv: write_delimited(table, out, true); break;
    case Format::kJson: write_json(table, out); break;
    case Format::kMarkdown: write_markdown(table, out); break;
  }
  out.flush();
}

}  // namespace tiers::writers

// Prints a Table as CSV, TSV, JSON or Markdown.
//
//  * CSV: RFC 4180, LF line ends; a field is quoted only when it holds the
//    delimiter, a quote, CR or LF.
//  * TSV: tab-separated; tab, LF, CR and backslash in values are written as
//    \t \n \r \\ (the common TSV convention, so every row is one line).
//  * JSON: an array of objects, one per line; numbers as JSON numbers
//    (exact decimals), dates and text as strings, empty values as null.
//  * Markdown: a pipe table; numbers right-aligned; | escaped, newlines <br>.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include "tiers/table.h"
#include "writers/output_stream.h"

namespace tiers::writers {

enum class Format { kCsv, kTsv, kJson, kMarkdown };

std::optional<Format> parse_format(std::string_view name);
/// File extension for a format (`csv`, `tsv`, `json`, `md`).
std::string_view extension(Format format);

/// Writes `table`; with `threads` > 1, large tables are formatted in
/// parallel blocks (the bytes are the same).
void write_table(const Table& table, Format format, OutputStream& out, unsigned threads = 1);

/// Writes a table of `rows` rows made `block_rows` at a time, block(from,
/// to) giving rows [from, to) (with the columns even when empty): the bytes
/// of write_table on the whole table, holding one block at a time (one per
/// thread: with several, `block` is called from all of them at once).
void write_table_blocks(size_t rows, size_t block_rows, const std::function<Table(size_t, size_t)>& block,
                        Format format, OutputStream& out, unsigned threads = 1);

}  // namespace tiers::writers

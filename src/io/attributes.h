// Reads the attribute table (--attributes FILE): one row per customer or
// lead, with CRM fields such as name, phone, owner, budget or stage.
//
// The table is small next to the transactions (one row per customer), so it
// is read whole, with the same CSV dialect and tokenizer as transactions.
// Cells are kept as text, trimmed of spaces and tabs; an empty cell is an
// empty value. The key column (--attributes-key, or a recognised id column)
// must hold a distinct, non-empty id on every row: the table is joined on
// it, so a duplicate would make a customer's attributes ambiguous.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/csv_tokenizer.h"
#include "io/decoding_source.h"
#include "io/input_format.h"
#include "tiers/table.h"

namespace tiers::io {

/// A header column renamed to be read: it had no name, or the name of an
/// earlier column (DuckDB and pandas rename such columns too).
struct RenamedColumn {
  size_t column = 0;  ///< its position, from 1
  std::string was;    ///< its name in the file ("" when it had none)
  size_t like = 0;    ///< the earlier column of the same name (from 1), or 0
  std::string name;   ///< the name it is read by: column_N, or NAME_2, NAME_3...

  /// `crm.csv:1: column 3 is called "name" like column 2: read as "name_2"`.
  std::string warning(const std::string& file, uint64_t header_line) const;
};

struct AttributeTable {
  std::string file;                ///< as shown in messages
  std::string key;                 ///< name of the key column
  Column ids = Column::text("id");  ///< the key of each row, in file order
  std::vector<Column> columns;     ///< every other column (text), in header order
  std::vector<uint64_t> lines;     ///< line of each row, for messages
  uint64_t header_line = 1;
  std::vector<RenamedColumn> renamed;  ///< in header order

  size_t rows() const { return ids.size(); }
};

/// The names of the attribute columns (the key excluded), in header order.
std::vector<std::string> attribute_names(const AttributeTable& table);

/// Reads `path`; `key` names the key column (empty: recognise one, e.g.
/// customer_id, lead_id, id, 客户ID). Throws Error: kNoInput for a missing
/// file, kUsage for a missing or ambiguous key column, kData for a bad row
/// or a repeated key.
/// Like the transactions, the file is decoded from `encoding` (else checked
/// as UTF-8) and its delimiter is `format.delimiter`, implied by the file
/// name (.tsv) or detected.
AttributeTable read_attributes(const std::string& path, const std::string& key, const Dialect& dialect,
                               const FormatChoice& format = {},
                               std::optional<Encoding> encoding = std::nullopt);

}  // namespace tiers::io

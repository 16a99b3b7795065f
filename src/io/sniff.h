// Guesses the field delimiter of a CSV file from its first bytes.
//
// Without --delimiter the reader shows the sniffer the start of the file
// (the header and some rows). Each candidate, `,` `;` tab `|`, splits that
// text with the real tokenizer (so quoted fields are honoured); a candidate
// must give the header at least two fields, and the winner is the one whose
// data rows most often have the header's field count; on a tie, the one
// leaving fewer fields that hold another candidate (numbers such as `12,50`
// excepted), then the one giving more fields. A `;` file with decimal commas (`1;12,50`) picks `;`: the
// header has no commas, so `,` gives it one field (and when it has one, the
// fields `,` cuts out, such as `C1;12`, hold semicolons). A file with one column
// has no delimiter to find: the answer is `,`, not confident.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace tiers::io {

struct DelimiterGuess {
  char delimiter = ',';
  bool confident = false;  ///< a candidate split the header and ≥ 90% of rows agree
  size_t header_fields = 1;
  size_t rows = 0;          ///< complete data rows looked at
  size_t matching_rows = 0; ///< of those, with the header's field count
};

/// Sniffs `head`, the first bytes of a file (a UTF-8 BOM is skipped).
/// `complete` says `head` is the whole file; otherwise a record cut at the
/// end of `head` is ignored.
DelimiterGuess sniff_delimiter(std::string_view head, bool complete);

/// The delimiter a file name implies: tab for `.tsv` and `.tab` (also
/// before `.gz` / `.zst`), in any case; nullopt otherwise.
std::optional<char> delimiter_from_path(std::string_view path);

}  // namespace tiers::io

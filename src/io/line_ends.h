// Line ends written as a lone CR, as Excel for Mac's "CSV (Macintosh)"
// and other classic Mac OS programs write them.
//
// The reader splits records at LF (CRLF is LF with a CR before it). A file
// whose first block has a CR and no LF at all is read through a filter
// that turns every CR not followed by LF into LF: the same number of
// bytes, so byte offsets and line numbers in messages still point at the
// file's own lines. Such a file is read as one stream (not in parts), like
// re-encoded input; exports in this form are small. A CR inside a quoted
// field becomes a line break in the field, as the exporting program meant.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "io/source.h"

namespace tiers::io {

/// Bytes looked at to decide: the reader's first block.
inline constexpr size_t kLineEndSample = size_t{1} << 16;

/// `first` (an input's first bytes) ends its lines with a lone CR: it
/// has a CR and no LF.
bool cr_line_ends(std::string_view first);

/// `source` with each CR that is not followed by LF handed out as LF.
std::unique_ptr<ByteSource> make_cr_to_lf_source(std::unique_ptr<ByteSource> source);

/// Turns each CR of `text` that is not followed by LF into LF, in place.
void cr_to_lf(std::string& text);

}  // namespace tiers::io

// Writes one output file named on the command line (--rejects FILE).
//
// A new file, or an existing regular one, is written beside itself and
// renamed over it: a reader never sees it half-written, and a failed write
// leaves the previous file as it was. A symbolic link to a regular file is
// kept, and its target replaced the same way. Anything else is written in
// place, as a shell's `>` would: a FIFO or device, and the names of
// descriptors the process already has (/dev/stdout, /dev/stderr,
// /dev/fd/N, /proc/self/fd/N, which bash's `>(...)` expands to) are
// written through that descriptor, at its position, without truncating it
// (`2>> log` keeps its log). Renaming over /dev/stderr would replace the
// device's link with a regular file.
#pragma once

#include <functional>
#include <string>

#include "writers/output_stream.h"

namespace tiers::writers {

/// Writes `path` with `write` as described above. Errors: kCantCreate when
/// the file cannot be created or renamed into place, kIo when writing fails.
void write_output_file(const std::string& path, const std::function<void(OutputStream&)>& write);

}  // namespace tiers::writers

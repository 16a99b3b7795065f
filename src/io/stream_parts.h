// Reads a stream (standard input, a pipe, compressed or re-encoded input) on
// several threads, the way a regular file is read in parts.
//
// A stream cannot be read twice, so it is cut as it arrives: the calling
// thread reads it in chunks (ReaderOptions::min_part_bytes each) and each
// chunk is a part, with the same rule as a file's parts: a part reads every
// record that starts in its chunk, from the first line start after the
// cut. Workers take the parts in order. A part whose previous part is
// finished starts exactly where that one ended and hands its rows straight
// to the worker's sink; otherwise its start is a guess, and it keeps its
// rows (HeldRows: the cells copied, about 40 bytes a row) until the previous
// part has ended: if that is where the guess started, the rows go to the
// sink, else (the cut fell inside a quoted field with a line break, or in a
// broken record) the part is read again from the right place. So records,
// rejects and line numbers are those of a single-threaded read.
//
// Workers start one at a time: another joins each time the chunks read get
// a few (ReaderOptions::stream_workers_ahead) ahead of the parts taken.
// Behind a source slower than one worker (zcat) the other core is left to
// the source and the reading thread, and only one sink's memory is used.
//
// Each worker feeds one sink, which sees the rows of many parts, not in
// input order: only for PartSinks whose result does not depend on the order
// rows come in (any_order()). Memory: a few chunks per worker (chunks are
// dropped once no part can read them again), plus the chunks a record
// spans.
#pragma once

#include <cstdint>
#include <vector>

#include "io/read_part.h"
#include "io/source.h"

namespace tiers::io::detail {

struct StreamRead {
  std::vector<Part> parts;  ///< in input order, without sinks
  uint64_t bytes = 0;       ///< bytes read from `source` by read_stream_parts
  unsigned rereads = 0;     ///< parts whose guessed start was wrong
  unsigned workers = 1;     ///< workers started (as the stream outran them)
};

/// Reads the data records: the bytes `head` holds from `pos` on (the first
/// data record), then the rest of `source`, on up to `workers` workers: one
/// at first, another each time the chunks read get `join_ahead` ahead of
/// the parts taken (0: all at once).
/// Opens one sink per worker started from `sinks` (which must allow any
/// order) and closes them, in worker order, on the calling thread once
/// every part is read.
StreamRead read_stream_parts(const FileContext& ctx, Window& head, size_t pos, ByteSource& source,
                             PartSinks& sinks, unsigned workers, uint64_t chunk_bytes, size_t join_ahead);

}  // namespace tiers::io::detail

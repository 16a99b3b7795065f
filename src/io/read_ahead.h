// A source that reads ahead on its own thread.
//
// Compressed or re-encoded input, and standard input, are read as one
// stream; without this the reader would decompress a block, then parse it,
// then decompress the next. With it, a second thread fills a few blocks
// ahead while the reader parses, so a .gz file is read about as fast as
// zlib decompresses and a pipe as fast as its writer writes. Memory: at
// most kBlocks blocks of kBlockBytes.
#pragma once

#include <memory>

#include "io/source.h"

namespace tiers::io {

std::unique_ptr<ByteSource> make_read_ahead_source(std::unique_ptr<ByteSource> inner);

}  // namespace tiers::io

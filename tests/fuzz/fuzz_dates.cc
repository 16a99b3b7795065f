// Fuzzes date formats and detection.
//
// Input: the first line is a --date-format pattern, the other lines are
// cells. Invariants: compile either works or throws tiers::Error(kUsage);
// a parser's answer with its last-date cache is the one without it;
// a parsed date is a real calendar day in 0001..9999; a refused cell has a
// reason; the default ISO parser and the compiled `%Y-%m-%d` agree on
// every cell the default accepts, and printing a parsed date and parsing
// it back gives the same day; detection either names a format that reads
// most of the non-empty cells (or ISO, reading some), or explains itself.
#include <string>

#include "fuzz_util.h"
#include "io/date_detect.h"
#include "io/date_parser.h"
#include "io/text.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto lines = fuzz::split_lines(text);
  const std::string_view pattern = lines.front();
  lines.erase(lines.begin());

  std::optional<DateParser> custom;
  try {
    custom.emplace(DateFormat::compile(pattern));
  } catch (const Error& e) {
    FUZZ_CHECK(e.code() == ExitCode::kUsage);
  }
  static const DateParser iso_default;
  static const DateParser iso_format(DateFormat::compile("%Y-%m-%d"));
  for (std::string_view cell : lines) {
    if (custom) {
      // parse() remembers the last date it read; parse_shared() does not:
      // over any sequence of cells they agree.
      FUZZ_CHECK(custom->parse(cell) == custom->parse_shared(cell));
      if (auto d = custom->parse(cell)) {
        const CivilDate c = civil_from_days(d->days);
        FUZZ_CHECK(is_valid_civil(c.year, c.month, c.day));
      } else {
        FUZZ_CHECK(!custom->explain_failure(cell).empty());
      }
    }
    FUZZ_CHECK(iso_default.parse(cell) == iso_default.parse_shared(cell));
    if (auto d = iso_default.parse(cell)) {
      FUZZ_CHECK(iso_format.parse(cell) == d);
      FUZZ_CHECK(iso_default.parse(format_date(*d)) == d);
    } else {
      FUZZ_CHECK(!iso_default.explain_failure(cell).empty());
    }
  }
  const DateDetection detection = detect_date_format(lines);
  if (detection.ok()) {
    size_t non_empty = 0, read = 0;
    for (auto cell : lines) {
      if (trim(cell).empty()) continue;
      ++non_empty;
      read += detection.format->parse(cell) ? 1 : 0;
    }
    // A chosen format reads a majority of the sample, or is ISO (the
    // default) reading more than any other candidate (unit-tested).
    FUZZ_CHECK(non_empty == 0 || read * 2 > non_empty ||
               (detection.format->pattern() == "%Y-%m-%d" && read > 0));
  } else {
    FUZZ_CHECK(!detection.message.empty() && !detection.hint.empty());
  }
  return 0;
}

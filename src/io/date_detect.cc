#include "io/date_detect.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "io/text.h"

namespace tiers::io {
namespace {

struct Candidate {
  std::string_view pattern;
  int twin = -1;  ///< the same shape with day and month swapped
};

// Order matters only for ties between formats that are not twins, which
// cannot read the same text; twins are resolved by evidence or refused.
constexpr std::array<Candidate, 19> kCandidates = {{
    {"%Y-%m-%d"},
    {"%Y/%m/%d"},
    {"%Y.%m.%d"},
    {"%Y%m%d"},
    {"%m/%d/%Y", 5},
    {"%d/%m/%Y", 4},
    {"%m.%d.%Y", 7},
    {"%d.%m.%Y", 6},
    {"%m-%d-%Y", 9},
    {"%d-%m-%Y", 8},
    {"%Y年%m月%d日"},
    {"%d-%b-%Y"},
    {"%d-%b-%y"},
    {"%d %b %Y"},
    {"%b %d, %Y"},
    {"%b %d %Y"},
    {"%s"},
    {"%A, %b %d, %Y"},  // Excel's long date: Friday, January 5, 2024
    {"%a, %d %b %Y"},   // RFC 2822 (mail, HTTP): Fri, 05 Jan 2024 10:00:00 +0000
}};
constexpr size_t kEpochCandidate = 16;

const std::vector<DateFormat>& compiled_candidates() {
  static const std::vector<DateFormat> formats = [] {
    std::vector<DateFormat> v;
    for (const auto& c : kCandidates) v.push_back(DateFormat::compile(c.pattern));
    return v;
  }();
  return formats;
}

/// Epoch seconds as exports write them: 10 digits (2001-09-09 onwards),
/// not after 2100-01-01, maybe with a fraction.
bool looks_like_epoch(std::string_view v) {
  if (v.size() < 10) return false;
  uint64_t seconds = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (v[i] < '0' || v[i] > '9') return false;
    seconds = seconds * 10 + static_cast<uint64_t>(v[i] - '0');
  }
  if (v.size() > 10 && (v[10] != '.' || v.size() == 11)) return false;
  for (size_t i = 11; i < v.size(); ++i)
    if (v[i] < '0' || v[i] > '9') return false;
  return seconds <= 4'102'444'800ULL;
}

bool reads(size_t candidate, std::string_view value) {
  if (candidate == kEpochCandidate && !looks_like_epoch(value)) return false;
  return compiled_candidates()[candidate].parse(value).has_value();
}

std::string quoted_list(const std::vector<std::string_view>& values) {
  std::string out;
  for (auto v : values) {
    if (!out.empty()) out += ", ";
    out += fmt::format("\"{}\"", printable(v));
  }
  return out;
}

std::string spoken(Date d, bool month_first) {
  static constexpr std::string_view kNames[] = {"January", "February", "March",     "April",
                                                "May",     "June",     "July",      "August",
                                                "September", "October", "November", "December"};
  const CivilDate c = civil_from_days(d.days);
  return month_first ? fmt::format("{} {}, {}", kNames[c.month - 1], c.day, c.year)
                     : fmt::format("{} {} {}", c.day, kNames[c.month - 1], c.year);
}

constexpr const char* kGenericHint =
    "give the format with --date-format, e.g. --date-format \"%d.%m.%Y\" for 31.12.2024 or "
    "\"%m/%d/%Y %H:%M\" for 12/31/2024 23:59";

DateDetection ambiguous(const std::vector<std::string_view>& values, size_t month_first,
                        size_t day_first, size_t both) {
  const DateFormat& mf = compiled_candidates()[month_first];
  const DateFormat& df = compiled_candidates()[day_first];
  // Examples that read both ways, those with two different readings first.
  std::vector<std::string_view> examples, same;
  for (auto v : values) {
    const auto a = mf.parse(v), b = df.parse(v);
    if (!a || !b) continue;
    if (*a != *b) {
      if (examples.size() < 3) examples.push_back(v);
    } else if (same.size() < 3) {
      same.push_back(v);
    }
  }
  for (auto v : same)
    if (examples.size() < 3) examples.push_back(v);
  DateDetection r;
  r.sampled = values.size();
  if (examples.empty()) {
    // A tie with no value read both ways: the sample mixes the two orders.
    std::string_view only_mf, only_df;
    for (auto v : values) {
      const bool a = mf.parse(v).has_value(), b = df.parse(v).has_value();
      if (a && !b && only_mf.empty()) only_mf = v;
      if (b && !a && only_df.empty()) only_df = v;
    }
    r.message = fmt::format(
        "the sampled dates mix the orders of day and month: \"{}\" reads only as month/day ({}), "
        "\"{}\" only as day/month ({})",
        printable(only_mf), mf.pattern(), printable(only_df), df.pattern());
    r.hint = kGenericHint;
    return r;
  }
  const std::string how_many = both == values.size() ? fmt::format("all {}", both)
                                                     : fmt::format("{} of the {}", both, values.size());
  r.message = fmt::format(
      "the order of day and month is ambiguous: {} sampled dates read both as month/day and as "
      "day/month (e.g. {})",
      how_many, quoted_list(examples));
  const std::string_view e = examples.front();
  r.hint = fmt::format("give --date-format \"{}\" if \"{}\" is {}, or --date-format \"{}\" if it is {}",
                       mf.pattern(), printable(e), spoken(*mf.parse(e), true), df.pattern(),
                       spoken(*df.parse(e), false));
  return r;
}

/// An Excel date serial (`--date-format excel`: 45292 is 2024-01-01),
/// maybe with a fraction of a day, from 1960 to 2099: what a date column
/// formatted as a number, or read from a workbook without its formats,
/// holds.
std::optional<Date> excel_serial(std::string_view v) {
  static const DateFormat excel = DateFormat::compile("excel");
  const auto d = excel.parse(v);
  if (!d || d->days < days_from_civil(1960, 1, 1) || d->days > days_from_civil(2099, 12, 31))
    return std::nullopt;
  return d;
}

/// Numeric dates with a two-digit year (`3/7/24`) are not detected: which
/// number is the year is a guess too. When most of the sample reads so,
/// the hint names the format (both, when the order of day and month is
/// open too), with an example read that way.
std::string two_digit_year_hint(const std::vector<std::string_view>& values) {
  static constexpr std::pair<std::string_view, std::string_view> kShapes[] = {
      {"%m/%d/%y", "%d/%m/%y"}, {"%m.%d.%y", "%d.%m.%y"}, {"%m-%d-%y", "%d-%m-%y"}};
  for (const auto& [mf_pattern, df_pattern] : kShapes) {
    const DateFormat mf = DateFormat::compile(mf_pattern), df = DateFormat::compile(df_pattern);
    size_t m = 0, d = 0;
    std::string_view example, example_both;
    for (auto v : values) {
      const auto a = mf.parse(v), b = df.parse(v);
      m += a ? 1 : 0;
      d += b ? 1 : 0;
      if ((a || b) && example.empty()) example = v;
      if (a && b && *a != *b && example_both.empty()) example_both = v;
    }
    if (std::max(m, d) * 2 <= values.size()) continue;
    constexpr std::string_view kYears = " (a two-digit year: 69-99 is 19xx, 00-68 is 20xx)";
    if (m == d) {
      const std::string_view e = example_both.empty() ? example : example_both;
      return fmt::format("give --date-format \"{}\" if \"{}\" is {}, or --date-format \"{}\" if it is {}{}",
                         mf_pattern, printable(e), spoken(*mf.parse(e), true), df_pattern,
                         spoken(*df.parse(e), false), kYears);
    }
    const bool month_first = m > d;
    const DateFormat& f = month_first ? mf : df;
    for (auto v : values)
      if (auto date = f.parse(v))
        return fmt::format("give --date-format \"{}\": \"{}\" then reads as {}{}", f.pattern(),
                           printable(v), spoken(*date, month_first), kYears);
  }
  return kGenericHint;
}

/// The hint when no format fits: the shape most of the sample has, if it
/// is one tiers does not detect, else the general one.
std::string shape_hint(const std::vector<std::string_view>& values) {
  size_t serials = 0;
  std::string_view example;
  for (auto v : values)
    if (excel_serial(v) && serials++ == 0) example = v;
  if (serials * 2 > values.size())
    return fmt::format(
        "the dates look like Excel date serial numbers: give --date-format excel (\"{}\" then reads "
        "as {}), or format the column as a date in Excel before exporting",
        printable(example), format_date(*excel_serial(example)));
  return two_digit_year_hint(values);
}

}  // namespace

DateDetection detect_date_format(std::span<const std::string_view> sample) {
  std::vector<std::string_view> values;
  for (auto v : sample)
    if (auto t = trim(v); !t.empty()) values.push_back(t);
  DateDetection r;
  r.sampled = values.size();
  if (values.empty()) {
    r.format = compiled_candidates()[0];
    return r;
  }
  std::array<size_t, kCandidates.size()> counts{};
  for (auto v : values)
    for (size_t c = 0; c < kCandidates.size(); ++c) counts[c] += reads(c, v) ? 1 : 0;
  size_t best = 0;
  for (size_t c = 1; c < kCandidates.size(); ++c)
    if (counts[c] > counts[best]) best = c;

  if (counts[best] == 0) {
    std::vector<std::string_view> examples(values.begin(), values.begin() + std::min<size_t>(3, values.size()));
    r.message = fmt::format("no known date format fits the sampled dates (e.g. {})", quoted_list(examples));
    r.hint = shape_hint(values);
    return r;
  }
  const int twin = kCandidates[best].twin;
  if (twin >= 0 && counts[static_cast<size_t>(twin)] == counts[best]) {
    const bool best_is_month_first = kCandidates[best].pattern[1] == 'm';
    const size_t month_first = best_is_month_first ? best : static_cast<size_t>(twin);
    const size_t day_first = best_is_month_first ? static_cast<size_t>(twin) : best;
    return ambiguous(values, month_first, day_first, counts[best]);
  }
  // A clear majority settles the format, and ISO, the default, needs only
  // to read more than any other: the cells it cannot read are rejected row
  // by row later, with their line, like any other bad cell.
  size_t runner_up = 0;
  for (size_t c = 0; c < kCandidates.size(); ++c)
    if (c != best) runner_up = std::max(runner_up, counts[c]);
  const bool iso_leads = best == 0 && counts[0] > runner_up;
  if (counts[best] * 2 <= values.size() && !iso_leads) {
    std::vector<std::string_view> misfits;
    for (auto v : values)
      if (misfits.size() < 3 && !reads(best, v)) misfits.push_back(v);
    r.message = fmt::format(
        "no known date format fits the sampled dates: the closest, {}, reads only {} of {} (not: {})",
        kCandidates[best].pattern, counts[best], values.size(), quoted_list(misfits));
    r.hint = shape_hint(values);
    return r;
  }
  r.format = compiled_candidates()[best];
  r.matched = counts[best];
  return r;
}

}  // namespace tiers::io

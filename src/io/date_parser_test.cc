#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/date_detect.h"
#include "io/date_parser.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

namespace {

std::optional<Date> ymd(int y, unsigned m, unsigned d) { return Date{days_from_civil(y, m, d)}; }

std::optional<Date> parse(std::string_view pattern, std::string_view text) {
  return DateFormat::compile(pattern).parse(text);
}

std::string compile_error(std::string_view pattern) {
  try {
    DateFormat::compile(pattern);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kUsage);
    return e.what();
  }
  return "";
}

DateDetection detect(std::vector<std::string_view> sample) { return detect_date_format(sample); }

}  // namespace

TEST_CASE("dates: the default parser is ISO with an optional time part") {
  const DateParser p;
  CHECK(p.parse("2024-03-07") == ymd(2024, 3, 7));
  CHECK(p.parse(" 2024-03-07 ") == ymd(2024, 3, 7));
  CHECK(p.parse("2011-12-09 12:50:00") == ymd(2011, 12, 9));
  CHECK(p.parse("2024-03-01T08:00:00Z") == ymd(2024, 3, 1));
  CHECK(p.parse("2024-03-01T08:00:00+01:00") == ymd(2024, 3, 1));
  CHECK(p.parse("2024-03-07 1:45 PM") == ymd(2024, 3, 7));
  CHECK(!p.parse("2024-3-7"));
  CHECK(!p.parse("2024-02-30"));
  CHECK(!p.parse("2024-03-07x"));
  CHECK(!p.parse("2024-03-07 noon"));
  CHECK(!p.parse(""));
  CHECK(p.explain_failure("07.03.2024") == "date \"07.03.2024\" is not a date (expected YYYY-MM-DD)");
  CHECK(p.explain_failure("  ") == "date is empty");
  CHECK(p.pattern() == "%Y-%m-%d");
}

TEST_CASE("dates: day-first with dots, non-padded numbers") {
  const auto f = DateFormat::compile("%d.%m.%Y");
  CHECK(f.parse("07.03.2024") == ymd(2024, 3, 7));
  CHECK(f.parse("7.3.2024") == ymd(2024, 3, 7));
  CHECK(f.parse("31.12.1999") == ymd(1999, 12, 31));
  CHECK(f.parse("29.02.2024") == ymd(2024, 2, 29));
  CHECK(!f.parse("29.02.2023"));  // not a leap year
  CHECK(!f.parse("07.03.24"));    // %Y is four digits
  CHECK(!f.parse("007.03.2024"));
  CHECK(!f.parse("07/03/2024"));
  CHECK(!f.parse("07.03.20245"));
  // The pattern ends with the date, so a time part is dropped.
  CHECK(f.parse("07.03.2024 13:45") == ymd(2024, 3, 7));
  CHECK(f.parse("07.03.2024 13:45:10") == ymd(2024, 3, 7));
}

TEST_CASE("dates: month-first with a time part in the pattern") {
  const auto f = DateFormat::compile("%m/%d/%Y %H:%M");
  CHECK(f.parse("03/07/2024 13:45") == ymd(2024, 3, 7));
  CHECK(f.parse("3/7/2024 9:05") == ymd(2024, 3, 7));
  CHECK(f.parse("3/7/2024 09:05:59") == ymd(2024, 3, 7));     // seconds after %M are dropped
  CHECK(f.parse("3/7/2024 09:05:59.123Z") == ymd(2024, 3, 7));
  CHECK(f.parse("3/7/2024  09:05") == ymd(2024, 3, 7));       // a space matches several
  CHECK(!f.parse("3/7/2024"));                                // the time is required
  CHECK(!f.parse("3/7/2024 24:00"));                          // hour out of range
  CHECK(!f.parse("3/7/2024 23:60"));
  CHECK(!f.parse("13/7/2024 10:00"));
  CHECK(!f.parse("3/7/2024 10:00 tomorrow"));
}

TEST_CASE("dates: 12-hour times") {
  const auto f = DateFormat::compile("%m/%d/%Y %I:%M %p");
  CHECK(f.parse("3/7/2024 1:45 PM") == ymd(2024, 3, 7));
  CHECK(f.parse("3/7/2024 12:00 am") == ymd(2024, 3, 7));
  CHECK(!f.parse("3/7/2024 13:45 PM"));
  CHECK(!f.parse("3/7/2024 1:45 XM"));
}

TEST_CASE("dates: compact digits need full widths") {
  const auto f = DateFormat::compile("%Y%m%d");
  CHECK(f.parse("20240307") == ymd(2024, 3, 7));
  CHECK(!f.parse("2024037"));
  CHECK(!f.parse("202403071"));
  CHECK(!f.parse("20241307"));
  CHECK(f.parse("20240307 101500") == ymd(2024, 3, 7));
  CHECK(parse("%Y%m%d%H%M%S", "20240307101500") == ymd(2024, 3, 7));
  CHECK(!parse("%Y%m%d%H%M%S", "2024030710150"));
}

TEST_CASE("dates: literal UTF-8 characters") {
  const auto f = DateFormat::compile("%Y年%m月%d日");
  CHECK(f.parse("2024年3月7日") == ymd(2024, 3, 7));
  CHECK(f.parse("2024年03月07日") == ymd(2024, 3, 7));
  CHECK(f.parse("2024年03月07日 10:15") == ymd(2024, 3, 7));
  CHECK(!f.parse("2024年03月07"));
  CHECK(!f.parse("2024-03-07"));
}

TEST_CASE("dates: ISO patterns, %F and %T") {
  CHECK(parse("%Y-%m-%dT%H:%M:%S", "2024-03-01T08:00:00") == ymd(2024, 3, 1));
  CHECK(parse("%Y-%m-%dT%H:%M:%S", "2024-03-01T08:00:00.5+05:30") == ymd(2024, 3, 1));
  CHECK(parse("%FT%T", "2024-03-01T23:59:60") == ymd(2024, 3, 1));  // leap second
  CHECK(parse("%Y-%m-%d %H:%M:%S", "2011-12-09 12:50:00") == ymd(2011, 12, 9));
  // A given ISO pattern also reads non-padded numbers, after the fast path.
  const DateParser p(DateFormat::compile("%Y-%m-%d"));
  CHECK(p.parse("2024-03-07") == ymd(2024, 3, 7));
  CHECK(p.parse("2024-3-7") == ymd(2024, 3, 7));
  CHECK(p.parse("2024-03-07 10:00") == ymd(2024, 3, 7));
  CHECK(!p.parse("2024-02-30"));
}

TEST_CASE("dates: two-digit years, month names, day of year, %D") {
  CHECK(parse("%d/%m/%y", "07/03/24") == ymd(2024, 3, 7));
  CHECK(parse("%d/%m/%y", "07/03/68") == ymd(2068, 3, 7));
  CHECK(parse("%d/%m/%y", "07/03/69") == ymd(1969, 3, 7));
  CHECK(parse("%D", "03/07/24") == ymd(2024, 3, 7));
  CHECK(parse("%d-%b-%Y", "07-Mar-2024") == ymd(2024, 3, 7));
  CHECK(parse("%d-%b-%y", "07-MAR-24") == ymd(2024, 3, 7));
  CHECK(parse("%d %B %Y", "7 march 2024") == ymd(2024, 3, 7));
  CHECK(parse("%d %B %Y", "7 Sept 2024") == ymd(2024, 9, 7));
  CHECK(parse("%b %d, %Y", "Dec 31, 2024") == ymd(2024, 12, 31));
  CHECK(parse("%b %d, %Y", "December 31, 2024") == ymd(2024, 12, 31));
  CHECK(!parse("%b %d, %Y", "Dez 31, 2024"));
  CHECK(parse("%e.%m.%Y", " 7.03.2024") == ymd(2024, 3, 7));  // trimmed anyway
  CHECK(parse("%Y-%j", "2024-067") == ymd(2024, 3, 7));       // 31 + 29 + 7
  CHECK(parse("%Y-%j", "2023-365") == ymd(2023, 12, 31));
  CHECK(!parse("%Y-%j", "2023-366"));
  CHECK(parse("%Y-%j", "2024-366") == ymd(2024, 12, 31));
  CHECK(parse("%d%%%m%%%Y", "07%03%2024") == ymd(2024, 3, 7));
}

TEST_CASE("dates: Unix epoch seconds are a UTC day") {
  // 2024-03-01 is day 19783: 54 years of 365 days, 13 leap days, 31 + 29.
  const auto f = DateFormat::compile("%s");
  CHECK(f.parse("1709251200") == ymd(2024, 3, 1));
  CHECK(f.parse("1709251199") == ymd(2024, 2, 29));
  CHECK(f.parse("1709251199.999") == ymd(2024, 2, 29));
  CHECK(f.parse("0") == ymd(1970, 1, 1));
  CHECK(f.parse("-1") == ymd(1969, 12, 31));
  CHECK(f.parse("-86400") == ymd(1969, 12, 31));
  CHECK(f.parse("-86401") == ymd(1969, 12, 30));
  CHECK(!f.parse("1709251200x"));
  CHECK(!f.parse("999999999999999"));  // beyond 9999-12-31
  CHECK(!f.parse(""));
}

TEST_CASE("dates: reasons for refused cells") {
  const DateParser p(DateFormat::compile("%d.%m.%Y"));
  CHECK(p.explain_failure("2024-03-07") == "date \"2024-03-07\" does not match the date format %d.%m.%Y");
  CHECK(p.explain_failure("31.02.2024") == "date \"31.02.2024\" is not a calendar date (date format %d.%m.%Y)");
  CHECK(p.explain_failure("07.13.2024") == "date \"07.13.2024\" is not a calendar date (date format %d.%m.%Y)");
  CHECK(p.explain_failure("") == "date is empty");
  CHECK(p.pattern() == "%d.%m.%Y");
}

TEST_CASE("dates: bad patterns are usage errors that say why") {
  CHECK(compile_error("%d.%m.%Q") == "--date-format \"%d.%m.%Q\": unknown field %Q");
  CHECK(compile_error("%d.%m") == "--date-format \"%d.%m\": it has no year (%Y or %y)");
  CHECK(compile_error("%Y-%d") == "--date-format \"%Y-%d\": it has no month (%m or %b)");
  CHECK(compile_error("%Y-%m") == "--date-format \"%Y-%m\": it has no day (%d or %e)");
  CHECK(compile_error("%Y-%m-%d-%Y") == "--date-format \"%Y-%m-%d-%Y\": %Y repeats a field given before");
  CHECK(compile_error("%Y-%m-%d %") == "--date-format \"%Y-%m-%d %\": it ends with a lone %");
  CHECK(compile_error("%s %Y") ==
        "--date-format \"%s %Y\": %s already gives the whole date; it cannot be combined with date fields");
  CHECK(compile_error("%s%H") == "--date-format \"%s%H\": %s cannot be next to another number field");
  CHECK(compile_error("") == "--date-format \"\": the date format is empty");
  CHECK(compile_error(std::string(60, 'x') + "%Y%m%d") ==
        "--date-format \"" + std::string(60, 'x') + "%Y%m%d\": it is too long");
}

TEST_CASE("date detection: unambiguous shapes") {
  auto r = detect({"2024-03-07", "2024-12-31 10:00:00", ""});
  REQUIRE(r.ok());
  CHECK(r.format->pattern() == "%Y-%m-%d");
  CHECK(r.sampled == 2);
  CHECK(r.matched == 2);
  CHECK(detect({"2024/03/07", "2024/3/8"}).format->pattern() == "%Y/%m/%d");
  CHECK(detect({"20240307", "20241231"}).format->pattern() == "%Y%m%d");
  CHECK(detect({"2024年3月7日", "2024年12月31日"}).format->pattern() == "%Y年%m月%d日");
  CHECK(detect({"07-Mar-2024", "31-Dec-2024"}).format->pattern() == "%d-%b-%Y");
  CHECK(detect({"Mar 7, 2024"}).format->pattern() == "%b %d, %Y");
  CHECK(detect({"1709251200", "1709337600.5"}).format->pattern() == "%s");
  CHECK(!detect({"4102444801"}).ok());  // after 2100: not taken for epoch seconds
  CHECK(detect({}).format->pattern() == "%Y-%m-%d");
}

TEST_CASE("date detection: one value past 12 settles the day/month order") {
  // 13/03/2024 can only be day-first, 3/13/2024 only month-first.
  auto dmy = detect({"01/03/2024", "13/03/2024", "02/04/2024"});
  REQUIRE(dmy.ok());
  CHECK(dmy.format->pattern() == "%d/%m/%Y");
  auto mdy = detect({"3/1/2024", "3/13/2024 10:00", "4/2/2024"});
  REQUIRE(mdy.ok());
  CHECK(mdy.format->pattern() == "%m/%d/%Y");
  auto dots = detect({"07.03.2024", "31.12.2024"});
  REQUIRE(dots.ok());
  CHECK(dots.format->pattern() == "%d.%m.%Y");
}

TEST_CASE("date detection: an ambiguous order is an error, never a guess") {
  auto r = detect({"03/04/2024", "11/12/2024", "01/01/2024", "02/05/2024"});
  REQUIRE(!r.ok());
  CHECK(r.message ==
        "the order of day and month is ambiguous: all 4 sampled dates read both as month/day and as "
        "day/month (e.g. \"03/04/2024\", \"11/12/2024\", \"02/05/2024\")");
  CHECK(r.hint ==
        "give --date-format \"%m/%d/%Y\" if \"03/04/2024\" is March 4, 2024, or --date-format "
        "\"%d/%m/%Y\" if it is 3 April 2024");
  auto dots = detect({"01.02.2024"});
  REQUIRE(!dots.ok());
  CHECK(dots.hint ==
        "give --date-format \"%m.%d.%Y\" if \"01.02.2024\" is January 2, 2024, or --date-format "
        "\"%d.%m.%Y\" if it is 1 February 2024");
  // A value neither reading accepts does not break the tie.
  auto junk = detect({"03/04/2024", "13/13/2024"});
  REQUIRE(!junk.ok());
  CHECK(junk.message.find("1 of the 2 sampled dates") != std::string::npos);
}

TEST_CASE("date detection: nothing fits, or too little") {
  auto none = detect({"yesterday", "soon"});
  REQUIRE(!none.ok());
  CHECK(none.message == "no known date format fits the sampled dates (e.g. \"yesterday\", \"soon\")");
  CHECK(none.hint.find("--date-format") != std::string::npos);
  auto mixed = detect({"2024-03-07", "2024-03-08", "07.03.2024", "08.03.2024", "09.03.2024x"});
  REQUIRE(!mixed.ok());
  CHECK(mixed.message ==
        "no known date format fits the sampled dates: the closest, %Y-%m-%d, reads only 2 of 5 (not: "
        "\"07.03.2024\", \"08.03.2024\", \"09.03.2024x\")");
  // 9 of 10 is enough: the odd one becomes a rejected row.
  std::vector<std::string_view> mostly(9, "2024-03-07");
  mostly.push_back("n/a");
  CHECK(detect(mostly).ok());
  // ISO, the default, needs no majority when nothing else reads more:
  // 1 of 3 here, and the other two become rejected rows.
  auto iso = detect({"2024-03-07", "n/a", "soon"});
  REQUIRE(iso.ok());
  CHECK(iso.format->pattern() == "%Y-%m-%d");
  // But another format reading as many is a mix: refused.
  CHECK_FALSE(detect({"2024-03-07", "07.03.2024", "junk"}).ok());
  // And a non-ISO format still needs a majority.
  CHECK_FALSE(detect({"07.03.2024", "n/a", "soon"}).ok());
}

TEST_CASE("date detection: two-digit years are not detected, but the hint names the format") {
  // Month first: 13 and 25 can only be days.
  auto us = detect({"1/25/24", "12/13/99", "3/7/24"});
  REQUIRE(!us.ok());
  CHECK(us.message == "no known date format fits the sampled dates (e.g. \"1/25/24\", \"12/13/99\", \"3/7/24\")");
  CHECK(us.hint ==
        "give --date-format \"%m/%d/%y\": \"1/25/24\" then reads as January 25, 2024 (a two-digit "
        "year: 69-99 is 19xx, 00-68 is 20xx)");
  // Day first, with dots.
  auto de = detect({"25.1.24", "7.3.24"});
  REQUIRE(!de.ok());
  CHECK(de.hint ==
        "give --date-format \"%d.%m.%y\": \"25.1.24\" then reads as 25 January 2024 (a two-digit "
        "year: 69-99 is 19xx, 00-68 is 20xx)");
  // Both orders fit: both formats, with a value they read differently.
  auto open = detect({"3/3/24", "1/5/24"});
  REQUIRE(!open.ok());
  CHECK(open.hint ==
        "give --date-format \"%m/%d/%y\" if \"1/5/24\" is January 5, 2024, or --date-format "
        "\"%d/%m/%y\" if it is 1 May 2024 (a two-digit year: 69-99 is 19xx, 00-68 is 20xx)");
  // Half or fewer in that shape: the general hint.
  auto few = detect({"1/25/24", "junk", "more junk"});
  REQUIRE(!few.ok());
  CHECK(few.hint.find("%y") == std::string::npos);
  // Four-digit years are detected as before, never read as %y.
  CHECK(detect({"1/25/2024", "3/7/2024"}).format->pattern() == "%m/%d/%Y");
}

TEST_CASE("dates: a zone name after the time is dropped with it") {
  // BigQuery exports timestamps as `2024-01-05 10:00:00 UTC`.
  const DateParser iso;
  for (std::string_view text : {"2024-01-05 10:00:00 UTC", "2024-01-05 10:00:00.123456 UTC",
                                "2024-01-05 10:00:00 PM EST", "2024-01-05T10:00 CEST"}) {
    CAPTURE(text);
    CHECK(iso.parse(text) == Date{days_from_civil(2024, 1, 5)});
  }
  for (std::string_view text : {"2024-01-05 UTC", "2024-01-05 10:00 utc", "2024-01-05 10:00 ABCDEF",
                                "2024-01-05 10:00 X", "2024-01-05 PM", "2024-01-05 10:00UTC"}) {
    CAPTURE(text);
    CHECK(iso.parse(text) == std::nullopt);
  }
  CHECK(DateFormat::compile("%d.%m.%Y %H:%M").parse("05.01.2024 10:00 GMT") == Date{days_from_civil(2024, 1, 5)});
}

TEST_CASE("dates: weekday names (%a, %A) are read and not checked") {
  const DateFormat excel_long = DateFormat::compile("%A, %B %d, %Y");
  CHECK(excel_long.parse("Friday, January 5, 2024") == Date{days_from_civil(2024, 1, 5)});
  CHECK(excel_long.parse("FRIDAY, JANUARY 5, 2024") == Date{days_from_civil(2024, 1, 5)});
  CHECK(excel_long.parse("Fri, Jan 5, 2024") == Date{days_from_civil(2024, 1, 5)});  // abbreviations
  CHECK(excel_long.parse("Monday, January 5, 2024") == Date{days_from_civil(2024, 1, 5)});  // not checked
  CHECK(excel_long.parse("Fryday, January 5, 2024") == std::nullopt);
  const DateFormat rfc = DateFormat::compile("%a, %d %b %Y");
  CHECK(rfc.parse("Fri, 05 Jan 2024 23:30:00 -0500") == Date{days_from_civil(2024, 1, 5)});  // as written
  CHECK_THROWS_AS(DateFormat::compile("%a %A %Y-%m-%d"), Error);  // the weekday twice
}

TEST_CASE("date detection: Excel's long date and RFC 2822 dates") {
  auto excel = detect({"Friday, January 5, 2024", "Saturday, February 17, 2024"});
  REQUIRE(excel.ok());
  CHECK(excel.format->pattern() == "%A, %b %d, %Y");
  auto rfc = detect({"Fri, 05 Jan 2024 10:00:00 +0000", "Sat, 17 Feb 2024 08:00:00 GMT"});
  REQUIRE(rfc.ok());
  CHECK(rfc.format->pattern() == "%a, %d %b %Y");
}

TEST_CASE("dates: --date-format excel reads Excel's day serials") {
  const DateFormat excel = DateFormat::compile("excel");
  CHECK(excel.parse("45292") == Date{days_from_civil(2024, 1, 1)});
  CHECK(excel.parse(" 45350.75 ") == Date{days_from_civil(2024, 2, 28)});  // 18:00 dropped
  CHECK(excel.parse("61") == Date{days_from_civil(1900, 3, 1)});
  CHECK(excel.parse("2958465") == Date{days_from_civil(9999, 12, 31)});  // Excel's last day
  CHECK(DateFormat::compile("Excel").parse("1") == std::nullopt);
  Date d;
  CHECK(excel.parse("60", d) == DateFormat::Status::kNotCalendarDate);  // Excel's 1900-02-29
  CHECK(excel.parse("2958466", d) == DateFormat::Status::kNotCalendarDate);
  for (std::string_view no : {"", "abc", "45292x", "-5", "4.5.2024", "12345678"}) {
    CAPTURE(no);
    CHECK(excel.parse(no) == std::nullopt);
  }
  // A pattern with more than the word is a strftime pattern as before.
  CHECK_THROWS_AS(DateFormat::compile("excel %Y"), Error);
}

TEST_CASE("date detection: Excel date serials are not dates, but the hint says what they are") {
  // 45292 is 2024-01-01 in Excel (days since 1899-12-30); 45350.75 is
  // 2024-02-28 at 18:00.
  auto r = detect({"45292", "45350.75", "45300"});
  REQUIRE(!r.ok());
  CHECK(r.hint ==
        "the dates look like Excel date serial numbers: give --date-format excel (\"45292\" then reads "
        "as 2024-01-01), or format the column as a date in Excel before exporting");
  CHECK(detect({"45350.75"}).hint.find("(\"45350.75\" then reads as 2024-02-28)") != std::string::npos);
  // Not when they are half of the sample or fewer, or out of 1960-2099.
  CHECK(detect({"45292", "junk"}).hint.find("Excel") == std::string::npos);
  CHECK(detect({"12345", "99999"}).hint.find("Excel") == std::string::npos);
}

TEST_CASE("date detection: a sample mixing both orders is refused (fuzz regression)") {
  // Each value reads one way only, one each way: a tie with nothing in common.
  auto r = detect({"07.23.2024", "23.07.2024"});
  REQUIRE(!r.ok());
  CHECK(r.message ==
        "the sampled dates mix the orders of day and month: \"07.23.2024\" reads only as month/day "
        "(%m.%d.%Y), \"23.07.2024\" only as day/month (%d.%m.%Y)");
  CHECK(r.hint.find("--date-format") != std::string::npos);
}

TEST_CASE("parse_shared reads what parse reads, without its cache") {
  const DateParser iso, us(DateFormat::compile("%m/%d/%Y %H:%M"));
  for (const char* text : {"2024-03-01", "2024-03-01", "2024-03-01 10:00:00", "2024-02-30", "3/1/2024 8:26",
                           "12/31/2023 23:59", "13/01/2024 0:00", "", "x"}) {
    CAPTURE(text);
    CHECK(iso.parse_shared(text).has_value() == iso.parse(text).has_value());
    if (auto d = iso.parse(text)) CHECK(iso.parse_shared(text)->days == d->days);
    CHECK(us.parse_shared(text).has_value() == us.parse(text).has_value());
    if (auto d = us.parse(text)) CHECK(us.parse_shared(text)->days == d->days);
  }
}

TEST_CASE("the last date's cache: any format, only the same bytes, never a refused one") {
  // A parser remembers the last date it read from up to 16 bytes; each
  // answer here is the one a fresh parser gives, worked out by hand.
  const DateParser dmy(DateFormat::compile("%d.%m.%Y")), iso;
  Date d;
  const struct {
    const char* text;
    std::optional<Date> want;
  } dmy_steps[] = {
      {"01.03.2024", ymd(2024, 3, 1)},
      {"01.03.2024", ymd(2024, 3, 1)},  // from the cache
      {"01.03.2025", ymd(2025, 3, 1)},  // the last byte differs
      {"02.03.2025", ymd(2025, 3, 2)},  // the first byte differs
      {"32.03.2025", std::nullopt},     // refused: not remembered
      {"02.03.2025", ymd(2025, 3, 2)},
      {"2.3.2025", ymd(2025, 3, 2)},    // another text, the same day
      {" 2.3.2025", ymd(2025, 3, 2)},   // trimmed, then remembered as written
      {"2.3.2025 ", ymd(2025, 3, 2)},
      {"", std::nullopt},
      {"29.02.2023", std::nullopt},
  };
  for (const auto& step : dmy_steps) {
    CAPTURE(step.text);
    REQUIRE(dmy.parse(step.text, d) == step.want.has_value());
    if (step.want) CHECK(d.days == step.want->days);
    CHECK(DateParser(DateFormat::compile("%d.%m.%Y")).parse(step.text).has_value() == step.want.has_value());
  }
  // ISO timestamps: 16 bytes are remembered whole; longer ones by their
  // date part, their time checked each time (a time that is not one is
  // refused however often the date came before).
  const struct {
    const char* text;
    std::optional<Date> want;
  } iso_steps[] = {
      {"2024-03-01 10:30", ymd(2024, 3, 1)},
      {"2024-03-01 10:30", ymd(2024, 3, 1)},
      {"2024-03-01 10:30:00", ymd(2024, 3, 1)},
      {"2024-03-01 10:30:01", ymd(2024, 3, 1)},        // the date part remembered
      {" 2024-03-01T10:30:02Z ", ymd(2024, 3, 1)},     // trimmed first
      {"2024-03-01 10:30:03 UTC", ymd(2024, 3, 1)},
      {"2024-03-01 10:3x:00", std::nullopt},           // not a time
      {"2024-03-01x10:30:00", std::nullopt},
      {"2024-03-01 10:30:04", ymd(2024, 3, 1)},
      {"2024-03-02 00:00:00", ymd(2024, 3, 2)},        // another date part
      {"2024-02-30 00:00:00", std::nullopt},           // not a calendar day: not remembered
      {"2024-03-02 23:59:59", ymd(2024, 3, 2)},
      {"2024-03-02", ymd(2024, 3, 2)},
  };
  for (const auto& step : iso_steps) {
    CAPTURE(step.text);
    REQUIRE(iso.parse(step.text, d) == step.want.has_value());
    if (step.want) CHECK(d.days == step.want->days);
    CHECK(iso.parse_shared(step.text) == step.want);
  }
}

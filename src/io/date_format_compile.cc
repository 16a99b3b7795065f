// DateFormat::compile: a strftime-style pattern → a program of steps.
#include <algorithm>

#include <fmt/format.h>

#include "io/date_parser.h"
#include "tiers/error.h"

namespace tiers::io {

class DateFormatCompiler {
 public:
  using Op = DateFormat::Op;
  using Step = DateFormat::Step;

  explicit DateFormatCompiler(std::string_view pattern) : pattern_(pattern) {
    format_.pattern_ = std::string(pattern);
  }

  DateFormat run() {
    if (pattern_.empty()) fail("the date format is empty");
    if (pattern_.size() == 5 && std::equal(pattern_.begin(), pattern_.end(), "excel",
                                           [](char a, char b) { return (a | 0x20) == b; })) {
      add(Step{Op::kExcelSerial});
      format_.date_last_ = false;  // a fraction (the time) may follow
      return format_;
    }
    const std::string expanded = expand(pattern_);
    for (size_t i = 0; i < expanded.size();) {
      const char c = expanded[i];
      if (c == '%') {
        if (i + 1 == expanded.size()) fail("it ends with a lone %");
        directive(expanded[i + 1]);
        i += 2;
      } else if (c == ' ') {
        if (format_.step_count_ == 0 || last().op != Op::kSpaces) add({Op::kSpaces});
        ++i;
      } else {
        size_t j = i;
        while (j < expanded.size() && expanded[j] != '%' && expanded[j] != ' ') ++j;
        add_literal(std::string_view(expanded).substr(i, j - i));
        i = j;
      }
    }
    check_fields();
    fix_widths();
    for (size_t k = format_.step_count_; k-- > 0;) {
      const Op op = format_.steps_[k].op;
      if (op == Op::kLiteral || op == Op::kSpaces) continue;
      format_.date_last_ = op == Op::kYear4 || op == Op::kYear2 || op == Op::kMonth ||
                           op == Op::kMonthName || op == Op::kDay || op == Op::kYearDay;
      break;
    }
    return format_;
  }

 private:
  enum Field : unsigned {
    kYear = 1, kMonth = 2, kDay = 4, kYearDay = 8, kHour = 16, kMinute = 32, kSecond = 64,
    kAmPm = 128, kEpoch = 256, kWeekday = 512,
  };

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ExitCode::kUsage, fmt::format("--date-format \"{}\": {}", pattern_, what),
                "use strftime fields such as %d.%m.%Y, %m/%d/%Y %H:%M, %Y%m%d, %Y年%m月%d日 or %s, "
                "or excel (Excel's day serials); known: %Y %y %m %d %e %j %b %B %H %I %M %S %p %s %F "
                "%T %D %a %A %%");
  }

  static std::string expand(std::string_view p) {
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '%' && i + 1 < p.size()) {
        const char d = p[i + 1];
        if (d == 'F') out += "%Y-%m-%d";
        else if (d == 'T') out += "%H:%M:%S";
        else if (d == 'D') out += "%m/%d/%y";
        else out.append(p.substr(i, 2));
        ++i;
      } else {
        out.push_back(p[i]);
      }
    }
    return out;
  }

  Step& last() { return format_.steps_[format_.step_count_ - 1u]; }

  void add(Step step) {
    if (format_.step_count_ == DateFormat::kMaxSteps) fail("it is too long");
    format_.steps_[format_.step_count_++] = step;
  }

  void add_literal(std::string_view bytes) {
    if (format_.literal_size_ + bytes.size() > DateFormat::kMaxLiteralBytes) fail("it is too long");
    const auto pos = format_.literal_size_;
    for (char c : bytes) format_.literals_[format_.literal_size_++] = c;
    if (format_.step_count_ > 0 && last().op == Op::kLiteral &&
        last().literal_pos + last().literal_len == pos) {
      last().literal_len = static_cast<uint8_t>(last().literal_len + bytes.size());
    } else {
      Step s{Op::kLiteral};
      s.literal_pos = pos;
      s.literal_len = static_cast<uint8_t>(bytes.size());
      add(s);
    }
  }

  void field(Field f, char d, Step step) {
    if (seen_ & f) fail(fmt::format("%{} repeats a field given before", d));
    seen_ |= f;
    add(step);
  }

  static Step number(Op op, uint8_t min, uint8_t max) {
    Step s{op};
    s.min_digits = min;
    s.max_digits = max;
    return s;
  }

  void directive(char d) {
    switch (d) {
      case 'Y': return field(kYear, d, number(Op::kYear4, 4, 4));
      case 'y': return field(kYear, d, number(Op::kYear2, 2, 2));
      case 'm': return field(kMonth, d, number(Op::kMonth, 1, 2));
      case 'b': case 'B': case 'h': return field(kMonth, d, Step{Op::kMonthName});
      case 'd': return field(kDay, d, number(Op::kDay, 1, 2));
      case 'e': {
        Step s = number(Op::kDay, 1, 2);
        s.leading_space = true;
        return field(kDay, d, s);
      }
      case 'j': return field(kYearDay, d, number(Op::kYearDay, 1, 3));
      case 'H': return field(kHour, d, number(Op::kHour, 1, 2));
      case 'I': return field(kHour, d, number(Op::kHour12, 1, 2));
      case 'M': return field(kMinute, d, number(Op::kMinute, 1, 2));
      case 'S': return field(kSecond, d, number(Op::kSecond, 1, 2));
      case 'p': return field(kAmPm, d, Step{Op::kAmPm});
      case 'a': case 'A': return field(kWeekday, d, Step{Op::kWeekdayName});
      case 's': return field(kEpoch, d, Step{Op::kEpoch});
      case '%': return add_literal("%");
      default: fail(fmt::format("unknown field %{}", d));
    }
  }

  void check_fields() const {
    if (seen_ & kEpoch) {
      if (seen_ & (kYear | kMonth | kDay | kYearDay))
        fail("%s already gives the whole date; it cannot be combined with date fields");
      return;
    }
    if (!(seen_ & kYear)) fail("it has no year (%Y or %y)");
    if (seen_ & kYearDay) {
      if (seen_ & (kMonth | kDay)) fail("give either %j (day of the year) or a month and a day");
      return;
    }
    if (!(seen_ & kMonth)) fail("it has no month (%m or %b)");
    if (!(seen_ & kDay)) fail("it has no day (%d or %e)");
  }

  static bool is_number(Op op) {
    return op != Op::kLiteral && op != Op::kSpaces && op != Op::kMonthName && op != Op::kAmPm &&
           op != Op::kWeekdayName;
  }

  /// Number fields next to each other (`%Y%m%d`) need their full width.
  void fix_widths() {
    auto& steps = format_.steps_;
    const size_t n = format_.step_count_;
    for (size_t k = 0; k < n; ++k) {
      if (!is_number(steps[k].op)) continue;
      const bool adjacent = (k > 0 && is_number(steps[k - 1].op)) ||
                            (k + 1 < n && is_number(steps[k + 1].op));
      if (!adjacent) continue;
      if (steps[k].op == Op::kEpoch) fail("%s cannot be next to another number field");
      steps[k].min_digits = steps[k].max_digits;
      steps[k].leading_space = false;
    }
  }

  std::string_view pattern_;
  DateFormat format_;
  unsigned seen_ = 0;
};

DateFormat DateFormat::compile(std::string_view pattern) {
  return DateFormatCompiler(pattern).run();
}

}  // namespace tiers::io

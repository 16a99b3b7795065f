#include "io/row_expression.h"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "io/header.h"
#include "io/text.h"
#include "rules/condition/binder.h"
#include "rules/condition/evaluator.h"
#include "rules/condition/operators.h"
#include "rules/condition/parser.h"
#include "tiers/error.h"
#include "tiers/rule.h"

namespace tiers::io {

using rules::Rational;
using rules::condition::Condition;
using rules::condition::ConditionError;
using rules::condition::Node;
using rules::condition::NodeKind;
using rules::condition::Truth;
using rules::condition::Type;
using rules::condition::Value;
using rules::condition::View;

namespace {

const char* option_name(RowRole role) {
  switch (role) {
    case RowRole::kAmount: return "--amount-expr";
    case RowRole::kWhere: return "--where";
    case RowRole::kExclude: return "--exclude";
  }
  return "";
}

/// 1-based character (not byte) position of `offset` in `text`.
size_t character_at(const std::string& text, uint32_t offset) {
  size_t n = 1;
  for (uint32_t i = 0; i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

/// How a column node's cells are read.
enum class Read : uint8_t { kText, kNumber, kBool, kDate };

/// The header's columns as a condition sees them: the date column is a
/// date; every other column is text typed by use, like an attribute column
/// whose cells are not at hand (any use is accepted; cells that do not fit
/// are empty values).
class HeaderCatalog final : public ColumnCatalog {
 public:
  HeaderCatalog(const std::map<std::string, size_t>& resolved, size_t date_column)
      : resolved_(resolved), date_column_(date_column) {}
  const ColumnInfo* find(std::string_view name) override {
    auto it = resolved_.find(std::string(name));
    if (it == resolved_.end()) return nullptr;
    ColumnInfo info{std::string(name), ColumnType::kText, true};
    if (it->second == date_column_) info = ColumnInfo{std::string(name), ColumnType::kDate, false};
    info.checked = false;
    return &infos_.emplace_back(std::move(info));
  }
  std::vector<std::string> names() const override {
    std::vector<std::string> out;
    for (const auto& [name, index] : resolved_) out.push_back(name);
    return out;
  }

 private:
  const std::map<std::string, size_t>& resolved_;
  size_t date_column_;
  std::deque<ColumnInfo> infos_;
};

/// `name` as a condition must write it: backquoted unless it is a plain
/// name (letters, digits, `_`, any non-ASCII character; not a digit first).
std::string as_written(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c >= 0x80);
  }
  return plain ? name : "`" + name + "`";
}

}  // namespace

RowExpression::RowExpression(RowRole role, std::string text) : role_(role) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ExitCode::kUsage, fmt::format("{} needs an expression", option_name(role)),
                role == RowRole::kAmount ? "e.g. --amount-expr 'Quantity * UnitPrice'"
                : role == RowRole::kWhere ? "e.g. --where 'Quantity > 0'"
                                          : "e.g. --exclude 'InvoiceNo starts with \"C\"'");
  try {
    parsed_ = rules::condition::parse(text);
  } catch (const ConditionError& e) {
    parsed_.text = std::move(text);
    throw Error(ExitCode::kUsage,
                fmt::format("{} (character {}): {}", shown(), character_at(parsed_.text, e.offset), e.message),
                e.hint);
  }
  for (const Node& n : parsed_.nodes)
    if (n.kind == NodeKind::kAsOf)
      throw Error(ExitCode::kUsage,
                  fmt::format("{} (character {}): as_of is not known while rows are read", shown(),
                              character_at(parsed_.text, n.begin)),
                  "compare the date column with a date, e.g. InvoiceDate >= '2011-01-01'");
}

std::string RowExpression::shown() const {
  const std::string& t = parsed_.text;
  const char quote = t.find('\'') == std::string::npos ? '\'' : '"';
  return fmt::format("{} {}{}{}", option_name(role_), quote, t, quote);
}

namespace {

/// The header column of each name `e` reads, found as --customer and the
/// other column options find theirs (find_columns). Throws kUsage for a
/// name with no column or with several.
std::map<std::string, size_t> resolve_names(const RowExpression& e, const std::vector<std::string>& header,
                                            const std::string& file, uint64_t line) {
  std::map<std::string, size_t> resolved;
  for (const Node& n : e.parsed().nodes) {
    if (n.kind != NodeKind::kColumn || resolved.count(n.text)) continue;
    const std::vector<size_t> hits = find_columns(header, n.text);
    const std::string where = fmt::format("{} (character {})", e.shown(), character_at(e.text(), n.begin));
    if (hits.empty()) {
      const auto near = did_you_mean(n.text, header);
      throw Error(ExitCode::kUsage,
                  fmt::format("{}: {}:{} has no column \"{}\"; its header has: {}", where, file, line, n.text,
                              list_header(header)),
                  near ? fmt::format("did you mean {}?", as_written(*near))
                       : "write a name of the header; names with spaces go in backquotes: `Unit Price`");
    }
    if (hits.size() > 1) {
      std::string names, positions;
      for (size_t h : hits) {
        names += fmt::format("{}\"{}\" (column {})", names.empty() ? "" : ", ", header[h], h + 1);
        positions += fmt::format("{}`{}`", positions.empty() ? "" : " or ", h + 1);
      }
      const bool same_name = std::all_of(hits.begin(), hits.end(), [&](size_t h) { return header[h] == n.text; });
      throw Error(ExitCode::kUsage,
                  fmt::format("{}: \"{}\" could be {} columns of {}: {}", where, n.text, hits.size(), file, names),
                  same_name ? fmt::format("columns of the same name are read by position: {}", positions)
                            : "write the exact name, in backquotes when it has spaces");
    }
    resolved.emplace(n.text, hits.front());
  }
  return resolved;
}

}  // namespace

/// One expression bound to a header: its own typed copy of the tree, and
/// per column node the field it reads and how.
struct RowProgram::Bound {
  RowRole role;
  std::string shown;
  Condition c;
  struct Slot {
    uint32_t field = 0;
    Read how = Read::kText;
  };
  std::vector<Slot> slots;  // per node; only column nodes use theirs
  std::vector<uint32_t> columns_in_order;  // column nodes by position in the text
};

RowProgram::RowProgram(const RowExpressions& expressions, const std::vector<std::string>& header,
                       size_t date_column, const std::string& file, uint64_t line)
    : header_(header) {
  auto bind_one = [&](const RowExpression& e) {
    auto b = std::make_unique<Bound>();
    b->role = e.role();
    b->shown = e.shown();
    b->c = e.parsed();
    const std::map<std::string, size_t> resolved = resolve_names(e, header, file, line);
    HeaderCatalog catalog(resolved, date_column);
    try {
      rules::condition::bind(b->c, catalog, e.role() == RowRole::kAmount ? Type::kNumber : Type::kBool);
    } catch (const ConditionError& err) {
      throw Error(ExitCode::kUsage,
                  fmt::format("{} (character {}): {}", b->shown, character_at(b->c.text, err.offset), err.message),
                  err.hint);
    }
    b->slots.resize(b->c.nodes.size());
    for (uint32_t i = 0; i < b->c.nodes.size(); ++i) {
      const Node& n = b->c.nodes[i];
      if (n.kind != NodeKind::kColumn) continue;
      auto& slot = b->slots[i];
      slot.field = static_cast<uint32_t>(resolved.at(n.text));
      slot.how = n.view == View::kNumber ? Read::kNumber
                 : n.view == View::kBool ? Read::kBool
                 : n.type == Type::kDate ? Read::kDate
                                         : Read::kText;
      b->columns_in_order.push_back(i);
    }
    std::sort(b->columns_in_order.begin(), b->columns_in_order.end(),
              [&](uint32_t x, uint32_t y) { return b->c.nodes[x].begin < b->c.nodes[y].begin; });
    return b;
  };
  if (expressions.amount) amount_ = bind_one(*expressions.amount);
  for (const RowExpression& f : expressions.filters) filters_.push_back(bind_one(f));
}

RowProgram::~RowProgram() = default;
RowProgram::RowProgram(RowProgram&&) noexcept = default;

std::vector<size_t> RowProgram::number_columns() const {
  std::vector<size_t> out;
  auto collect = [&](const Bound& b) {
    for (uint32_t i : b.columns_in_order)
      if (b.slots[i].how == Read::kNumber &&
          std::find(out.begin(), out.end(), b.slots[i].field) == out.end())
        out.push_back(b.slots[i].field);
  };
  if (amount_) collect(*amount_);
  for (const auto& f : filters_) collect(*f);
  return out;
}

void RowProgram::set_formats(const DateParser& dates, const AmountParser& amounts) {
  dates_ = dates;
  amounts_ = amounts;
}

bool RowProgram::has_filters() const { return !filters_.empty(); }
bool RowProgram::has_amount() const { return amount_ != nullptr; }

namespace {

/// Reads column node cells of one record.
struct CellReader {
  const std::vector<std::string_view>& fields;
  const DateParser& dates;
  const AmountParser& amounts;
  /// The currencies the number cells read name (AmountResult::
  /// currency_family): the first, and the first that differs from it.
  mutable std::string_view currency = {}, other_currency = {};

  Value read(Read how, uint32_t field) const {
    Value v;
    const std::string_view cell = trim(fields[field]);
    if (cell.empty()) return v;
    switch (how) {
      case Read::kText: v.type = Type::kText; v.text = cell; break;
      case Read::kNumber:
        if (auto a = amounts.parse(cell)) {
          const std::string_view family = a->currency_family;
          if (!family.empty() && currency.empty()) currency = family;
          else if (!family.empty() && family != currency && other_currency.empty()) other_currency = family;
          v.type = Type::kNumber;
          v.number = Rational(a->amount.units, kMoneyScale);
          // More than 4 decimals: read every digit rather than the rounded amount.
          if (a->rounded)
            if (auto digits = amounts.exact_digits(cell))
              if (auto exact = Rational::parse(*digits)) v.number = *exact;
        }
        break;
      case Read::kBool:
        if (const int b = rules::condition::parse_yes_no(cell); b >= 0) {
          v.type = Type::kBool;
          v.boolean = b == 1;
        }
        break;
      case Read::kDate:
        if (auto d = dates.parse_shared(cell)) {  // parts share the program: no cache
          v.type = Type::kDate;
          v.date = d->days;
        }
        break;
    }
    return v;
  }
};

}  // namespace

// Both out of line (LTO could inline them into the reader's loop, and
// crowd out what every run needs there).
[[gnu::noinline]] RowVerdict RowProgram::filter(const std::vector<std::string_view>& fields, std::string& reason) const {
  const CellReader cells{fields, dates_, amounts_};
  for (const auto& f : filters_) {
    const Bound& b = *f;
    Truth t;
    try {
      t = rules::condition::test(b.c, b.c.root, Date{0}, [&](uint32_t node) {
        return cells.read(b.slots[node].how, b.slots[node].field);
      });
    } catch (const std::overflow_error&) {
      reason = fmt::format("{}: the arithmetic exceeds the exact range of numbers", b.shown);
      return RowVerdict::kRejected;
    }
    const bool drop = b.role == RowRole::kWhere ? t != Truth::kTrue : t == Truth::kTrue;
    if (drop) return RowVerdict::kFiltered;
  }
  return RowVerdict::kKeep;
}

[[gnu::noinline]] std::optional<Money> RowProgram::amount(const std::vector<std::string_view>& fields, bool& rounded,
                                        std::string_view& currency, std::string& reason) const {
  const Bound& b = *amount_;
  const CellReader cells{fields, dates_, amounts_};
  auto read = [&](uint32_t node) { return cells.read(b.slots[node].how, b.slots[node].field); };
  Value v;
  try {
    v = rules::condition::evaluate(b.c, b.c.root, Date{0}, read);
  } catch (const std::overflow_error&) {
    reason = "amount expression: the arithmetic exceeds the exact range of numbers";
    return std::nullopt;
  }
  if (v.type == Type::kNumber) {
    if (!cells.other_currency.empty()) {
      reason = fmt::format("amount expression: its cells name two currencies, {} and {} (convert them first)",
                           cells.currency, cells.other_currency);
      return std::nullopt;
    }
    if (!cells.currency.empty()) currency = cells.currency;
    if (auto m = to_money(v.number, rounded)) return m;
    reason = fmt::format("amount expression: {} is out of range", v.number.str());
    return std::nullopt;
  }
  // Empty: blame the first cell (in the order written) that is empty or does not read.
  for (uint32_t node : b.columns_in_order) {
    if (read(node).type != Type::kUnknown) continue;
    const auto& slot = b.slots[node];
    const std::string& name = header_[slot.field];
    const std::string_view cell = fields[slot.field];
    std::string why;
    if (trim(cell).empty()) why = "is empty";
    else if (slot.how == Read::kNumber) why = amounts_.explain_failure(cell).substr(std::string_view("amount ").size());
    else if (slot.how == Read::kDate) why = dates_.explain_failure(cell).substr(std::string_view("date ").size());
    else why = fmt::format("\"{}\" is not yes or no", printable(trim(cell)));
    // explain_failure starts with the quoted cell: `"abc" is not a number`.
    reason = fmt::format("amount expression: {} {}", name, why);
    return std::nullopt;
  }
  reason = "amount expression: division by zero";
  return std::nullopt;
}

std::optional<Money> to_money(const Rational& v, bool& rounded) {
  int128 scaled;
  if (__builtin_mul_overflow(v.num(), int128{kMoneyScale}, &scaled)) return std::nullopt;
  const int128 den = v.den();  // > 0
  if (scaled == static_cast<int64_t>(scaled) && den <= INT64_MAX) {
    // 64-bit division when it fits (the usual case), several times cheaper.
    const auto s64 = static_cast<int64_t>(scaled), d64 = static_cast<int64_t>(den);
    int64_t q = s64 / d64;
    const int64_t r = s64 % d64;
    rounded = r != 0;
    const int64_t magnitude = r < 0 ? -r : r;
    if (magnitude > d64 - magnitude || (magnitude == d64 - magnitude && (q & 1) != 0)) q += s64 < 0 ? -1 : 1;
    return Money{q};
  }
  int128 q = scaled / den;
  int128 r = scaled % den;  // the sign of `scaled`
  rounded = r != 0;
  const int128 magnitude = r < 0 ? -r : r;
  // Half-to-even: away from zero past the half, and at the half when q is odd.
  if (magnitude > den - magnitude || (magnitude == den - magnitude && (q & 1) != 0)) q += scaled < 0 ? -1 : 1;
  if (q > INT64_MAX || q < -INT64_MAX) return std::nullopt;
  return Money{static_cast<int64_t>(q)};
}

}  // namespace tiers::io

#include "rules/condition/lexer.h"

#include <fmt/format.h>

namespace tiers::rules::condition {
namespace {

bool name_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool name_char(unsigned char c) { return name_start(c) || (c >= '0' && c <= '9'); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Tok keyword(const std::string& w) {
  if (w == "and") return Tok::kAnd;
  if (w == "or") return Tok::kOr;
  if (w == "not") return Tok::kNot;
  if (w == "in") return Tok::kIn;
  if (w == "is") return Tok::kIs;
  if (w == "empty") return Tok::kEmpty;
  if (w == "true") return Tok::kTrue;
  if (w == "false") return Tok::kFalse;
  if (w == "as_of") return Tok::kAsOf;
  return Tok::kName;
}

[[noreturn]] void fail(uint32_t at, std::string message, std::string hint = {}) {
  throw ConditionError{at, std::move(message), std::move(hint)};
}

}  // namespace

Token Lexer::next() {
  while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
    ++i_;
  Token t;
  t.begin = static_cast<uint32_t>(i_);
  if (i_ >= s_.size()) {
    t.end = t.begin;
    return t;
  }
  const auto c = static_cast<unsigned char>(s_[i_]);
  if ((c >= '0' && c <= '9') || (c == '.' && i_ + 1 < s_.size() && s_[i_ + 1] >= '0' && s_[i_ + 1] <= '9')) {
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.' || s_[i_] == '_')) ++i_;
    t.kind = Tok::kNumber;
    for (size_t k = t.begin; k < i_; ++k)
      if (s_[k] != '_') t.text.push_back(s_[k]);
    if (i_ < s_.size() && name_char(static_cast<unsigned char>(s_[i_])))
      fail(t.begin, fmt::format("\"{}\" is not a number", word_at(t.begin)),
           "names start with a letter or _; quote other column names in backquotes");
  } else if (name_start(c)) {
    while (i_ < s_.size() && name_char(static_cast<unsigned char>(s_[i_]))) ++i_;
    t.text = s_.substr(t.begin, i_ - t.begin);
    t.kind = keyword(lower(t.text));
  } else if (c == '`') {
    const size_t close = s_.find('`', i_ + 1);
    if (close == std::string::npos) fail(t.begin, "the backquoted name is not closed", "end it with `");
    t.kind = Tok::kName;
    t.text = s_.substr(i_ + 1, close - i_ - 1);
    if (t.text.empty()) fail(t.begin, "empty column name");
    i_ = close + 1;
  } else if (c == '"' || c == '\'') {
    ++i_;
    t.kind = Tok::kString;
    for (;;) {
      if (i_ >= s_.size())
        fail(t.begin, "the string is not closed", fmt::format("end it with {}", static_cast<char>(c)));
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        t.text.push_back(s_[i_ + 1]);
        i_ += 2;
        continue;
      }
      if (static_cast<unsigned char>(s_[i_]) == c) break;
      t.text.push_back(s_[i_++]);
    }
    ++i_;
  } else {
    t.kind = symbol(t.begin);
  }
  t.end = static_cast<uint32_t>(i_);
  return t;
}

Tok Lexer::symbol(uint32_t at) {
  const char c = s_[i_];
  const char n = i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
  auto two = [&](Tok k) { i_ += 2; return k; };
  auto one = [&](Tok k) { i_ += 1; return k; };
  switch (c) {
    case '(': return one(Tok::kLParen);
    case ')': return one(Tok::kRParen);
    case '[': return one(Tok::kLBracket);
    case ']': return one(Tok::kRBracket);
    case ',': return one(Tok::kComma);
    case '+': return one(Tok::kPlus);
    case '-': return one(Tok::kMinus);
    case '*': return one(Tok::kStar);
    case '/': return one(Tok::kSlash);
    case '=':
      if (n == '=') return two(Tok::kEq);
      if (n == '>' || n == '<')
        fail(at, fmt::format("unknown operator \"={}\"", n), fmt::format("did you mean \"{}=\"?", n));
      return one(Tok::kEq);
    case '!':
      if (n == '=') return two(Tok::kNe);
      fail(at, "unknown operator \"!\"", "write not");
    case '<':
      if (n == '=') return two(Tok::kLe);
      if (n == '>') return two(Tok::kNe);
      return one(Tok::kLt);
    case '>':
      if (n == '=') return two(Tok::kGe);
      return one(Tok::kGt);
    case '&':
      fail(at, fmt::format("unknown operator \"{}\"", n == '&' ? "&&" : "&"), "write and");
    case '|':
      fail(at, fmt::format("unknown operator \"{}\"", n == '|' ? "||" : "|"), "write or");
    default: break;
  }
  // Show the whole (possibly multi-byte) character.
  size_t len = 1;
  const auto b = static_cast<unsigned char>(c);
  if (b >= 0xF0) len = 4;
  else if (b >= 0xE0) len = 3;
  else if (b >= 0xC0) len = 2;
  fail(at, fmt::format("unexpected character \"{}\"", s_.substr(i_, len)));
}

std::string Lexer::word_at(size_t from) const {
  size_t e = from;
  while (e < s_.size() && (name_char(static_cast<unsigned char>(s_[e])) || s_[e] == '.')) ++e;
  return s_.substr(from, e - from);
}

}  // namespace tiers::rules::condition

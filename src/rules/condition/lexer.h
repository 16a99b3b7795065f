// Splits a condition into tokens (parser.h has the grammar). Each token
// keeps its byte span, so errors can point at it; a character that starts
// no token is a ConditionError at its offset.
#pragma once

#include <cstdint>
#include <string>

#include "rules/condition/ast.h"

namespace tiers::rules::condition {

enum class Tok : uint8_t {
  kEnd, kNumber, kString, kName, kLParen, kRParen, kLBracket, kRBracket, kComma,
  kPlus, kMinus, kStar, kSlash, kEq, kNe, kLt, kLe, kGt, kGe,
  kAnd, kOr, kNot, kIn, kIs, kEmpty, kTrue, kFalse, kAsOf,
};

struct Token {
  Tok kind = Tok::kEnd;
  uint32_t begin = 0, end = 0;
  std::string text;  ///< a name, a string's value, or a number's digits
};

class Lexer {
 public:
  explicit Lexer(const std::string& text) : s_(text) {}
  /// The next token; kEnd at the end. Throws ConditionError.
  Token next();

 private:
  Tok symbol(uint32_t at);
  std::string word_at(size_t from) const;

  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace tiers::rules::condition

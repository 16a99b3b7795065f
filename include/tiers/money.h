// Exact decimal amounts.
//
// Money is an integer count of 1/10,000 of a currency unit (DESIGN §3: up to
// four fractional digits held exactly, no binary floating point anywhere in
// money arithmetic). The range is about ±922 trillion units, far beyond any
// customer's spend; sums check for overflow rather than wrap.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tiers {

inline constexpr int64_t kMoneyScale = 10'000;  ///< units per 1.00

/// 128-bit integers for exact products of money and counts (GCC/Clang).
__extension__ typedef __int128 int128;

struct Money {
  int64_t units = 0;

  friend constexpr bool operator==(Money, Money) = default;
  friend constexpr auto operator<=>(Money, Money) = default;
};

/// Result of parsing one decimal number.
struct DecimalParse {
  int64_t units = 0;     ///< value × 10^4, rounded half-to-even
  bool rounded = false;  ///< more than four fractional digits were given
};

/// Parses `[+-]?(digits[.digits]|.digits)` with no other characters.
/// Returns nullopt when the text is not such a number or is out of range.
std::optional<DecimalParse> parse_decimal(std::string_view text);

namespace detail {
/// parse_decimal reading byte by byte (what it falls back to for texts
/// over 8 characters or not plainly digits and a point); for tests.
std::optional<DecimalParse> parse_decimal_bytewise(std::string_view text);
}  // namespace detail

/// Integer division of a 128-bit value rounded half-to-even.
int64_t div_round_half_even(int128 numerator, int128 denominator);

/// Prints a fixed-point value `units × 10^-scale` with all `scale` digits,
/// then drops trailing zeros down to `min_digits` (`12.50`, `1234.5678`).
std::string format_fixed(int64_t units, int scale, int min_digits);

/// DESIGN §3 money format: exact, at least two decimals.
inline std::string format_money(Money m) { return format_fixed(m.units, 4, 2); }

/// Appends the same text to `out` without a temporary (hot output path).
void append_fixed(std::string& out, int64_t units, int scale, int min_digits);

/// `3,410.00`: money with thousands separators for human-readable reasons.
std::string format_money_grouped(Money m);
/// Appends format_money_grouped(m) to `out` without a temporary.
void append_money_grouped(std::string& out, Money m);

}  // namespace tiers

#include <doctest/doctest.h>

#include "rules/source_text.h"

using tiers::rules::SourceText;

TEST_CASE("positions inside TOML strings: escapes, literal and multi-line strings, characters") {
  const SourceText s("r.toml",
                     "a = \"x \\\"q\\\" y\"\n"          // line 1: a = "x \"q\" y"
                     "b = 'p\\q z'\n"                   // line 2: literal, no escapes
                     "c = \"\"\"\n  one\n  two\"\"\"\n"  // lines 3-5
                     "d = \"预算 > \\u00e9x\"\n"         // line 6
                     "e = \"\"\"a \\\n   b\"\"\"\n");    // lines 7-8, line-ending backslash
  // Decoded a = `x "q" y`: byte 6 is y, written at column 14.
  CHECK(s.where_in_string(1, 5, 6) == "r.toml:1:14");
  CHECK(s.where_in_string(2, 5, 4) == "r.toml:2:10");  // z
  // c: the newline after """ is dropped; decoded "  one\n  two": byte 8 is the second t.
  CHECK(s.where_in_string(3, 5, 8) == "r.toml:5:3");
  // d: 预算 is 6 bytes but 2 characters; é (\u00e9) is 2 bytes written as 6.
  CHECK(s.where_in_string(6, 5, 7) == "r.toml:6:9");   // >
  CHECK(s.where_in_string(6, 5, 11) == "r.toml:6:17");  // x after the 6-character escape
  // e: "a " then the backslash, newline and spaces vanish: byte 2 is b.
  CHECK(s.where_in_string(7, 5, 2) == "r.toml:8:4");
  CHECK(s.where(6, 5) == "r.toml:6:5");
}

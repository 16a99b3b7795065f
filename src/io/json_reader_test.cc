#include <doctest/doctest.h>

#include "io/json_reader.h"
#include "tiers/error.h"

using namespace tiers;
using namespace tiers::io;

TEST_CASE("numbers keep their text; strings are unescaped") {
  const JsonValue v = parse_json(R"({"a": [1234567890123.4567, -0.0001, null, true],
    "s": "x\"\u00e9\ud83d\ude00"})", "t.json");
  REQUIRE(v.kind == JsonValue::Kind::kObject);
  const JsonValue& a = *v.get("a");
  CHECK(a.items[0].text == "1234567890123.4567");
  CHECK(a.items[1].text == "-0.0001");
  CHECK(a.items[2].kind == JsonValue::Kind::kNull);
  CHECK(a.items[3].boolean);
  CHECK(v.get("s")->text == "x\"é😀");
  CHECK(v.get("s")->line == 2);
  CHECK(v.get("missing") == nullptr);
}

TEST_CASE("errors name line and column") {
  auto message = [](const char* text) {
    try {
      parse_json(text, "t.json");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::kConfig);
      return std::string(e.what());
    }
    return std::string("ok");
  };
  CHECK(message("{\"a\": 1,\n \"b\" 2}") == "t.json:2:6: not valid JSON: expected : after the member name");
  CHECK(message("[1, 2") == "t.json:1:6: not valid JSON: expected , or ] in the array");
  CHECK(message("{} x") == "t.json:1:4: not valid JSON: unexpected text after the document");
  CHECK(message("\"abc") == "t.json:1:5: not valid JSON: the string is not closed");
}

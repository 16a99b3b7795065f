// A minimal streaming JSON writer for the run summary and threshold files.
//
// Keys are written in the order given, so the same run gives the same bytes;
// two-space indentation; strings escaped per RFC 8259.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tiers::writers {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view v);
  JsonWriter& number(int64_t v);
  /// A number already formatted as JSON (an exact decimal).
  JsonWriter& raw_number(std::string_view v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();

  /// The document, with a final newline.
  std::string finish();

 private:
  void before_value();
  void newline();

  std::string out_;
  std::vector<bool> first_;  // per open container: no element yet
  bool after_key_ = false;
};

void append_json_escaped(std::string& out, std::string_view v);

}  // namespace tiers::writers

// Prints the records the reader's tokenizer finds in a file, as a JSON array
// of arrays of strings (the default dialect: `,`, `"`). A record the
// tokenizer rejects is printed as {"problem": "..."} instead. Used by
// tests/conformance/csv_spectrum.py.
//
//   ./build/tiers_csv_dump FILE
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "io/csv_tokenizer.h"
#include "writers/json_writer.h"

using namespace tiers::io;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: tiers_csv_dump FILE\n";
    return 64;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::cerr << "tiers_csv_dump: cannot open " << argv[1] << "\n";
    return 66;
  }
  std::stringstream content;
  content << file.rdbuf();
  const std::string input = content.str();
  CsvTokenizer tokenizer(Dialect{});
  Record record;
  size_t pos = 0;
  std::string out = "[";
  for (bool first = true;; first = false) {
    if (tokenizer.next(input.data(), input.size(), pos, true, record) == Step::kEnd) break;
    if (!first) out += ",\n";
    if (record.problem != RecordProblem::kNone) {
      out += "{\"problem\": ";
      tiers::writers::append_json_escaped(out, describe(record.problem, Dialect{}.max_record_bytes));
      out += "}";
      continue;
    }
    out += "[";
    for (size_t i = 0; i < record.fields.size(); ++i) {
      if (i) out += ",";
      tiers::writers::append_json_escaped(out, record.fields[i]);
    }
    out += "]";
  }
  std::cout << out << "]\n";
  return 0;
}

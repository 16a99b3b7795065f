#include <doctest/doctest.h>

#include <string>

#include "../tests/test_util.h"
#include "cli/pipeline.h"
#include "cli/pipeline_steps.h"

using namespace tiers;
using namespace tiers::cli;

TEST_CASE("rejects are kept for listing only when they are listed; all are counted") {
  // 2 good rows and 3,000 rejected: allowed by 100%, so the run succeeds.
  std::string csv = "customer_id,order_date,amount\nC1,2024-01-02,10.00\nC2,2024-01-03,5.00\n";
  for (int i = 0; i < 3000; ++i) csv += "C3,not a date," + std::to_string(i) + "\n";
  const testing::TempFile file(csv);
  PipelineOptions options;
  options.inputs = {file.path()};
  options.reader.threads = 2;
  options.rules = default_rules({});
  options.max_rejects = RejectLimit::parse("100%");

  options.list_rejects = true;  // --rejects FILE, or run's rejects.csv: every one
  const PipelineResult listed = run_pipeline(options);
  CHECK(listed.rejects.count() == 3000);
  REQUIRE(listed.rejects.kept().size() == 3000);
  CHECK(listed.rejects.kept().front().line == 4);
  CHECK(listed.rejects.kept().back().line == 3003);

  options.list_rejects = false;  // nobody lists them: a handful, for an error message
  const PipelineResult unlisted = run_pipeline(options);
  CHECK(unlisted.rejects.count() == 3000);
  CHECK(unlisted.rejects.kept().size() == 5);
  CHECK(unlisted.rejects.kept().front().line == 4);
  CHECK(unlisted.customers.rows() == listed.customers.rows());

  // Over a count limit, the message's five are there either way.
  options.max_rejects = RejectLimit::parse("10");
  for (const bool list : {true, false}) {
    options.list_rejects = list;
    try {
      run_pipeline(options);
      FAIL("3,000 rejects passed --max-rejects 10");
    } catch (const Error& e) {
      const std::string what = e.what();
      CHECK(what.find(":4: date") != std::string::npos);
      CHECK(what.find(":8: date") != std::string::npos);
      CHECK(what.find("... and 2995 more rejected rows") != std::string::npos);
    }
  }
}

TEST_CASE("copies of one export: each later look-alike points at the earliest; none with --dedupe") {
  auto report = [](uint64_t rows, uint64_t bytes, std::string first, std::string last) {
    io::InputReport r;
    r.counts.rows_read = rows;
    r.record_bytes = bytes;
    r.first_record = std::move(first);
    r.last_record = std::move(last);
    return r;
  };
  // 0, 2 and 4 alike; 1 differs from them in its last record only, 3 in
  // its byte count only; 5 and 6 have no records.
  const std::vector<io::InputReport> inputs = {
      report(3, 53, "C1,a", "C9,z"), report(3, 53, "C1,a", "C9,y"), report(3, 53, "C1,a", "C9,z"),
      report(3, 54, "C1,a", "C9,z"), report(3, 53, "C1,a", "C9,z"), report(0, 0, "", ""),
      report(0, 0, "", "")};
  const auto copies = find_copies(inputs, false);
  REQUIRE(copies.size() == 7);
  CHECK(copies[0] == std::nullopt);
  CHECK(copies[1] == std::nullopt);
  CHECK(copies[2] == std::optional<size_t>(0));
  CHECK(copies[3] == std::nullopt);
  CHECK(copies[4] == std::optional<size_t>(0));
  CHECK(copies[5] == std::nullopt);
  CHECK(copies[6] == std::nullopt);
  for (const auto& c : find_copies(inputs, true)) CHECK(c == std::nullopt);
  CHECK(find_copies({}, false).empty());
}

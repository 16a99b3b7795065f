// run.json: what a run read, skipped, rejected and produced (DESIGN §5).
#pragma once

#include <string>
#include <vector>

#include "cli/pipeline.h"

namespace tiers::cli {

struct OutputFile {
  std::string name;
  uint64_t rows;
};

/// The summary document. Everything in it but `timings` depends only on the
/// inputs and options, so two runs differ only there.
std::string run_summary_json(const PipelineResult& result, const std::vector<OutputFile>& outputs,
                             const std::string& command, double write_seconds, double total_seconds);

}  // namespace tiers::cli

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each one
# for an equal share of SECONDS (default 60), starting from the seed corpus
# in tests/fuzz/corpus/<target>/. New inputs and crash files go under the
# build directory ($TIERS_FUZZ_BUILD, default build-fuzz), never into the
# source tree. Exits 1 on a crash (the log and the crashing input's path
# are printed: turn it into a unit test), or when clang is missing (the
# README's test command installs it: a missing fuzzer is a failure, not a
# reason to skip).
#
#   tests/fuzz/run.sh 600                      # ten minutes
#   build-fuzz/fuzz_dates CRASH_FILE           # replay one input
set -euo pipefail
seconds=${1:-60}
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${TIERS_FUZZ_BUILD:-$repo/build-fuzz}
if ! command -v clang++ >/dev/null; then
  echo "clang++ not found: apt-get install clang libclang-rt-14-dev" >&2
  exit 1
fi
cmake -S "$repo" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DTIERS_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
cmake --build "$build" --target fuzz_targets -j2 >"$build.build.log" 2>&1 || { tail -50 "$build.build.log"; exit 1; }

targets=(csv_tokenizer dates amounts utf8 sources reader)
per=$(( seconds / ${#targets[@]} ))
[ "$per" -ge 1 ] || per=1
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  mkdir -p "$work/corpus" "$work/artifacts"
  if ! "$build/fuzz_$t" -max_total_time="$per" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -artifact_prefix="$work/artifacts/" "$work/corpus" "$repo/tests/fuzz/corpus/$t" >"$work/log" 2>&1; then
    tail -40 "$work/log"
    echo "fuzz_$t: FAILED; input: $(ls -d "$work"/artifacts/* 2>/dev/null | head -1)"
    exit 1
  fi
  echo "fuzz_$t: clean, $(grep -Eo 'Done [0-9]+ runs' "$work/log" | tail -1 | cut -d' ' -f2) runs in ${per}s"
done

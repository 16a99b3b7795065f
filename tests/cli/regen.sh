#!/usr/bin/env bash
# Rewrites the expected files of golden cases after a deliberate change:
#   tests/cli/regen.sh [BUILD_DIR] [CASE...]     (default: build, all cases)
# Then read `git diff tests/cli`: every changed line must be one you meant.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=($(ls "$here"))
for c in "${cases[@]}"; do
  [ -f "$here/$c/cmd" ] || continue
  bash "$here/run_case.sh" "$here/$c" "$build" --regen
done

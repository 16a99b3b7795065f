#!/usr/bin/env bash
# The README's quick-start test command and .ci/run must be the same command.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
readme_cmd=$(awk '/<!-- quick-start:test -->/ { getline; getline; print; exit }' "$repo/README.md")
ci_cmd=$(tail -n 1 "$repo/.ci/run")
if [ -z "$readme_cmd" ] || [ "$readme_cmd" != "$ci_cmd" ]; then
  echo "README quick-start test command:"; echo "  $readme_cmd"
  echo ".ci/run runs:"; echo "  $ci_cmd"
  exit 1
fi
echo "README and .ci/run agree: $ci_cmd"

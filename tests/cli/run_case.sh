#!/usr/bin/env bash
# Runs one golden case of tests/cli/<case>/.
#
#   run_case.sh CASE_DIR TIERS_BINARY_DIR [--regen]
#
# `cmd` is a bash script run in a scratch copy of the case directory with
# tiers first on PATH and $SAMPLES pointing at the repository's samples/.
# Its standard output, standard error and exit code must equal `expout`,
# `experr` and `expcode` (a missing file means empty output / code 0).
# --regen writes those files from the actual run instead; review the diff
# before committing it.
set -u
case_dir=$(cd "$1" && pwd)
bin_dir=$(cd "$2" && pwd)
regen=${3:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$case_dir"/. "$work"/
cd "$work"
export SAMPLES="$repo/samples" TIERS_REPO="$repo"
PATH="$bin_dir:$PATH" bash ./cmd > "$work/.out" 2> "$work/.err"
code=$?

if [ "$regen" = "--regen" ]; then
  cp "$work/.out" "$case_dir/expout"
  cp "$work/.err" "$case_dir/experr"
  echo "$code" > "$case_dir/expcode"
  [ -s "$case_dir/expout" ] || rm -f "$case_dir/expout"
  [ -s "$case_dir/experr" ] || rm -f "$case_dir/experr"
  [ "$code" = 0 ] && rm -f "$case_dir/expcode"
  exit 0
fi

status=0
expect() {  # expect NAME ACTUAL_FILE
  local want="$case_dir/$1"
  if [ -f "$want" ]; then
    cmp -s "$want" "$2" || { echo "--- $1 differs (expected vs actual):"; diff "$want" "$2" | head -40; status=1; }
  elif [ -s "$2" ]; then
    echo "--- unexpected $1:"; head -40 "$2"; status=1
  fi
}
expect expout "$work/.out"
expect experr "$work/.err"
want_code=0
[ -f "$case_dir/expcode" ] && want_code=$(cat "$case_dir/expcode")
[ "$code" = "$want_code" ] || { echo "--- exit code $code, expected $want_code"; status=1; }
exit $status

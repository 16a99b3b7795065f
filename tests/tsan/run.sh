#!/usr/bin/env bash
# Builds tiers with ThreadSanitizer (g++ -fsanitize=thread) and runs the
# paths that share data between threads: a file read in parts (with
# rejected rows whose reasons are worked out on every part), a stream read
# in parts, the exact re-read of a file whose orders go back, .gz input,
# --dedupe, row expressions, and `tiers run` (follow-up reasons and the
# writers' threads). Any race report fails it (TSAN_OPTIONS exitcode 66).
#
#   tests/tsan/run.sh BUILD_DIR      # e.g. build/tsan (CTest: threads/tsan)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build-tsan}
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS=-fsanitize=thread -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
  >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
cmake --build "$build" --target tiers -j2 >"$build.build.log" 2>&1 || { tail -50 "$build.build.log"; exit 1; }
tiers=$build/tiers
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# 160,000 rows, about 9.3 MB: two parts of at least 4 MiB each. Quoted
# notes with a line break (cuts land inside them), every 1000th row with
# its order id cut by an unquoted comma (a reject whose reason tries the
# date on joined fields), and C1's orders going back at the end (the
# exact re-read).
awk 'BEGIN { print "customer_id,order_id,date,amount,note";
  for (i = 0; i < 160000; i++) {
    o = (i % 1000 == 999) ? sprintf("O%d,%d", i, i) : sprintf("O%d", i)
    printf "C%d,%s,2024-%02d-%02d,%d.%02d,\"line one\nline two, %d\"\n",
      i % 3001, o, 1 + i % 12, 1 + i % 28, i % 500, i % 100, i }
  print "C1,O5,2024-12-30,1.00,\"back\"" }' > big.csv
step() {  # step NAME COMMAND...: runs it, fails on a race report or an error
  local name=$1
  shift
  if ! "$@" > "$work/step.stdout" 2> "$work/step.stderr"; then
    echo "tsan: $name failed:"
    if grep -q ThreadSanitizer "$work/step.stderr"; then
      grep -A30 ThreadSanitizer "$work/step.stderr" | head -60
    else
      tail -20 "$work/step.stderr"
    fi
    exit 1
  fi
  echo "tsan: $name clean"
}
step file "$tiers" classify -j2 --max-rejects 100% --rejects rejects.csv big.csv
[ "$(grep -c '^big.csv,' rejects.csv)" -eq 160 ] || { echo "tsan: expected 160 rejects"; exit 1; }
step pipe sh -c "cat big.csv | '$tiers' classify -j3 --max-rejects 100% -"
gzip -c big.csv > big.csv.gz
step gzip "$tiers" classify -j2 --max-rejects 100% big.csv.gz
step dedupe "$tiers" classify -j2 --dedupe --max-rejects 100% big.csv big.csv.gz
step expressions "$tiers" classify -j2 --max-rejects 100% --where 'date >= "2024-07-01"' \
  --amount-expr 'amount * 2' big.csv
step run "$tiers" run -o out -j2 --max-rejects 100% big.csv
grep -q '"exact_recount": true' out/run.json ||
  { echo "tsan: expected the exact re-read (C1's orders go back)"; exit 1; }
grep -Eq '"parts": ([2-9]|[1-9][0-9])' out/run.json || { echo "tsan: expected the file in parts"; exit 1; }

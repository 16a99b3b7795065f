#!/usr/bin/env bash
# Runs tiers and the independent oracle on the same data and options and
# requires byte-identical customers and report tables.
#   compare.sh TIERS_BINARY DATA [OPTIONS...]
# DATA: edge (tests/oracle/make_edge_data.py), samples (samples/
# transactions.csv) or gen200k (200,000 rows from ../shared/bench/gen.py);
# gen200k_shuffled has the same rows in random order (order lines no longer
# adjacent: tiers must count exactly after all); a _stdin suffix pipes the
# file to tiers on standard input.
#   compare.sh --generate DIR
# writes DIR/gen200k.csv once (CTest runs it before the gen200k runs, which
# find it through $TIERS_ORACLE_DATA; without it they generate their own).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
gen="$repo/../shared/bench/gen.py"
generate_200k() {  # generate_200k OUT
  [ -f "$gen" ] || { echo "missing $gen: the shared bench kit must be beside the repository"; exit 1; }
  mkdir -p "$(dirname "$1")/bin"
  python3 "$gen" --rows 200000 --seed 7 --bindir "$(dirname "$1")/bin" --out "$1.part" > /dev/null
  mv "$1.part" "$1"
}
if [ "$1" = --generate ]; then
  generate_200k "$2/gen200k.csv"
  echo "$2/gen200k.csv: $(($(wc -l < "$2/gen200k.csv") - 1)) rows"
  exit 0
fi
tiers=$1
data=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
via_stdin=0
case "$data" in *_stdin) via_stdin=1; data=${data%_stdin} ;; esac
case "$data" in
  edge) python3 "$here/make_edge_data.py" "$work/in.csv" ;;
  samples) cp "$repo/samples/transactions.csv" "$work/in.csv" ;;
  gen200k|gen200k_shuffled)
    if [ -n "${TIERS_ORACLE_DATA:-}" ] && [ -f "$TIERS_ORACLE_DATA/gen200k.csv" ]; then
      cp "$TIERS_ORACLE_DATA/gen200k.csv" "$work/sorted.csv"
    else
      generate_200k "$work/sorted.csv"
    fi
    if [ "$data" = gen200k ]; then
      mv "$work/sorted.csv" "$work/in.csv"
    else
      python3 -c "
import random, sys
lines = open(sys.argv[1], 'rb').read().splitlines(keepends=True)
body = lines[1:]
random.Random(3).shuffle(body)
open(sys.argv[2], 'wb').write(lines[0] + b''.join(body))" "$work/sorted.csv" "$work/in.csv"
    fi ;;
  *) echo "unknown data $data"; exit 2 ;;
esac
# Options only tiers has (how, not what, it computes) are not for the oracle.
oracle_args=()
skip=0
for a in "$@"; do
  if [ $skip = 1 ]; then skip=0; continue; fi
  case "$a" in --threads|-j) skip=1; continue ;; esac
  oracle_args+=("$a")
done
status=0
for mode in customers report; do
  cmd=classify
  [ $mode = report ] && cmd=report
  if [ $via_stdin = 1 ]; then
    cat "$work/in.csv" | "$tiers" $cmd --quiet "$@" - > "$work/tiers.csv"
  else
    "$tiers" $cmd --quiet "$@" "$work/in.csv" > "$work/tiers.csv"
  fi
  python3 "$here/tiers_oracle.py" $mode "${oracle_args[@]}" "$work/in.csv" > "$work/oracle.csv"
  if cmp -s "$work/tiers.csv" "$work/oracle.csv"; then
    echo "$mode: identical ($(($(wc -l < "$work/tiers.csv") - 1)) rows)"
  else
    echo "$mode: tiers and the oracle differ:"
    diff "$work/oracle.csv" "$work/tiers.csv" | head -20
    status=1
  fi
done
exit $status

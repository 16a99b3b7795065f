#!/usr/bin/env bash
# Runs tiers and the independent oracle on the same data and options and
# requires byte-identical customers and report tables.
#   compare.sh TIERS_BINARY DATA [OPTIONS...]
# DATA: edge (tests/oracle/make_edge_data.py), samples (samples/
# transactions.csv) or gen200k (200,000 rows from ../shared/bench/gen.py).
set -eu
tiers=$1
data=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$data" in
  edge) python3 "$here/make_edge_data.py" "$work/in.csv" ;;
  samples) cp "$repo/samples/transactions.csv" "$work/in.csv" ;;
  gen200k)
    gen="$repo/../shared/bench/gen.py"
    [ -f "$gen" ] || { echo "missing $gen: the shared bench kit must be beside the repository"; exit 1; }
    python3 "$gen" --rows 200000 --seed 7 --out "$work/in.csv" > /dev/null ;;
  *) echo "unknown data $data"; exit 2 ;;
esac
status=0
for mode in customers report; do
  cmd=classify
  [ $mode = report ] && cmd=report
  "$tiers" $cmd --quiet "$@" "$work/in.csv" > "$work/tiers.csv"
  python3 "$here/tiers_oracle.py" $mode "$@" "$work/in.csv" > "$work/oracle.csv"
  if cmp -s "$work/tiers.csv" "$work/oracle.csv"; then
    echo "$mode: identical ($(($(wc -l < "$work/tiers.csv") - 1)) rows)"
  else
    echo "$mode: tiers and the oracle differ:"
    diff "$work/oracle.csv" "$work/tiers.csv" | head -20
    status=1
  fi
done
exit $status

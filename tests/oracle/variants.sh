#!/usr/bin/env bash
# The oracle's edge data written as other exports write it, read by tiers
# with the options those need, must give the oracle's customers for the
# clean file, byte for byte: lone-CR line ends (Excel for Mac), Excel's
# sep= line, title lines (--skip-lines), no header row (--no-header,
# columns by position), UTF-16 with a byte-order mark (no --encoding),
# through files and pipes, under three option sets. The oracle
# (tiers_oracle.py) knows none of these forms: it reads the clean file.
#   variants.sh TIERS_BINARY
set -u
tiers=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
options=("" "--rfm-method ntile --abc pyramid" "--abc-by rank --abc-cuts 0.5,0.9")
for seed in 1 2 3; do
  read -r -a opts <<< "${options[$((seed - 1))]}"
  python3 "$here/make_edge_data.py" --seed "$seed" "$work/clean.csv" || exit 1
  python3 "$here/tiers_oracle.py" customers "${opts[@]}" "$work/clean.csv" > "$work/oracle.csv" || exit 1
  python3 - "$work" <<'PY' || exit 1
import csv, io, sys
w = sys.argv[1]
data = open(f"{w}/clean.csv", "rb").read()
text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
open(f"{w}/mac.csv", "wb").write(data.replace(b"\r\n", b"\r").replace(b"\n", b"\r"))
open(f"{w}/sep.csv", "wb").write(b"sep=,\r\n" + text)
open(f"{w}/title.csv", "wb").write(b'Edge report, "draft\r\nExported today\r\n\r\n' + text)
header_end = text.index(b"\n") + 1
header = next(csv.reader(io.StringIO(text[:header_end].decode())))
open(f"{w}/noheader.csv", "wb").write(text[header_end:])
at = {name: i + 1 for i, name in enumerate(header)}
open(f"{w}/positions", "w").write(
    f"--order {at['Invoice No']} --date {at['Order Date']} --customer {at['Customer ID']} --amount {at['Amount']}")
open(f"{w}/utf16.csv", "wb").write(b"\xff\xfe" + text.decode().encode("utf-16-le"))
PY
  read -r -a positions < "$work/positions"
  check() {  # check NAME -- tiers arguments (standard input as given)
    local name=$1
    shift 2
    if "$tiers" classify --quiet "${opts[@]}" "$@" > "$work/out.csv" 2> "$work/err" &&
       cmp -s "$work/out.csv" "$work/oracle.csv"; then
      echo "seed $seed ${opts[*]:-(defaults)}, $name: the oracle's $(($(wc -l < "$work/oracle.csv") - 1)) customers"
    else
      echo "seed $seed ${opts[*]:-(defaults)}, $name: differs from the oracle:"
      cat "$work/err"; diff "$work/oracle.csv" "$work/out.csv" | head -5; status=1
    fi
  }
  check lone_cr -- "$work/mac.csv"
  check lone_cr_pipe -- - < <(cat "$work/mac.csv")
  check sep_line -- "$work/sep.csv"
  check title_lines -- --skip-lines 3 "$work/title.csv"
  check title_lines_pipe -- --skip-lines 3 - < <(cat "$work/title.csv")
  check no_header -- --no-header "${positions[@]}" "$work/noheader.csv"
  check no_header_one_thread -- --threads 1 --no-header "${positions[@]}" "$work/noheader.csv"
  check utf16_bom -- "$work/utf16.csv"
  check utf16_bom_pipe -- - < <(cat "$work/utf16.csv")
done
exit $status

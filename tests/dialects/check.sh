#!/usr/bin/env bash
# Real-world dialects of the same transactions must classify exactly like
# their clean UTF-8 / comma / ISO counterparts (issue 4's acceptance check).
#   check.sh TIERS_BINARY
set -u
tiers=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/make_variants.py" "$repo/samples/transactions.csv" "$work" || exit 1
gzip -k "$work/clean.csv"
zstd -q -k "$work/clean.csv"
cp "$work/clean.csv.gz" "$work/download.csv"  # gzip data under a plain name
# The records backwards (UTF-8, and GB18030): order ids go down, so the
# fast count gives up and the input is read a second time.
python3 - "$work" <<'PY' || exit 1
import csv, io, sys
work = sys.argv[1]
with open(f"{work}/clean.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
out = io.StringIO(newline="")
csv.writer(out, lineterminator="\n").writerows([rows[0]] + rows[:0:-1])
open(f"{work}/reversed.csv", "w", newline="", encoding="utf-8").write(out.getvalue())
open(f"{work}/reversed_gb.csv", "w", newline="", encoding="gb18030").write(out.getvalue())
PY
gzip -k "$work/reversed.csv"
# Excel for Mac's "CSV (Macintosh)": every line end a lone CR (CRLF too).
python3 - "$repo/samples" "$work" <<'PY' || exit 1
import sys
samples, work = sys.argv[1], sys.argv[2]
def mac(src, dst):
    data = open(src, "rb").read()
    open(dst, "wb").write(data.replace(b"\r\n", b"\r").replace(b"\n", b"\r"))
mac(f"{samples}/transactions.csv", f"{work}/mac.csv")
mac(f"{work}/eu_excel.csv", f"{work}/mac_eu_excel.csv")
mac(f"{samples}/leads.csv", f"{work}/mac_leads.csv")
PY
# Excel's "sep=;" first line before the European export's header.
{ printf 'sep=;\r\n'; cat "$work/eu_excel.csv"; } > "$work/eu_excel_sep.csv"
status=0
same() {  # same NAME REFERENCE -- tiers arguments
  local name=$1 reference=$2
  shift 3
  if ! "$tiers" classify --quiet --as-of 2025-01-01 "$@" > "$work/$name.out" 2> "$work/$name.err"; then
    echo "$name: tiers failed:"; cat "$work/$name.err"; status=1; return
  fi
  "$tiers" classify --quiet --as-of 2025-01-01 "$reference" > "$work/$name.ref"
  if cmp -s "$work/$name.out" "$work/$name.ref"; then
    echo "$name: same customers as the clean file ($(($(wc -l < "$work/$name.ref") - 1)) customers)"
  else
    echo "$name: differs from the clean file:"; diff "$work/$name.ref" "$work/$name.out" | head -5; status=1
  fi
}
same eu_excel "$work/eu_excel.reference.csv" -- "$work/eu_excel.csv" --encoding cp1252
same eu_excel_sep_line "$work/eu_excel.reference.csv" -- "$work/eu_excel_sep.csv" --encoding cp1252
same cn_excel "$work/cn_excel.reference.csv" -- "$work/cn_excel.csv" --encoding gbk
same us_excel "$work/us_excel.reference.csv" -- "$work/us_excel.txt" --encoding utf-16
same us_excel_bom_only "$work/us_excel.reference.csv" -- "$work/us_excel.txt"
same us_excel_bom_stdin_pipe "$work/us_excel.reference.csv" -- - < <(cat "$work/us_excel.txt")
same pos_dump "$work/pos_dump.reference.csv" -- "$work/pos_dump.txt" --encoding latin1
same warehouse "$work/warehouse.reference.csv" -- "$work/warehouse.tsv" --date ts
same gzip "$work/clean.csv" -- "$work/clean.csv.gz"
same zstd "$work/clean.csv" -- "$work/clean.csv.zst"
same two_files "$work/clean.csv" -- "$work/part1.csv" "$work/part2.csv"
same stdin_pipe "$work/clean.csv" -- - < <(cat "$work/clean.csv")
same stdin_redirect "$work/clean.csv" -- - < "$work/clean.csv"
same gzip_stdin_pipe "$work/clean.csv" -- - < <(cat "$work/clean.csv.gz")
same zstd_stdin_pipe "$work/clean.csv" -- - < <(cat "$work/clean.csv.zst")
same gzip_stdin_redirect "$work/clean.csv" -- - < "$work/clean.csv.gz"
same gzip_no_extension "$work/clean.csv" -- "$work/download.csv"
same gzip_stdin_redirect_read_twice "$work/clean.csv" -- - < "$work/reversed.csv.gz"
same gb18030_stdin_redirect_read_twice "$work/clean.csv" -- --encoding gb18030 - < "$work/reversed_gb.csv"
same mac_excel "$repo/samples/transactions.csv" -- "$work/mac.csv"
same mac_excel_one_thread "$repo/samples/transactions.csv" -- --threads 1 "$work/mac.csv"
same mac_excel_stdin_pipe "$repo/samples/transactions.csv" -- - < <(cat "$work/mac.csv")
same mac_eu_excel "$work/eu_excel.reference.csv" -- "$work/mac_eu_excel.csv" --encoding cp1252
# The attribute table too (samples/leads.csv with lone CRs).
leads() { "$tiers" classify --quiet --as-of 2025-01-15 --rules "$repo/samples/rules/man.toml" \
  --attributes "$1" --keep name,phone; }
if leads "$work/mac_leads.csv" > "$work/mac_leads.out" 2> "$work/mac_leads.err" &&
   leads "$repo/samples/leads.csv" > "$work/mac_leads.ref" && cmp -s "$work/mac_leads.out" "$work/mac_leads.ref"; then
  echo "mac_leads: same leads as the clean file ($(($(wc -l < "$work/mac_leads.ref") - 1)) leads)"
else
  echo "mac_leads: differs from the clean file:"; cat "$work/mac_leads.err"
  diff "$work/mac_leads.ref" "$work/mac_leads.out" | head -5; status=1
fi
exit $status

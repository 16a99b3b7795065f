#!/usr/bin/env python3
"""Writes the same transactions in the dialects real exports use.

    make_variants.py SAMPLE.csv OUT_DIR

For each variant it writes OUT_DIR/NAME.<ext> and OUT_DIR/NAME.reference.csv:
the same rows as a clean UTF-8, comma, ISO-date, plain-number CSV. tiers must
classify the two identically (tests/dialects/check.sh), which is how the
issue's acceptance check judges real exports. Rows a variant's encoding
cannot hold are left out of both files of that variant.

Stdlib only; deterministic.
"""
import csv
import datetime
import io
import os
import sys

CLEAN_HEADER = ["order_id", "order_date", "customer_id", "amount"]


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, r in enumerate(rows):
        # Scale some amounts past 1000 so thousands separators appear.
        cents = round(float(r["amount"]) * 100) * (13 if i % 7 == 0 else 1)
        out.append({"order": r["order_id"], "date": r["order_date"][:10], "customer": r["customer_id"],
                    "name": r["customer_name"], "cents": cents})
    return out


def plain(cents):
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def grouped(cents, thousands, decimal):
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", thousands)
    return f"{sign}{text}{decimal}{frac:02d}"


def encodable(row, encoding):
    try:
        (row["customer"] + row["name"]).encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


def write_reference(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(CLEAN_HEADER)
        for r in rows:
            w.writerow([r["order"], r["date"], r["customer"], plain(r["cents"])])


def write_text(path, header, lines, delimiter, encoding, newline="\n", bom=b""):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    for line in lines:
        w.writerow(line)
    with open(path, "wb") as f:
        f.write(bom + buf.getvalue().encode(encoding))


def day(r):
    return datetime.date.fromisoformat(r["date"])


def main(sample, out):
    os.makedirs(out, exist_ok=True)
    rows = load(sample)

    # European Excel: semicolons, decimal comma with dot thousands, D.M.YYYY,
    # CRLF, Windows-1252.
    v = [r for r in rows if encodable(r, "cp1252")]
    write_text(f"{out}/eu_excel.csv", ["Bestellnummer", "Kunde", "Datum", "Betrag"],
               [[r["order"], r["customer"], day(r).strftime("%d.%m.%Y"), grouped(r["cents"], ".", ",")] for r in v],
               ";", "cp1252", "\r\n")
    write_reference(f"{out}/eu_excel.reference.csv", v)

    # Chinese Excel: GBK, Chinese headers, YYYY年M月D日, full-width ￥ with commas, CRLF.
    v = [r for r in rows if encodable(r, "gbk")]
    write_text(f"{out}/cn_excel.csv", ["订单号", "客户", "客户名称", "日期", "金额"],
               [[r["order"], r["customer"], r["name"], f"{day(r).year}年{day(r).month}月{day(r).day}日",
                 ("-￥" if r["cents"] < 0 else "￥") + grouped(abs(r["cents"]), ",", ".")] for r in v],
               ",", "gbk", "\r\n")
    write_reference(f"{out}/cn_excel.reference.csv", v)

    # US Excel "Unicode text": UTF-16LE with BOM, tabs, M/D/YYYY h:mm, $ with
    # commas, accounting negatives in parentheses.
    def usd(c):
        text = "$" + grouped(abs(c), ",", ".")
        return f"({text})" if c < 0 else text
    write_text(f"{out}/us_excel.txt", ["Order ID", "Customer ID", "Order Date", "Total"],
               [[r["order"], r["customer"], f"{day(r).month}/{day(r).day}/{day(r).year} 9:{i % 60:02d}", usd(r["cents"])]
                for i, r in enumerate(rows)],
               "\t", "utf-16-le", "\r\n", bom=b"\xff\xfe")
    write_reference(f"{out}/us_excel.reference.csv", rows)

    # A POS dump: Latin-1, pipes, YYYYMMDD, a leading + on purchases.
    v = [r for r in rows if encodable(r, "latin-1")]
    write_text(f"{out}/pos_dump.txt", ["invoice", "client_id", "date", "sales"],
               [[r["order"], r["customer"], day(r).strftime("%Y%m%d"),
                 ("+" if r["cents"] > 0 else "") + plain(r["cents"])] for r in v],
               "|", "latin-1")
    write_reference(f"{out}/pos_dump.reference.csv", v)

    # A data warehouse dump: tab-separated .tsv, Unix epoch seconds (noon UTC).
    write_text(f"{out}/warehouse.tsv", ["order_id", "customer_id", "ts", "amount"],
               [[r["order"], r["customer"],
                 str(int(datetime.datetime(day(r).year, day(r).month, day(r).day, 12,
                                           tzinfo=datetime.timezone.utc).timestamp())), plain(r["cents"])]
                for r in rows],
               "\t", "utf-8")
    write_reference(f"{out}/warehouse.reference.csv", rows)

    # The clean file itself, to be compressed and split by check.sh.
    write_reference(f"{out}/clean.csv", rows)
    # Two halves with their columns in different orders.
    half = len(rows) // 2
    write_text(f"{out}/part1.csv", ["amount", "customer_id", "order_id", "order_date"],
               [[plain(r["cents"]), r["customer"], r["order"], r["date"]] for r in rows[:half]], ",", "utf-8")
    write_text(f"{out}/part2.csv", ["order_date", "order_id", "amount", "customer_id"],
               [[r["date"], r["order"], plain(r["cents"]), r["customer"]] for r in rows[half:]], ",", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

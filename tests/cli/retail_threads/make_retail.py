"""Online-Retail-like line items, big enough for two parts, and what tiers
must make of them, computed here independently (exact decimals).

Writes:
  items.csv        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                   (US dates with times, cancellations C..., guests without a
                   customer, quoted descriptions with commas, repeated lines,
                   a run of 2000 identical lines across the middle of the file)
  clean.csv        customer_id,order_id,date,amount: the rows tiers must use
                   (cancellations left out, Quantity * UnitPrice worked out)
  clean_dedupe.csv the same without the lines that repeat an earlier line
  expected.json    the row counts run.json must show, with and without --dedupe
"""
import json
import random
from decimal import Decimal

rng = random.Random(20101201)
HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
WORDS = ["HEART", "LANTERN", "MUG", "BAG", "CANDLE", "CLOCK", "SET", "RETROSPOT", "VINTAGE", "PINK"]
ROWS = 130000

lines = []
for i in range(ROWS):
    invoice = 536365 + i // 4
    cancelled = rng.random() < 0.03
    quantity = rng.randint(1, 48) * (-1 if cancelled else 1)
    price = Decimal(rng.randint(1, 2000)) / Decimal(rng.choice([100, 100, 100, 1000]))
    customer = "" if rng.random() < 0.05 else str(12346 + rng.randint(0, 2999))
    month, day = 1 + (i * 12) // ROWS, 1 + i % 28
    desc = " ".join(rng.choice(WORDS) for _ in range(3))
    if rng.random() < 0.2:
        desc = '"' + desc + ', ' + rng.choice(WORDS) + '"'
    line = (f"{'C' if cancelled else ''}{invoice},{rng.randint(10000, 99999)},{desc},{quantity},"
            f"{month}/{day}/2011 {rng.randint(8, 18)}:{rng.randint(0, 59):02d},{price},{customer},"
            f"United Kingdom")
    lines.append(line)
    if rng.random() < 0.01:
        lines.append(line)  # the same line twice in a row
# A run of identical lines where the file is cut in two parts.
middle = len(lines) // 2
lines[middle - 1000:middle + 1000] = [lines[middle]] * 2000
# Some lines again later, not next to their first copy.
for k in range(300):
    lines.insert(rng.randint(middle + 1001, len(lines)), lines[rng.randint(0, middle - 1001)])

text = HEADER + "\n" + "\n".join(lines) + "\n"
with open("items.csv", "w", newline="") as f:
    f.write(text)
# The premise: tiers -j2 cuts the data in two parts of at least 4 MiB each
# (reader.cc: the second part starts at the first line after the middle
# byte of the data), and that cut falls inside the run of identical lines.
data_start = len(HEADER) + 1
assert len(text) - data_start >= 2 * (4 << 20), "too small for two parts"
cut = text.index("\n", data_start + (len(text) - data_start) // 2 - 1) + 1
second = text.count("\n", data_start, cut)  # index of the second part's first line
assert lines[second - 1] == lines[second], "the cut is not inside the run"


def counts(rows):
    c = {"rows_read": len(rows), "rows_used": 0, "rows_filtered": 0, "rows_unattributed": 0}
    clean = []
    for line in rows:
        # The description may hold a quoted comma: split around it.
        head, rest = line.split(",", 2)[0:2], line.split(",", 2)[2]
        if rest.startswith('"'):
            desc_end = rest.index('"', 1) + 1
            tail = rest[desc_end + 1:].split(",")
        else:
            tail = rest.split(",", 1)[1].split(",")
        invoice = head[0]
        quantity, when, price, customer = tail[0], tail[1], tail[2], tail[3]
        if invoice.startswith("C"):
            c["rows_filtered"] += 1
            continue
        if customer == "":
            c["rows_unattributed"] += 1
            continue
        c["rows_used"] += 1
        m, d, y = when.split(" ")[0].split("/")
        amount = Decimal(quantity) * Decimal(price)
        clean.append(f"{customer},{invoice},{int(y):04d}-{int(m):02d}-{int(d):02d},{amount}")
    return c, clean


all_counts, clean = counts(lines)
repeats = sum(1 for a, b in zip(lines, lines[1:]) if a == b)
seen, first = set(), []
for line in lines:
    if line not in seen:
        seen.add(line)
        first.append(line)
dedupe_counts, clean_dedupe = counts(first)
all_counts.update(rows_duplicate=0, rows_repeated=repeats)
dedupe_counts.update(rows_read=len(lines), rows_duplicate=len(lines) - len(first), rows_repeated=repeats)

for name, rows in (("clean.csv", clean), ("clean_dedupe.csv", clean_dedupe)):
    with open(name, "w", newline="") as f:
        f.write("customer_id,order_id,date,amount\n" + "\n".join(rows) + "\n")
with open("expected.json", "w") as f:
    json.dump({"plain": all_counts, "dedupe": dedupe_counts}, f, indent=1, sort_keys=True)

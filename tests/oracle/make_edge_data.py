#!/usr/bin/env python3
"""Deterministic generator of a small adversarial-but-valid transaction CSV.

    python3 tests/oracle/make_edge_data.py OUT.csv [--seed N] [--rows N]
        [--customers N] [--no-bom] [--lf] [--no-blank-lines]

Same arguments -> same bytes (stdlib `random.Random(seed)` only).

What the file contains (all of it valid under the tiers input contract):
- UTF-8 with a BOM (unless --no-bom), CRLF record separators (unless --lf),
  a couple of empty lines between records (unless --no-blank-lines);
- header `Invoice No,Order Date,Customer ID,customer_name,SKU,Amount`
  (auto-recognised: invoiceno / orderdate / customerid / amount; the
  customer_name and SKU columns must not be picked up);
- many ties in frequency and monetary (amounts drawn from a small set);
- refunds-only customers, zero-only customers, customers whose refunds
  exceed their purchases (negative monetary with frequency >= 1);
- zero-amount rows (`0`, `0.00`, `-0`, `+0.0`) and a positive amount that
  rounds to 0.0000 (`0.00004`), which is therefore a zero row;
- multi-line orders whose lines are not adjacent, an order whose lines are
  on two different dates, purchase rows with an empty order id, order ids
  shared by two different customers, refund rows carrying an order id;
- customers with several orders on the same day;
- amounts with 0-6 decimals, half-even ties at the 5th decimal, `+` signs,
  `.5` and `7.` forms, surrounding spaces;
- dates with time parts (`2024-03-01 12:30:00`, `2024-03-01T08:00:00`) and
  surrounding spaces;
- unattributed rows (empty or blank customer id), one dated after every
  attributed row (must not move the default as_of) and one whose date and
  amount do not parse (must be skipped, not rejected);
- non-ASCII ids (Zoë, 张伟, emoji...), 20-digit numeric ids with leading
  zeros, ids differing only by case, ids containing a comma or a double
  quote, ids with leading/trailing spaces or a tab that must merge with the
  stripped id;
- a customer_name column with quoted fields containing commas, doubled
  quotes and embedded newlines (LF and CRLF); some plain fields quoted too.

The latest attributed date is 2024-06-30, so the default as_of is 2024-07-01.
"""

import argparse
import datetime
import random

HEADER = ["Invoice No", "Order Date", "Customer ID", "customer_name", "SKU", "Amount"]

START = datetime.date(2023, 1, 1)
END = datetime.date(2024, 6, 30)  # latest attributed date (forced below)
SPAN = (END - START).days

# Tie-prone amounts (most rows) ...
COMMON_AMOUNTS = ["10", "20", "25.50", "100", "9.99", "50.00", "5", "20.0", "10.00"]
# ... and oddly formatted ones (value after half-even rounding to 4 decimals
# in the comment).
ODD_AMOUNTS = [
    "12.5",        # 12.5000
    "3.125",       # 3.1250
    "0.0001",      # 0.0001
    "1.00005",     # tie, 0 even -> 1.0000
    "1.00015",     # tie, 1 odd -> 1.0002
    "2.123450",    # tie, 4 even -> 2.1234
    "2.123451",    # above tie -> 2.1235
    "7.99995",     # tie, 9 odd -> 8.0000
    "0.123456",    # 0.1235
    "+15",         # 15.0000
    ".5",          # 0.5000
    "7.",          # 7.0000
    " 12.00 ",     # 12.0000 (spaces stripped)
    "1234.5678",
    "99.99999",    # 100.0000
    "33.33335",    # tie, 3 odd -> 33.3334
]
ZERO_AMOUNTS = ["0", "0.00", "-0", "+0.0", "0.00004"]  # last rounds to 0.0000
REFUND_AMOUNTS = ["-10", "-5.00", "-25.50", "-0.01", "-9.99", "-3.12345", "-100"]

NAMES = [
    "Smith, John",
    'The "Best" Shop',
    "Line one\nLine two",
    'Müller, "Hans"\r\nAbteilung 3',
    "Plain Name",
    "张伟贸易有限公司",
    "",
    "O'Brien",
    '""',
    "a,b,c",
    "   padded   ",
]

SPECIAL_IDS = [
    "Zoë", "Zoe", "zoë", "张伟", "李娜", "Ángel", "Müller", "Ærø", "ß", "😀shop",
    "00000000000000000042", "12345678901234567890", "99999999999999999999",
    "10000000000000000000", "01234567890123456789",
    "Smith, J", 'O"Neil', "c0001", "a", "B",
]


def fmt_date(rng, d):
    s = d.isoformat()
    x = rng.random()
    if x < 0.05:
        s += " %02d:%02d:00" % (rng.randrange(24), rng.randrange(60))
    elif x < 0.10:
        s += "T%02d:%02d:%02d" % (rng.randrange(24), rng.randrange(60), rng.randrange(60))
    elif x < 0.12:
        s = " " + s + " "
    return s


def rand_date(rng):
    return START + datetime.timedelta(days=rng.randrange(SPAN + 1))


def purchase_amount(rng):
    return rng.choice(ODD_AMOUNTS) if rng.random() < 0.12 else rng.choice(COMMON_AMOUNTS)


def csv_field(rng, s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    if s and rng.random() < 0.03:  # quoting a plain field is valid too
        return '"' + s + '"'
    return s


def generate(seed, target_rows, n_customers):
    rng = random.Random(seed)
    n_plain = max(n_customers - len(SPECIAL_IDS), 10)
    ids = ["C%04d" % i for i in range(1, n_plain + 1)] + SPECIAL_IDS
    rng.shuffle(ids)
    refunds_only = ids[:10]
    zero_only = ids[10:14]
    net_negative = ids[14:18]
    buyers = ids[14:]

    # Variants that must merge with the stripped id.
    variants = {"C0007": ["  C0007 ", "C0007\t"], "Zoë": [" Zoë"]}

    order_no = [0]

    def new_order_id():
        order_no[0] += 1
        return "INV%06d" % order_no[0]

    rows = []  # [order, date_str, customer, name, sku, amount]

    def name(rng):
        return rng.choice(NAMES) if rng.random() < 0.3 else ""

    def sku(rng):
        return "SKU-%03d" % rng.randrange(1000)

    def add(order, d, cust, amount):
        if cust in variants and rng.random() < 0.3:
            cust = rng.choice(variants[cust])
        rows.append([order, fmt_date(rng, d) if isinstance(d, datetime.date) else d,
                     cust, name(rng), sku(rng), amount])

    def add_order(cust, d=None, oid=None):
        d = d or rand_date(rng)
        oid = new_order_id() if oid is None else oid
        lines = rng.choice([1, 1, 1, 2, 2, 3, 4])
        for k in range(lines):
            # occasionally a late line of the same order on the next day
            dd = d + datetime.timedelta(days=1) if (k > 0 and rng.random() < 0.05 and d < END) else d
            add(oid, dd, cust, purchase_amount(rng))
        return oid, d

    for cust in refunds_only:
        for _ in range(rng.choice([1, 1, 2, 3])):
            add(new_order_id(), rand_date(rng), cust, rng.choice(REFUND_AMOUNTS))
        if rng.random() < 0.5:
            add("", rand_date(rng), cust, rng.choice(ZERO_AMOUNTS))
    for cust in zero_only:
        for _ in range(rng.choice([1, 2])):
            add(rng.choice(["", new_order_id()]), rand_date(rng), cust, rng.choice(ZERO_AMOUNTS))
    for cust in net_negative:
        add(new_order_id(), rand_date(rng), cust, "10")
        add(new_order_id(), rand_date(rng), cust, "-35.5")

    # Every buyer gets a tie-prone number of orders (1..5 mostly).
    placed = {}
    for cust in buyers[4:]:
        k = rng.choice([1, 1, 1, 2, 2, 3, 3, 4, 5])
        for _ in range(k):
            placed.setdefault(cust, []).append(add_order(cust))

    # Fill up to the target with extra activity of many kinds.
    normal = buyers[4:]
    while len(rows) < target_rows:
        cust = rng.choice(normal)
        x = rng.random()
        if x < 0.55:
            placed.setdefault(cust, []).append(add_order(cust))
        elif x < 0.65:  # several orders on one day
            d = rand_date(rng)
            for _ in range(rng.choice([2, 3])):
                placed.setdefault(cust, []).append(add_order(cust, d))
        elif x < 0.72:  # purchase rows without an order id: each one counts
            add("", rand_date(rng), cust, purchase_amount(rng))
        elif x < 0.80 and placed.get(cust):  # refund against an own order
            oid, d = rng.choice(placed[cust])
            add(oid, d + datetime.timedelta(days=rng.randrange(0, 3)) if d < END - datetime.timedelta(days=3) else d,
                cust, rng.choice(REFUND_AMOUNTS))
        elif x < 0.85:  # zero-amount row
            add(rng.choice(["", new_order_id()]), rand_date(rng), cust, rng.choice(ZERO_AMOUNTS))
        elif x < 0.88:  # order id shared with another customer's order
            other = rng.choice(normal)
            if placed.get(other) and other != cust:
                oid, d = rng.choice(placed[other])
                placed.setdefault(cust, []).append(add_order(cust, d, oid))
        elif x < 0.93:  # unattributed rows
            add(new_order_id(), rand_date(rng), rng.choice(["", "   ", "\t"]), purchase_amount(rng))
        else:  # a few more special ids
            c2 = rng.choice([c for c in SPECIAL_IDS[:10] + ["C0007"] if c in normal])
            placed.setdefault(c2, []).append(add_order(c2))

    # Fixed anchors.
    add(new_order_id(), END, normal[0], "42.00")                       # latest attributed date
    add(new_order_id(), datetime.date(2024, 12, 31), "", "999.99")    # unattributed, after END
    add("", "not-a-date", " ", "n/a")                                 # unattributed, unparsable
    add(new_order_id(), datetime.date(2024, 6, 30), "C0007", "0.00004")  # rounds to a zero row
    add(new_order_id(), datetime.date(2024, 1, 2), normal[1], "12345.67891")  # one whale (~10% of revenue)

    rng.shuffle(rows)
    # Make lines of the same (order, customer) non-adjacent where possible.
    for _ in range(3):
        for i in range(1, len(rows)):
            a, b = rows[i - 1], rows[i]
            if a[0] and a[0] == b[0] and a[2].strip(" \t") == b[2].strip(" \t"):
                j = rng.randrange(len(rows))
                rows[i], rows[j] = rows[j], rows[i]
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=20240601)
    p.add_argument("--rows", type=int, default=3000)
    p.add_argument("--customers", type=int, default=300)
    p.add_argument("--no-bom", action="store_true")
    p.add_argument("--lf", action="store_true", help="LF instead of CRLF record separators")
    p.add_argument("--no-blank-lines", action="store_true")
    a = p.parse_args()

    rows = generate(a.seed, a.rows, a.customers)
    rng = random.Random(a.seed + 1)  # formatting randomness, separate stream
    eol = "\n" if a.lf else "\r\n"
    blank_at = set() if a.no_blank_lines else {len(rows) // 3, 2 * len(rows) // 3}
    parts = ["\ufeff" if not a.no_bom else "", ",".join(HEADER) + eol]
    for i, r in enumerate(rows):
        if i in blank_at:
            parts.append(eol)
        parts.append(",".join(csv_field(rng, f) for f in r) + eol)
    with open(a.out, "wb") as fh:
        fh.write("".join(parts).encode("utf-8"))


if __name__ == "__main__":
    main()

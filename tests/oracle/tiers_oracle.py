#!/usr/bin/env python3
"""Independent reference implementation ("oracle") of `tiers`.

Written from /work/shared/DESIGN.md (sections 2-5) and the oracle brief
only, without looking at the C++ implementation.  Its output is used to
compute golden test expectations.  Standard library only; all money and
ratio arithmetic is exact (integers / fractions.Fraction, half-even
rounding), never binary floating point.

Usage:
    tiers_oracle.py customers [options] FILE...
    tiers_oracle.py report    [options] FILE...

See tests/oracle/README.md for every interpretation made.
"""

import argparse
import csv
import datetime
import io
import re
import sys
from decimal import Decimal
from fractions import Fraction

# Money is held as an integer number of ten-thousandths (4 decimals).
SCALE = 10_000

# ---------------------------------------------------------------------------
# Column recognition
# ---------------------------------------------------------------------------

CANDIDATES = {
    "customer": {
        "customerid", "customer", "clientid", "client", "custid",
        "customerno", "customernumber", "客户", "客户id", "客户编号",
        "memberid",
    },
    "date": {
        "date", "orderdate", "invoicedate", "transactiondate",
        "purchasedate", "日期", "订单日期", "交易日期",
    },
    "amount": {
        "amount", "total", "revenue", "sales", "金额", "totalamount",
        "ordertotal", "netamount", "linetotal",
    },
    "order": {
        "orderid", "order", "orderno", "ordernumber", "invoice",
        "invoiceno", "invoiceid", "invoicenumber", "transactionid",
        "订单号", "订单编号",
    },
}

RFM_SEGMENTS = [
    "champions", "loyal", "potential_loyalist", "new", "promising",
    "need_attention", "about_to_sleep", "cant_lose", "at_risk",
    "hibernating",
]
NO_PURCHASES = "no_purchases"

CUSTOMER_COLUMNS = [
    "customer_id", "first_date", "last_date", "recency_days", "tenure_days",
    "frequency", "purchase_days", "monetary", "gross", "refunds",
    "avg_order_value", "rfm", "rfm_r", "rfm_f", "rfm_m", "rfm_cell", "abc",
]

REPORT_COLUMNS = [
    "rule", "tier", "customers", "customers_share", "revenue",
    "revenue_share", "avg_recency_days", "avg_frequency", "avg_monetary",
]


class OracleError(Exception):
    pass


def normalize_header(name):
    name = name.lower()
    for ch in " _-.":
        name = name.replace(ch, "")
    return name


def id_key(s):
    """Byte order of the UTF-8 encoding."""
    return s.encode("utf-8")


# ---------------------------------------------------------------------------
# Field parsing
# ---------------------------------------------------------------------------

DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ].*)?", re.S)
AMOUNT_RE = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
# Scientific notation (1.5E+3): read as the plain decimal it stands for
# (README, "Decisions where DESIGN is silent").
SCIENTIFIC_RE = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE]([+-]?[0-9]{1,3})")


def parse_date(text):
    """YYYY-MM-DD, optionally followed by 'T' or ' ' and an ignored time part.

    Returns datetime.date or None."""
    t = text.strip(" ")
    m = DATE_RE.fullmatch(t)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_decimal_exact(text):
    """Exact value of a plain decimal string (no rounding); Fraction or None."""
    m = AMOUNT_RE.fullmatch(text)
    if not m:
        return None
    sign, body = m.group(1), m.group(2)
    if "." in body:
        ip, fp = body.split(".", 1)
    else:
        ip, fp = body, ""
    value = Fraction(int(ip or "0") * 10 ** len(fp) + int(fp or "0"), 10 ** len(fp))
    return -value if sign == "-" else value


def parse_amount(text):
    """Amount in ten-thousandths (int), rounded half-even to 4 decimals.

    Returns (units, was_rounded) or None."""
    t = text.strip(" ")
    sci = SCIENTIFIC_RE.fullmatch(t)
    if sci:  # written out: Decimal keeps the mantissa's digits, 2.50E-1 -> 0.250
        t = sci.group(1) + format(Decimal(sci.group(2) + "E" + sci.group(3)), "f")
    value = parse_decimal_exact(t)
    if value is None:
        return None
    m = AMOUNT_RE.fullmatch(t)
    body = m.group(2)
    frac_digits = len(body.split(".", 1)[1]) if "." in body else 0
    units = round(value * SCALE)  # Fraction.__round__ is half-to-even
    return units, frac_digits > 4


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def fmt_money(units):
    """Exact, 2..4 fractional digits, trailing zeros beyond the 2nd removed."""
    sign = "-" if units < 0 else ""
    a = abs(units)
    frac = f"{a % SCALE:04d}"
    while len(frac) > 2 and frac.endswith("0"):
        frac = frac[:-1]
    return f"{sign}{a // SCALE}.{frac}"


def fmt_fixed(value, digits):
    """Fraction -> fixed `digits` decimals, half-even; no negative zero."""
    q = 10 ** digits
    v = round(Fraction(value) * q)
    sign = "-" if v < 0 else ""
    a = abs(v)
    return f"{sign}{a // q}.{a % q:0{digits}d}"


def csv_field(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(fields):
    return ",".join(csv_field(f) for f in fields) + "\n"


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def resolve_column(header, role, explicit, required, path):
    if explicit is not None:
        idx = [i for i, h in enumerate(header) if h == explicit]
        if not idx:
            raise OracleError(f"{path}: no column named {explicit!r} for {role}")
        if len(idx) > 1:
            raise OracleError(f"{path}: column {explicit!r} appears {len(idx)} times")
        return idx[0]
    idx = [i for i, h in enumerate(header) if normalize_header(h) in CANDIDATES[role]]
    if len(idx) > 1:
        names = ", ".join(repr(header[i]) for i in idx)
        raise OracleError(f"{path}: ambiguous {role} column, candidates: {names}")
    if not idx:
        if required:
            raise OracleError(f"{path}: no {role} column found")
        return None
    return idx[0]


def open_input(path):
    if path == "-":
        data = sys.stdin.buffer.read().decode("utf-8-sig")
        return io.StringIO(data, newline="")
    return open(path, "r", encoding="utf-8-sig", newline="")


def read_rows(paths, opts):
    """Yield parsed attributed rows: (customer, date, units, order).

    order is None when the file has no order column (or --no-order),
    otherwise the stripped order-id string (possibly empty)."""
    out = []
    for path in paths:
        with open_input(path) as fh:
            reader = csv.reader(fh, strict=True)
            header = None
            try:
                for row in reader:
                    if not row:
                        continue  # empty line
                    if header is None:
                        header = row
                        ci = resolve_column(header, "customer", opts.customer, True, path)
                        di = resolve_column(header, "date", opts.date, True, path)
                        ai = resolve_column(header, "amount", opts.amount, True, path)
                        if opts.no_order:
                            oi = None
                        else:
                            oi = resolve_column(header, "order", opts.order, False, path)
                        continue
                    line = reader.line_num
                    if len(row) != len(header):
                        raise OracleError(
                            f"{path}:{line}: wrong field count {len(row)}, expected {len(header)}")
                    cust = row[ci].strip(" \t")
                    if cust == "":
                        continue  # unattributed
                    d = parse_date(row[di])
                    if d is None:
                        raise OracleError(f"{path}:{line}: bad date {row[di]!r}")
                    a = parse_amount(row[ai])
                    if a is None:
                        raise OracleError(f"{path}:{line}: bad amount {row[ai]!r}")
                    order = None if oi is None else row[oi].strip(" \t")
                    out.append((cust, d, a[0], order))
            except csv.Error as e:
                raise OracleError(f"{path}:{reader.line_num}: CSV error: {e}")
            if header is None:
                raise OracleError(f"{path}: no header row")
    return out


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------

def compute_customers(rows, as_of):
    acc = {}
    for cust, d, units, order in rows:
        if d >= as_of:
            continue
        c = acc.get(cust)
        if c is None:
            c = acc[cust] = {
                "monetary": 0, "gross": 0, "refunds": 0, "dates": set(),
                "orders": set(), "anon_orders": 0,
            }
        c["monetary"] += units
        if units > 0:
            c["gross"] += units
            c["dates"].add(d)
            if order is None or order == "":
                c["anon_orders"] += 1
            else:
                c["orders"].add(order)
        elif units < 0:
            c["refunds"] -= units
    customers = []
    for cust, c in acc.items():
        freq = len(c["orders"]) + c["anon_orders"]
        m = {
            "customer_id": cust,
            "frequency": freq,
            "purchase_days": len(c["dates"]),
            "monetary": c["monetary"],
            "gross": c["gross"],
            "refunds": c["refunds"],
        }
        if freq > 0:
            first, last = min(c["dates"]), max(c["dates"])
            m["first_date"], m["last_date"] = first, last
            m["recency_days"] = (as_of - last).days
            m["tenure_days"] = (as_of - first).days
            m["avg_order_value"] = round(Fraction(c["gross"], freq))
        else:
            m["first_date"] = m["last_date"] = None
            m["recency_days"] = m["tenure_days"] = None
            m["avg_order_value"] = None
        customers.append(m)
    customers.sort(key=lambda m: id_key(m["customer_id"]))
    return customers


# ---------------------------------------------------------------------------
# RFM
# ---------------------------------------------------------------------------

def rfm_segment(r, f):
    if r == 5 and f >= 4:
        return "champions"
    if r in (3, 4) and f >= 4:
        return "loyal"
    if r in (4, 5) and f in (2, 3):
        return "potential_loyalist"
    if r == 5 and f == 1:
        return "new"
    if r == 4 and f == 1:
        return "promising"
    if r == 3 and f == 3:
        return "need_attention"
    if r == 3 and f in (1, 2):
        return "about_to_sleep"
    if r <= 2 and f == 5:
        return "cant_lose"
    if r <= 2 and f in (3, 4):
        return "at_risk"
    if r <= 2 and f <= 2:
        return "hibernating"
    raise AssertionError(f"uncovered cell R={r} F={f}")


# "goodness": higher is better for every dimension.
DIMENSIONS = {
    "r": lambda m: -m["recency_days"],
    "f": lambda m: m["frequency"],
    "m": lambda m: m["monetary"],
}


def score_rank(scored, good, bins):
    n = len(scored)
    values = sorted(good(m) for m in scored)
    scores = {}
    # worse = number of scored customers with a strictly smaller goodness
    first_pos = {}
    for i, v in enumerate(values):
        first_pos.setdefault(v, i)
    for m in scored:
        worse = first_pos[good(m)]
        scores[m["customer_id"]] = 1 + (bins * worse) // n
    return scores


def score_ntile(scored, good, bins):
    n = len(scored)
    order = sorted(scored, key=lambda m: (good(m), id_key(m["customer_id"])))
    q, r = divmod(n, bins)
    scores = {}
    for i, m in enumerate(order):
        big = r * (q + 1)  # rows in the first r buckets (size q+1 each)
        if i < big:
            b = i // (q + 1) + 1
        else:
            b = r + (i - big) // q + 1
        scores[m["customer_id"]] = b
    return scores


def apply_rfm(customers, method, bins):
    scored = [m for m in customers if m["frequency"] >= 1]
    per_dim = {}
    for dim, good in DIMENSIONS.items():
        if not scored:
            per_dim[dim] = {}
        elif method == "rank":
            per_dim[dim] = score_rank(scored, good, bins)
        else:
            per_dim[dim] = score_ntile(scored, good, bins)
    for m in customers:
        cid = m["customer_id"]
        if m["frequency"] >= 1:
            r, f, mo = per_dim["r"][cid], per_dim["f"][cid], per_dim["m"][cid]
            m["rfm_r"], m["rfm_f"], m["rfm_m"] = r, f, mo
            m["rfm_cell"] = f"{r}{f}{mo}"
            m["rfm"] = rfm_segment(r, f)
        else:
            m["rfm_r"] = m["rfm_f"] = m["rfm_m"] = m["rfm_cell"] = None
            m["rfm"] = NO_PURCHASES


# ---------------------------------------------------------------------------
# ABC
# ---------------------------------------------------------------------------

PRESETS = {
    "default": ("value", [Fraction(80, 100), Fraction(95, 100)], ["A", "B", "C"]),
    "pyramid": ("rank", [Fraction(5, 100), Fraction(20, 100), Fraction(40, 100)],
                ["vip", "major", "middle", "small"]),
    "metals": ("rank", [Fraction(1, 100), Fraction(5, 100), Fraction(20, 100)],
               ["platinum", "gold", "iron", "lead"]),
}


def abc_config(opts):
    by, cuts, labels = PRESETS[opts.abc]
    if opts.abc_cuts is not None:
        cuts = []
        for part in opts.abc_cuts.split(","):
            v = parse_decimal_exact(part.strip(" "))
            if v is None or v <= 0 or v > 1:
                raise OracleError(f"bad --abc-cuts value {part!r}")
            cuts.append(v)
        if any(b <= a for a, b in zip(cuts, cuts[1:])):
            raise OracleError("--abc-cuts must be strictly ascending")
        if len(cuts) + 1 > 26:
            raise OracleError("too many --abc-cuts")
        labels = [chr(ord("A") + i) for i in range(len(cuts) + 1)]
        by = "value"
    if opts.abc_by is not None:
        by = opts.abc_by
    return by, cuts, labels


def apply_abc(customers, by, cuts, labels):
    order = sorted(customers, key=lambda m: (-m["monetary"], id_key(m["customer_id"])))
    n = len(order)
    total = sum(max(m["monetary"], 0) for m in order)
    last = labels[-1]
    cum = 0
    for i, m in enumerate(order):
        label = last
        if m["monetary"] > 0:
            pos = Fraction(cum, total) if by == "value" else Fraction(i, n)
            for k, cut in enumerate(cuts):
                if pos < cut:
                    label = labels[k]
                    break
        m["abc"] = label
        cum += max(m["monetary"], 0)


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

def _s(v):
    return "" if v is None else str(v)


def customers_table(customers):
    out = [csv_line(CUSTOMER_COLUMNS)]
    for m in customers:
        out.append(csv_line([
            m["customer_id"],
            "" if m["first_date"] is None else m["first_date"].isoformat(),
            "" if m["last_date"] is None else m["last_date"].isoformat(),
            _s(m["recency_days"]),
            _s(m["tenure_days"]),
            str(m["frequency"]),
            str(m["purchase_days"]),
            fmt_money(m["monetary"]),
            fmt_money(m["gross"]),
            fmt_money(m["refunds"]),
            "" if m["avg_order_value"] is None else fmt_money(m["avg_order_value"]),
            m["rfm"],
            _s(m["rfm_r"]), _s(m["rfm_f"]), _s(m["rfm_m"]), _s(m["rfm_cell"]),
            m["abc"],
        ]))
    return "".join(out)


def report_table(customers, abc_labels):
    n_all = len(customers)
    total_monetary = sum(m["monetary"] for m in customers)
    out = [csv_line(REPORT_COLUMNS)]

    def tier_row(rule, tier, members):
        cnt = len(members)
        revenue = sum(m["monetary"] for m in members)
        cshare = "" if n_all == 0 else fmt_fixed(Fraction(cnt, n_all), 4)
        if n_all == 0 or total_monetary <= 0:
            rshare = ""
        else:
            rshare = fmt_fixed(Fraction(revenue, total_monetary), 4)
        rec = [m["recency_days"] for m in members if m["recency_days"] is not None]
        avg_rec = fmt_fixed(Fraction(sum(rec), len(rec)), 2) if rec else ""
        if cnt:
            avg_f = fmt_fixed(Fraction(sum(m["frequency"] for m in members), cnt), 2)
            avg_m = fmt_money(round(Fraction(revenue, cnt)))
        else:
            avg_f = avg_m = ""
        return csv_line([rule, tier, str(cnt), cshare, fmt_money(revenue), rshare,
                         avg_rec, avg_f, avg_m])

    for seg in RFM_SEGMENTS + [NO_PURCHASES]:
        out.append(tier_row("rfm", seg, [m for m in customers if m["rfm"] == seg]))
    for label in abc_labels:
        out.append(tier_row("abc", label, [m for m in customers if m["abc"] == label]))
    return "".join(out)


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def build_parser():
    p = argparse.ArgumentParser(prog="tiers_oracle.py", description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["customers", "report"])
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--as-of")
    p.add_argument("--rfm-method", choices=["rank", "ntile"], default="rank")
    p.add_argument("--bins", type=int, default=5)
    p.add_argument("--abc", choices=sorted(PRESETS), default="default")
    p.add_argument("--abc-cuts")
    p.add_argument("--abc-by", choices=["value", "rank"])
    p.add_argument("--customer")
    p.add_argument("--date")
    p.add_argument("--amount")
    p.add_argument("--order")
    p.add_argument("--no-order", action="store_true")
    return p


def run(argv):
    """Run the oracle; return the output table as a string."""
    opts = build_parser().parse_args(argv)
    if opts.bins != 5:
        raise OracleError("only --bins 5 is supported (segment map defined for 5 only)")
    if opts.no_order and opts.order is not None:
        raise OracleError("--order and --no-order are mutually exclusive")
    by, cuts, labels = abc_config(opts)
    if opts.as_of is not None:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", opts.as_of):
            raise OracleError(f"bad --as-of {opts.as_of!r}")
        as_of = parse_date(opts.as_of)
        if as_of is None:
            raise OracleError(f"bad --as-of {opts.as_of!r}")
    else:
        as_of = None

    rows = read_rows(opts.files, opts)
    if as_of is None and rows:
        latest = max(r[1] for r in rows)
        if latest == datetime.date.max:
            raise OracleError("latest date is 9999-12-31; cannot default --as-of")
        as_of = latest + datetime.timedelta(days=1)
    customers = compute_customers(rows, as_of) if as_of is not None else []
    apply_rfm(customers, opts.rfm_method, opts.bins)
    apply_abc(customers, by, cuts, labels)
    if opts.command == "customers":
        return customers_table(customers)
    return report_table(customers, labels)


def main(argv=None):
    try:
        text = run(sys.argv[1:] if argv is None else argv)
    except OracleError as e:
        print(f"tiers_oracle: error: {e}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

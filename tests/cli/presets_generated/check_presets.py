#!/usr/bin/env python3
"""Runs every preset on generated data and checks each tier independently.

Transactions: tests/oracle/make_edge_data.py (ties, refunds-only and
zero-only customers, odd amounts, BOM, CRLF, quoted newlines, non-ASCII
and 20-digit ids). Metrics come from the independent oracle
(tests/oracle/tiers_oracle.py, written from DESIGN.md alone); window
metrics and the tier conditions are computed here, in exact arithmetic,
following README "Window metrics" and each preset's comments. Leads and
phone-sales tables are generated here with every spelling of yes/no,
empty cells and boundary values. Prints one line per preset.

    check_presets.py REPO WORKDIR
"""
import csv
import datetime
import io
import os
import random
import subprocess
import sys
from fractions import Fraction

REPO, WORK = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(REPO, "tests", "oracle"))
import tiers_oracle as oracle  # noqa: E402

UNIT = 10000  # money units per 1.00


def tiers(args):
    out = subprocess.run(["tiers", "classify"] + args, capture_output=True, text=True, check=True).stdout
    return {row["customer_id"]: row for row in csv.DictReader(io.StringIO(out))}


def compare(name, actual, expected, column):
    bad = [c for c in expected if actual.get(c, {}).get(column) != expected[c]]
    if len(actual) != len(expected):
        bad.append(f"{len(actual)} customers vs {len(expected)}")
    counts = {}
    for tier in expected.values():
        counts[tier] = counts.get(tier, 0) + 1
    summary = ", ".join(f"{t or '(none)'} {n}" for t, n in sorted(counts.items()))
    print(f"{name}: {len(expected)} customers {'as computed independently' if not bad else 'DIFFER'}: {summary}")
    for c in bad[:5]:
        print(f"  {c}: expected {expected.get(c)!r}, tiers {actual.get(c, {}).get(column)!r}")
    return not bad


class Opts:
    customer = date = amount = order = None
    no_order = False


def transactions():
    path = os.path.join(WORK, "edge.csv")
    subprocess.run([sys.executable, os.path.join(REPO, "tests", "oracle", "make_edge_data.py"), path,
                    "--seed", "23", "--rows", "4000"], check=True)
    rows = oracle.read_rows([path], Opts)
    as_of = max(r[1] for r in rows) + datetime.timedelta(days=1)
    customers = oracle.compute_customers(rows, as_of)
    return path, rows, as_of, customers


def bills(rng):
    """Restaurant visits: amounts on and around the thresholds, frequent and rare guests."""
    path = os.path.join(WORK, "bills.csv")
    start = datetime.date(2024, 12, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["member_id", "date", "total"])
        for g in range(300):
            for _ in range(rng.choice([1, 1, 2, 3, 5, 8, 13, 20])):
                day = start + datetime.timedelta(days=rng.randint(0, 120))
                amount = rng.choice(["5000.00", "3000.00", "2999.99", "2000.00", "1999.99", "-80.00",
                                     f"{rng.randint(20, 900)}.{rng.randint(0, 99):02d}",
                                     f"{rng.randint(900, 4000)}.00"])
                w.writerow([f"G{g:03d}", day.isoformat(), amount])
    rows = oracle.read_rows([path], Opts)
    as_of = max(r[1] for r in rows) + datetime.timedelta(days=1)
    return path, rows, as_of, oracle.compute_customers(rows, as_of)


def per_month(m):
    if m["frequency"] == 0:
        return None
    return round(Fraction(m["frequency"] * 30, max(m["tenure_days"], 30)), 2)


def check_lifecycle(path, customers, name="lifecycle"):
    expected = {}
    for m in customers:
        t, r = m["tenure_days"], m["recency_days"]
        expected[m["customer_id"]] = ("new" if t is not None and t <= 30 else
                                      "active" if r is not None and r <= 60 else
                                      "cooling" if r is not None and r <= 120 else
                                      "dormant" if r is not None and r <= 365 else "lost")
    return compare(name, tiers(["--rules", f"{REPO}/samples/rules/lifecycle.toml", path]),
                   expected, "lifecycle")


def check_restaurant(path, rows, as_of, customers, name="restaurant"):
    m30, last_day, last_gross = {}, {}, {}
    for cust, d, units, _ in rows:
        if d >= as_of:
            continue
        if 1 <= (as_of - d).days <= 30:
            m30[cust] = m30.get(cust, 0) + units
        if units > 0:
            if cust not in last_day or d > last_day[cust]:
                last_day[cust], last_gross[cust] = d, 0
            if d == last_day[cust]:
                last_gross[cust] += units
    expected = {}
    for m in customers:
        c = m["customer_id"]
        money, visits, last = m30.get(c, 0), per_month(m), last_gross.get(c)
        a = money >= 5000 * UNIT or (visits is not None and visits >= 4) or (last is not None and last >= 3000 * UNIT)
        b = money >= 2000 * UNIT or (visits is not None and visits >= 2)
        expected[c] = "A" if a else "B" if b else "C"
    return compare(name, tiers(["--rules", f"{REPO}/samples/rules/restaurant.toml", path]),
                   expected, "restaurant")


def check_abc(name, path, customers, by, cuts, labels):
    copy = [dict(m) for m in customers]
    oracle.apply_abc(copy, by, cuts, labels)
    return compare(name, tiers(["--rules", f"{REPO}/samples/rules/{name}.toml", path]),
                   {m["customer_id"]: m["abc"] for m in copy}, name)


def check_loyalty(path, customers):
    copy = [dict(m) for m in customers]
    oracle.apply_abc(copy, "value", [Fraction(80, 100), Fraction(95, 100)], ["A", "B", "C"])
    expected = {}
    for m in copy:
        visits = per_month(m)
        loyal = m["tenure_days"] is not None and m["tenure_days"] >= 180 and visits >= Fraction(1, 2)
        a = m["abc"] == "A"
        expected[m["customer_id"]] = ("true friends" if a and loyal else "butterflies" if a else
                                      "barnacles" if loyal else "strangers")
    return compare("loyalty_matrix", tiers(["--rules", f"{REPO}/samples/rules/loyalty_matrix.toml", path]),
                   expected, "loyalty")


YES = ["yes", "Yes", "YES", "true", "True", "1", "是"]
NO = ["no", "No", "false", "FALSE", "0", "否"]


def yes_no(rng):
    roll = rng.random()
    return ("", None) if roll < 0.1 else (rng.choice(YES), True) if roll < 0.55 else (rng.choice(NO), False)


def check_man(rng):
    as_of = datetime.date(2025, 1, 15)
    path = os.path.join(WORK, "leads.csv")
    expected = {}
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["lead_id", "name", "budget", "decision_maker", "need", "expected_close"])
        for i in range(400):
            lead = rng.choice(["L", "线索", "Zoë-"]) + f"{i:04d}"
            budget = rng.choice(["", "0", "9999.99", "10000", "10000.00", "10000.0001", "250000",
                                 str(rng.randint(1, 40000)), f"{rng.randint(1, 40000)}.{rng.randint(0, 99):02d}"])
            dm, a = yes_no(rng)
            nd, n = yes_no(rng)
            close = "" if rng.random() < 0.1 else (as_of + datetime.timedelta(days=rng.randint(-20, 200))).isoformat()
            w.writerow([lead, f"Lead {i}", budget, dm, nd, close])
            m = budget != "" and Fraction(budget) >= 10000
            combo = ("M-A-N" if m and a and n else "M-a-N" if m and n else "M-A-n" if m and a else
                     "m-A-N" if a and n else "M-a-n" if m else "m-A-n" if a else "m-a-N" if n else "m-a-n")
            days = None if not close else (datetime.date.fromisoformat(close) - as_of).days
            urgency = "hot" if days is not None and days <= 30 else "warm" if days is not None and days <= 90 else "cold"
            expected[lead] = (combo, urgency)
    actual = tiers(["--as-of", "2025-01-15", "--rules", f"{REPO}/samples/rules/man.toml", "--attributes", path])
    ok = compare("man", actual, {k: v[0] for k, v in expected.items()}, "man")
    return compare("man urgency", actual, {k: v[1] for k, v in expected.items()}, "urgency") and ok


def check_phone_sales(rng):
    path = os.path.join(WORK, "phone.csv")
    expected = {}
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["客户编号", "姓名", "通话次数", "有效沟通", "有意向", "已报价"])
        for i in range(300):
            calls = rng.choice(["", "0", "1", "2", str(rng.randint(3, 30))])
            (e_text, e), (i_text, intent), (q_text, quoted) = yes_no(rng), yes_no(rng), yes_no(rng)
            key = f"K{i:04d}"
            w.writerow([key, f"客户{i}", calls, e_text, i_text, q_text])
            expected[key] = ("目标客户" if intent and quoted else "意向客户" if intent else "有效客户" if e else
                             "已接触客户" if calls != "" and int(calls) >= 1 else "未接触")
    actual = tiers(["--as-of", "2025-01-15", "--rules", f"{REPO}/samples/rules/phone_sales.toml",
                    "--attributes", path])
    return compare("phone_sales", actual, expected, "阶段")


def main():
    rng = random.Random(5)
    path, rows, as_of, customers = transactions()
    b_path, b_rows, b_as_of, b_customers = bills(rng)
    ok = [check_lifecycle(path, customers), check_lifecycle(b_path, b_customers, "lifecycle (bills)"),
          check_restaurant(path, rows, as_of, customers),
          check_restaurant(b_path, b_rows, b_as_of, b_customers, "restaurant (bills)"),
          check_abc("pyramid", path, customers, "rank", [Fraction(5, 100), Fraction(20, 100), Fraction(40, 100)],
                    ["vip", "major", "middle", "small"]),
          check_abc("metals", path, customers, "rank", [Fraction(1, 100), Fraction(5, 100), Fraction(20, 100)],
                    ["platinum", "gold", "iron", "lead"]),
          check_loyalty(path, customers), check_man(rng), check_phone_sales(rng)]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compares rule labels in a customers table with tiers worked out by hand.

    check_tiers.py CUSTOMERS.csv EXPECTED.csv [HOW]

HOW says where the expected tiers came from (default: worked out by hand).
EXPECTED.csv has a customer_id column and one column per rule to check;
every customer of CUSTOMERS.csv must be listed, with the same labels.
"""
import csv
import sys


def main(actual_path, expected_path, how="worked out by hand"):
    with open(actual_path, encoding="utf-8", newline="") as f:
        actual = {row["customer_id"]: row for row in csv.DictReader(f)}
    with open(expected_path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rules = [c for c in reader.fieldnames if c != "customer_id"]
        expected = {row["customer_id"]: row for row in reader}
    problems = []
    if sorted(actual) != sorted(expected):
        problems.append(f"customers differ: {sorted(set(actual) ^ set(expected))}")
    for cid in sorted(set(actual) & set(expected)):
        for rule in rules:
            if actual[cid].get(rule) != expected[cid][rule]:
                problems.append(f"{cid} {rule}: expected {expected[cid][rule]!r}, got {actual[cid].get(rule)!r}")
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(expected)} customers, {', '.join(rules)}: as {how}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

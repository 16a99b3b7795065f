#!/usr/bin/env python3
"""Checks that `tiers explain` agrees with `tiers classify` for every customer.

    agree.py ARGS...

runs `tiers classify ARGS`, then `tiers explain ID ARGS` for each customer.
explain recomputes each rule's decision from the metrics (RFM scores from
the cut values, ABC from the revenue before the customer, condition tiers
by evaluating the conditions); every row of its output whose item names a
column of the customers table (a label, rfm_r, ...) must hold the value
classify printed there.
"""
import csv
import io
import subprocess
import sys


def run(args):
    out = subprocess.run(["tiers"] + args, capture_output=True, text=True, check=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def main(args):
    customers = run(["classify"] + args)
    checked = set()
    problems = 0
    for row in customers:
        cid = row["customer_id"]
        for step in run(["explain", cid] + args):
            if not step["rule"] or step["item"] not in row:
                continue
            checked.add(step["item"])
            if step["value"] != row[step["item"]]:
                problems += 1
                print(f"{cid} {step['item']}: classify {row[step['item']]!r}, explain {step['value']!r}")
    print(f"{len(customers)} customers: explain agrees with classify on {', '.join(sorted(checked))}"
          if not problems else f"{problems} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Metals tiers of DESIGN 4.2 computed independently of tiers, from the CSV.

Net spend per customer (all rows; the sample has no future or bad rows),
customers sorted by net spend descending, ties by id; position i of n is
platinum when i/n < 1 %, gold < 5 %, iron < 20 %, else lead; net spend
≤ 0 is always lead. Prints customer_id,metals.
"""
import csv
import sys
from decimal import Decimal

net = {}
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        cid = row["customer_id"].strip()
        if cid:
            net[cid] = net.get(cid, Decimal(0)) + Decimal(row["amount"])
order = sorted(net, key=lambda c: (-net[c], c.encode()))
n = len(order)
print("customer_id,metals")
tiers = {}
for i, cid in enumerate(order):
    tier = "lead"
    if net[cid] > 0:
        for name, percent in (("platinum", 1), ("gold", 5), ("iron", 20)):
            if i * 100 < percent * n:
                tier = name
                break
    tiers[cid] = tier
for cid in sorted(tiers, key=str.encode):
    print(f"{cid},{tiers[cid]}")

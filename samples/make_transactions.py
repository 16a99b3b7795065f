#!/usr/bin/env python3
"""Writes samples/transactions.csv: a small, realistic shop export.

Deterministic (fixed seed): running it again gives the same bytes. About
3,000 order lines from 300 customers over 2024, with multi-line orders,
refunds (negative lines), a few zero-amount lines (free samples), guest
purchases without a customer id, customer names in several scripts, a
product name with a comma and a delivery note with a line break.

    python3 samples/make_transactions.py > samples/transactions.csv
"""
import csv
import datetime
import random
import sys

rng = random.Random(2026)

FIRST = ["Anna", "Ben", "Chloé", "Dmitri", "Elif", "Fatima", "Gustav", "Hana", "Ivan", "Jörg",
         "Kenji", "Lucía", "Mei", "Noah", "Olga", "Pierre", "Quinn", "Rosa", "Sven", "Tomás",
         "伟", "芳", "静", "翔太", "さくら", "Zoë", "Łukasz", "Søren", "Ayşe", "Nguyễn"]
LAST = ["Müller", "García", "Smith", "Kowalski", "O'Brien", "Dubois", "Rossi", "Novák",
        "Jensen", "Yılmaz", "Tanaka", "Kim", "Silva", "张", "王", "佐藤", "Ivanova", "Costa"]
PRODUCTS = [("Espresso beans 1kg", 24.90), ("Filter papers", 4.50), ("Grinder, manual", 59.00),
            ("Milk jug", 12.00), ("Travel mug", 18.50), ("Descaler", 7.99), ("Tea sampler", 15.00),
            ("Kettle, gooseneck", 45.00), ("Gift card", 50.00), ("Cold brew kit", 29.95)]
CHANNELS = ["web", "store", "phone", "marketplace"]
NICKNAMES = ["小王的店", "Zoë's Café", "Ünal Ticaret", "さくら商店", "Ørsted & Co"]


def customer_name(i):
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    if any(ord(c) > 0x2E80 for c in first + last):
        return last + first  # East Asian order, no space
    return f"{first} {last}"


def main():
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["order_id", "order_date", "customer_id", "customer_name", "product",
                  "quantity", "amount", "channel", "note"])
    start = datetime.date(2024, 1, 1)
    customers = []
    for i in range(300):
        activity = rng.lognormvariate(0, 1.1)           # how often they buy
        spend = rng.lognormvariate(0, 0.6)              # how much per line
        first = rng.randrange(0, 330)
        life = int(rng.expovariate(1 / 200))
        # A few marketplace buyers are known only by their nickname.
        cid = NICKNAMES[i // 60] if i % 60 == 59 else f"C{1000 + i}"
        customers.append((cid, customer_name(i), activity, spend, first, min(365, first + life)))
    total_activity = sum(c[2] for c in customers)
    orders = []
    for cid, name, activity, spend, first, last in customers:
        n = max(1, round(1300 * activity / total_activity))
        for _ in range(n):
            orders.append((start + datetime.timedelta(days=rng.randint(first, max(first, last))),
                           cid, name, spend))
    orders.sort(key=lambda o: (o[0], o[1]))
    order_no = 50000
    rows = 0
    for day, cid, name, spend in orders:
        order_no += 1
        guest = rng.random() < 0.02
        channel = rng.choice(CHANNELS)
        lines = 1 + (rng.random() < 0.6) + (rng.random() < 0.4) + (rng.random() < 0.2)
        when = day.isoformat()
        if channel == "web" and rng.random() < 0.3:
            when += f" {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        for _ in range(lines):
            product, price = rng.choice(PRODUCTS)
            qty = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
            amount = round(price * qty * spend, 2)
            note = ""
            if rng.random() < 0.01:
                amount, note = 0, "free sample"
            elif rng.random() < 0.004:
                note = "Leave at the back door,\nring twice"
            out.writerow([f"SO-{order_no}", when, "" if guest else cid, "" if guest else name,
                          product, qty, f"{amount:.2f}", channel, note])
            rows += 1
        if not guest and rng.random() < 0.03:  # a refund of one line, days later
            product, price = rng.choice(PRODUCTS)
            refund_day = day + datetime.timedelta(days=rng.randint(1, 20))
            if refund_day.year == 2024:
                out.writerow([f"SO-{order_no}", refund_day.isoformat(), cid, name, product, -1,
                              f"{-round(price * spend, 2):.2f}", channel, "return"])
                rows += 1
    print(f"{rows} rows", file=sys.stderr)


if __name__ == "__main__":
    main()

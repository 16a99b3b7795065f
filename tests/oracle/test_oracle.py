#!/usr/bin/env python3
"""Hand-computed checks of the oracle itself.

Run:  python3 -m unittest discover -s tests/oracle -v
  or: python3 tests/oracle/test_oracle.py -v

Every expected value below is derived by hand in the comments next to it
(from DESIGN.md and the oracle brief), never copied from oracle output.
"""

import csv
import io
import os
import sys
import tempfile
import unittest
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tiers_oracle as T  # noqa: E402


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, text, name="in.csv", raw=None):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as fh:
            fh.write(raw if raw is not None else text.encode("utf-8"))
        return path

    def customers(self, text, *opts, name="in.csv"):
        out = T.run(["customers", *opts, self.write(text, name)])
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        return {r["customer_id"]: r for r in rows}, out

    def report(self, text, *opts):
        out = T.run(["report", *opts, self.write(text)])
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        return {(r["rule"], r["tier"]): r for r in rows}, out


# A, B: one purchase each on 01-10, amount 10 -> recency 1, F 1, M 10
# C: purchases 01-01 (10) and 01-05 (10)      -> recency 6, F 2, M 20
# D: three purchases on 01-01 (5 each)         -> recency 10, F 3, M 15
# (no order column: frequency = number of purchase rows)
RANK_DATA = """customer,date,amount
A,2024-01-10,10
B,2024-01-10,10
C,2024-01-01,10
C,2024-01-05,10
D,2024-01-01,5
D,2024-01-01,5
D,2024-01-01,5
"""


class TestRfmRank(Base):
    def test_rank_ties(self):
        c, _ = self.customers(RANK_DATA, "--as-of", "2024-01-11")
        # n = 4, bins = 5, score = 1 + floor(5*worse/4)
        # R (recency 1,1,6,10; larger is worse):
        #   A,B: worse = 2 (C,D) -> 1 + 10//4 = 3;  C: worse 1 -> 1 + 5//4 = 2;
        #   D: worse 0 -> 1
        # F (1,1,2,3): A,B worse 0 -> 1; C worse 2 -> 1 + 10//4 = 3;
        #   D worse 3 -> 1 + 15//4 = 4
        # M (10,10,20,15): A,B worse 0 -> 1; D worse 2 -> 3; C worse 3 -> 4
        self.assertEqual(c["A"]["rfm_cell"], "311")
        self.assertEqual(c["B"]["rfm_cell"], "311")  # equal values, equal scores
        self.assertEqual(c["C"]["rfm_cell"], "234")
        self.assertEqual(c["D"]["rfm_cell"], "143")
        self.assertEqual((c["D"]["rfm_r"], c["D"]["rfm_f"], c["D"]["rfm_m"]), ("1", "4", "3"))
        # segments: R3 F1 about_to_sleep; R2 F3 at_risk; R1 F4 at_risk
        self.assertEqual(c["A"]["rfm"], "about_to_sleep")
        self.assertEqual(c["C"]["rfm"], "at_risk")
        self.assertEqual(c["D"]["rfm"], "at_risk")
        # C: first 01-01 last 01-05, as_of 01-11 -> recency 6, tenure 10
        self.assertEqual((c["C"]["recency_days"], c["C"]["tenure_days"]), ("6", "10"))
        # D: 3 purchase rows on one day -> frequency 3, purchase_days 1
        self.assertEqual((c["D"]["frequency"], c["D"]["purchase_days"]), ("3", "1"))


# c1..c7: one purchase each on the same day (R and F all tied), amounts:
NTILE_DATA = """customer,date,amount
c1,2024-01-01,70
c2,2024-01-01,10
c3,2024-01-01,10
c4,2024-01-01,30
c5,2024-01-01,50
c6,2024-01-01,20
c7,2024-01-01,10
"""


class TestRfmNtile(Base):
    def test_ntile_bucket_sizes(self):
        c, _ = self.customers(NTILE_DATA, "--rfm-method", "ntile")
        # n = 7, bins = 5: 7 = 5*1 + 2 -> bucket sizes 2,2,1,1,1.
        # R, F all tied -> order by id: c1 c2 | c3 c4 | c5 | c6 | c7
        #   -> R = F = 1,1,2,2,3,4,5
        # M ascending, ties by id: c2(10) c3(10) | c7(10) c6(20) | c4(30) | c5(50) | c1(70)
        #   -> M: c2 1, c3 1, c7 2, c6 2, c4 3, c5 4, c1 5
        expect = {"c1": "115", "c2": "111", "c3": "221", "c4": "223",
                  "c5": "334", "c6": "442", "c7": "552"}
        self.assertEqual({k: v["rfm_cell"] for k, v in c.items()}, expect)
        # R1F1, R2F2 hibernating; R3F3 need_attention; R4F4 loyal; R5F5 champions
        self.assertEqual(c["c4"]["rfm"], "hibernating")
        self.assertEqual(c["c5"]["rfm"], "need_attention")
        self.assertEqual(c["c6"]["rfm"], "loyal")
        self.assertEqual(c["c7"]["rfm"], "champions")

    def test_rank_on_same_data(self):
        c, _ = self.customers(NTILE_DATA)
        # rank: R, F all tied -> worse 0 -> 1 for everyone.
        # M: 10s worse 0 -> 1; 20 worse 3 -> 1 + 15//7 = 3; 30 worse 4 -> 1 + 20//7 = 3;
        #    50 worse 5 -> 1 + 25//7 = 4; 70 worse 6 -> 1 + 30//7 = 5
        got = {k: v["rfm_cell"] for k, v in c.items()}
        self.assertEqual(got, {"c1": "115", "c2": "111", "c3": "111", "c4": "113",
                               "c5": "114", "c6": "113", "c7": "111"})

    def test_ntile_fewer_customers_than_bins(self):
        # n = 3 < 5: NTILE puts one row in each of buckets 1..3.
        # frequencies x:1, y:2, z:3 (rows on one day, no order column)
        data = "customer,date,amount\nx,2024-01-01,1\ny,2024-01-01,1\ny,2024-01-01,1\n" \
               "z,2024-01-01,1\nz,2024-01-01,1\nz,2024-01-01,1\n"
        c, _ = self.customers(data, "--rfm-method", "ntile")
        self.assertEqual([c[k]["rfm_f"] for k in "xyz"], ["1", "2", "3"])
        # M: 1, 2, 3 -> also 1, 2, 3; R tied -> by id x, y, z -> 1, 2, 3
        self.assertEqual([c[k]["rfm_cell"] for k in "xyz"], ["111", "222", "333"])

    def test_segment_map_covers_25_cells(self):
        counts = {}
        for r in range(1, 6):
            for f in range(1, 6):
                s = T.rfm_segment(r, f)
                counts[s] = counts.get(s, 0) + 1
        # champions 1x2, loyal 2x2, potential_loyalist 2x2, new 1, promising 1,
        # need_attention 1, about_to_sleep 1x2, cant_lose 2x1, at_risk 2x2,
        # hibernating 2x2 -> 25
        self.assertEqual(counts, {"champions": 2, "loyal": 4, "potential_loyalist": 4,
                                  "new": 1, "promising": 1, "need_attention": 1,
                                  "about_to_sleep": 2, "cant_lose": 2, "at_risk": 4,
                                  "hibernating": 4})


class TestAbc(Base):
    def test_value_cut_exactly_at_080(self):
        # X 80, Y 15, Z 5; total 100.
        # X: 0/100 < .80 -> A; Y: 80/100 = .80 not < .80, < .95 -> B;
        # Z: 95/100 = .95 not < .95 -> C
        data = "customer,date,amount\nX,2024-01-01,80\nY,2024-01-01,15\nZ,2024-01-01,5\n"
        c, _ = self.customers(data)
        self.assertEqual([c[k]["abc"] for k in "XYZ"], ["A", "B", "C"])

    def test_value_exact_not_float(self):
        # P .70, Q .15, R .10, S .05; total 1.00 (float sums would drift)
        # P 0 -> A; Q .70 < .80 -> A; R .85 -> B; S .95 not < .95 -> C
        data = "customer,date,amount\nP,2024-01-01,0.7\nQ,2024-01-01,0.15\n" \
               "R,2024-01-01,0.1\nS,2024-01-01,0.05\n"
        c, _ = self.customers(data)
        self.assertEqual([c[k]["abc"] for k in "PQRS"], ["A", "A", "B", "C"])

    def test_value_tie_break_by_utf8_bytes(self):
        # m 60, Zoë 20, zz 20; total 100. Ties by id bytes: "Zoë" (0x5A..) < "zz" (0x7A..)
        # m 0 -> A; Zoë 60/100 -> A; zz 80/100 not < .80 -> B
        data = "customer,date,amount\nzz,2024-01-01,20\nZoë,2024-01-01,20\nm,2024-01-01,60\n"
        c, _ = self.customers(data)
        self.assertEqual((c["m"]["abc"], c["Zoë"]["abc"], c["zz"]["abc"]), ("A", "A", "B"))

    ABC8 = """customer,date,amount
p1,2024-01-01,60
p2,2024-01-01,50
p3,2024-01-01,40
p4,2024-01-01,30
p5,2024-01-01,20
p6,2024-01-01,10
z,2024-01-01,0
r,2024-01-01,-5
"""

    def test_rank_mode_custom_cuts(self):
        c, _ = self.customers(self.ABC8, "--abc-cuts", "0.5,0.75", "--abc-by", "rank")
        # n = 8, order p1..p6, z (0), r (-5)
        # i/8 < .5 -> i 0..3 A (i=4: 4/8 = .5 not < .5); i/8 < .75 -> i 4,5 B;
        # i 6,7 -> C (and they have monetary <= 0 anyway)
        got = {k: v["abc"] for k, v in c.items()}
        self.assertEqual(got, {"p1": "A", "p2": "A", "p3": "A", "p4": "A",
                               "p5": "B", "p6": "B", "z": "C", "r": "C"})

    def test_value_mode_custom_cuts(self):
        c, _ = self.customers(self.ABC8, "--abc-cuts", "0.5,0.75")
        # total = 210. cum before: p1 0 A; p2 60/210=.286 A; p3 110/210=.524 B;
        # p4 150/210=.714 B; p5 180/210=.857 C; p6 200/210 C; z, r C (<= 0)
        got = {k: v["abc"] for k, v in c.items()}
        self.assertEqual(got, {"p1": "A", "p2": "A", "p3": "B", "p4": "B",
                               "p5": "C", "p6": "C", "z": "C", "r": "C"})

    def test_rank_mode_nonpositive_forced_last(self):
        # 3 customers, cuts .9 (labels A, B) by rank: i/3 < .9 for i = 0,1,2
        # but the customer with monetary 0 is forced to the last tier B.
        data = "customer,date,amount\na,2024-01-01,5\nb,2024-01-01,3\nc,2024-01-01,0\n"
        c, _ = self.customers(data, "--abc-cuts", "0.9", "--abc-by", "rank")
        self.assertEqual([c[k]["abc"] for k in "abc"], ["A", "A", "B"])

    Q20 = "customer,date,amount\n" + "".join(
        f"q{i:02d},2024-01-01,{21 - i}\n" for i in range(1, 21))  # q01 = 20 ... q20 = 1

    def test_pyramid_preset(self):
        c, _ = self.customers(self.Q20, "--abc", "pyramid")
        # n = 20 by rank: i/20 < .05 -> i=0 vip; < .20 -> i 1..3 major;
        # < .40 -> i 4..7 middle; i 8..19 small. Position i = q(i+1).
        labels = [c[f"q{i:02d}"]["abc"] for i in range(1, 21)]
        self.assertEqual(labels, ["vip"] + ["major"] * 3 + ["middle"] * 4 + ["small"] * 12)

    def test_metals_preset_report(self):
        r, _ = self.report(self.Q20, "--abc", "metals")
        # i/20 < .01 -> i=0 platinum; < .05 -> i < 1: nobody gold;
        # < .20 -> i 1..3 iron; rest (16) lead
        self.assertEqual([r[("abc", t)]["customers"] for t in
                          ("platinum", "gold", "iron", "lead")], ["1", "0", "3", "16"])
        # customers_share 1/20 = 0.0500, 0, 3/20 = .1500, 16/20 = .8000
        self.assertEqual([r[("abc", t)]["customers_share"] for t in
                          ("platinum", "gold", "iron", "lead")],
                         ["0.0500", "0.0000", "0.1500", "0.8000"])
        # empty tier: revenue 0.00, revenue_share 0/210 = 0.0000, averages empty
        g = r[("abc", "gold")]
        self.assertEqual((g["revenue"], g["revenue_share"], g["avg_recency_days"],
                          g["avg_frequency"], g["avg_monetary"]), ("0.00", "0.0000", "", "", ""))
        # iron = q02 (19) + q03 (18) + q04 (17) = 54; total 1+..+20 = 210;
        # 54/210 = 0.257142.. -> 0.2571; avg 18.00
        self.assertEqual((r[("abc", "iron")]["revenue"], r[("abc", "iron")]["revenue_share"],
                          r[("abc", "iron")]["avg_monetary"]), ("54.00", "0.2571", "18.00"))


class TestRows(Base):
    def test_refunds_only_customer(self):
        data = "customer,date,amount\nR,2024-01-05,-10.00\nR,2024-01-06,-5.5\nP,2024-01-10,100\n"
        c, _ = self.customers(data, "--as-of", "2024-02-01")
        # R: no purchase -> empty dates, F 0, monetary -15.50, gross 0, refunds 15.50,
        #    avg empty, no_purchases, RFM columns empty, last ABC tier C
        self.assertEqual(c["R"], {
            "customer_id": "R", "first_date": "", "last_date": "", "recency_days": "",
            "tenure_days": "", "frequency": "0", "purchase_days": "0", "monetary": "-15.50",
            "gross": "0.00", "refunds": "15.50", "avg_order_value": "", "rfm": "no_purchases",
            "rfm_r": "", "rfm_f": "", "rfm_m": "", "rfm_cell": "", "abc": "C"})
        # P: only scored customer (n = 1) -> worse 0 -> 111 hibernating;
        # 2024-01-10 -> 2024-02-01 = 22 days
        self.assertEqual((c["P"]["recency_days"], c["P"]["rfm_cell"], c["P"]["rfm"], c["P"]["abc"]),
                         ("22", "111", "hibernating", "A"))

    def test_zero_amount_rows(self):
        data = ("customer,order_id,date,amount\n"
                "Z,,2024-01-01,0\nZ,,2024-01-02,0.00\nZ,,2024-01-03,-0\n"
                "W,O1,2024-01-02,10\nW,O9,2024-01-20,0\n"
                "V,O2,2024-01-05,0.00004\nV,O3,2024-01-06,0.00005\nV,O4,2024-01-07,0.00015\n")
        c, _ = self.customers(data)
        # default as_of: latest attributed date is W's zero row 01-20 -> as_of 01-21
        # Z: zero rows only -> F 0, all money 0.00, no_purchases, C
        self.assertEqual((c["Z"]["frequency"], c["Z"]["monetary"], c["Z"]["gross"],
                          c["Z"]["refunds"], c["Z"]["rfm"], c["Z"]["abc"]),
                         ("0", "0.00", "0.00", "0.00", "no_purchases", "C"))
        # W: zero row O9 is neither purchase nor refund: F 1, last_date 01-02,
        #    recency 01-02 -> 01-21 = 19
        self.assertEqual((c["W"]["frequency"], c["W"]["last_date"], c["W"]["recency_days"]),
                         ("1", "2024-01-02", "19"))
        # V: 0.00004 -> 0.0000 (zero row), 0.00005 -> tie, 0 even -> 0.0000 (zero row),
        #    0.00015 -> tie, 1 odd -> 0.0002 (purchase). F 1, days 1, first 01-07
        self.assertEqual((c["V"]["frequency"], c["V"]["purchase_days"], c["V"]["first_date"],
                          c["V"]["monetary"], c["V"]["avg_order_value"]),
                         ("1", "1", "2024-01-07", "0.0002", "0.0002"))

    def test_rows_on_or_after_as_of(self):
        data = ("customer,date,amount\nE,2024-02-29,10\nE,2024-03-01,100\n"
                "E,2024-03-05,-10\nF,2024-03-01,50\n")
        c, _ = self.customers(data, "--as-of", "2024-03-01")
        # only 02-29 counts for E (as_of exclusive); F has only a skipped row -> absent
        self.assertEqual(set(c), {"E"})
        self.assertEqual((c["E"]["monetary"], c["E"]["refunds"], c["E"]["recency_days"],
                          c["E"]["last_date"]), ("10.00", "0.00", "1", "2024-02-29"))

    def test_default_as_of_with_time_parts(self):
        data = ("customer,date,amount\nE,2024-03-01 12:30:00,10\nE,2024-03-01T08:00:00,5\n"
                "G,2024-03-05T23:59:59,-1\n")
        c, _ = self.customers(data)
        # latest date 03-05 (G's refund, time ignored) -> as_of 03-06;
        # E: both rows on 03-01 -> purchase_days 1, F 2, recency 5
        self.assertEqual((c["E"]["purchase_days"], c["E"]["frequency"], c["E"]["recency_days"]),
                         ("1", "2", "5"))

    def test_unattributed_rows(self):
        data = ("customer,date,amount\n,garbage,xyz\n  ,2025-01-01,10\n\t,2024-05-05,5\n"
                "G,2024-01-01,10\n")
        c, _ = self.customers(data)
        # blank ids are skipped unvalidated and do not move as_of:
        # as_of = 2024-01-02, G recency 1
        self.assertEqual(set(c), {"G"})
        self.assertEqual(c["G"]["recency_days"], "1")

    def test_multi_line_orders(self):
        data = ("customer,order_id,date,amount\n"
                "H,O1,2024-01-01,10\n"
                "H,O2,2024-01-01,20\n"
                "I,O1,2024-01-01,3\n"
                "H,O1,2024-01-02,5\n"
                "H,,2024-01-03,7\n"
                "H,,2024-01-03,8\n"
                "H,O2,2024-01-04,-20\n"
                "H,O3,2024-01-05,0\n")
        c, _ = self.customers(data)
        # H: distinct non-empty purchase orders {O1, O2} = 2, plus 2 empty-id purchase
        #    rows -> F 4 (refund O2 and zero O3 add nothing); purchase dates
        #    {01-01, 01-02, 01-03} -> 3; gross 10+20+5+7+8 = 50, refunds 20, net 30;
        #    avg 50/4 = 12.50; as_of = 01-06 (latest row 01-05), recency 3, tenure 5
        h = c["H"]
        self.assertEqual((h["frequency"], h["purchase_days"], h["gross"], h["refunds"],
                          h["monetary"], h["avg_order_value"], h["recency_days"],
                          h["tenure_days"]),
                         ("4", "3", "50.00", "20.00", "30.00", "12.50", "3", "5"))
        # I's O1 is its own order
        self.assertEqual(c["I"]["frequency"], "1")
        # --no-order: F = 5 purchase rows, avg 50/5 = 10.00
        c, _ = self.customers(data, "--no-order")
        self.assertEqual((c["H"]["frequency"], c["H"]["avg_order_value"]), ("5", "10.00"))

    def test_amount_rounding_half_even(self):
        data = ("customer,date,amount\n"
                "J,2024-01-01,1.00005\n"   # tie, kept digit 0 even -> 1.0000
                "J,2024-01-02,1.00015\n"   # tie, 1 odd -> 1.0002
                "J,2024-01-03,2.123450\n"  # 2.12345 tie, 4 even -> 2.1234
                "J,2024-01-04,0.123456\n"  # above tie -> 0.1235
                "J,2024-01-05,-1.00025\n"  # tie, 2 even -> -1.0002
                "J,2024-01-06,7.99995\n"   # tie, 9 odd -> 8.0000
                "K,2024-01-01,0.0001\nK,2024-01-02,0.0001\n"
                "L,2024-01-01,0.0001\nL,2024-01-02,0.0002\n")
        c, _ = self.customers(data)
        # J gross = 1.0000 + 1.0002 + 2.1234 + 0.1235 + 8.0000 = 12.2471
        #   refunds 1.0002; net 11.2469; F 5 (no order column);
        #   avg 12.2471 / 5 = 2.44942 -> 2.4494
        self.assertEqual((c["J"]["gross"], c["J"]["refunds"], c["J"]["monetary"],
                          c["J"]["frequency"], c["J"]["avg_order_value"]),
                         ("12.2471", "1.0002", "11.2469", "5", "2.4494"))
        # K: avg 0.0002/2 = 0.0001 exactly -> 0.0001
        self.assertEqual(c["K"]["avg_order_value"], "0.0001")
        # L: avg 0.0003/2 = 0.00015 -> tie, 1 odd -> 0.0002
        self.assertEqual(c["L"]["avg_order_value"], "0.0002")

    def test_amount_scientific_notation(self):
        data = ("customer,date,amount\n"
                "S,2024-01-01,1.5E+3\n"   # 1500
                "S,2024-01-02,2e-1\n"     # 0.2
                "S,2024-01-03,-1.5e2\n"   # refund 150
                "T,2024-01-01,1.5E-4\n"   # 0.00015: tie, 1 odd -> 0.0002
                "T,2024-01-02,5E-5\n")    # 0.00005: tie, 0 even -> 0.0000 (a zero row)
        c, out = self.customers(data)
        # S: gross 1500 + 0.2 = 1500.20, refunds 150.00, net 1350.20, F 2
        self.assertEqual((c["S"]["gross"], c["S"]["refunds"], c["S"]["monetary"], c["S"]["frequency"]),
                         ("1500.20", "150.00", "1350.20", "2"))
        # T: one purchase of 0.0002; the other row rounds to zero
        self.assertEqual((c["T"]["monetary"], c["T"]["frequency"]), ("0.0002", "1"))

    def test_amount_forms_and_spaces(self):
        data = 'customer,date,amount\n" M ", 2024-01-01 ," +15 "\nM\t,2024-01-02,.5\nM,2024-01-03,7.\n'
        c, _ = self.customers(data)
        # " M " and "M\t" strip to "M"; 15 + 0.5 + 7 = 22.50; F 3
        self.assertEqual(set(c), {"M"})
        self.assertEqual((c["M"]["monetary"], c["M"]["frequency"]), ("22.50", "3"))


class TestInputAndOutput(Base):
    def test_sort_and_quoting(self):
        data = ("customer,date,amount\n"
                "b,2024-01-01,1\nB,2024-01-01,1\nZoë,2024-01-01,1\nZoe,2024-01-01,1\n"
                "张伟,2024-01-01,1\n9,2024-01-01,1\n10,2024-01-01,1\n"
                '"Smith, J",2024-01-01,1\n"O""Neil",2024-01-01,1\n')
        _, out = self.customers(data)
        ids = [line.split(",")[0] for line in out.split("\n")[1:] if line]
        # byte order: '1'(31) '9'(39) 'B'(42) 'O'(4F) 'S'(53) 'Z'(5A) 'b'(62) 张(E5..);
        # "Zoe" < "Zoë" since 'e' (65) < ë (C3 AB)
        self.assertEqual(ids, ["10", "9", "B", '"O""Neil"', '"Smith', "Zoe", "Zoë", "b", "张伟"])
        self.assertIn('\n"Smith, J",', out)
        self.assertNotIn("\r", out)

    def test_bom_crlf_blank_lines_and_multiple_files(self):
        f1 = self.write("", "a.csv", raw="\ufeffCustomer ID,Order-Date,Sales\r\nU,2024-01-01,10\r\n"
                        "\r\nU,2024-01-02,10\r\n".encode("utf-8"))
        f2rows = "客户,日期,金额,订单号\nU,2024-01-03,5,X\nU,2024-01-04,5,X\nU,2024-01-05,-1,X\n"
        f2 = self.write(f2rows, "b.csv")
        out = T.run(["customers", f1, f2])
        r = list(csv.DictReader(io.StringIO(out, newline="")))[0]
        # file 1 has no order column: 2 purchase rows = 2 orders; file 2: order X once -> F 3
        # gross 10+10+5+5 = 30, refunds 1, net 29; days 01-01..01-04 = 4;
        # as_of 01-06: recency 01-04 -> 2, tenure 01-01 -> 5; avg 30/3 = 10.00
        self.assertEqual((r["customer_id"], r["frequency"], r["purchase_days"], r["monetary"],
                          r["recency_days"], r["tenure_days"], r["avg_order_value"]),
                         ("U", "3", "4", "29.00", "2", "5", "10.00"))

    def test_ambiguous_and_missing_columns(self):
        with self.assertRaises(T.OracleError):
            self.customers("customer,client_id,date,amount\na,b,2024-01-01,1\n")
        with self.assertRaises(T.OracleError):
            self.customers("customer,day,amount\na,2024-01-01,1\n")
        c, _ = self.customers("who,day,amt,x\na,2024-01-01,1,\n",
                              "--customer", "who", "--date", "day", "--amount", "amt")
        self.assertEqual(c["a"]["monetary"], "1.00")

    def test_money_format(self):
        # units are ten-thousandths
        self.assertEqual(T.fmt_money(125000), "12.50")
        self.assertEqual(T.fmt_money(12345678), "1234.5678")
        self.assertEqual(T.fmt_money(12345670), "1234.567")
        self.assertEqual(T.fmt_money(-30000), "-3.00")
        self.assertEqual(T.fmt_money(0), "0.00")
        self.assertEqual(T.fmt_money(-1), "-0.0001")

    def test_fixed_half_even(self):
        self.assertEqual(T.fmt_fixed(Fraction(1, 32), 4), "0.0312")   # .03125, 2 even
        self.assertEqual(T.fmt_fixed(Fraction(3, 32), 4), "0.0938")   # .09375, 7 odd
        self.assertEqual(T.fmt_fixed(Fraction(-1, 32), 4), "-0.0312")
        self.assertEqual(T.fmt_fixed(Fraction(1, 8), 2), "0.12")      # .125, 2 even
        self.assertEqual(T.fmt_fixed(Fraction(3, 8), 2), "0.38")      # .375, 7 odd
        self.assertEqual(T.fmt_fixed(Fraction(-1, 100000), 4), "0.0000")  # no "-0.0000"


class TestReport(Base):
    def test_small_report(self):
        # RANK_DATA plus refunds-only E (-4); as_of 01-11.
        # A,B about_to_sleep (rec 1, F 1, M 10); C at_risk (6, 2, 20); D at_risk (10, 3, 15);
        # E no_purchases (M -4). N = 5, total monetary 51.
        # ABC default: order C 20, D 15, A 10, B 10, E -4; positive total 55:
        #   C 0 A; D 20/55 A; A 35/55 = .636 A; B 45/55 = .818 B; E C
        r, out = self.report(RANK_DATA + "E,2024-01-03,-4\n", "--as-of", "2024-01-11")
        rows = out.split("\n")
        self.assertEqual(rows[0], ",".join(T.REPORT_COLUMNS))
        expected = [
            "rfm,champions,0,0.0000,0.00,0.0000,,,",
            "rfm,loyal,0,0.0000,0.00,0.0000,,,",
            "rfm,potential_loyalist,0,0.0000,0.00,0.0000,,,",
            "rfm,new,0,0.0000,0.00,0.0000,,,",
            "rfm,promising,0,0.0000,0.00,0.0000,,,",
            "rfm,need_attention,0,0.0000,0.00,0.0000,,,",
            # 2/5 = .4; 20/51 = .392156 -> .3922; rec (1+1)/2; F 1; M 10
            "rfm,about_to_sleep,2,0.4000,20.00,0.3922,1.00,1.00,10.00",
            "rfm,cant_lose,0,0.0000,0.00,0.0000,,,",
            # 35/51 = .686274 -> .6863; rec (6+10)/2 = 8; F (2+3)/2 = 2.5; M 35/2 = 17.5
            "rfm,at_risk,2,0.4000,35.00,0.6863,8.00,2.50,17.50",
            "rfm,hibernating,0,0.0000,0.00,0.0000,,,",
            # -4/51 = -.078431 -> -.0784; no recency; F 0
            "rfm,no_purchases,1,0.2000,-4.00,-0.0784,,0.00,-4.00",
            # C,D,A: 45/51 = .882352 -> .8824; rec 17/3 = 5.666 -> 5.67; F 6/3; M 15
            "abc,A,3,0.6000,45.00,0.8824,5.67,2.00,15.00",
            # 10/51 = .196078 -> .1961
            "abc,B,1,0.2000,10.00,0.1961,1.00,1.00,10.00",
            "abc,C,1,0.2000,-4.00,-0.0784,,0.00,-4.00",
        ]
        self.assertEqual(rows[1:], expected + [""])

    def test_revenue_share_empty_when_total_not_positive(self):
        r, _ = self.report("customer,date,amount\nE,2024-01-03,-4\n")
        np_ = r[("rfm", "no_purchases")]
        # N = 1, total monetary -4 <= 0 -> revenue_share empty; customers_share 1/1
        self.assertEqual((np_["customers_share"], np_["revenue"], np_["revenue_share"]),
                         ("1.0000", "-4.00", ""))
        self.assertEqual(r[("rfm", "champions")]["revenue_share"], "")

    def test_empty_input(self):
        _, out = self.report("customer,date,amount\n")
        rows = out.split("\n")
        # no customers: every share empty, revenue 0.00, averages empty
        self.assertEqual(rows[1], "rfm,champions,0,,0.00,,,,")
        self.assertEqual(rows[12], "abc,A,0,,0.00,,,,")
        self.assertEqual(len(rows), 1 + 11 + 3 + 1)


if __name__ == "__main__":
    unittest.main()

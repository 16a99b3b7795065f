#!/usr/bin/env python3
"""Runs the public csv-spectrum suite (npm package csv-spectrum 2.0.0,
https://github.com/max-mapper/csv-spectrum) through tiers' CSV tokenizer.

    python3 tests/conformance/csv_spectrum.py [--dump build/tiers_csv_dump] [--dir build/csv-spectrum]

Installs the package with npm into --dir once (it is test data, never copied
into the repository), then for each csvs/NAME.csv compares the records
tiers_csv_dump prints, as header-keyed objects, with json/NAME.json.

One case is expected to differ, on purpose: location_coordinates.csv has a
quote inside an unquoted field (37°36'37.8"N); csv-spectrum reads it as
data, tiers rejects the record with the reason "quote inside an unquoted
field", as the real-world input issue asks (a stray quote is a reject with
its line and reason, never a guess). The script checks that it is exactly
that reject. (That case's JSON also has another phone number than its CSV.)

Exit 0 when every other case matches and the expected reject is there.
Needs node and npm; not part of ctest, like the benchmark.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSION = "2.0.0"
EXPECTED_REJECTS = {"location_coordinates": "quote inside an unquoted field"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dump", default=os.path.join(ROOT, "build", "tiers_csv_dump"))
    ap.add_argument("--dir", default=os.path.join(ROOT, "build", "csv-spectrum"))
    a = ap.parse_args()
    pkg = os.path.join(a.dir, "node_modules", "csv-spectrum")
    if not os.path.isdir(pkg):
        os.makedirs(a.dir, exist_ok=True)
        subprocess.check_call(["npm", "install", "--no-save", "--prefix", a.dir, f"csv-spectrum@{VERSION}"],
                              stdout=subprocess.DEVNULL)
    failures = 0
    names = sorted(n[:-4] for n in os.listdir(os.path.join(pkg, "csvs")) if n.endswith(".csv"))
    for name in names:
        out = subprocess.run([a.dump, os.path.join(pkg, "csvs", name + ".csv")], capture_output=True, check=True)
        records = json.loads(out.stdout.decode("utf-8", "replace"))
        with open(os.path.join(pkg, "json", name + ".json"), encoding="utf-8", errors="replace") as f:
            expected = json.load(f)
        if isinstance(expected, dict):
            expected = [expected]
        header, rows = records[0], records[1:]
        if name in EXPECTED_REJECTS:
            want = [{"problem": EXPECTED_REJECTS[name]}] * len(expected)
            ok = rows == want
            print(f"{'ok  ' if ok else 'FAIL'} {name}: rejected, as intended ({EXPECTED_REJECTS[name]})")
        else:
            got = [dict(zip(header, r)) if isinstance(r, list) else r for r in rows]
            ok = got == expected
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {len(got)} record(s)")
            if not ok:
                print(f"     got      {got}\n     expected {expected}")
        failures += not ok
    print(f"{len(names) - failures} of {len(names)} csv-spectrum cases as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

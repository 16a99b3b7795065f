#!/usr/bin/env python3
"""DESIGN-semantics reference for `tiers classify` — NOT tiers.

    bench/design_reference.py classify --as-of 2025-01-01 --rfm-method ntile [--threads N] FILE > out.csv

Prints the DESIGN.md §4.4 customers table (default pipeline rfm + abc, NTILE
method) for one transaction CSV with gen.py's columns, computed by DuckDB
(bench/design_reference.sql through bench/duckdb_sql.cjs).  It accepts the
subset of the tiers command line that bench.py uses, so it can stand in for
the C++ binary while that does not exist (`bench.py --tiers
bench/design_reference.py`) and serves as an independent check of tiers'
other columns (first/last date, tenure, purchase days, gross, refunds,
average order value, segment).  Limitations: one input file, gen.py's column
names, --as-of required, ntile only, no rejects/run summary.

The process exec()s node, so a harness timing this command measures DuckDB.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(prog="design_reference.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["classify"])
    ap.add_argument("--as-of", required=True, help="YYYY-MM-DD, exclusive end")
    ap.add_argument("--rfm-method", default="ntile", choices=["ntile"])
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    ap.add_argument("file")
    a = ap.parse_args()
    env = dict(os.environ)
    env.setdefault("TIERSBENCH_NM", os.path.join(ROOT, "bench-data", "node", "node_modules"))
    if a.threads:
        env["DUCKDB_THREADS"] = str(a.threads)
    sys.stdout.flush()
    argv = ["node", os.path.join(HERE, "duckdb_sql.cjs"), os.path.join(HERE, "design_reference.sql"),
            a.file, "/dev/stdout", f"AS_OF={a.as_of}"]
    os.execvpe("node", argv, env)


if __name__ == "__main__":
    main()

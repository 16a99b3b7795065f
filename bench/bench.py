#!/usr/bin/env python3
"""Benchmark `tiers classify` against the shared DuckDB / polars peers.

    python3 bench/bench.py [--sizes 10m,50m] [--runs 3] [--tiers PATH]
                           [--peers duckdb,polars] [--shuffled] [--threads-check]
                           [--streams] [--run-check]

Run from anywhere; paths are relative to the project root (this file's
parent's parent).  Steps:

 1. data: ../shared/bench/gen.py writes bench-data/tx_SIZE.csv (skipped when
    present); --shuffled adds bench-data/tx_SIZE_shuffled.csv (same rows,
    header first, data rows in a fixed pseudo-random order) for 1m / 10m.
 2. peers: npm installs @duckdb/node-api and nodejs-polars into
    bench-data/node once, as ../shared/bench/README.md says.
 3. timing: for each file, --runs rounds; each round runs tiers then each peer
    (alternating, the machine is noisy).  Per run: wall time, CPU time
    (user + sys) and peak RSS of the child process, from os.wait4.
 4. table: medians and ratios, printed and written to bench-data/results.md.
 5. checks: peers agree (../shared/bench/compare.py); tiers vs each peer,
    per column; tiers vs bench/design_duckdb.sql (the DuckDB peer with
    DESIGN's refund semantics; expected 0 differences); every peer-vs-DESIGN
    difference attributed to refund rows or to NTILE position shifts.
 6. --threads-check: tiers --threads 1 vs default threads on 10m, cmp.
 7. --streams: on 10m, `cat FILE | tiers -`, `tiers FILE.gz` (gzip -1,
    made once) and `zcat FILE.gz | tiers -` beside the file and beside
    their sources alone (`cat | cat`, `zcat`, `zcat | cat`), --runs rounds
    alternating; medians, ratios, outputs cmp'd.
 8. --run-check: on 10m, the whole nightly job, `tiers run -o DIR` (every
    output: customers, report, follow-ups, rejects, run.json,
    thresholds.json, synced and swapped in), beside `tiers classify`,
    --runs rounds alternating; medians, output sizes, and customers.csv
    cmp'd with classify's output.

Exit status 0 when every run succeeded and every check passed.
"""
import argparse
import csv
import datetime
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from decimal import ROUND_HALF_EVEN, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "bench-data")
OUT = os.path.join(DATA, "out")
NODE_DIR = os.path.join(DATA, "node")
NM = os.path.join(NODE_DIR, "node_modules")
AS_OF = "2025-01-01"
SIZES = {"1m": 1_000_000, "10m": 10_000_000, "50m": 50_000_000}
GEN_BYTES = {"1m": 45_400_000, "10m": 453_500_000, "50m": 2_270_000_000}  # approx., README table
NPM_PACKAGES = ["@duckdb/node-api", "nodejs-polars", "nodejs-polars-linux-x64-gnu@0.26.1"]
SHUFFLE_SEED = 20250101
DESIGN_COLS = ["customer_id", "first_date", "last_date", "recency_days", "tenure_days", "frequency",
               "purchase_days", "monetary", "gross", "refunds", "avg_order_value", "rfm", "rfm_r",
               "rfm_f", "rfm_m", "rfm_cell", "abc"]
# compared columns: name in peer/DESIGN-variant output -> name in tiers output
CMP = [("recency", "recency_days"), ("frequency", "frequency"), ("monetary", "monetary"),
       ("r", "rfm_r"), ("f", "rfm_f"), ("m", "rfm_m"), ("abc", "abc")]
COLS = [c for c, _ in CMP]
STANDIN = " — the DuckDB stand-in, NOT the C++ tiers"

problems = []  # failed runs / checks; non-empty -> exit 1


def log(msg=""):
    print(msg, flush=True)


def problem(msg):
    problems.append(msg)
    log(f"  !! {msg}")


def rel(p):
    return os.path.relpath(p, ROOT)


# ---------------------------------------------------------------- 1. data

def ensure_data(shared, sizes, shuffled):
    os.makedirs(DATA, exist_ok=True)
    missing = [s for s in sizes if not os.path.exists(os.path.join(DATA, f"tx_{s}.csv"))]
    if missing:
        need = sum(GEN_BYTES[s] for s in missing) + 500_000_000
        free = shutil.disk_usage(DATA).free
        if free < need:
            sys.exit(f"bench.py: generating {','.join(missing)} needs ~{need / 1e9:.1f} GB, "
                     f"{free / 1e9:.1f} GB free under {rel(DATA)}")
        log(f"generating {','.join(missing)} with {rel(os.path.join(shared, 'gen.py'))} ...")
        t = time.perf_counter()
        subprocess.check_call([sys.executable, os.path.join(shared, "gen.py"), "--sizes", ",".join(missing)],
                              cwd=ROOT)
        log(f"  done in {time.perf_counter() - t:.0f} s")
    files = [os.path.join(DATA, f"tx_{s}.csv") for s in sizes]
    shuffled_files = []
    if shuffled:
        for s in sizes:
            if s == "50m":
                log("--shuffled: skipping 50m (shuffled copies are made of 1m / 10m only)")
                continue
            src = os.path.join(DATA, f"tx_{s}.csv")
            dst = os.path.join(DATA, f"tx_{s}_shuffled.csv")
            if not os.path.exists(dst):
                shuffle_file(src, dst)
            shuffled_files.append(dst)
    return files, shuffled_files


def shuffle_file(src, dst):
    """Header first, data rows in a deterministic random order.

    GNU shuf does the work (a few seconds for 10M rows); its randomness comes
    from a Python random.Random(SHUFFLE_SEED) byte stream fed through a pipe,
    so the output depends only on the input bytes."""
    log(f"shuffling {rel(src)} -> {rel(dst)} ...")
    t = time.perf_counter()
    rfd, wfd = os.pipe()

    def feed():
        rng = random.Random(SHUFFLE_SEED)
        with os.fdopen(wfd, "wb") as w:
            try:
                while True:
                    w.write(rng.randbytes(1 << 20))
            except (BrokenPipeError, OSError):
                pass

    th = threading.Thread(target=feed, daemon=True)
    th.start()
    tmp = dst + ".part"
    with open(src, "rb") as fin, open(tmp, "wb") as fout:
        header = fin.readline()
        fout.write(header)
        fout.flush()
        os.lseek(fin.fileno(), len(header), os.SEEK_SET)  # shuf reads the fd, not Python's buffer
        p = subprocess.Popen(["shuf", f"--random-source=/dev/fd/{rfd}"], stdin=fin, stdout=fout,
                             pass_fds=(rfd,))
        os.close(rfd)
        rc = p.wait()
    th.join(10)
    if rc != 0:
        os.unlink(tmp)
        sys.exit(f"bench.py: shuf failed ({rc}) on {src}")
    os.replace(tmp, dst)
    log(f"  done in {time.perf_counter() - t:.1f} s")


# ---------------------------------------------------------------- 2. peers

def ensure_node_modules():
    need = [os.path.join(NM, "@duckdb", "node-api"), os.path.join(NM, "nodejs-polars"),
            os.path.join(NM, "nodejs-polars-linux-x64-gnu")]
    if shutil.which("node") is None or shutil.which("npm") is None:
        sys.exit("bench.py: node and npm are needed for the peers (Debian: apt-get install nodejs npm)")
    if not all(os.path.isdir(p) for p in need):
        log(f"installing peers into {rel(NODE_DIR)}: npm install {' '.join(NPM_PACKAGES)} ...")
        os.makedirs(NODE_DIR, exist_ok=True)
        if not os.path.exists(os.path.join(NODE_DIR, "package.json")):
            subprocess.check_call(["npm", "init", "-y"], cwd=NODE_DIR, stdout=subprocess.DEVNULL)
        subprocess.check_call(["npm", "install", "--no-audit", "--no-fund"] + NPM_PACKAGES, cwd=NODE_DIR)
    # nodejs-polars' native part is silently skipped by npm on node < 22 unless named explicitly;
    # fail here, clearly, rather than in the middle of the timing rounds.
    r = subprocess.run(["node", "-e", "const p=require('path'),nm=process.argv[1];"
                        "require(p.join(nm,'@duckdb/node-api'));require(p.join(nm,'nodejs-polars'));", NM],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench.py: peers in {rel(NM)} do not load:\n{r.stderr.strip()[-2000:]}\n"
                 f"remove {rel(NODE_DIR)} and run again")


def module_version(name):
    try:
        with open(os.path.join(NM, name, "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "?"


# ---------------------------------------------------------------- 3. timing

def peer_commands(shared):
    p = os.path.join(shared, "peers")
    return {
        "duckdb": lambda i, o: ["node", os.path.join(p, "tiers_duckdb.cjs"), i, o],
        "polars": lambda i, o: ["node", os.path.join(p, "tiers_polars.cjs"), i, o],
        # opt-in, slower peers from the shared kit (need apt-get install python3-pandas sqlite3 miller)
        "pandas": lambda i, o: ["/usr/bin/python3", os.path.join(p, "tiers_pandas.py"), i, o],
        "sqlite": lambda i, o: ["sh", os.path.join(p, "tiers_sqlite.sh"), i, o],
        "mlr": lambda i, o: ["sh", os.path.join(p, "tiers_mlr.sh"), i, o],
    }


def tiers_command(tiers, infile, threads=None):
    cmd = [tiers, "classify"]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    return cmd + ["--as-of", AS_OF, "--rfm-method", "ntile", infile]


def measure(cmd, stdout_path, log_path, env):
    """Run cmd; return (rc, wall s, cpu s, peak RSS MiB) of that child process."""
    with open(stdout_path or os.devnull, "wb") as so, open(log_path, "wb") as se:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, stdout=so, stderr=se, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        except OSError as e:
            se.write(f"cannot start {cmd[0]}: {e}\n".encode())
            return 127, 0.0, 0.0, 0.0
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = rc = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    return rc, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0  # ru_maxrss is KiB on Linux


def tail(path, n=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:]).rstrip()
    except OSError:
        return ""


BUSY = {}  # file -> cores busy with other processes just before its rounds


def busy_cores(interval=1.0):
    """Cores kept busy by other processes over `interval` s (this process only sleeps meanwhile)."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v), v[3] + v[4]  # total, idle + iowait
    t0, i0 = sample()
    time.sleep(interval)
    t1, i1 = sample()
    return (os.cpu_count() or 1) * (1 - (i1 - i0) / max(t1 - t0, 1))


def warm(path):
    """Read the file once so every tool sees it in the page cache (warm-cache timings)."""
    with open(path, "rb", buffering=0) as f:
        while f.read(1 << 24):
            pass


def stem(path):
    return os.path.basename(path)[:-4] if path.endswith(".csv") else os.path.basename(path)


def out_path(infile, tool):
    return os.path.join(OUT, f"{stem(infile)}.{tool}.csv")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 24)
            if not b:
                return h.hexdigest()
            h.update(b)


def run_rounds(files, tools, runs, tiers, peers, env):
    """results[(tool, file)] = list of (wall, cpu, peak); failed tools are dropped for that file."""
    results = {}
    for infile in files:
        log(f"\n== {rel(infile)} ({os.path.getsize(infile) / 1e6:.0f} MB): {runs} round(s) of {', '.join(tools)}")
        warm(infile)
        BUSY[infile] = busy = busy_cores()
        if busy > 0.3:
            log(f"  note: other processes keep {busy:.1f} of {os.cpu_count()} cores busy; timings will be noisy")
        failed = set()
        hashes = []
        for rnd in range(1, runs + 1):
            for tool in tools:
                if tool in failed:
                    continue
                out = out_path(infile, tool)
                errlog = out[:-4] + ".log"
                if os.path.exists(out):
                    os.unlink(out)
                # Warm before every run, not once per file: where the page
                # cache holds about 3 GB (the machine of the README's runs),
                # the 50M file (2.3 GB) is partly evicted by the runs and
                # outputs before, and whichever tool comes next reads from
                # disk (a cold 50M tiers run: 5.2 s, 4.8 s of it system time,
                # against 3.0 s warm).
                warm(infile)
                if tool == "tiers":
                    rc, wall, cpu, peak = measure(tiers_command(tiers, infile), out, errlog, env)
                else:
                    rc, wall, cpu, peak = measure(peers[tool](infile, out), None, errlog, env)
                if rc != 0 or not os.path.exists(out):
                    failed.add(tool)
                    last = (tail(errlog, 1) or "no message")[:200]
                    problem(f"{tool} on {rel(infile)} failed (exit {rc}): {last}  [log {rel(errlog)}]\n"
                            + "\n".join("     " + l for l in tail(errlog).splitlines()))
                    if os.path.exists(out):
                        os.unlink(out)
                    results.pop((tool, infile), None)
                    continue
                results.setdefault((tool, infile), []).append((wall, cpu, peak))
                log(f"  round {rnd}/{runs}  {tool:<7} wall {wall:7.2f} s   CPU {cpu:7.2f} s   peak {peak:7.0f} MiB")
                if tool == "tiers":
                    hashes.append(sha256(out))
        if len(set(hashes)) > 1:
            problem(f"tiers output on {rel(infile)} differs between runs (not deterministic)")
        elif len(hashes) > 1:
            log(f"  tiers output identical across {len(hashes)} runs")
    return results


# ---------------------------------------------------------------- 4. tables

def med(vals):
    return statistics.median(vals) if vals else None


def summary(results):
    """(tool, file) -> dict(wall, cpu, peak, wmin, wmax, n)."""
    s = {}
    for k, v in results.items():
        w = [x[0] for x in v]
        s[k] = {"wall": med(w), "cpu": med([x[1] for x in v]), "peak": med([x[2] for x in v]),
                "wmin": min(w), "wmax": max(w), "n": len(v)}
    return s


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "—"


def render(headers, rows, markdown):
    if markdown:
        out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        out += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(out)
    w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(r))
    return "\n".join([line(headers), line(["-" * x for x in w])] + [line(r) for r in rows])


def tables(s, files, shuffled_files, tools, markdown):
    parts = []
    h = ["tool", "file", "runs", "wall s", "wall min–max", "CPU s", "peak MiB",
         "wall ÷ tiers", "CPU ÷ tiers", "peak ÷ tiers"]
    rows = []
    for f in files + shuffled_files:
        t = s.get(("tiers", f))
        for tool in tools:
            x = s.get((tool, f))
            if x is None:
                rows.append([tool, stem(f), "0", "failed", "", "", "", "", "", ""])
                continue
            rows.append([tool, stem(f), str(x["n"]), f"{x['wall']:.2f}", f"{x['wmin']:.2f}–{x['wmax']:.2f}",
                         f"{x['cpu']:.2f}", f"{x['peak']:.0f}",
                         ratio(x["wall"], t and t["wall"]), ratio(x["cpu"], t and t["cpu"]),
                         ratio(x["peak"], t and t["peak"])])
    parts.append(render(h, rows, markdown))
    parts.append("Medians over the runs. `X ÷ tiers` = the tool's median over tiers' median on the same "
                 "file (> 1: tiers is faster / smaller).")
    by_size = {stem(f): f for f in files}
    if "tx_10m" in by_size and "tx_50m" in by_size:
        a, b = by_size["tx_50m"], by_size["tx_10m"]
        rows = []
        for tool in tools:
            x, y = s.get((tool, a)), s.get((tool, b))
            if x and y:
                rows.append([tool, "50m ÷ 10m", ratio(x["wall"], y["wall"]), ratio(x["cpu"], y["cpu"]),
                             ratio(x["peak"], y["peak"])])
        if rows:
            parts.append("Scaling (5× the rows, 5× the customers):\n\n"
                         + render(["tool", "files", "wall ratio", "CPU ratio", "peak ratio"], rows, markdown))
    rows = []
    for sf in shuffled_files:
        f = sf.replace("_shuffled.csv", ".csv")
        for tool in tools:
            x, y = s.get((tool, sf)), s.get((tool, f))
            if x and y:
                rows.append([tool, f"{stem(sf)} ÷ {stem(f)}", ratio(x["wall"], y["wall"]),
                             ratio(x["cpu"], y["cpu"]), ratio(x["peak"], y["peak"])])
    if rows:
        parts.append("Shuffled vs date-sorted input (same rows):\n\n"
                     + render(["tool", "files", "wall ratio", "CPU ratio", "peak ratio"], rows, markdown))
    return "\n\n".join(parts)


def machine_info():
    model = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {mem} RAM, {platform.system()} {platform.release()}"


def tool_versions(tiers):
    v = {}
    try:
        r = subprocess.run([tiers, "--version"], capture_output=True, text=True, timeout=10, cwd=ROOT)
        v["tiers"] = (r.stdout.strip() or r.stderr.strip()).splitlines()[0][:80] if r.returncode == 0 else "?"
    except (OSError, subprocess.TimeoutExpired, IndexError):
        v["tiers"] = "?"
    try:
        v["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        v["node"] = "?"
    v["duckdb"] = module_version("@duckdb/node-api")
    v["polars"] = module_version("nodejs-polars")
    return v


# ---------------------------------------------------------------- 5. checks

def money(s):
    """Exact amount in 1/10000 units from a decimal string (None when empty)."""
    if s == "":
        return None
    t = s.lstrip("+-")
    ip, dot, fp = t.partition(".")
    if ip.isdigit() and (not dot or (fp.isdigit() or fp == "")) and len(fp) <= 4:
        v = int(ip) * 10000 + int((fp + "0000")[:4])
        return -v if s.startswith("-") else v
    return int((Decimal(s) * 10000).to_integral_value(ROUND_HALF_EVEN))  # e.g. float text 1e-05


def opt_int(s):
    return int(s) if s != "" else None


def load(path, names):
    """customer_id -> (recency, frequency, monetary, r, f, m, abc) using column names `names`."""
    rows = {}
    with open(path, newline="") as fh:
        rd = csv.reader(fh)
        header = next(rd, [])
        try:
            idx = [header.index(n) for n in ["customer_id"] + names]
        except ValueError:
            raise SystemExit(f"bench.py: {rel(path)}: header {header} lacks one of {['customer_id'] + names}")
        ci, ir, ifr, im, iR, iF, iM, ia = idx
        for rec in rd:
            rows[rec[ci]] = (opt_int(rec[ir]), opt_int(rec[ifr]), money(rec[im]),
                             opt_int(rec[iR]), opt_int(rec[iF]), opt_int(rec[iM]), rec[ia])
    return rows


def diff(a, b):
    """(missing from b, extra in b, per-column counts, set of differing customers)."""
    counts = dict.fromkeys(COLS, 0)
    differing = {}
    for k, v in a.items():
        w = b.get(k)
        if w is None or v == w:
            continue
        cols = [COLS[i] for i in range(len(COLS)) if v[i] != w[i]]
        for c in cols:
            counts[c] += 1
        differing[k] = cols
    missing = sum(1 for k in a if k not in b)
    extra = sum(1 for k in b if k not in a)
    return missing, extra, counts, differing


def fmt_counts(counts):
    return ", ".join(f"{c} {n}" for c, n in counts.items())


def run_node_sql(sql, infile, outfile, env):
    cmd = ["node", os.path.join(HERE, "duckdb_sql.cjs"), os.path.join(HERE, sql), infile, outfile]
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"bench.py: {sql} on {rel(infile)} failed:\n{r.stderr.strip()[-2000:]}")


def check_file(infile, tools, shared, env, report):
    """Output checks for one (unshuffled) input file; appends Markdown lines to report."""
    name = stem(infile)
    log(f"\n== checks on {name}")
    report.append(f"\n### {name}\n")
    peers_ok = [t for t in tools if t != "tiers" and os.path.exists(out_path(infile, t))]
    # (a) the peers agree with each other
    if len(peers_ok) >= 2:
        r = subprocess.run([sys.executable, os.path.join(shared, "compare.py")]
                           + [rel(out_path(infile, t)) for t in peers_ok], capture_output=True, text=True, cwd=ROOT)
        log("  (a) peers agree? compare.py " + " ".join(peers_ok))
        log("\n".join("      " + l for l in (r.stdout + r.stderr).strip().splitlines()))
        if r.returncode != 0:
            problem(f"{name}: peers disagree ({', '.join(peers_ok)}), see compare.py output above")
            report.append(f"- peers {', '.join(peers_ok)} **disagree** (compare.py)")
        else:
            report.append(f"- peers {', '.join(peers_ok)} agree on every customer and column (compare.py)")
    # DESIGN variant of the DuckDB peer, and who has refund rows
    design_out = out_path(infile, "design")
    refund_out = out_path(infile, "refunders")
    t = time.perf_counter()
    run_node_sql("design_duckdb.sql", infile, design_out, env)
    run_node_sql("refund_customers.sql", infile, refund_out, env)
    log(f"  bench/design_duckdb.sql + refund_customers.sql: {time.perf_counter() - t:.1f} s")
    with open(refund_out, newline="") as fh:
        refunders = {r["customer_id"] for r in csv.DictReader(fh)}
    design = load(design_out, COLS)
    log(f"  customers {len(design)}, with at least one refund row {len(refunders)}"
        f" ({100 * len(refunders) / max(len(design), 1):.1f} %),"
        f" with no purchase {sum(1 for v in design.values() if v[1] == 0)}")
    report.append(f"- {len(design)} customers; {len(refunders)} have at least one refund row")
    # (b) tiers vs peers and vs the DESIGN variant
    tiers_out = out_path(infile, "tiers")
    if "tiers" in tools and os.path.exists(tiers_out):
        with open(tiers_out, newline="") as fh:
            header = next(csv.reader(fh), [])
        if header != DESIGN_COLS:
            problem(f"{name}: tiers columns are {header}, DESIGN §4.4 says {DESIGN_COLS}")
            report.append("- tiers columns **differ** from DESIGN §4.4")
        tiers = load(tiers_out, [t for _, t in CMP])
        m, e, counts, differing = diff(design, tiers)
        n = len(differing)
        ok = m == 0 and e == 0 and n == 0
        tiers_ok = ok and header == DESIGN_COLS
        log(f"  (b) tiers vs DESIGN-semantics DuckDB (bench/design_duckdb.sql): missing {m}, extra {e}, "
            f"customers differing {n} [{fmt_counts(counts)}] -> {'OK, identical' if ok else 'MISMATCH'}")
        report.append(f"- tiers vs DESIGN-semantics DuckDB: {n} customers differ, {m} missing, {e} extra"
                      f" ({'identical on recency, frequency, monetary, r, f, m, abc' if ok else fmt_counts(counts)})")
        if not ok:
            problem(f"{name}: tiers differs from the DESIGN-semantics query")
            for k in sorted(differing)[:5]:
                log(f"      e.g. {k}: DESIGN {design[k]} tiers {tiers[k]}")
    else:
        tiers = tiers_ok = None
        log("  (b) no tiers output to check")
    explained_all = True
    for i, peer in enumerate(peers_ok):
        p = load(out_path(infile, peer), COLS)
        if tiers is not None:
            m, e, counts, differing = diff(p, tiers)
            log(f"      tiers vs {peer}: missing {m}, extra {e}, customers differing {len(differing)}"
                f" [{fmt_counts(counts)}]")
            report.append(f"- tiers vs {peer}: {len(differing)} customers differ ({fmt_counts(counts)})")
        if i > 0:
            continue  # the peers agree (a); attribute the differences once, with the first peer
        m, e, counts, differing = diff(p, design)
        with_ref = sum(1 for k in differing if k in refunders)
        no_ref = {k: c for k, c in differing.items() if k not in refunders}
        ntile_only = sum(1 for c in no_ref.values() if set(c) <= {"r", "f", "m"})
        # DESIGN's ABC total leaves out negative net customers, so it is larger than the peer's: a
        # customer's share of revenue before it can only fall, i.e. its tier can only improve (C->B, B->A)
        abc_shift = sum(1 for k, c in no_ref.items() if "abc" in c and set(c) <= {"r", "f", "m", "abc"}
                        and design[k][6] < p[k][6] and design[k][2] > 0)
        unexplained = len(no_ref) - ntile_only - abc_shift
        log(f"  (c) {peer} peer vs DESIGN variant: missing {m}, extra {e}, customers differing {len(differing)}"
            f" [{fmt_counts(counts)}]")
        log(f"      {with_ref} of them have at least one refund row;"
            f" {len(no_ref)} have none: {ntile_only} differ only in r/f/m (NTILE position shifts: refund"
            f" customers moved or left the scored set), {abc_shift} in abc too, one tier up (the DESIGN ABC"
            f" total leaves out negative net customers), {unexplained} otherwise")
        report.append(f"- {peer} peer vs DESIGN-semantics DuckDB: {len(differing)} customers differ"
                      f" ({fmt_counts(counts)}); {with_ref} have a refund row, {ntile_only} have none and differ"
                      f" only in r/f/m (NTILE position shifts), {abc_shift} have none and differ in abc through"
                      f" the ABC total, {unexplained} unexplained")
        if m or e or unexplained:
            explained_all = False
            problem(f"{name}: {unexplained} peer-vs-DESIGN differences not explained by refunds"
                    f" (missing {m}, extra {e})")
    if tiers is not None and peers_ok:
        if explained_all and tiers_ok:
            msg = ("tiers = DESIGN variant, and every peer-vs-DESIGN difference is a customer with a refund"
                   " row or an NTILE position / ABC total shift caused by such customers: refunds explain"
                   " every tiers-vs-peer difference")
            log(f"  => {msg}")
            report.append(f"- **{msg}**")


def check_shuffled(sf, tools, report):
    f = sf.replace("_shuffled.csv", ".csv")
    a, b = out_path(f, "tiers"), out_path(sf, "tiers")
    if "tiers" in tools and os.path.exists(a) and os.path.exists(b):
        same = subprocess.run(["cmp", "-s", a, b]).returncode == 0
        msg = f"tiers output on {stem(sf)} and {stem(f)}: {'byte-identical' if same else 'DIFFERENT'} (cmp)"
        log(f"\n== checks on {stem(sf)}\n  {msg}")
        report.append(f"\n### {stem(sf)}\n\n- {msg}")
        if not same:
            problem(msg)


def threads_check(tiers, infile, env, report):
    log(f"\n== --threads-check on {rel(infile)}")
    warm(infile)
    res = {}
    for label, th in (("--threads 1", 1), ("default threads", None)):
        out = out_path(infile, "tiers_threads1" if th else "tiers_threadsdefault")
        rc, wall, cpu, peak = measure(tiers_command(tiers, infile, th), out, out[:-4] + ".log", env)
        if rc != 0:
            problem(f"tiers {label} failed (exit {rc}):\n{tail(out[:-4] + '.log')}")
            return
        res[label] = out
        log(f"  tiers {label:<16} wall {wall:7.2f} s   CPU {cpu:7.2f} s   peak {peak:7.0f} MiB")
        report.append(f"- tiers {label}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {peak:.0f} MiB")
    same = subprocess.run(["cmp", *res.values()]).returncode == 0
    msg = f"outputs {'byte-identical' if same else 'DIFFERENT'} (cmp)"
    log(f"  {msg}")
    report.append(f"- {msg}")
    if not same:
        problem(f"--threads 1 and default threads give different outputs on {rel(infile)}")


def streams_check(tiers, infile, runs, env, report):
    """stdin and .gz: tiers on a pipe (from cat and from zcat) and on the
    gzipped file, beside the plain file and beside their sources alone
    (cat | cat, zcat, zcat | cat), alternating."""
    log(f"\n== --streams on {rel(infile)}")
    gz = infile + ".gz"
    if not os.path.exists(gz):
        log(f"  gzip -1 {rel(infile)} (once)")
        with open(gz + ".part", "wb") as fout:
            subprocess.run(["gzip", "-1", "-c", infile], stdout=fout, check=True)
        os.replace(gz + ".part", gz)
    warm(infile)
    warm(gz)
    q = lambda x: "'" + x.replace("'", "'\\''") + "'"
    tiers_args = " ".join(q(a) for a in tiers_command(tiers, "-")[:-1])
    cases = [
        ("file", tiers_command(tiers, infile), True),
        ("cat FILE | tiers -", ["sh", "-c", f"cat {q(infile)} | {tiers_args} -"], True),
        ("cat FILE | cat (the source)", ["sh", "-c", f"cat {q(infile)} | cat"], False),
        ("FILE.gz", tiers_command(tiers, gz), True),
        ("zcat FILE.gz (the source)", ["zcat", gz], False),
        # A pipe from a source slower than tiers (`zcat export.csv.gz |
        # tiers classify -`, as in tiers' help): beside the same source
        # through a pipe to cat, since writing to a pipe costs zcat time too.
        ("zcat FILE.gz | tiers -", ["sh", "-c", f"zcat {q(gz)} | {tiers_args} -"], True),
        ("zcat FILE.gz | cat (its source)", ["sh", "-c", f"zcat {q(gz)} | cat"], False),
    ]
    times = {label: [] for label, _, _ in cases}
    outputs = {}
    for r in range(runs):
        for i, (label, cmd, keep) in enumerate(cases):
            out = os.path.join(OUT, f"streams_{i}.csv") if keep else None
            rc, wall, cpu, peak = measure(cmd, out, os.path.join(OUT, f"streams_{i}.log"), env)
            if rc != 0:
                problem(f"--streams: {label} failed (exit {rc}):\n{tail(os.path.join(OUT, f'streams_{i}.log'))}")
                return
            times[label].append((wall, cpu, peak))
            if out:
                outputs[label] = out
    rows = []
    for label, _, _ in cases:
        w, c, p = (med([t[k] for t in times[label]]) for k in range(3))
        rows.append((label, w, c, p))
        log(f"  {label:<32} wall {w:6.2f} s   CPU {c:6.2f} s   peak {p:6.0f} MiB")
    m = {label: w for label, w, _, _ in rows}
    report += ["| input | wall s | CPU s | peak MiB |", "|---|---|---|---|"]
    cell = lambda text: text.replace("|", "\\|")  # a pipe inside a Markdown table cell
    report += [f"| {cell(label)} | {w:.2f} | {c:.2f} | {p:.0f} |" for label, w, c, p in rows]
    ratios = (f"pipe ÷ file {ratio(m['cat FILE | tiers -'], m['file'])}, "
              f"pipe ÷ its source {ratio(m['cat FILE | tiers -'], m['cat FILE | cat (the source)'])}, "
              f".gz ÷ zcat {ratio(m['FILE.gz'], m['zcat FILE.gz (the source)'])}, "
              f".gz ÷ file {ratio(m['FILE.gz'], m['file'])}, "
              f"zcat pipe ÷ its source {ratio(m['zcat FILE.gz | tiers -'], m['zcat FILE.gz | cat (its source)'])}")
    log("  " + ratios)
    report += ["", "- " + ratios]
    same = all(subprocess.run(["cmp", outputs["file"], o]).returncode == 0 for o in outputs.values())
    msg = f"outputs of the file, the two pipes and the .gz {'byte-identical' if same else 'DIFFERENT'} (cmp)"
    log(f"  {msg}")
    report.append(f"- {msg}")
    if not same:
        problem(f"--streams: a pipe's or the .gz's output differs from the file's on {rel(infile)}")


def run_check(tiers, infile, runs, env, report):
    """The main job, `tiers run -o DIR`, beside `tiers classify` (alternating)."""
    log(f"\n== --run-check on {rel(infile)}")
    warm(infile)
    run_dir = os.path.join(OUT, "run_check")
    classified = os.path.join(OUT, "run_check_classify.csv")
    cases = [
        ("tiers classify FILE > OUT", tiers_command(tiers, infile), classified),
        ("tiers run -o DIR FILE", [tiers, "run", "-o", run_dir] + tiers_command(tiers, infile)[2:], None),
    ]
    times = {label: [] for label, _, _ in cases}
    for r in range(runs):
        for i, (label, cmd, out) in enumerate(cases):
            rc, wall, cpu, peak = measure(cmd, out, os.path.join(OUT, f"run_check_{i}.log"), env)
            if rc != 0:
                problem(f"--run-check: {label} failed (exit {rc}):\n{tail(os.path.join(OUT, f'run_check_{i}.log'))}")
                return
            times[label].append((wall, cpu, peak))
    report += ["| command | wall s | CPU s | peak MiB |", "|---|---|---|---|"]
    walls = {}
    for label, _, _ in cases:
        w, c, p = (med([t[k] for t in times[label]]) for k in range(3))
        walls[label] = w
        log(f"  {label:<28} wall {w:6.2f} s   CPU {c:6.2f} s   peak {p:6.0f} MiB")
        report.append(f"| `{label}` | {w:.2f} | {c:.2f} | {p:.0f} |")
    msg = f"run ÷ classify {ratio(walls['tiers run -o DIR FILE'], walls['tiers classify FILE > OUT'])}"
    sizes = ", ".join(f"{name} {os.path.getsize(os.path.join(run_dir, name)) / 1e6:.1f} MB"
                      for name in sorted(os.listdir(run_dir)))
    same = subprocess.run(["cmp", classified, os.path.join(run_dir, "customers.csv")]).returncode == 0
    check = f"customers.csv {'byte-identical to' if same else 'DIFFERENT from'} classify's output (cmp)"
    for line in (msg, "outputs: " + sizes, check):
        log("  " + line)
    report += ["", f"- {msg}", f"- outputs: {sizes}", f"- {check}"]
    if not same:
        problem(f"--run-check: run's customers.csv differs from classify's output on {rel(infile)}")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10m,50m", help="comma list of 1m,10m,50m (default 10m,50m)")
    ap.add_argument("--runs", type=int, default=3, help="rounds per file (default 3)")
    ap.add_argument("--tiers", default="build/tiers", help="tiers executable, relative to the project root "
                    "(default build/tiers)")
    ap.add_argument("--peers", default="duckdb,polars", help="comma list of duckdb,polars (opt-in: pandas, "
                    "sqlite, mlr; empty for none)")
    ap.add_argument("--shuffled", action="store_true", help="also time a shuffled copy of the 1m/10m files")
    ap.add_argument("--threads-check", action="store_true", help="tiers --threads 1 vs default on 10m, cmp")
    ap.add_argument("--streams", action="store_true", help="10m through a pipe (from cat and zcat) and gzipped, "
                    "beside the file and beside cat | cat, zcat, zcat | cat")
    ap.add_argument("--run-check", action="store_true", help="tiers run -o DIR (every output) beside "
                    "tiers classify on 10m, alternating")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared", "bench"),
                    help="the shared benchmark kit (default ../shared/bench)")
    a = ap.parse_args()

    sizes = [s.strip().lower() for s in a.sizes.split(",") if s.strip()]
    bad = [s for s in sizes if s not in SIZES]
    if bad or not sizes:
        ap.error(f"--sizes: unknown {bad}; choose from {', '.join(SIZES)}")
    sizes = sorted(set(sizes), key=lambda s: SIZES[s])
    if a.runs < 1:
        ap.error("--runs must be >= 1")
    shared = os.path.abspath(a.shared)
    for f in ("gen.py", "compare.py", "peers/tiers_duckdb.cjs", "peers/tiers_polars.cjs"):
        if not os.path.exists(os.path.join(shared, f)):
            ap.error(f"--shared {shared}: {f} not found")
    peers_all = peer_commands(shared)
    peers = [p.strip() for p in a.peers.split(",") if p.strip()]
    bad = [p for p in peers if p not in peers_all]
    if bad:
        ap.error(f"--peers: unknown {bad}; choose from {', '.join(peers_all)}")
    tiers = a.tiers if os.path.isabs(a.tiers) else os.path.join(ROOT, a.tiers)
    if not (os.path.isfile(tiers) and os.access(tiers, os.X_OK)):
        sys.exit(f"bench.py: tiers executable not found at {tiers}\n"
                 f"  build it (cmake -S . -B build && cmake --build build) or pass --tiers PATH")
    tools = ["tiers"] + peers

    started = datetime.datetime.now().astimezone()
    files, shuffled_files = ensure_data(shared, sizes, a.shuffled)
    if (a.threads_check or a.streams or a.run_check) and "10m" not in sizes:
        ensure_data(shared, ["10m"], False)
    ensure_node_modules()  # the DESIGN checks use the DuckDB module even with --peers ''
    os.makedirs(OUT, exist_ok=True)
    env = dict(os.environ, TIERSBENCH_NM=NM)

    results = run_rounds(files + shuffled_files, tools, a.runs, tiers, peers_all, env)
    s = summary(results)

    # Timed runs come before the output checks: those load whole outputs
    # into this process, and a child's ru_maxrss starts from its parent's
    # resident size at the fork (Linux carries it over exec), so a child
    # started after them would report bench.py's peak instead of its own.
    threads_report = []
    if a.threads_check:
        threads_check(tiers, os.path.join(DATA, "tx_10m.csv"), env, threads_report)
    streams_report = []
    if a.streams:
        streams_check(tiers, os.path.join(DATA, "tx_10m.csv"), a.runs, env, streams_report)
    run_report = []
    if a.run_check:
        run_check(tiers, os.path.join(DATA, "tx_10m.csv"), a.runs, env, run_report)
    report = []
    for f in files:
        check_file(f, tools, shared, env, report)
    for sf in shuffled_files:
        check_shuffled(sf, tools, report)

    v = tool_versions(tiers)
    machine = machine_info()
    log("\n== results (medians of %d run(s); tiers = %s%s)\n" % (
        a.runs, rel(tiers), STANDIN if os.path.basename(tiers) == "design_reference.py" else ""))
    log(tables(s, files, shuffled_files, tools, markdown=False))
    md = [f"# tiers benchmark — {started:%Y-%m-%d %H:%M %Z}", "",
          f"- machine: {machine}",
          f"- command: `python3 bench/bench.py {' '.join(sys.argv[1:])}`",
          f"- tiers: `{rel(tiers)}`{STANDIN if os.path.basename(tiers) == 'design_reference.py' else ''}"
          f" (version: {v['tiers']}), run as `tiers classify --as-of {AS_OF} "
          f"--rfm-method ntile FILE > OUT`",
          f"- peers: DuckDB {v['duckdb']} (@duckdb/node-api), nodejs-polars {v['polars']}, node {v['node']}; "
          "their default threads (all cores)",
          f"- {a.runs} round(s) per file, tools alternating within each round; page cache warmed before every run; "
          "wall, CPU = user + sys, peak = max RSS of the child process (os.wait4)",
          "- other processes' CPU use just before each file's rounds: "
          + ", ".join(f"{stem(f)} {c:.2f} cores" for f, c in BUSY.items()),
          "- inputs: " + ", ".join(f"{stem(f)} {os.path.getsize(f) / 1e6:.0f} MB" for f in files + shuffled_files),
          "", tables(s, files, shuffled_files, tools, markdown=True), "", "## Output checks"] + report
    if threads_report:
        md += ["", "## --threads-check (tx_10m)", ""] + threads_report
    if streams_report:
        md += ["", "## --streams (tx_10m: standard input and gzip)", ""] + streams_report
    if run_report:
        md += ["", "## --run-check (tx_10m: the whole job, every output)", ""] + run_report
    md += ["", "Result: " + ("all runs succeeded and all checks passed" if not problems
                             else f"{len(problems)} problem(s): " + "; ".join(p.splitlines()[0] for p in problems))]
    with open(os.path.join(DATA, "results.md"), "w") as fh:
        fh.write("\n".join(md) + "\n")
    log(f"\nwritten {rel(os.path.join(DATA, 'results.md'))}; outputs and logs in {rel(OUT)}/"
        f"; bench.py itself peaked at {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if problems:
        log(f"\n{len(problems)} problem(s):")
        for p in problems:
            log("  - " + p.splitlines()[0])
        return 1
    log("all runs succeeded and all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

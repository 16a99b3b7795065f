#!/usr/bin/env python3
"""Runs the examples of README.md and checks they print what the README shows.

In ```console blocks, a line starting with "$ " is a command (run by bash
from a scratch directory holding a copy of samples/, with tiers on PATH);
the lines after it, up to the next command or the end of the block, are its
expected standard output. A last expected line of "..." means "and more":
only the lines before it are compared.

    python3 tests/doc_examples.py README.md BUILD_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile


def examples(readme):
    block, command, expected = False, None, []
    for line in open(readme, encoding="utf-8").read().splitlines():
        if line.startswith("```console"):
            block = True
            continue
        if block and line.startswith("```"):
            if command:
                yield command, expected
            block, command, expected = False, None, []
            continue
        if not block:
            continue
        if line.startswith("$ "):
            if command:
                yield command, expected
            command, expected = line[2:], []
        elif command is not None:
            expected.append(line)


def main(readme, build_dir):
    repo = os.path.dirname(os.path.abspath(readme))
    failures = count = 0
    with tempfile.TemporaryDirectory() as work:
        shutil.copytree(os.path.join(repo, "samples"), os.path.join(work, "samples"))
        env = dict(os.environ, PATH=os.path.abspath(build_dir) + os.pathsep + os.environ["PATH"])
        for command, expected in examples(readme):
            count += 1
            run = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env,
                                 capture_output=True, text=True)
            actual = run.stdout.splitlines()
            if expected and expected[-1] == "...":
                expected, actual = expected[:-1], actual[:len(expected) - 1]
            if run.returncode != 0 or actual != expected:
                failures += 1
                print(f"FAILED: $ {command}\n  exit {run.returncode}\n  stderr: {run.stderr.strip()}")
                for want, got in zip(expected + [""] * len(actual), actual + [""] * len(expected)):
                    if want != got:
                        print(f"  expected: {want!r}\n  actual:   {got!r}")
                        break
    print(f"{count - failures} of {count} README examples print what the README shows")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

"""Time whole `debatemap check` commands on generated maps.

    python benchmarks/bench_check.py [--sizes 1000 10000] [--runs 7] [--texts [--sources-dir]]

For each size, generates a map with benchmarks/generate.py (seed 1, into
benchmarks/work/, git-ignored), then runs `python -m debatemap check` --runs
times and reports the median and spread of wall time and the peak resident
memory of the child (from resource.getrusage, per run). Prints a Markdown
table for benchmarks/README.md. ``--texts`` generates the sources' texts too
(benchmarks/work/map-N-texts/sources/), so every quote is verified; with
``--sources-dir`` that folder is also named on the command line (what a version
before quotes were verified by default needs to verify them).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"


def generate(size: int, texts: bool = False) -> Path:
    target = WORK / (f"map-{size}-texts" if texts else f"map-{size}")
    if not (target / "perspectives.yaml").exists():
        extra = ["--texts"] if texts else []
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(size), str(target), "--seed", "1", *extra],
            check=True,
        )
    return target


def run_once(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    # A fresh process per run; its peak RSS is read via wait4's rusage.
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0,):
        raise SystemExit(f"{' '.join(args)} exited {child.returncode}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--texts", action="store_true", help="generate source texts: verify every quote")
    parser.add_argument(
        "--sources-dir", action="store_true", help="name the texts' folder with --sources-dir"
    )
    options = parser.parse_args()
    print(
        f"<!-- {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average before: {os.getloadavg()[0]:.2f} -->"
    )
    print("| nodes | median wall (s) | min | max | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|")
    for size in options.sizes:
        target = generate(size, options.texts)
        command = [sys.executable, "-m", "debatemap", "check", str(target)]
        if options.sources_dir:
            command += ["--sources-dir", str(target / "sources")]
        run_once(command)  # warm the page cache
        samples = [run_once(command) for _ in range(options.runs)]
        walls = [s[0] for s in samples]
        rss = max(s[1] for s in samples) / 1024
        print(
            f"| {size:,} | {statistics.median(walls):.2f} | {min(walls):.2f} | {max(walls):.2f} | {rss:.0f} |"
        )


if __name__ == "__main__":
    main()

"""Benchmark each handout kind on a map: wall time of the whole command and PDF page count.

    python benchmarks/bench_handout.py [DIR] [--runs 3] [--sources-dir DIR] [--paper a4]

For each kind (brief, roles, cards, flow, sac, review) the command
``debatemap handout DIR -o OUT --kind KIND`` (Markdown, HTML and PDF) runs ``--runs``
times in a fresh process; the table gives the median and min-max wall time, the PDF's
pages (pypdf) and its size. Results print as Markdown rows for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

KINDS = ("brief", "roles", "cards", "flow", "sac", "review")
STEMS = {"brief": "handout"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="arguments")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sources-dir")
    parser.add_argument("--paper", default="a4")
    args = parser.parse_args()
    extra = ["--sources-dir", args.sources_dir] if args.sources_dir else []
    print("| kind | wall: median (min–max) | CPU: median | PDF pages | PDF size |")
    print("|---|---:|---:|---:|---:|")
    for kind in KINDS:
        times, cpu = [], []
        with tempfile.TemporaryDirectory() as out:
            for _ in range(args.runs):
                command = [sys.executable, "-m", "debatemap", "handout", args.directory, "-o", out]
                command += ["--kind", kind, "--paper", args.paper, *extra]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            pdf = Path(out) / f"{STEMS.get(kind, kind)}.pdf"
            pages = len(PdfReader(pdf).pages)
            size = pdf.stat().st_size / 1024
        print(
            f"| {kind} | {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f}) "
            f"| {statistics.median(cpu):.2f} s | {pages} | {size:.0f} KiB |"
        )


if __name__ == "__main__":
    main()

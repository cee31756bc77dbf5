"""Time the quote verification step of `check` alone, in one process, on a generated map.

    python benchmarks/bench_verify.py [--size 10000] [--runs 9] [--before SRC]

Reads benchmarks/work/map-N-texts (made by generate.py --texts, seed 1) once, then times
reading every source text and looking up every quote (median, min and max of --runs).
With --before SRC (a checkout's ``src`` folder, e.g. from ``git archive``), the same step
of that version (``validate(debate, sources_dir)`` minus ``validate(debate)``) is timed in
a child process, for comparison. Whole-command times are bench_check.py's job; on a
shared machine they vary by more than this step costs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"

STEP = """
import statistics, sys, time
from debatemap.store.reader import read_map
from debatemap.validation.validate import validate
root = sys.argv[1]
debate, _ = read_map(root)
def once(with_texts):
    started = time.perf_counter()
    validate(debate, root + "/sources" if with_texts else None)
    return time.perf_counter() - started
runs = int(sys.argv[2])
both = [once(True) for _ in range(runs)]
rules = [once(False) for _ in range(runs)]
print(statistics.median(both) - statistics.median(rules))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", type=Path, help="src folder of the version to compare with")
    options = parser.parse_args()
    root = WORK / f"map-{options.size}-texts"
    if not (root / "perspectives.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(options.size), str(root),
                        "--seed", "1", "--texts"], check=True)  # fmt: skip

    from debatemap.store.reader import read_map
    from debatemap.validation.texts import QuoteReport, load_texts, verify

    debate, _ = read_map(root)
    samples = []
    for _ in range(options.runs):
        started = time.perf_counter()
        texts = load_texts(debate, root / "sources")
        report = QuoteReport()
        problems = verify(debate.nodes.values(), texts, report)
        samples.append(time.perf_counter() - started)
    assert not problems and report.unverified == 0, "every generated quote is in its text"
    size = sum(p.stat().st_size for p in (root / "sources").iterdir()) / 2**20
    print(f"{options.size:,} nodes, {report.verified:,} quotes, {len(texts)} texts of {size:.1f} MiB in all")
    print(
        f"after: {statistics.median(samples) * 1000:.0f} ms median "
        f"({min(samples) * 1000:.0f}-{max(samples) * 1000:.0f}) to read the texts and verify every quote"
    )
    if options.before:
        env = {"PYTHONPATH": str(options.before)}
        out = subprocess.run([sys.executable, "-c", STEP, str(root), str(options.runs)], env=env,
                             capture_output=True, text=True, check=True)  # fmt: skip
        print(
            f"before: {float(out.stdout) * 1000:.0f} ms median for the same step (validate with sources_dir)"
        )


if __name__ == "__main__":
    main()

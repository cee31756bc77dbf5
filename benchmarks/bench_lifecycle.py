"""Time `debatemap rename` and `remove --unlink` (and `edit`, `check` for scale) on a generated map.

    python benchmarks/bench_lifecycle.py [--size 10000] [--runs 7]

Generates the map with benchmarks/generate.py (seed 1, into benchmarks/work/,
git-ignored) unless it is there. Each run copies it to a fresh folder (not
timed), then times one whole command in a fresh process: `rename` and
`remove --unlink` of the node the most other nodes refer to (so the change
touches the most files), `edit` of one field of an argument, and `check` as
the cost of reading and validating the map at all. Prints a Markdown table
for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"


def generate(size: int) -> Path:
    target = WORK / f"map-{size}"
    if not (target / "perspectives.yaml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(size), str(target), "--seed", "1"], check=True
        )
    return target


def most_referred(root: Path) -> tuple[str, int, str]:
    """The id most nodes refer to, how many files refer to it, and some argument's id."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from debatemap import read_map

    debate, _ = read_map(root)
    counts: dict[str, int] = {}
    for node in debate.nodes.values():
        for target in set(node.supports) | set(node.opposes):
            counts[target] = counts.get(target, 0) + 1
    top = max(sorted(counts), key=lambda ident: counts[ident])
    argument = next(n.id for n in sorted(debate.nodes.values(), key=lambda n: n.id) if n.kind == "argument")
    return top, counts[top], argument


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    source = generate(options.size)
    top, referrers, argument = most_referred(source)
    scratch = WORK / "lifecycle"
    debatemap = [sys.executable, "-m", "debatemap"]
    commands = {
        f"rename (node named by {referrers} files)": ["rename", top, f"{top}-renamed"],
        f"remove --unlink (same node, {referrers} files)": ["remove", top, "--unlink"],
        "edit --title (one argument)": ["edit", argument, "--title", "A new title for the benchmark"],
    }
    times: dict[str, list[float]] = {name: [] for name in [*commands, "check (for scale)"]}
    for _ in range(options.runs):
        for name, args in commands.items():
            shutil.rmtree(scratch, ignore_errors=True)
            shutil.copytree(source, scratch)
            timed([*debatemap, "check", str(scratch)])  # warm the page cache for the copy
            times[name].append(timed([*debatemap, *args, "--arguments", str(scratch)]))
        times["check (for scale)"].append(timed([*debatemap, "check", str(scratch)]))
    shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"<!-- {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average after: {os.getloadavg()[0]:.2f}, {options.runs} runs, {options.size} nodes -->"
    )
    print("| command | median wall (s) | min | max |")
    print("|---|---:|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |")


if __name__ == "__main__":
    main()

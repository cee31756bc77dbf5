"""Time `debatemap quote`'s search on the largest seed text and on a generated 1 MB text.

    python benchmarks/bench_quote.py [--seeds ../shared/seeds] [--runs 9]

Measures :func:`debatemap.validation.quotes.find_passages` in-process (median, min and
max of --runs calls per search, after one warm-up call) for three searches per text: a
phrase with typos, words in another order, and words that are nowhere (which scores
every passage and finds none). Also times the whole `python -m debatemap quote` command
on the 1 MB text (median of --runs fresh processes). Prints Markdown for
benchmarks/README.md. The generated text (benchmarks/generate.py's prose, seed 0) is
written to benchmarks/work/, git-ignored.
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
sys.path.insert(0, str(HERE))

from generate import filler  # noqa: E402

from debatemap.validation.quotes import find_passages  # noqa: E402

SEARCHES = {
    "typos": "workers avoid reportng the violnce to police",
    "other order": "police violence workers reporting avoid",
    "nowhere": "zebra giraffe xylophone quartz",
}


def timed(text: str, words: str, runs: int) -> list[float]:
    find_passages(text, words)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        find_passages(text, words)
        samples.append(time.perf_counter() - started)
    return samples


def row(name: str, text: str, runs: int) -> list[str]:
    rows = []
    for label, words in SEARCHES.items():
        ms = [s * 1000 for s in timed(text, words, runs)]
        rows.append(
            f"| {name} | {len(text.encode('utf-8')) / 1024:,.0f} KiB | {label} | "
            f"{statistics.median(ms):.0f} | {min(ms):.0f} | {max(ms):.0f} |"
        )
    return rows


def command_time(path: Path, runs: int) -> float:
    """Median wall seconds of `debatemap quote` on a one-source map whose text is ``path``."""
    root = WORK / "quote-map"
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "perspectives.yaml").write_text('p:\n  name: P\n  colour: "#0072B2"\n', encoding="utf-8")
    (root / "sources.yaml").write_text(f'big:\n  title: "Big"\n  file: {path.name}\n', encoding="utf-8")
    target = root / "sources" / path.name
    if not target.exists():
        target.write_bytes(path.read_bytes())
    args = [
        sys.executable,
        "-m",
        "debatemap",
        "quote",
        "big",
        *SEARCHES["typos"].split(),
        "--arguments",
        str(root),
    ]
    walls = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - started)
    return statistics.median(walls[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=HERE.parent.parent / "shared" / "seeds")
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    generated = WORK / "generated-1mb.txt"
    if not generated.exists():
        generated.write_text(filler(1024 * 1024), encoding="utf-8")
    texts = {"generated": generated.read_text(encoding="utf-8")}
    seeds = (
        sorted(options.seeds.glob("*.txt"), key=lambda p: p.stat().st_size) if options.seeds.is_dir() else []
    )
    if seeds:
        texts = {f"largest seed ({seeds[-1].name})": seeds[-1].read_text(encoding="utf-8"), **texts}
    print(
        f"<!-- {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" load average before: {os.getloadavg()[0]:.2f} -->"
    )
    print("| text | size | search | median (ms) | min | max |")
    print("|---|---:|---|---:|---:|---:|")
    for name, text in texts.items():
        print("\n".join(row(name, text, options.runs)))
    whole = command_time(generated, options.runs)
    print(f"\nWhole `debatemap quote` command on the 1 MB text: {whole:.2f} s median")


if __name__ == "__main__":
    main()

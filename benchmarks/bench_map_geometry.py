"""Map build and first draw, this code against an earlier commit's, run alternately.

    python benchmarks/bench_map_geometry.py --before COMMIT [--after COMMIT] [--size 10000] [--runs 7]

Generates a map (benchmarks/generate.py, seed 0), extracts both commits' ``src``
(``--after`` defaults to HEAD) into a temporary folder, and then, alternating between the two so that the
shared machine's load hits both alike:

- *map build*: ``python -m debatemap build MAP -o OUT --handout none`` in a fresh
  process (wall time);
- *first draw*: the page opened from ``file://`` in headless Chromium 1400x900,
  ``window.debatemap.firstDrawMs`` (navigation to vis-network's first
  ``afterDrawing``) and ``completeMs`` (every node added).

Prints median (min-max) of each for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def extract(commit: str, folder: Path) -> Path:
    """``commit``'s ``src`` folder, written into ``folder``."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "src"], check=True, capture_output=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "src"


def build_once(src: Path, root: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    command = [sys.executable, "-m", "debatemap", "build", str(root), "-o", str(out), "--handout", "none"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def draw_once(browser: object, page_file: Path) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.goto(page_file.as_uri())
    page.wait_for_function("window.debatemap && window.debatemap.drawn", timeout=120000)
    page.wait_for_function("window.debatemap.completeMs !== null", timeout=120000)
    first, complete = page.evaluate("[debatemap.firstDrawMs, debatemap.completeMs]")
    page.close()
    return float(first), float(complete)


def summary(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.2f} {unit} ({min(values):.2f}\u2013{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--after", default="HEAD", help="the commit measured (default HEAD)")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "map"
        generate = [sys.executable, str(HERE / "generate.py"), str(args.size), str(root), "--seed", "0"]
        subprocess.run(generate, check=True, capture_output=True)
        sources = {
            name: extract(commit, work / name)
            for name, commit in (("before", args.before), ("after", args.after))
        }
        outputs = {name: work / f"out-{name}" for name in sources}
        builds: dict[str, list[float]] = {"before": [], "after": []}
        draws: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for name, src in sources.items():  # one warm-up each (page cache, bytecode)
            build_once(src, root, outputs[name])
        for _ in range(args.runs):
            for name, src in sources.items():
                builds[name].append(build_once(src, root, outputs[name]))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            for _ in range(args.runs):
                for name in sources:
                    draws[name].append(draw_once(browser, outputs[name] / "debate_map.html"))
            browser.close()
        load = os.getloadavg()[0]
        print(f"{args.size} nodes, {args.runs} runs each, alternating; load average {load:.1f}")
        for name in sources:
            size = (outputs[name] / "debate_map.html").stat().st_size
            first = [d[0] / 1000 for d in draws[name]]
            complete = [d[1] / 1000 for d in draws[name]]
            cells = [name, summary(builds[name]), summary(first), summary(complete), f"{size:,} bytes"]
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

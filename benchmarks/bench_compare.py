"""Side by side: this tree against an earlier commit, on the same generated maps, runs alternating.

    python benchmarks/bench_compare.py --against 3f470e1 [--sizes 10000] [--runs 3]
                                       [--only check,map,draw,build,import,edit,rename,serve]

The earlier commit is checked out with ``git worktree add --detach`` into a temporary
folder (removed at the end), and each command runs as ``python -m debatemap ...`` with
``PYTHONPATH`` at that checkout's ``src`` or at this tree's, with the same Python and
installed packages. Every measurement alternates: earlier, current, earlier, current...
so that a change in the machine's load falls on both alike. Printed per measure: median
(min-max) of each, the ratio current/earlier of the medians (above 1: slower now), and
for the commands the largest peak RSS (``os.wait4``).

Measures, on maps from ``benchmarks/generate.py`` (seed 0):

- ``check``: ``check MAP``;
- ``map``: ``build MAP -o OUT --handout none`` (the earlier commit gets the same flag
  if it knows it, else it is skipped);
- ``draw``: the built page's first draw in headless Chromium (``window.debatemap.firstDrawMs``
  where the page records it, else the time until ``window.debatemap.drawn``);
- ``build``: the whole ``build MAP -o OUT`` (map and brief: Markdown, HTML, PDF);
- ``import``: ``import --format kialo`` of a 1,000-claim Kialo file into a two-node map;
- ``edit``: ``edit ID --title ...`` of one claim in a copy of the map (one file written);
- ``rename``: ``rename OLD NEW`` of a claim that others name, in that copy (several files,
  through the journal); each run renames the id the previous run gave;
- ``serve``: ``serve MAP`` started for each, then 10 adds over HTTP to each in turn, the
  time from request to answer (a change is answered once rebuilt and sent to pages).
  ``n/a`` when the earlier commit has no ``serve``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import scaling_inputs  # noqa: E402
from bench_build import CHROMIUM_ARGS, ensure_map  # noqa: E402

MEASURES = ("check", "map", "draw", "build", "import", "edit", "rename", "serve")


class Version:
    """One side of the comparison: a ``src`` folder to put on ``PYTHONPATH``."""

    def __init__(self, label: str, src: Path) -> None:
        self.label, self.src = label, src
        self.env = {**os.environ, "PYTHONPATH": str(src)}
        help_text = self.run(["build", "--help"]).stdout
        self.handout_flag = "--handout" in help_text
        self.has_serve = self.run(["serve", "--help"]).returncode == 0

    def command(self, args: list[str]) -> list[str]:
        return [sys.executable, "-m", "debatemap", *args]

    def run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(args), env=self.env, capture_output=True, text=True)

    def timed(self, args: list[str]) -> tuple[float, int]:
        """Wall seconds and peak RSS (MiB) of ``debatemap ARGS``; fails loudly on a non-zero exit."""
        start = time.perf_counter()
        process = subprocess.Popen(
            self.command(args), env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            assert process.stderr is not None
            raise SystemExit(
                f"{self.label}: debatemap {' '.join(args)} failed: {process.stderr.read()[-500:]!r}"
            )
        return wall, usage.ru_maxrss // 1024


@contextmanager
def checkout(commit: str) -> Iterator[Path]:
    """The ``src`` folder of ``commit``, checked out in a temporary git worktree."""
    folder = Path(tempfile.mkdtemp(prefix="debatemap-compare-"))
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), commit],
                   check=True, capture_output=True)  # fmt: skip
    try:
        yield folder / "src"
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def alternate(
    versions: list[Version], runs: int, measure: Callable[[Version, int], tuple[float, int]]
) -> dict[str, tuple[list[float], int]]:
    """``runs`` rounds of ``measure`` on each version in turn; per version its times and peak RSS."""
    results: dict[str, tuple[list[float], int]] = {v.label: ([], 0) for v in versions}
    for run in range(runs):
        for version in versions:
            seconds, rss = measure(version, run)
            times, peak = results[version.label]
            times.append(seconds)
            results[version.label] = (times, max(peak, rss))
    return results


def first_draw(url: str) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url, timeout=180_000)
        page.wait_for_function("window.debatemap && window.debatemap.drawn", timeout=180_000, polling=20)
        value = page.evaluate("window.debatemap.firstDrawMs || performance.now()")
        browser.close()
    return float(value) / 1000


@contextmanager
def serving(version: Version, root: Path) -> Iterator[tuple[str, str]]:
    """``debatemap serve ROOT`` of ``version`` on a free port: (base URL, token)."""
    process = subprocess.Popen(
        version.command(["serve", str(root), "--port", "0"]),
        env=version.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("http"):
                address = line.strip()
                break
        else:
            raise SystemExit(f"{version.label}: serve printed no address")
        base, token = address.split("/?token=")
        yield base, token
    finally:
        process.terminate()
        process.wait(timeout=30)


def serve_latencies(versions: list[Version], root: Path, runs: int) -> dict[str, tuple[list[float], int]]:
    import httpx
    import yaml

    sources = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8"))
    source = sorted(sources)[0]
    thesis = sorted(p.stem for p in (root / "theses").glob("*.yaml"))[0]
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        clients = {}
        for version in versions:
            copy = Path(scratch) / version.label / "arguments"
            shutil.copytree(root, copy)
            base, token = stack.enter_context(serving(version, copy))
            clients[version.label] = stack.enter_context(
                httpx.Client(base_url=base, headers={"x-debatemap-token": token}, timeout=120)
            )

        def add(version: Version, run: int) -> tuple[float, int]:
            fields = {"title": f"Side by side claim {run}", "text": "Added by the side-by-side benchmark.",
                      "perspective": sources[source]["perspective"], "source": source,
                      "quote": "A short quote.", "supports": [thesis]}  # fmt: skip
            started = time.perf_counter()
            answer = clients[version.label].post("/api/edit/add", json={"fields": fields})
            if answer.status_code != 200:
                raise SystemExit(f"{version.label}: add answered {answer.status_code}: {answer.text[:200]}")
            return time.perf_counter() - started, 0

        return alternate(versions, runs, add)


def report(name: str, results: dict[str, tuple[list[float], int]], labels: list[str]) -> None:
    earlier, current = labels
    cells = []
    for label in labels:
        times, rss = results.get(label, ([], 0))
        if not times:
            cells.append("n/a")
            continue
        cell = f"{statistics.median(times):.3f} s ({min(times):.3f}–{max(times):.3f})"
        cells.append(cell + (f", {rss} MiB" if rss else ""))
    before, after = results.get(earlier, ([], 0))[0], results.get(current, ([], 0))[0]
    ratio = f"{statistics.median(after) / statistics.median(before):.2f}x" if before and after else "n/a"
    print(f"| {name} | {cells[0]} | {cells[1]} | {ratio} |", flush=True)


def compare_size(versions: list[Version], size: int, runs: int, wanted: list[str], workdir: Path) -> None:
    """Every wanted measure on the generated map of ``size`` nodes, printed as table rows."""
    labels = [v.label for v in versions]
    root = ensure_map(size, workdir)
    out = {v.label: workdir / f"compare-out-{size}-{i}" for i, v in enumerate(versions)}
    print(f"\n{size:,} nodes, {runs} runs each, alternating\n")
    print(f"| measure | {labels[0]} | current | ratio (current / {labels[0]}) |")
    print("|---|---:|---:|---:|")
    if "check" in wanted:
        report("check", alternate(versions, runs, lambda v, _: v.timed(["check", str(root)])),
               labels)  # fmt: skip
    if "map" in wanted:
        usable = [v for v in versions if v.handout_flag]
        results = alternate(
            usable, runs,
            lambda v, _: v.timed(["build", str(root), "-o", str(out[v.label]), "--handout", "none"]),
        )  # fmt: skip
        report("build --handout none", results, labels)
    if "draw" in wanted:
        for version in versions:  # a page to open, built by each version
            version.timed(["build", str(root), "-o", str(out[version.label])]
                          + (["--handout", "none"] if version.handout_flag else []))  # fmt: skip
        results = alternate(
            versions, runs,
            lambda v, _: (first_draw((out[v.label] / "debate_map.html").resolve().as_uri()), 0),
        )  # fmt: skip
        report("first draw", results, labels)
    if "build" in wanted:
        results = alternate(
            versions, runs, lambda v, _: v.timed(["build", str(root), "-o", str(out[v.label])])
        )
        report("build (map and brief)", results, labels)
    if "import" in wanted:
        kialo = workdir / "compare-kialo-1000.txt"
        kialo.write_text(scaling_inputs.kialo_many(1000, random.Random(0)), encoding="utf-8")

        def import_kialo(version: Version, run: int) -> tuple[float, int]:
            target = scaling_inputs.tiny_map(workdir / f"compare-import-{version.label}")
            return version.timed(["import", "--format", "kialo", str(kialo), "--arguments", str(target)])

        report("import (Kialo, 1,000 claims)", alternate(versions, runs, import_kialo), labels)
    if "edit" in wanted or "rename" in wanted:
        _compare_changes(versions, root, runs, wanted, workdir, labels)
    if "serve" in wanted:
        serving_versions = [v for v in versions if v.has_serve]
        results = serve_latencies(serving_versions, root, max(runs, 10))
        report("serve: add answered", results, labels)


def _named_claim(root: Path) -> str:
    """The id of an argument that another node supports or opposes (a rename then changes
    several files), as the generator writes ids: the first one in file order."""
    targets: set[str] = set()
    ids: list[str] = []
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("id: ") and "kind: thesis" not in text:
                ids.append(line[4:].strip())
            elif line.startswith(("supports: [", "opposes: [")):  # as the generator writes links
                targets.update(t.strip() for t in line.split("[", 1)[1].rstrip("]").split(",") if t.strip())
    return next(i for i in ids if i in targets)


def _compare_changes(
    versions: list[Version], root: Path, runs: int, wanted: list[str], workdir: Path, labels: list[str]
) -> None:
    """``edit`` and ``rename`` on one copy of the map, the versions taking turns on it."""
    copy = workdir / f"compare-changes-{root.name}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    claim = _named_claim(copy)
    if "edit" in wanted:

        def edit(version: Version, run: int) -> tuple[float, int]:
            title = f"Edited by {version.label} in run {run}"
            return version.timed(["edit", claim, "--title", title, "--arguments", str(copy)])

        report("edit (one claim's title)", alternate(versions, runs, edit), labels)
    if "rename" in wanted:
        current = [claim]

        def rename(version: Version, run: int) -> tuple[float, int]:
            new = claim[:40] + "-" + re.sub(r"[^a-z0-9]+", "-", f"{version.label}-{run}".lower())
            timed = version.timed(["rename", current[0], new, "--arguments", str(copy)])
            current[0] = new
            return timed

        report("rename (a claim others name)", alternate(versions, runs, rename), labels)
    shutil.rmtree(copy, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the earlier commit (any git revision)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join(MEASURES), help="comma-separated measures")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "debatemap-bench")
    args = parser.parse_args(argv)
    wanted = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = [m for m in wanted if m not in MEASURES]
    if unknown:
        parser.error(f"unknown measure(s) {', '.join(unknown)} (choose from {', '.join(MEASURES)})")
    args.workdir.mkdir(parents=True, exist_ok=True)
    with checkout(args.against) as old_src:
        versions = [Version(f"{args.against}", old_src), Version("current", REPO / "src")]

        load = os.getloadavg()
        print(f"Load average at the start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; {os.cpu_count()} CPUs")
        for size in args.sizes:
            compare_size(versions, size, args.runs, wanted, args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

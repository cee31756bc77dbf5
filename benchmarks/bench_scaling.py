"""Scaling of every command on chain-shaped, wide and realistic maps, and of every importer.

    python benchmarks/bench_scaling.py [--sizes 1000 3000 10000] [--runs 3] [--only REGEX]
                                       [--json FILE] [--timeout 120]

Generates maps into benchmarks/work/scaling/ (git-ignored), of three shapes:

- ``chain``: a thesis and a rebuttal chain, each argument opposing the one before
  (the worst case for the grounded labelling and for DF-QuAD's order);
- ``wide``: one thesis with every other node a direct argument for or against it;
- ``realistic``: benchmarks/generate.py (trees of about 40 nodes with cross-links).

Then times whole commands in fresh processes (median wall time of --runs, peak RSS
from os.wait4): check, build --handout none, stats --format json, export in every
format, link and add on each map; and import of Kialo, Argdown and AIF files with
many claims, with one very long line, a Kialo file nested deeply (1.1.1.1...) and
one long Kialo line full of Markdown link brackets (adversarial), each into a fresh
copy of a two-node map.

Growth is judged on CPU time (user + system, from os.wait4, workers included): on a
shared machine wall time also counts waiting for a core. Each command is also run on
a map of 3 nodes (and each importer on a file made at that scale): its fixed cost
(start-up, imports), subtracted before comparing. The table gives the growth ratio of
that work from the smallest to the largest size, the size ratio (nodes, or bytes of
the imported file), and the exponent log(work ratio) / log(size ratio) over the
largest step, where the work is well above the noise of the fixed cost. A case is
SUPERLINEAR when the exponent exceeds 1.5, or 1.3 with a growth ratio above twice the
size ratio (20x for 10x), or when a run hit --timeout; an exponent above 1.3 alone asks
for another run. Prints a Markdown table; --json writes every sample, and --report FILE
prints the table again from such a file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling_inputs import DEBATEMAP, IMPORTS, WORK, map_for, node_ids, tiny_map  # noqa: E402

SHAPES = ("chain", "wide", "realistic")
BASE = 3  # nodes of the map (and scale of the file) that measures each command's fixed cost
EXPORTS = ("argdown", "aif", "graphml", "json", "dot")


# --- running ------------------------------------------------------------------------


@dataclass
class Sample:
    wall: float
    cpu: float  # user + system seconds of the process and the workers it waited for
    rss_kib: int
    code: int
    timed_out: bool = False


@dataclass
class Point:
    size: int  # nodes of the map, or bytes of the imported file
    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mib(self) -> float:
        return max(s.rss_kib for s in self.samples) / 1024


@dataclass
class Case:
    family: str  # map command, or import
    name: str
    unit: str
    points: list[Point] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)
    baseline: Point | None = None  # the same command on a map of BASE nodes: its fixed cost

    @property
    def timed_out(self) -> bool:
        return any(s.timed_out for p in self.points for s in p.samples)


def run_once(argv: list[str], timeout: float) -> Sample:
    """One fresh process: wall seconds, peak RSS (KiB) and exit code; killed after ``timeout``."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    os.set_blocking(child.stderr.fileno(), False)
    errors = b""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        chunk = child.stderr.read() or b""
        errors = (errors + chunk)[-4096:]
        if pid:
            break
        if time.perf_counter() - started > timeout:
            os.kill(child.pid, signal.SIGKILL)
            _, status, usage = os.wait4(child.pid, 0)
            child.stderr.close()
            cpu = usage.ru_utime + usage.ru_stime
            return Sample(time.perf_counter() - started, cpu, usage.ru_maxrss, -9, timed_out=True)
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    errors += child.stderr.read() or b""
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if b"Traceback" in errors or code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{errors.decode(errors='replace')[-2000:]}")
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)


def _map_commands(root: Path, scratch: Path) -> dict[str, tuple[list[str], Callable[[], None]]]:
    """Command name -> (arguments, undo after each run) on the map at ``root``."""
    ids = node_ids(root)
    last = max(i for i in ids if i.startswith("n"))
    first = min(i for i in ids if i.startswith("n"))
    relation = "opposes" if f"supports: [{first}" in ids[last].read_text(encoding="utf-8") else "supports"
    saved = ids[last].read_bytes()
    added = root / "legal" / "bench-added-node.yaml"

    def restore_link() -> None:
        ids[last].write_bytes(saved)

    def remove_added() -> None:
        added.unlink()

    def nothing() -> None:
        pass

    commands: dict[str, tuple[list[str], Callable[[], None]]] = {
        "check": (["check", str(root)], nothing),
        "build --handout none": (
            ["build", str(root), "-o", str(scratch / "out"), "--handout", "none"],
            nothing,
        ),
        "stats --format json": (["stats", "--format", "json", str(root)], nothing),
    }
    for fmt in EXPORTS:
        commands[f"export --format {fmt}"] = (
            ["export", "--format", fmt, "-o", str(scratch / f"export.{fmt}"), str(root)],
            nothing,
        )
    commands["link"] = (["link", "--arguments", str(root), last, relation, first], restore_link)
    commands["add"] = (
        ["add", "--arguments", str(root), "--id", "bench-added-node", "--title", "An added node",
         "--text", "A node added by the benchmark.", "--perspective", "legal",
         "--source", "source-0-0", "--quote", "Added.", "--supports", last],
        remove_added,
    )  # fmt: skip
    return commands


def run_cases(options: argparse.Namespace) -> list[Case]:
    only = re.compile(options.only) if options.only else None
    scratch = WORK / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Case] = {}

    def wanted(name: str) -> bool:
        return only is None or only.search(name) is not None

    for shape in options.shapes:
        for size in [BASE, *options.sizes]:
            every = _map_commands(map_for(shape, size), scratch)
            commands = {k: v for k, v in every.items() if wanted(f"{k} {shape}")}
            if commands:
                run_once([*DEBATEMAP, "check", str(map_for(shape, size))], options.timeout)  # page cache
            for command, (argv, undo) in commands.items():
                case = cases.setdefault(f"{command} {shape}", Case(command, shape, "nodes"))
                if case.timed_out:
                    continue
                point = Point(size)
                for _ in range(options.runs):
                    point.samples.append(run_once([*DEBATEMAP, *argv], options.timeout))
                    undo()
                    if point.samples[-1].timed_out:
                        break
                case.codes |= {s.code for s in point.samples} if size != BASE else set()
                if size == BASE:
                    case.baseline = point
                else:
                    case.points.append(point)
                print(f"  {command} {shape} {size}: {point.median:.2f} s", file=sys.stderr, flush=True)
    for name, fmt, maker, scale in IMPORTS:
        if not wanted(f"import {name}"):
            continue
        case = cases.setdefault(f"import {name}", Case("import", name, "bytes"))
        for size in [BASE, *options.sizes]:
            if case.timed_out:
                break
            source = scratch / f"{re.sub(r'[^a-z]+', '-', name)}-{size}.{fmt}"
            source.write_text(maker(max(2, round(size * scale)), random.Random(size)), encoding="utf-8")
            point = Point(source.stat().st_size)
            for _ in range(options.runs):
                target = tiny_map(scratch / "tiny")
                argv = [*DEBATEMAP, "import", "--format", fmt, "--arguments", str(target), str(source)]
                point.samples.append(run_once(argv, options.timeout))
                if point.samples[-1].timed_out:
                    break
            case.codes |= {s.code for s in point.samples} if size != BASE else set()
            if size == BASE:
                case.baseline = point
            else:
                case.points.append(point)
            print(f"  import {name} {point.size:,} B: {point.median:.2f} s", file=sys.stderr, flush=True)
    return list(cases.values())


# --- report -------------------------------------------------------------------------


LINEAR_LIMIT = 1.3  # exponent of 20x time for a 10x size step
CLEAR_LIMIT = 1.5  # above it, one step is enough: noise stayed below 1.45 in every run


def _ratio(small: float, large: float, startup: float) -> float:
    return max(large - startup, 0.02) / max(small - startup, 0.02)


def growth(case: Case, startup: Point) -> tuple[float, float, float, str]:
    """(growth ratio, size ratio, exponent, verdict), judged on CPU time beyond the fixed cost.

    The fixed cost is the same command at BASE (start-up and imports), or else
    ``debatemap --version``. The growth ratio spans the smallest to the largest size; the
    exponent log(work ratio) / log(size ratio) is taken over the largest step (3,000 to
    10,000 by default), where the work is well above the noise of the fixed cost.
    """
    small, large = case.points[0], case.points[-1]
    steps = large.size / small.size
    if case.timed_out:
        return math.inf, steps, math.inf, "SUPERLINEAR (timed out)"
    fixed = (case.baseline or startup).cpu
    ratio = _ratio(small.cpu, large.cpu, fixed)
    upper = case.points[-2] if len(case.points) > 2 else small
    exponent = math.log(_ratio(upper.cpu, large.cpu, fixed)) / math.log(large.size / upper.size)
    # One step's exponent moves by about +-0.15 between runs on a shared machine: between
    # 1.3 and 1.5 it takes the whole ratio past twice the step as well to flag a case.
    if exponent > CLEAR_LIMIT or (exponent > LINEAR_LIMIT and ratio > 2 * steps):
        return ratio, steps, exponent, "SUPERLINEAR"
    if exponent > LINEAR_LIMIT:
        return ratio, steps, exponent, "near-linear? (last step above 1.3: run again)"
    return ratio, steps, exponent, "near-linear"


def _size(value: int, unit: str) -> str:
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB" if value >= 100_000 else f"{value / 1e3:.0f} kB"
    return f"{value:,}"


def table(cases: list[Case], startup: Point) -> str:
    lines = [
        "| command | shape / input | size: median wall / CPU s (peak RSS) "
        "| growth ratio | size ratio | exponent | verdict |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for case in cases:
        cpu, steps, exponent, verdict = growth(case, startup)
        fixed = f"{case.baseline.cpu:.2f}" if case.baseline else "-"
        cells = f"fixed cost {fixed}; " + "; ".join(
            f"{_size(p.size, case.unit)}: "
            + (">" if any(s.timed_out for s in p.samples) else "")
            + f"{p.median:.2f} / {p.cpu:.2f} ({p.rss_mib:.0f} MiB)"
            for p in case.points
        )
        refused = " (refused, exit 1)" if case.codes == {1} else ""
        lines.append(
            f"| {case.family}{refused} | {case.name} | {cells} | {cpu:.1f}x | {steps:.1f}x "
            f"| {exponent:.2f} | {verdict} |"
        )
    return "\n".join(lines)


def _load(path: Path) -> tuple[list[Case], Point]:
    data = json.loads(path.read_text(encoding="utf-8"))

    def point(raw: dict[str, Any]) -> Point:
        return Point(raw["size"], [Sample(**sample) for sample in raw["samples"]])

    cases = [
        Case(c["family"], c["name"], c["unit"], [point(p) for p in c["points"]], set(c["codes"]),
             point(c["baseline"]) if c.get("baseline") else None)
        for c in data["cases"]
    ]  # fmt: skip
    return cases, point(data["startup"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 3000, 10000],
        help="map sizes in nodes; imports scale from them (default: 1000 3000 10000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per point (median)")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--only", help="run only cases whose name matches this regular expression")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--report", type=Path, help="print the table of an earlier --json file; run nothing")
    options = parser.parse_args(argv)  # fmt: skip
    if options.runs < 1 or len(options.sizes) < 2 or min(options.sizes) < 10:
        parser.error("give --runs >= 1 and at least two --sizes of 10 or more")
    options.sizes.sort()
    if options.report:
        print(table(*_load(options.report)))
        return 0
    startup = Point(0, [run_once([*DEBATEMAP, "--version"], 30) for _ in range(5)])
    load = os.getloadavg()[0]
    began = time.perf_counter()
    cases = run_cases(options)
    print(
        f"<!-- {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load:.1f} before / {os.getloadavg()[0]:.1f} after, start-up {startup.median:.2f} s "
        f"(CPU {startup.cpu:.2f} s), "
        f"median of {options.runs}, {time.perf_counter() - began:.0f} s in all -->"
    )
    print(table(cases, startup))
    if options.json:
        options.json.write_text(
            json.dumps(
                {"startup": asdict(startup), "runs": options.runs,
                 "cases": [asdict(c) | {"codes": sorted(c.codes), "verdict": growth(c, startup)[3]}
                           for c in cases]},
                indent=1,
            ),
            encoding="utf-8",
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

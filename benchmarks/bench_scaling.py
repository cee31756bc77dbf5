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
SUPERLINEAR when the exponent is above 1.3 (20x the work for a 10x step), or when a
run hit --timeout. Prints a Markdown table; --json writes every sample.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "scaling"
sys.path.insert(0, str(HERE))
import generate as gen  # noqa: E402  (benchmarks/ is not a package)

SHAPES = ("chain", "wide", "realistic")
BASE = 3  # nodes of the map (and scale of the file) that measures each command's fixed cost
EXPORTS = ("argdown", "aif", "graphml", "json", "dot")
DEBATEMAP = [sys.executable, "-m", "debatemap"]


# --- maps ---------------------------------------------------------------------------


def _node_file(out: Path, folder: str, ident: str, body: str, title: str, text: str) -> None:
    path = out / folder / f"{ident}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"id: {ident}\n{body}title: {gen._q(title)}\ntext: {gen._q(text)}\n", encoding="utf-8")


def write_shape(shape: str, n: int, out: Path, seed: int = 1) -> None:
    """A map of ``n`` nodes of ``shape`` in ``out``; node ``i`` has an id starting ``n{i:05d}``."""
    if shape == "realistic":
        gen.generate(n, out, seed)
        return
    rng = random.Random(seed)
    perspectives, sources, persp_yaml, src_yaml = gen._registries(rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / "perspectives.yaml").write_text(persp_yaml, encoding="utf-8")
    (out / "sources.yaml").write_text(src_yaml, encoding="utf-8")
    ids: list[str] = []
    for index in range(n):
        title = gen._sentence(rng, 4, 9)
        if index == 0:
            ident = f"thesis-0000-{gen._slug(title)}"
            body = f"kind: thesis\nquestion: {gen._q('Should ' + title.lower() + '?')}\n"
            _node_file(out, "theses", ident, body, title, gen._text(rng, 10, 34))
            ids.append(ident)
            continue
        ident = f"n{index:05d}-{gen._slug(title)}"
        p = rng.randrange(len(perspectives))
        if shape == "chain":  # a rebuttal chain: each argument opposes the one before
            relation, target = "opposes", ids[index - 1]
        else:  # wide: every argument answers the thesis
            relation, target = ("supports" if index % 2 else "opposes"), ids[0]
        body = (
            f"kind: argument\nperspective: {perspectives[p]}\nsource: {sources[2 * p]}\n"
            f"quote: {gen._q(gen._text(rng, 8, 34))}\n{relation}: [{target}]\n"
        )
        _node_file(out, perspectives[p], ident, body, title, gen._text(rng, 10, 34))
        ids.append(ident)


def map_for(shape: str, n: int) -> Path:
    target = WORK / f"{shape}-{n}"
    if not (target / "perspectives.yaml").exists():
        shutil.rmtree(target, ignore_errors=True)
        write_shape(shape, n, target)
        problems = subprocess.run([*DEBATEMAP, "check", str(target)], capture_output=True, text=True)
        if problems.returncode != 0:
            shutil.rmtree(target)
            raise SystemExit(f"generated {shape}-{n} does not pass check:\n{problems.stdout[-2000:]}")
    return target


def node_ids(root: Path) -> dict[str, Path]:
    return {p.stem: p for p in root.rglob("*.yaml") if p.parent != root}


TINY = {
    "perspectives.yaml": 'tiny-view:\n  name: "Tiny view"\n  colour: "#0072B2"\n'
    '  description: "The one perspective of the tiny map."\n',
    "sources.yaml": 'tiny-source:\n  title: "A tiny source"\n  author: "Someone"\n'
    '  publisher: "not stated"\n  date: "2020-01-01"\n  perspective: tiny-view\n  file: tiny.txt\n',
    "theses/tiny-thesis.yaml": 'id: tiny-thesis\nkind: thesis\nquestion: "Is this tiny?"\n'
    'title: "Tiny thesis"\ntext: "The map is tiny."\n',
    "tiny-view/tiny-argument.yaml": "id: tiny-argument\nkind: argument\nperspective: tiny-view\n"
    'source: tiny-source\nquote: "It is small."\nsupports: [tiny-thesis]\n'
    'title: "Tiny argument"\ntext: "It has two nodes."\n',
}


def tiny_map(target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    for name, content in TINY.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(content, encoding="utf-8")
    return target


# --- files to import ----------------------------------------------------------------


def _words(rng: random.Random, size: int) -> str:
    """Prose of about ``size`` characters, in sentences, on one line."""
    parts, length = [], 0
    while length < size:
        parts.append(gen._sentence(rng, 8, 16) + ".")
        length += len(parts[-1]) + 1
    return " ".join(parts)[:size].rstrip() + "."


def kialo_many(n: int, rng: random.Random) -> str:
    """A Kialo export of ``n`` claims, each under one of the claims before it (8 children at most)."""
    paths, children = ["1."], [0] * n
    lines = ["Discussion Title: Should the benchmark pass?", "", f"1. {gen._text(rng, 10, 30)}"]
    for index in range(1, n):
        parent = (index - 1) // 8
        children[parent] += 1
        paths.append(f"{paths[parent]}{children[parent]}.")
        stance = rng.choice(["Pro", "Con"])
        lines.append(f"{paths[index]} {stance}: {gen._text(rng, 10, 30)}")
    return "\n".join(lines) + "\n"


def kialo_deep(depth: int, rng: random.Random) -> str:
    """A Kialo chain ``1.``, ``1.1.``, ``1.1.1.`` ... ``depth`` claims deep."""
    lines = ["Discussion Title: How deep can it go?", "", "1. The deepest thesis."]
    for level in range(1, depth):
        lines.append(f"1.{'1.' * level} {rng.choice(['Pro', 'Con'])}: {gen._sentence(rng, 5, 9)}.")
    return "\n".join(lines) + "\n"


def kialo_long(size: int, rng: random.Random) -> str:
    return f"Discussion Title: One long line\n\n1. {_words(rng, size)}\n"


def kialo_brackets(size: int, rng: random.Random) -> str:
    """One claim line of ``[a](x`` repeated: many link starts, none closed."""
    return f"Discussion Title: Brackets\n\n1. {('[a](x' * (size // 5 + 1))[:size]}\n"


def argdown_long(size: int, rng: random.Random) -> str:
    return f"[long-claim]: {_words(rng, size)}\n"


def aif_long(size: int, rng: random.Random) -> str:
    node = {"nodeID": "1", "text": _words(rng, size), "type": "I"}
    return json.dumps({"nodes": [node], "edges": []})


def export_of(fmt: str) -> Callable[[int, random.Random], str]:
    """An import file with ``n`` claims: the realistic map of that size exported as ``fmt``."""

    def make(size: int, rng: random.Random) -> str:
        done = subprocess.run(
            [*DEBATEMAP, "export", "--format", fmt, str(map_for("realistic", size))],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    return make


# Import cases: (name, format, maker, scale); the maker gets round(size * scale).
IMPORTS: list[tuple[str, str, Callable[[int, random.Random], str], float]] = [
    ("kialo many claims", "kialo", kialo_many, 1.0),
    ("kialo deep nesting", "kialo", kialo_deep, 0.1),
    ("kialo long line", "kialo", kialo_long, 500.0),
    ("kialo long line of [a](x", "kialo", kialo_brackets, 500.0),
    ("argdown many claims", "argdown", export_of("argdown"), 1.0),
    ("argdown long line", "argdown", argdown_long, 500.0),
    ("aif many claims", "aif", export_of("aif"), 1.0),
    ("aif long line", "aif", aif_long, 500.0),
]


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
                case.codes |= {s.code for s in point.samples}
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
            case.codes |= {s.code for s in point.samples}
            if size == BASE:
                case.baseline = point
            else:
                case.points.append(point)
            print(f"  import {name} {point.size:,} B: {point.median:.2f} s", file=sys.stderr, flush=True)
    return list(cases.values())


# --- report -------------------------------------------------------------------------


LINEAR_LIMIT = 1.3  # exponent of 20x time for a 10x size step


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
    return ratio, steps, exponent, ("SUPERLINEAR" if exponent > LINEAR_LIMIT else "near-linear")


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
    options = parser.parse_args(argv)  # fmt: skip
    if options.runs < 1 or len(options.sizes) < 2 or min(options.sizes) < 10:
        parser.error("give --runs >= 1 and at least two --sizes of 10 or more")
    options.sizes.sort()
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

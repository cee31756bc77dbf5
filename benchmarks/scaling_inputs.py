"""Maps and import files for benchmarks/bench_scaling.py: three map shapes, a two-node
map to import into, and Kialo, Argdown and AIF files with many claims, deep nesting or
one very long line. Maps pass ``debatemap check``; the same size gives the same files.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "scaling"
sys.path.insert(0, str(HERE))
import generate as gen  # noqa: E402  (benchmarks/ is not a package)

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

"""Generate a synthetic debate map in debatemap's YAML format, for benchmarks and tests.

    python benchmarks/generate.py N OUTDIR [--seed S] [--texts]

writes ``OUTDIR/perspectives.yaml``, ``OUTDIR/sources.yaml`` and N node files:
about one thesis per 40 nodes, each with a support/oppose tree of arguments
(about 5% of them definitions) hanging under it, plus cross-links from about 20%
of the arguments to earlier claims anywhere in the map. Every edge points from a
later node to an earlier one, so there are no cycles; the map passes
``debatemap check`` with no problems. Text lengths follow the shipped map
(titles of 5-10 words, texts and quotes of 10-35). Same N and seed, same files.
With ``--texts``, ``OUTDIR/sources/`` also gets each source's text: its quotes as
paragraphs between paragraphs of other words, so ``check`` verifies every quote
(the nodes are the same as without it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

PALETTE = ["#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#E69F00", "#F0E442", "#882255"]
PERSPECTIVES = ["legal", "public-health", "labour-rights", "anti-trafficking", "policing",
                "lived-experience", "economics", "abolitionist"]  # fmt: skip
WORDS = (
    "law police raids workers consent coercion debt bondage migrants borders wages housing health "
    "services violence safety stigma courts prosecutors evidence victims survivors exploitation labour "
    "market demand clients brothels licensing decriminalisation criminalisation regulation research data "
    "estimates reports interviews outreach clinics testing condoms rights agency choice poverty welfare "
    "families children education trafficking smuggling recruitment deception threats passports visas "
    "councils funding charities advocates ministers policy reform harm reduction enforcement arrests "
    "fines records employment unions contracts income rent landlords neighbourhood community trust"
).split()
VERBS = "increases reduces hides exposes protects harms shifts blocks funds ignores needs proves".split()


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words.insert(min(2, len(words)), rng.choice(VERBS))
    return " ".join(words).capitalize()


def _text(rng: random.Random, low: int, high: int) -> str:
    """A few sentences totalling between ``low`` and ``high`` words."""
    target, sentences, count = rng.randint(low, high), [], 0
    while count < target:
        size = min(rng.randint(8, 16), max(4, target - count))
        sentences.append(_sentence(rng, size, size) + ".")
        count += size + 1
    return " ".join(sentences)


def _slug(title: str) -> str:
    return "-".join(title.lower().split()[:3])


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _registries(rng: random.Random) -> tuple[list[str], list[str], str, str]:
    count = rng.randint(4, 8)
    perspectives = PERSPECTIVES[:count]
    persp_yaml = "".join(
        f"{p}:\n  name: {_q(p.replace('-', ' ').capitalize())}\n  colour: {_q(PALETTE[i])}\n"
        f"  description: {_q(_sentence(rng, 8, 14) + '.')}\n"
        for i, p in enumerate(perspectives)
    )
    sources, src_yaml = [], ""
    for i, p in enumerate(perspectives):
        for j in range(2):
            ident = f"source-{i}-{j}"
            sources.append(ident)
            src_yaml += (
                f"{ident}:\n  title: {_q(_sentence(rng, 4, 9))}\n  author: {_q(f'Author {i}-{j}')}\n"
                f'  publisher: "not stated"\n  date: {_q(f"{2010 + i + j}-0{1 + j}-15")}\n'
                f"  perspective: {p}\n  file: {ident}.txt\n"
            )
    return perspectives, sources, persp_yaml, src_yaml


def generate(n: int, out: Path, seed: int = 0, texts: bool = False) -> None:
    """Write a map of ``n`` nodes into ``out`` (which must not hold another map)."""
    rng = random.Random(seed)
    quoted: dict[str, list[str]] = {}
    perspectives, sources, persp_yaml, src_yaml = _registries(rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / "perspectives.yaml").write_text(persp_yaml, encoding="utf-8")
    (out / "sources.yaml").write_text(src_yaml, encoding="utf-8")
    theses = max(1, round(n / 40))
    ids: list[str] = []
    for index in range(n):
        tree = index * theses // n
        first = tree * n // theses  # the index of this tree's thesis
        title = _sentence(rng, 4, 9)
        if index == first:
            ident = f"thesis-{tree:04d}-{_slug(title)}"
            body = f"kind: thesis\nquestion: {_q('Should ' + title.lower() + '?')}\n"
            folder = "theses"
        else:
            ident = f"n{index:05d}-{_slug(title)}"
            kind = "definition" if rng.random() < 0.05 else "argument"
            perspective = rng.choice(perspectives)
            source = rng.choice(
                [s for s in sources if s.startswith(f"source-{perspectives.index(perspective)}-")]
            )
            # A quarter answer the thesis itself; the rest answer an earlier claim of the tree.
            target = first if rng.random() < 0.25 else rng.randrange(first, index)
            relation = "supports" if rng.random() < 0.6 else "opposes"
            links = {relation: [ids[target]], "supports" if relation == "opposes" else "opposes": []}
            if rng.random() < 0.2:  # a cross-link to any earlier claim, often in another tree
                other = rng.randrange(0, index)
                if other != target:
                    links[rng.choice(["supports", "opposes"])].append(ids[other])
            if set(links["supports"]) & set(links["opposes"]):
                links["opposes"] = [t for t in links["opposes"] if t not in links["supports"]]
            if kind == "definition" and (
                links["opposes"] or any(t.startswith("thesis-") for t in links["supports"])
            ):
                kind = "argument"  # a definition backs a claim; arguing a thesis makes it an argument (DM040)
            quote = _text(rng, 8, 34)
            quoted.setdefault(source, []).append(quote)
            body = (
                f"kind: {kind}\nperspective: {perspective}\nsource: {source}\n"
                f"quote: {_q(quote)}\n"
                f"supports: [{', '.join(links['supports'])}]\nopposes: [{', '.join(links['opposes'])}]\n"
                f"tags: [{rng.choice(['policing', 'health', 'law', 'migration', 'work'])}]\n"
            )
            folder = perspective
        ids.append(ident)
        path = out / folder / f"{ident}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"id: {ident}\n{body}title: {_q(title)}\ntext: {_q(_text(rng, 10, 34))}\n", encoding="utf-8"
        )
    if texts:
        write_texts(out / "sources", quoted, random.Random(seed + 1))


def write_texts(folder: Path, quoted: dict[str, list[str]], rng: random.Random) -> None:
    """Each source's text: every quote of it as a paragraph, between paragraphs of filler."""
    folder.mkdir(exist_ok=True)
    for source, quotes in sorted(quoted.items()):
        paragraphs = []
        for quote in quotes:
            paragraphs += [_text(rng, 20, 60), quote]
        (folder / f"{source}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def filler(size: int, seed: int = 0) -> str:
    """About ``size`` characters of paragraphs of generated prose (for the quote benchmark)."""
    rng, parts, total = random.Random(seed), [], 0
    while total < size:
        paragraph = _text(rng, 30, 120)
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of nodes")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--texts", action="store_true", help="also write the sources' texts into OUTDIR/sources"
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if (args.outdir / "perspectives.yaml").exists():
        print(f"generate: {args.outdir} already holds a map; give an empty folder", file=sys.stderr)
        return 2
    generate(args.n, args.outdir, args.seed, args.texts)
    print(f"wrote {args.n} nodes to {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A small map with awkward text, shared by the interchange tests."""

from __future__ import annotations

from pathlib import Path

from debatemap import build_graph, check

PERSPECTIVES = """\
legal:
  name: Legal
  colour: "#0072B2"
  description: Criminal law.
health:
  name: "Public health: harm {reduction}"
  colour: "#009E73"
  description: Health and harm reduction.
"""

SOURCES = """\
s1:
  title: "A source [with] brackets"
  author: "A. Author"
  publisher: "not stated"
  date: "not stated"
  perspective: legal
  file: s1.txt
  url: "https://example.org/a?b=1&c=2"
"""

NODES = {
    "theses/t.yaml": """\
id: t
kind: thesis
title: "Is it so? // not a comment"
text: "The thesis, with *stars*, _underscores_, [brackets], <angles>, #hash, {braces} and a\\\\backslash."
question: "Is it so?"
""",
    "legal/a.yaml": """\
id: a
kind: argument
title: "An argument: \\"quoted\\""
text: |-
  First line with http://example.org/x and /* not a comment */.
  Second line, kept.
perspective: legal
source: s1
quote: "A quoted sentence."
speaker: "Jane D."
supports: [t]
tags: [policing, law]
""",
    "health/b.yaml": """\
id: b
kind: argument
title: B opposes A
text: "B's text -> with arrows +> and <- in it."
perspective: health
source: s1
quote: "Another quoted sentence."
opposes: [a, t]
""",
    "legal/d.yaml": """\
id: d
kind: definition
title: A definition
text: "Trafficking means force,  fraud or coercion."
perspective: legal
source: s1
quote: "Force, fraud or coercion."
contributor: "Student 7"
supports: [b]
opposes: [a]
""",
}

ATTRIBUTES = (
    "kind",
    "title",
    "text",
    "perspective",
    "source",
    "quote",
    "question",
    "speaker",
    "contributor",
    "tags",
)


def write_map(root: Path, nodes: dict[str, str] | None = None) -> Path:
    """Write the awkward map (or registries plus ``nodes``) under ``root``."""
    files = {
        "perspectives.yaml": PERSPECTIVES,
        "sources.yaml": SOURCES,
        **(NODES if nodes is None else nodes),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def empty_map(root: Path) -> Path:
    """A map with empty registries and no nodes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "perspectives.yaml").write_text("{}\n", encoding="utf-8")
    (root / "sources.yaml").write_text("{}\n", encoding="utf-8")
    return root


def graph_at(root: Path):
    debate, problems = check(root)
    assert not [p for p in problems if p.is_error], [p.format() for p in problems]
    return build_graph(debate)


def node_fields(graph) -> dict[str, dict[str, object]]:
    return {n: {k: graph.nodes[n].get(k) for k in ATTRIBUTES} for n in graph.nodes}


def relations(graph) -> set[tuple[str, str, str]]:
    return {(a, r, b) for a, b, r in graph.edges(data="relation")}

"""Graphviz DOT: a picture of the map, not a format to read back.

Nodes are labelled with their titles and filled with their perspective's
colour; ``supports`` edges are solid green, ``opposes`` edges dashed red with
a flat arrowhead (so the difference survives greyscale printing). Theses are
double octagons. Render with ``dot -Tsvg map.dot -o map.svg``.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from debatemap.interchange import sorted_edges

EDGE_STYLE = {
    "supports": 'color="#009E73", style=solid, arrowhead=normal',
    "opposes": 'color="#D55E00", style=dashed, arrowhead=tee',
}


def quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, one line."""
    flat = " ".join(str(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate_dot(graph: nx.DiGraph) -> str:
    """The map as a DOT digraph."""
    perspectives = graph.graph.get("perspectives") or {}
    lines = [
        "digraph debatemap {",
        "  rankdir=BT;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fillcolor="#FFFFFF"];',
    ]
    for ident in sorted(graph.nodes):
        attrs = graph.nodes[ident]
        colour = (perspectives.get(attrs.get("perspective")) or {}).get("colour") or "#FFFFFF"
        shape = ", shape=doubleoctagon" if attrs.get("kind") == "thesis" else ""
        lines.append(
            f"  {quote(ident)} [label={quote(attrs.get('title') or ident)}, "
            f"tooltip={quote(attrs.get('text') or '')}, fillcolor={quote(colour)}{shape}];"
        )
    for a, relation, b in sorted_edges(graph):
        lines.append(f"  {quote(a)} -> {quote(b)} [{EDGE_STYLE[relation]}];")
    return "\n".join(lines) + "\n}\n"


def write_dot(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_dot` to ``path``."""
    Path(path).write_text(generate_dot(graph), encoding="utf-8")

"""Graphviz DOT: a picture of the map, not a format to read back.

Nodes are labelled with their titles and filled with their perspective's
colour, the label black or white, whichever contrasts more with the fill (WCAG
relative luminance). Edges look as on the interactive map: ``supports`` solid
green, ``opposes`` dashed red with a flat arrowhead (so the difference survives
greyscale printing), in the map's own greens and reds, never a perspective's
colour. Theses are dark double octagons, as on the map. The links of a premise
group are drawn thick (their tooltip names the other members); an undercut is
a dotted red edge to the reason whose link it attacks. Render with
``dot -Tsvg map.dot -o map.svg``.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from debatemap.interchange import sorted_edges
from debatemap.rules.constraints import is_colour

SUPPORT, OPPOSE, THESIS_FILL = "#1B6E34", "#B2182B", "#263238"  # as render/map/templates/map_core.js
EDGE_STYLE = {
    "supports": f'color="{SUPPORT}", style=solid, arrowhead=normal',
    "opposes": f'color="{OPPOSE}", style=dashed, arrowhead=tee',
}
# An undercut attacks a link, not a claim: drawn dotted, from the undercutter to the reason
# whose link it attacks (its tooltip names the link).
UNDERCUT_STYLE = f'color="{OPPOSE}", style=dotted, arrowhead=teetee'


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def font_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#FFFFFF") else "#FFFFFF"


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
        thesis = attrs.get("kind") == "thesis"
        colour = str((perspectives.get(attrs.get("perspective")) or {}).get("colour") or "#FFFFFF")
        if thesis:
            colour = THESIS_FILL
        elif not is_colour(colour):
            colour = "#FFFFFF"
        shape = ", shape=doubleoctagon" if thesis else ""
        lines.append(
            f"  {quote(ident)} [label={quote(attrs.get('title') or ident)}, "
            f"tooltip={quote(attrs.get('text') or '')}, fillcolor={quote(colour)}, "
            f"fontcolor={quote(font_colour(colour))}{shape}];"
        )
    for a, relation, b in sorted_edges(graph):
        group = graph.edges[a, b].get("group")
        together = (
            f", penwidth=2, tooltip={quote('together with ' + _others(graph, group, a))}" if group else ""
        )
        lines.append(f"  {quote(a)} -> {quote(b)} [{EDGE_STYLE[relation]}{together}];")
    undercuts = graph.graph.get("undercuts") or []
    for undercut in sorted(undercuts, key=lambda u: (u["source"], u["reason"], u["target"])):
        tooltip = quote(f"undercuts the link from {undercut['reason']} to {undercut['target']}")
        ends = f"{quote(undercut['source'])} -> {quote(undercut['reason'])}"
        lines.append(f"  {ends} [{UNDERCUT_STYLE}, tooltip={tooltip}];")
    return "\n".join(lines) + "\n}\n"


def _others(graph: nx.DiGraph, group: str, member: str) -> str:
    members = (graph.graph.get("groups") or {}).get(group, {}).get("members") or []
    return ", ".join(m for m in members if m != member)


def write_dot(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_dot` to ``path``."""
    Path(path).write_text(generate_dot(graph), encoding="utf-8")

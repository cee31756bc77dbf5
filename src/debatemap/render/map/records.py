"""The records the page script reads: nodes, links, groups, undercuts and routes, as plain JSON.

Everything here is data for ``map_core.js``; the order is deterministic (sorted ids) so
the same map gives the same page byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

from debatemap.render.common import stated
from debatemap.render.map import boxes
from debatemap.render.map import layout as layout_mod
from debatemap.store.records import NODE_TEXT_FIELDS

# Maps above this many nodes hide edges while dragging/zooming (panning at 10,000
# nodes went from 502 ms to 191 ms a frame) and offer no physics toggle.
LARGE_MAP = 1000
PHYSICS_MAX = 500
DEFAULT_TITLE = "Debate map"
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_WEB_URL = re.compile(r"https?://\S+", re.IGNORECASE)  # shown as a link; nothing else is


def _node_record(
    graph: nx.DiGraph, ident: str, xy: tuple[int, int], strength: Mapping[str, float] | None
) -> dict[str, Any]:
    """One node as the page sees it; absent fields (None, empty) are left out."""
    attrs = graph.nodes[ident]
    record: dict[str, Any] = {"id": ident, "x": xy[0], "y": xy[1]}
    for key in NODE_TEXT_FIELDS[1:]:  # every text field but the id, already there
        if attrs.get(key):
            record[key] = attrs[key]
    if attrs.get("tags"):
        record["tags"] = list(attrs["tags"])
    status = graph.graph.get("quote_status", {}).get(ident)  # set by build (see cli._common)
    if status is not None:
        record["verified"], record["verification"] = status
    if strength is not None and ident in strength:
        record["strength"] = round(float(strength[ident]), 4)
    return record


def _source_record(source: Mapping[str, Any]) -> dict[str, str]:
    """A source as the page shows it: unknown ("not stated") fields and unsafe URLs left out."""
    record = {k: str(source[k]) for k in ("title", "author", "publisher", "date") if stated(source.get(k))}
    url = " ".join(str(source.get("url") or "").split())
    if _WEB_URL.fullmatch(url):
        record["url"] = url
    return record


def default_title(graph: nx.DiGraph, layout: layout_mod.Layout | None = None) -> str:
    """A title that says what the map is about, from its theses' questions.

    One thesis: its question. Several: the question of the central thesis (the
    one the most claims argue about, which the page opens on and the brief
    starts with), and how many more questions there are.

    >>> g = nx.DiGraph()
    >>> g.add_node("t", kind="thesis", title="T", question="Is T true?")
    >>> default_title(g)
    'Is T true?'
    """
    theses = sorted(n for n, kind in graph.nodes(data="kind") if kind == "thesis")
    if not theses:
        return DEFAULT_TITLE
    layout = layout or layout_mod.compute_layout(graph)
    top = layout.roots[0]  # the central question: what the page opens on
    attrs = graph.nodes[top]
    question = " ".join(str(attrs.get("question") or attrs.get("title") or top).split())
    others = len(theses) - 1
    if not others:
        return question
    return f"{question} \u2014 and {others} more question{'s' if others > 1 else ''}"


def map_data(
    graph: nx.DiGraph, layout: layout_mod.Layout, strength: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Everything the page script needs, as plain JSON-able data (deterministic order)."""
    counts = Counter(p for _, p in graph.nodes(data="perspective") if p)
    perspectives = [
        {
            "id": pid,
            "name": p.get("name") or pid,
            "colour": p["colour"] if _COLOUR.fullmatch(str(p.get("colour", ""))) else "#999999",
            "description": p.get("description") or "",
            "count": counts.get(pid, 0),
        }
        for pid, p in sorted(graph.graph.get("perspectives", {}).items())
    ]
    perspectives.sort(key=lambda p: (str(p["name"]).casefold(), p["id"]))  # the legend's order
    sources = {sid: _source_record(s) for sid, s in sorted(graph.graph.get("sources", {}).items())}
    return {
        "perspectives": perspectives,
        "sources": sources,
        "nodes": [_node_record(graph, n, layout.positions[n], strength) for n in sorted(graph)],
        "edges": [
            _edge_record(layout, a, b, attrs["relation"], attrs.get("group"))
            for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
        ],
        "roots": layout.roots,
        "trees": {root: list(box) for root, box in layout.trees.items()},
        "groups": [
            _group_record(layout, key, group)
            for key, group in sorted((graph.graph.get("groups") or {}).items())
        ],
        "undercuts": [_undercut_record(layout, cut) for cut in graph.graph.get("undercuts") or []],
        "style": {
            "argumentWidth": layout_mod.ARGUMENT_WIDTH,
            "thesisWidth": layout_mod.THESIS_WIDTH,
            "margin": boxes.MARGIN,
            "large": graph.number_of_nodes() > LARGE_MAP,
            "physics": graph.number_of_nodes() <= PHYSICS_MAX,
            "strength": strength is not None,
        },
    }


def _group_record(layout: layout_mod.Layout, key: str, group: Mapping[str, Any]) -> dict[str, Any]:
    """A premise group as the page sees it: its members, and where they join (if drawn joined)."""
    record = {k: group[k] for k in ("relation", "target")}
    record.update(key=key, members=list(group["members"]))
    if key in layout.junctions:
        record["junction"] = list(layout.junctions[key])
    return record


def _undercut_record(layout: layout_mod.Layout, cut: Mapping[str, Any]) -> dict[str, Any]:
    """An undercut as the page sees it: who attacks which link, and its route when it has one."""
    record = {k: cut[k] for k in ("source", "reason", "target", "relation")}
    if cut["source"] in layout.undercutters:
        record["beside"] = True  # drawn (and listed in the outline) next to the reason
    if cut.get("group"):
        record["group"] = cut["group"]
    route = layout.undercuts.get((cut["source"], cut["reason"], cut["target"]))
    if route:
        record["route"] = [list(point) for point in route]
    return record


def _edge_record(
    layout: layout_mod.Layout, source: str, target: str, relation: str, group: str | None = None
) -> dict[str, Any]:
    """A link as the page sees it: a tree link (drawn as an S-curve) or a routed cross-link."""
    record: dict[str, Any] = {"from": source, "to": target, "relation": relation}
    if group:
        record["group"] = group
    route = layout.routes.get((source, target))
    record["tree"] = route is None
    if route is not None:
        record["route"] = [list(point) for point in route]
    return record

"""GraphML for yEd, Gephi and networkx.

Written with :func:`networkx.generate_graphml`, so it reads back with
:func:`networkx.read_graphml`. GraphML attributes are scalars: ``tags`` is
stored as a JSON list in a string, missing fields as empty strings, and the
registries as JSON strings in the graph attributes ``perspectives`` and
``sources`` (premise groups and undercuts likewise in ``groups`` and
``undercuts``; each edge of a group names it in its ``group`` attribute).
Each node also carries ``colour``, its perspective's colour, so
yEd and Gephi can colour the map without knowing debatemap.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx

from debatemap.interchange import NODE_ATTRIBUTES, add_claim, add_relation, empty_graph, sorted_edges


def _flat(graph: nx.DiGraph) -> nx.DiGraph:
    perspectives = graph.graph.get("perspectives") or {}
    flat: nx.DiGraph = nx.DiGraph()
    flat.graph["perspectives"] = json.dumps(perspectives, sort_keys=True, ensure_ascii=False)
    flat.graph["sources"] = json.dumps(graph.graph.get("sources") or {}, sort_keys=True, ensure_ascii=False)
    for ident in sorted(graph.nodes):
        attrs = graph.nodes[ident]
        values = {
            k: ("" if attrs.get(k) is None else str(attrs.get(k))) for k in NODE_ATTRIBUTES if k != "tags"
        }
        values["tags"] = json.dumps(list(attrs.get("tags") or []), ensure_ascii=False)
        values["colour"] = str((perspectives.get(attrs.get("perspective")) or {}).get("colour") or "#FFFFFF")
        flat.add_node(ident, **values)
    flat.graph["groups"] = json.dumps(graph.graph.get("groups") or {}, sort_keys=True, ensure_ascii=False)
    flat.graph["undercuts"] = json.dumps(
        graph.graph.get("undercuts") or [], sort_keys=True, ensure_ascii=False
    )
    for a, relation, b in sorted_edges(graph):
        flat.add_edge(a, b, relation=relation, group=str(graph.edges[a, b].get("group") or ""))
    return flat


def generate_graphml(graph: nx.DiGraph) -> str:
    """The map as GraphML text."""
    return "\n".join(nx.generate_graphml(_flat(graph), prettyprint=True)) + "\n"


def write_graphml(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_graphml` to ``path``."""
    Path(path).write_text(generate_graphml(graph), encoding="utf-8")


def read_graphml(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read a file written by :func:`write_graphml` back into the map's graph shape."""
    flat = nx.read_graphml(path)
    graph = empty_graph()
    graph.graph["perspectives"] = json.loads(flat.graph.get("perspectives") or "{}")
    graph.graph["sources"] = json.loads(flat.graph.get("sources") or "{}")
    for ident, attrs in flat.nodes(data=True):
        values = {k: (attrs.get(k) or None) for k in NODE_ATTRIBUTES if k != "tags"}
        add_claim(graph, ident, tags=json.loads(attrs.get("tags") or "[]"), **values)
    for a, b, attrs in flat.edges(data=True):
        add_relation(graph, a, attrs["relation"], b)
        if attrs.get("group"):
            graph.edges[a, b]["group"] = attrs["group"]
    groups = json.loads(flat.graph.get("groups") or "{}")
    if groups:
        graph.graph["groups"] = groups
    undercuts = json.loads(flat.graph.get("undercuts") or "[]")
    if undercuts:
        graph.graph["undercuts"] = undercuts
    return graph

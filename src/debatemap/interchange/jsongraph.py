"""Node-link JSON, the shape of :func:`networkx.node_link_data`.

``{"directed": true, "multigraph": false, "graph": {...registries, groups,
undercuts...}, "nodes": [{"id": ..., "kind": ..., ...}], "edges": [{"source":
..., "target": ..., "relation": ..., "group": ...}]}``: every field of every
node, lists as lists, keys sorted. D3 and most graph libraries read it directly,
and :func:`parse_json` reads it back into the same map.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.interchange import (
    NODE_ATTRIBUTES,
    InterchangeError,
    add_claim,
    add_group,
    add_relation,
    add_undercut,
    as_text,
    empty_graph,
    problem,
    read_text,
    registry,
    sorted_edges,
)


def json_document(graph: nx.DiGraph) -> dict[str, Any]:
    """The map as a node-link dict."""
    edges = []
    for a, r, b in sorted_edges(graph):
        edge = {"source": a, "target": b, "relation": r}
        if graph.edges[a, b].get("group"):
            edge["group"] = graph.edges[a, b]["group"]
        edges.append(edge)
    meta: dict[str, Any] = {
        "title": graph.graph.get("title"),
        "perspectives": graph.graph.get("perspectives") or {},
        "sources": graph.graph.get("sources") or {},
    }
    if graph.graph.get("groups"):
        meta["groups"] = graph.graph["groups"]
    if graph.graph.get("undercuts"):
        meta["undercuts"] = graph.graph["undercuts"]
    return {
        "directed": True,
        "multigraph": False,
        "graph": meta,
        "nodes": [
            {"id": ident, **{k: graph.nodes[ident].get(k) for k in NODE_ATTRIBUTES}}
            for ident in sorted(graph.nodes)
        ],
        "edges": edges,
    }


def generate_json(graph: nx.DiGraph) -> str:
    """The map as node-link JSON text."""
    return json.dumps(json_document(graph), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_json` to ``path``."""
    Path(path).write_text(generate_json(graph), encoding="utf-8")


def _document(text: str, path: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError([problem(path, exc.lineno, exc.colno, f"not JSON: {exc.msg}")]) from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        raise InterchangeError([problem(path, 1, 1, f"cannot read the JSON: {reason}")]) from None
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        hint = "debatemap export --format json writes {'nodes': [...], 'edges': [...]}"
        raise InterchangeError([problem(path, 1, 1, "not node-link JSON: no 'nodes' list", hint)])
    if not isinstance(document.get("edges", document.get("links", [])), list):
        raise InterchangeError([problem(path, 1, 1, "not node-link JSON: 'edges' is not a list")])
    return document


def parse_json(text: str, path: str = "<json>") -> nx.DiGraph:
    """Read node-link JSON written by :func:`generate_json` (or NetworkX) into a graph."""
    document = _document(text, path)
    meta: dict[str, Any] = document["graph"] if isinstance(document.get("graph"), dict) else {}
    graph = empty_graph(as_text(meta.get("title")))
    graph.graph["perspectives"] = registry(meta.get("perspectives"))
    graph.graph["sources"] = registry(meta.get("sources"))
    problems = []
    for index, node in enumerate(document["nodes"], start=1):
        ident = node.get("id") if isinstance(node, dict) else None
        if not isinstance(ident, str) or not ident:
            problems.append(problem(path, 1, 1, f"node #{index} has no 'id' text"))
        elif ident in graph:
            problems.append(problem(path, 1, 1, f"node id '{ident}' is used twice", "ids are unique"))
        else:
            fields = {k: node.get(k) for k in NODE_ATTRIBUTES}
            wrong = [
                k
                for k, v in fields.items()
                if v is not None and not isinstance(v, list if k == "tags" else str)
            ]
            if wrong:
                problems.append(problem(path, 1, 1, f"node '{ident}': {', '.join(wrong)} of the wrong type"))
                continue
            add_claim(graph, ident, **fields)
            graph.nodes[ident]["line"] = index
    grouped: set[tuple[str, str]] = set()
    groups: dict[str, Any] = meta["groups"] if isinstance(meta.get("groups"), dict) else {}
    for group in groups.values():
        if isinstance(group, dict) and all(m in graph for m in group.get("members") or []):
            if group.get("target") in graph and group.get("relation") in ("supports", "opposes"):
                add_group(graph, group["relation"], group["target"], list(group["members"]))
                grouped |= {(m, group["target"]) for m in group["members"]}
    for edge in document.get("edges", document.get("links", [])):
        ends = (edge.get("source"), edge.get("target")) if isinstance(edge, dict) else (None, None)
        if not all(isinstance(e, str) and e in graph for e in ends) or edge.get("relation") not in (
            "supports",
            "opposes",
        ):
            problems.append(problem(path, 1, 1, f"edge {json.dumps(edge)[:80]} names no node or relation"))
        elif ends not in grouped:
            add_relation(graph, str(ends[0]), edge["relation"], str(ends[1]))
    for undercut in meta.get("undercuts") or []:
        if isinstance(undercut, dict) and all(
            undercut.get(k) in graph for k in ("source", "reason", "target")
        ):
            add_undercut(graph, undercut["source"], undercut["reason"], undercut["target"])
    if problems:
        raise InterchangeError(problems)
    return graph


def read_json(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read a node-link JSON file (see :func:`parse_json`)."""
    return parse_json(read_text(path), str(path))

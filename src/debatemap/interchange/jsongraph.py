"""Node-link JSON, the shape of :func:`networkx.node_link_data`.

``{"directed": true, "multigraph": false, "graph": {...registries...},
"nodes": [{"id": ..., "kind": ..., ...}], "edges": [{"source": ..., "target":
..., "relation": ...}]}``: every field of every node, lists as lists, keys
sorted. D3 and most graph libraries read it directly.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.interchange import NODE_ATTRIBUTES, add_claim, add_relation, empty_graph, sorted_edges


def json_document(graph: nx.DiGraph) -> dict[str, Any]:
    """The map as a node-link dict."""
    return {
        "directed": True,
        "multigraph": False,
        "graph": {
            "title": graph.graph.get("title"),
            "perspectives": graph.graph.get("perspectives") or {},
            "sources": graph.graph.get("sources") or {},
        },
        "nodes": [
            {"id": ident, **{k: graph.nodes[ident].get(k) for k in NODE_ATTRIBUTES}}
            for ident in sorted(graph.nodes)
        ],
        "edges": [{"source": a, "target": b, "relation": r} for a, r, b in sorted_edges(graph)],
    }


def generate_json(graph: nx.DiGraph) -> str:
    """The map as node-link JSON text."""
    return json.dumps(json_document(graph), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_json` to ``path``."""
    Path(path).write_text(generate_json(graph), encoding="utf-8")


def parse_json(text: str) -> nx.DiGraph:
    """Read node-link JSON written by :func:`generate_json`."""
    document = json.loads(text)
    graph = empty_graph(document.get("graph", {}).get("title"))
    graph.graph["perspectives"] = document.get("graph", {}).get("perspectives") or {}
    graph.graph["sources"] = document.get("graph", {}).get("sources") or {}
    for node in document["nodes"]:
        add_claim(graph, node["id"], **{k: node.get(k) for k in NODE_ATTRIBUTES})
    for edge in document["edges"]:
        add_relation(graph, edge["source"], edge["relation"], edge["target"])
    return graph

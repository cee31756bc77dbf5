"""AIF, the Argument Interchange Format, in the JSON form of AIFdb and OVA.

Each claim is an I-node (its text); each ``supports`` edge ``a -> b`` is an
RA node ("Default Inference") with edges ``a -> RA -> b``, each ``opposes``
edge a CA node ("Default Conflict") with ``a -> CA -> b``; no edge joins two
I-nodes directly. A premise group is one RA (or CA) node with an edge from
every member; an undercut is a CA node from the undercutting claim to the RA
or CA node of the link it attacks. Fields AIF has no place for (kind, title, perspective,
source, quote, question, speaker, tags) ride in an extra ``debatemap`` key on
each I-node, and the registries in a top-level ``debatemap`` key; AIF readers
ignore keys they do not know. Nodes carry no ``timestamp`` so the same map
gives the same file.

Reading is :mod:`debatemap.interchange.aif_read`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.interchange import DATA_FIELDS, read_text
from debatemap.interchange.aif_read import parse_aif

SCHEMES = {"supports": ("RA", "Default Inference"), "opposes": ("CA", "Default Conflict")}


def aif_document(graph: nx.DiGraph) -> dict[str, Any]:
    """The map as an AIF JSON document (a dict)."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for ident in sorted(graph.nodes):
        attrs = graph.nodes[ident]
        extra = {k: attrs.get(k) for k in DATA_FIELDS if attrs.get(k) not in (None, "", [])}
        nodes.append({"nodeID": ident, "text": str(attrs.get("text") or ""), "type": "I", "debatemap": extra})
    reasons = _reasons(graph)
    scheme_of: dict[tuple[str, str], str] = {}  # (premise, conclusion) -> its scheme node
    for number, (premises, relation, b) in enumerate(reasons, start=1):
        kind, scheme = SCHEMES[relation]
        scheme_id = f"{kind.lower()}-{number}"
        nodes.append({"nodeID": scheme_id, "text": scheme, "type": kind, "scheme": scheme})
        for index, a in enumerate(premises, start=1):
            edges.append(
                {"edgeID": f"e-{number}-from-{index}", "fromID": a, "toID": scheme_id, "formEdgeID": None}
            )
            scheme_of[a, b] = scheme_id
        edges.append({"edgeID": f"e-{number}-to", "fromID": scheme_id, "toID": b, "formEdgeID": None})
    undercuts = sorted(
        graph.graph.get("undercuts") or [], key=lambda u: (u["source"], u["reason"], u["target"])
    )
    for number, undercut in enumerate(undercuts, start=len(reasons) + 1):
        attacked = scheme_of.get((undercut["reason"], undercut["target"]))
        if attacked is None or undercut["source"] not in graph:
            continue
        scheme_id = f"ca-{number}"
        conflict = {
            "nodeID": scheme_id,
            "text": "Default Conflict",
            "type": "CA",
            "scheme": "Default Conflict",
        }
        nodes.append({**conflict, "debatemap": {"from": undercut["reason"]}})  # which member's link
        edges.append({"edgeID": f"e-{number}-from-1", "fromID": undercut["source"], "toID": scheme_id,
                      "formEdgeID": None})  # fmt: skip
        edges.append({"edgeID": f"e-{number}-to", "fromID": scheme_id, "toID": attacked, "formEdgeID": None})
    meta = {
        "title": graph.graph.get("title"),
        "perspectives": graph.graph.get("perspectives") or {},
        "sources": graph.graph.get("sources") or {},
    }
    return {"nodes": nodes, "edges": edges, "locutions": [], "debatemap": meta}


def _reasons(graph: nx.DiGraph) -> list[tuple[list[str], str, str]]:
    """``(premises, relation, conclusion)``: one per plain link, one per premise group."""
    reasons: list[tuple[list[str], str, str]] = []
    for _key, group in sorted((graph.graph.get("groups") or {}).items()):
        reasons.append((list(group["members"]), group["relation"], group["target"]))  # lead first
    for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[2].get("relation"), e[1])):
        if not attrs.get("group"):
            reasons.append(([a], attrs["relation"], b))
    return sorted(reasons)


def generate_aif(graph: nx.DiGraph) -> str:
    """The map as AIF JSON text (see the module doc)."""
    return json.dumps(aif_document(graph), indent=2, ensure_ascii=False) + "\n"


def write_aif(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_aif` to ``path`` (UTF-8)."""
    Path(path).write_text(generate_aif(graph), encoding="utf-8")


def read_aif(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read an AIF JSON file (see :func:`parse_aif`)."""
    return parse_aif(read_text(path), str(path))


__all__ = ["aif_document", "generate_aif", "parse_aif", "read_aif", "write_aif"]

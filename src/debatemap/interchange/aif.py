"""AIF, the Argument Interchange Format, in the JSON form of AIFdb and OVA.

Each claim is an I-node (its text); each ``supports`` edge ``a -> b`` is an
RA node ("Default Inference") with edges ``a -> RA -> b``, each ``opposes``
edge a CA node ("Default Conflict") with ``a -> CA -> b``; no edge joins two
I-nodes directly. Fields AIF has no place for (kind, title, perspective,
source, quote, question, speaker, tags) ride in an extra ``debatemap`` key on
each I-node, and the registries in a top-level ``debatemap`` key; AIF readers
ignore keys they do not know. Nodes carry no ``timestamp`` so the same map
gives the same file.

:func:`parse_aif` reads any AIF JSON: RA nodes become ``supports`` from every
premise to every conclusion, CA nodes ``opposes``; dialogue nodes (L, TA, YA),
rephrases (MA) and preferences (PA) are skipped, as are schemes that point at
other schemes (undercuts), which debatemap cannot represent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.interchange import (
    InterchangeError,
    add_claim,
    add_relation,
    as_text,
    empty_graph,
    problem,
    read_text,
    registry,
    short_title,
    sorted_edges,
)

SCHEMES = {"supports": ("RA", "Default Inference"), "opposes": ("CA", "Default Conflict")}
EXTRA_FIELDS = ("kind", "title", "perspective", "source", "quote", "question", "speaker", "tags")


def aif_document(graph: nx.DiGraph) -> dict[str, Any]:
    """The map as an AIF JSON document (a dict)."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for ident in sorted(graph.nodes):
        attrs = graph.nodes[ident]
        extra = {k: attrs.get(k) for k in EXTRA_FIELDS if attrs.get(k) not in (None, "", [])}
        nodes.append({"nodeID": ident, "text": str(attrs.get("text") or ""), "type": "I", "debatemap": extra})
    for number, (a, relation, b) in enumerate(sorted_edges(graph), start=1):
        kind, scheme = SCHEMES[relation]
        scheme_id = f"{kind.lower()}-{number}"
        nodes.append({"nodeID": scheme_id, "text": scheme, "type": kind, "scheme": scheme})
        edges.append({"edgeID": f"e-{number}-from", "fromID": a, "toID": scheme_id, "formEdgeID": None})
        edges.append({"edgeID": f"e-{number}-to", "fromID": scheme_id, "toID": b, "formEdgeID": None})
    meta = {
        "title": graph.graph.get("title"),
        "perspectives": graph.graph.get("perspectives") or {},
        "sources": graph.graph.get("sources") or {},
    }
    return {"nodes": nodes, "edges": edges, "locutions": [], "debatemap": meta}


def generate_aif(graph: nx.DiGraph) -> str:
    """The map as AIF JSON text (see the module doc)."""
    return json.dumps(aif_document(graph), indent=2, ensure_ascii=False) + "\n"


def write_aif(graph: nx.DiGraph, path: str | os.PathLike[str]) -> None:
    """Write :func:`generate_aif` to ``path`` (UTF-8)."""
    Path(path).write_text(generate_aif(graph), encoding="utf-8")


def _load(text: str, path: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError([problem(path, exc.lineno, exc.colno, f"not JSON: {exc.msg}")]) from None
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        raise InterchangeError([problem(path, 1, 1, "not AIF JSON: no 'nodes' list")])
    if not isinstance(document.get("edges", []), list):
        raise InterchangeError([problem(path, 1, 1, "not AIF JSON: 'edges' is not a list")])
    return document


def _claims(document: dict[str, Any], graph: nx.DiGraph, path: str) -> tuple[dict[str, str], list[Any]]:
    """Add the I-nodes; return every node's type by id, and problems."""
    types: dict[str, str] = {}
    problems = []
    for index, node in enumerate(document["nodes"]):
        if (
            not isinstance(node, dict)
            or as_text(node.get("nodeID")) is None
            or not isinstance(node.get("type"), str)
        ):
            problems.append(problem(path, 1, 1, f"node #{index + 1} has no nodeID or type"))
            continue
        ident, kind = str(node["nodeID"]).strip(), node["type"]
        types[ident] = kind
        if kind != "I":
            continue
        extra: dict[str, Any] = node["debatemap"] if isinstance(node.get("debatemap"), dict) else {}
        if not isinstance(node.get("text"), str) or not node["text"].strip():
            found = "no text" if node.get("text") in (None, "") else f"text {json.dumps(node['text'])[:40]}"
            problems.append(problem(path, 1, 1, f"I-node '{ident}' has {found}",
                                    "every claim (type I) needs its words as a text string"))  # fmt: skip
            continue
        text = as_text(node.get("text")) or ""
        fields = {k: as_text(extra.get(k)) for k in EXTRA_FIELDS if k != "tags"}
        listed = extra.get("tags")
        tags = listed if isinstance(listed, list) else []
        fields["title"] = fields["title"] or short_title(text) or ident
        graph.graph.setdefault("implicit_kind", set())
        if fields["kind"] is None:
            graph.graph["implicit_kind"].add(ident)
        add_claim(graph, ident, text=str(node.get("text") or ""), tags=[str(t) for t in tags], **fields)
    return types, problems


def parse_aif(text: str, path: str = "<aif>") -> nx.DiGraph:
    """Read AIF JSON text into a graph; :class:`InterchangeError` on what it cannot read."""
    document = _load(text, path)
    meta: dict[str, Any] = document["debatemap"] if isinstance(document.get("debatemap"), dict) else {}
    graph = empty_graph(as_text(meta.get("title")))
    graph.graph["perspectives"] = registry(meta.get("perspectives"))
    graph.graph["sources"] = registry(meta.get("sources"))
    types, problems = _claims(document, graph, path)
    # Ids from another tool (AIFdb numbers them) make poor file names: let the importer name them.
    graph.graph["generated_ids"] = not any(
        isinstance(n, dict) and isinstance(n.get("debatemap"), dict) for n in document["nodes"]
    )
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for edge in document.get("edges") or []:
        if not isinstance(edge, dict):
            continue
        a, b = str(edge.get("fromID", "")).strip(), str(edge.get("toID", "")).strip()
        if a not in types or b not in types:
            missing = " and ".join(f"'{n}'" for n in (a, b) if n not in types)
            name = f"edge '{edge['edgeID']}'" if edge.get("edgeID") is not None else "an edge"
            problems.append(problem(path, 1, 1, f"{name} from '{a}' to '{b}' names no node {missing}",
                                    "its fromID and toID must be nodeIDs in 'nodes'"))  # fmt: skip
        elif types[a] == "I" and types[b] == "I":
            problems.append(problem(path, 1, 1, f"edge '{edge.get('edgeID')}' joins two I-nodes directly",
                                    "AIF puts an RA or CA node between two claims"))  # fmt: skip
        else:
            into.setdefault(b, []).append(a)
            out_of.setdefault(a, []).append(b)
    if problems:
        raise InterchangeError(problems)
    for scheme, kind in sorted(types.items()):
        relation = {"RA": "supports", "CA": "opposes"}.get(kind)
        if relation is None:
            continue
        for premise in sorted(into.get(scheme, [])):
            for conclusion in sorted(out_of.get(scheme, [])):
                if types[premise] == "I" and types[conclusion] == "I":
                    add_relation(graph, premise, relation, conclusion)
    for ident in graph.graph.pop("implicit_kind", set()):
        if graph.out_degree(ident) == 0:  # a claim that argues about nothing is what the debate is about
            graph.nodes[ident]["kind"] = "thesis"
    return graph


def read_aif(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read an AIF JSON file (see :func:`parse_aif`)."""
    return parse_aif(read_text(path), str(path))

"""The map as a Kialo discussion, in the plain-text layout Kialo imports.

Kialo's layout rules: ``Discussion Title:`` then a blank line; ``1.`` the
thesis; every other claim ``<path>. Pro:`` or ``<path>. Con:`` under the claim
it argues about, its path the parent's plus one number; a claim that argues
about several claims is written in full once and then ``-> See <path>.``.
Several theses go under ``1. Question:`` as ``1.1. Thesis:``, ``1.2. Thesis:``
(the second layout, which :func:`debatemap.interchange.kialo.parse_kialo` reads).

A claim's lines are written as they are; in each line ``\\``, ``[`` and ``]``
are backslash-escaped (so no text reads as a link or a footnote mark), and a
line that would read as a claim header (``1.2. ...``) or a ``-> See`` has its
first character escaped. Kialo carries no ids, titles, perspectives, sources or
tags: importing the export gives the same texts and relations under new ids.
Kialo holds one tree: claims no thesis reaches are left out, and
:func:`unreached` names them for ``debatemap export`` to report.
"""

from __future__ import annotations

import re

import networkx as nx

_HEADER_LIKE = re.compile(r"^\s*(?:\d+\.)+(?:\s|$)|^\s*->|^\s*\[\d+\]|^Discussion (?:Title|Name):")


def escape_line(line: str) -> str:
    """One line of a claim with Kialo's escapes, never read as a header or a link."""
    escaped = line.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    if _HEADER_LIKE.match(escaped) or not escaped.strip() and escaped:
        escaped = "\\" + escaped
    return escaped


def _text(attrs: dict[str, object]) -> str:
    text = str(attrs.get("text") or attrs.get("title") or "")
    return "\n".join(escape_line(line) for line in text.split("\n"))


def _children(graph: nx.DiGraph, ident: str) -> list[tuple[str, str]]:
    """``(relation, child)`` for every claim arguing about ``ident``, in a fixed order."""
    return sorted((r, a) for a, _, r in graph.in_edges(ident, data="relation"))


def _theses(graph: nx.DiGraph) -> list[str]:
    return sorted(n for n, kind in graph.nodes(data="kind") if kind == "thesis")


def unreached(graph: nx.DiGraph) -> list[str]:
    """Claims no thesis reaches through supports/opposes: a Kialo tree cannot hold them."""
    reached: set[str] = set()
    for thesis in _theses(graph):
        reached |= {thesis} | nx.ancestors(graph, thesis)
    return sorted(set(graph.nodes) - reached)


def generate_kialo(graph: nx.DiGraph) -> str:
    """The map as Kialo's plain-text export (see the module doc)."""
    theses = _theses(graph)
    questions = [str(graph.nodes[t].get("question") or "") for t in theses]
    title = graph.graph.get("title") or (questions[0] if questions else "") or "debatemap export"
    out = [f"Discussion Title: {' '.join(str(title).split())}", ""]
    written: dict[str, str] = {}
    if len(theses) == 1:
        roots = [("1.", theses[0], "")]
    else:
        question = questions[0] if len(set(questions)) == 1 else str(title)
        out.append(f"1. Question: {escape_line(' '.join(question.split()))}")
        roots = [(f"1.{i}.", t, "Thesis: ") for i, t in enumerate(theses, start=1)]
    for path, thesis, label in roots:
        out.append(f"{path} {label}{_text(graph.nodes[thesis])}")
        written[thesis] = path
        _walk(graph, thesis, path, written, out)
    return "\n".join(out) + "\n"


def _walk(graph: nx.DiGraph, ident: str, path: str, written: dict[str, str], out: list[str]) -> None:
    """Write the claims under ``ident``, depth first, without recursion (maps can be deep)."""
    stack = [(ident, path, iter(_children(graph, ident)), 0)]
    while stack:
        parent, parent_path, children, count = stack.pop()
        for relation, child in children:
            count += 1
            child_path = f"{parent_path}{count}."
            stance = "Pro" if relation == "supports" else "Con"
            if child in written:
                out.append(f"{child_path} {stance}: -> See {written[child]}")
                continue
            out.append(f"{child_path} {stance}: {_text(graph.nodes[child])}")
            written[child] = child_path
            stack.append((parent, parent_path, children, count))
            stack.append((child, child_path, iter(_children(graph, child)), 0))
            break

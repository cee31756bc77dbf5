"""Interchange formats: Argdown, AIF, GraphML, node-link JSON, DOT and Kialo.

Every module follows NetworkX's naming: ``generate_x(graph) -> str`` and
``write_x(graph, path)`` export the graph built by
:func:`debatemap.graph.build_graph`; ``parse_x(text, path) -> nx.DiGraph`` and
``read_x(path)`` import into a graph of the same shape (node attributes
``kind``, ``title``, ``text``, ``perspective``, ``source``, ``quote``,
``question``, ``speaker``, ``tags``; edges with ``relation``; the registries
in ``graph.graph``). A format that cannot carry a field leaves it ``None``.

Bad input raises :class:`InterchangeError`, whose ``problems`` name
file:line:col like ``check`` does. :func:`import_graph` writes an imported
graph into a map through :func:`debatemap.edit.add_nodes`, the validated
all-or-nothing writer ``debatemap add`` uses.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from debatemap import rules
from debatemap.model import Position, Problem
from debatemap.rules.constraints import MAX_IMPORT_BYTES
from debatemap.store.fileread import read_bytes

NODE_ATTRIBUTES = (
    "kind", "title", "text", "perspective", "source", "quote", "question", "speaker", "contributor", "tags",
)  # fmt: skip
# What a format carries beside a claim's text, in its own data fields (Argdown's {...}, AIF's extras).
DATA_FIELDS = tuple(key for key in NODE_ATTRIBUTES if key != "text")
EXPORT_FORMATS = ("argdown", "aif", "graphml", "json", "dot", "kialo")
IMPORT_FORMATS = ("kialo", "argdown", "aif", "json")


class InterchangeError(ValueError):
    """A file that cannot be imported; ``problems`` say where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = list(problems)


def problem(path: str, line: int, column: int, message: str, hint: str | None = None) -> Problem:
    """An import error at ``path:line:col`` (code DM034, import format error)."""
    return rules.IMPORT_ERROR.at(Position(path, line, column), message, hint)


def empty_graph(title: str | None = None) -> nx.DiGraph:
    """A graph shaped like :func:`~debatemap.graph.build_graph`'s, with no nodes."""
    graph = nx.DiGraph()
    graph.graph.update(perspectives={}, sources={}, title=title)
    return graph


def warn(graph: nx.DiGraph, where: Problem, reason: str) -> None:
    """Record something the map cannot hold: a located warning, counted under ``reason``.

    Nothing an importer leaves out is silent: the warnings print before the import
    summary, which counts them by reason (see :func:`summary`).
    """
    graph.graph.setdefault("warnings", []).append(where)
    dropped: dict[str, int] = graph.graph.setdefault("dropped", {})
    dropped[reason] = dropped.get(reason, 0) + 1


def warning(path: str, line: int, column: int, message: str, hint: str | None = None) -> Problem:
    """A warning at ``path:line:col`` (code DM034): imported, but not all of it."""
    return rules.IMPORT_ERROR.warning_at(Position(path, line, column), message, hint)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def summary(graph: nx.DiGraph) -> str:
    """What an import read and what it left out: one line for people, counts by reason."""
    speakers = {attrs.get("speaker") for _, attrs in graph.nodes(data=True)} - {None, ""}
    read = ", ".join(
        [
            _count(graph.number_of_nodes(), "claim"),
            _count(graph.number_of_edges(), "link"),
            _count(len(graph.graph.get("groups") or {}), "premise group"),
            _count(len(graph.graph.get("undercuts") or []), "undercut"),
            _count(len(speakers), "speaker"),
        ]
    )
    dropped = graph.graph.get("dropped") or {}
    left = "; ".join(f"{count} {reason}" for reason, count in sorted(dropped.items()))
    return f"read {read}; " + (f"left out: {left}" if left else "nothing left out")


def add_group(graph: nx.DiGraph, relation: str, target: str, members: Sequence[str]) -> str | None:
    """Record a premise group (members that argue for or against ``target`` only together).

    Each member gets an edge to ``target`` carrying the group's key, as in
    :func:`debatemap.graph.build_graph`; ``graph.graph["groups"]`` keeps the group.
    Returns the key, or ``None`` when fewer than two distinct members remain.
    """
    distinct = list(dict.fromkeys(m for m in members if m != target))
    if len(distinct) < 2:
        for member in distinct:
            add_relation(graph, member, relation, target)
        return None
    key = f"{relation}:{target}:{'+'.join(sorted(distinct))}"
    graph.graph.setdefault("groups", {})[key] = {"relation": relation, "target": target, "members": distinct}
    for member in distinct:
        if not graph.has_edge(member, target) and member != target:
            graph.add_edge(member, target, relation=relation, group=key)
    return key


def add_undercut(graph: nx.DiGraph, source: str, reason: str, target: str) -> None:
    """Record that ``source`` attacks the inference from ``reason`` to ``target`` (not a claim)."""
    attacked = graph.edges[reason, target] if graph.has_edge(reason, target) else {}
    entry = {
        "source": source,
        "reason": reason,
        "target": target,
        "relation": attacked.get("relation"),
        "group": attacked.get("group"),
    }
    undercuts: list[dict[str, Any]] = graph.graph.setdefault("undercuts", [])
    if entry not in undercuts:
        undercuts.append(entry)


def add_claim(graph: nx.DiGraph, ident: str, **attributes: Any) -> None:
    """Add a node with every attribute present (missing ones ``None``, tags a list)."""
    values = {key: attributes.get(key) for key in NODE_ATTRIBUTES}
    values["tags"] = list(values["tags"] or [])
    values["kind"] = values["kind"] or "argument"
    graph.add_node(ident, **values)


def add_relation(graph: nx.DiGraph, source: str, relation: str, target: str) -> None:
    """Add ``source -relation-> target`` unless it is a self-loop or already there."""
    if source != target and not graph.has_edge(source, target):
        graph.add_edge(source, target, relation=relation)


def sorted_edges(graph: nx.DiGraph) -> list[tuple[str, str, str]]:
    """``(source, relation, target)`` in a fixed order, for deterministic output."""
    return sorted((a, r, b) for a, b, r in graph.edges(data="relation"))


def generate(graph: nx.DiGraph, fmt: str) -> str:
    """The map in export format ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    from debatemap.interchange import aif, argdown, dot, graphml, jsongraph, kialo_export

    writers = {
        "kialo": kialo_export.generate_kialo,
        "argdown": argdown.generate_argdown,
        "aif": aif.generate_aif,
        "graphml": graphml.generate_graphml,
        "json": jsongraph.generate_json,
        "dot": dot.generate_dot,
    }
    return writers[fmt](graph)


def parse(text: str, fmt: str, path: str = "<input>") -> nx.DiGraph:
    """Parse ``text`` in import format ``fmt`` (one of :data:`IMPORT_FORMATS`)."""
    from debatemap.interchange import aif, argdown, jsongraph, kialo

    readers = {
        "argdown": argdown.parse_argdown,
        "aif": aif.parse_aif,
        "kialo": kialo.parse_kialo,
        "json": jsongraph.parse_json,
    }
    return readers[fmt](text, path)


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's text as UTF-8 (a BOM is dropped); :class:`InterchangeError` if it is not."""
    shown = str(path)
    raw, unreadable = read_bytes(shown, MAX_IMPORT_BYTES)  # regular files only, capped
    if raw is None:
        reason = unreadable.message if unreadable is not None else "cannot read the file"
        raise InterchangeError(
            [problem(shown, 1, 1, reason.replace("cannot read file", "cannot read the file"))]
        )
    if len(raw) > MAX_IMPORT_BYTES:
        too_large = f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB"
        raise InterchangeError([problem(shown, 1, 1, too_large, "split the discussion into smaller files")])
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InterchangeError([problem(shown, line, 1, "file is not UTF-8")]) from None


def as_text(value: Any) -> str | None:
    """A field value as text, or ``None`` for missing or empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def registry(value: Any) -> dict[str, dict[str, Any]]:
    """A perspectives/sources registry carried by a file, keeping only mapping entries."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): dict(v) for k, v in value.items() if isinstance(v, Mapping)}


TITLE_CHARACTERS = 100


def short_title(text: str) -> str:
    """A map label from a claim's text: its first sentence, cut at a word if long."""
    flat = " ".join(text.split())
    for stop in (". ", "? ", "! "):
        if stop in flat[: TITLE_CHARACTERS + 1]:
            flat = flat[: flat.index(stop) + 1]
            break
    if len(flat) <= TITLE_CHARACTERS:
        return flat
    return flat[: TITLE_CHARACTERS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "InterchangeError",
    "add_group",
    "add_undercut",
    "generate",
    "parse",
    "summary",
    "warn",
    "warning",
    "read_text",
    "short_title",
]

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
from pathlib import Path
from typing import Any

import networkx as nx

from ..model import Problem

NODE_ATTRIBUTES = ("kind", "title", "text", "perspective", "source", "quote", "question", "speaker", "tags")
EXPORT_FORMATS = ("argdown", "aif", "graphml", "json", "dot")
IMPORT_FORMATS = ("kialo", "argdown", "aif")


class InterchangeError(ValueError):
    """A file that cannot be imported; ``problems`` say where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = list(problems)


def problem(path: str, line: int, column: int, message: str, hint: str | None = None) -> Problem:
    """An import error at ``path:line:col`` (code DM034, import format error)."""
    return Problem(path, line, column, "error", "DM034", message, hint)


def empty_graph(title: str | None = None) -> nx.DiGraph:
    """A graph shaped like :func:`~debatemap.graph.build_graph`'s, with no nodes."""
    graph = nx.DiGraph()
    graph.graph.update(perspectives={}, sources={}, title=title)
    return graph


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
    from . import aif, argdown, dot, graphml, jsongraph

    writers = {
        "argdown": argdown.generate_argdown,
        "aif": aif.generate_aif,
        "graphml": graphml.generate_graphml,
        "json": jsongraph.generate_json,
        "dot": dot.generate_dot,
    }
    return writers[fmt](graph)


def parse(text: str, fmt: str, path: str = "<input>") -> nx.DiGraph:
    """Parse ``text`` in import format ``fmt`` (one of :data:`IMPORT_FORMATS`)."""
    from . import aif, argdown, kialo

    readers = {"argdown": argdown.parse_argdown, "aif": aif.parse_aif, "kialo": kialo.parse_kialo}
    return readers[fmt](text, path)


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's text as UTF-8 (a BOM is dropped); :class:`InterchangeError` if it is not."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InterchangeError([problem(shown, 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
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


# --- writing an imported graph into a map -------------------------------------

UNASSIGNED = "unassigned"
UNASSIGNED_FIELDS = {
    "name": "Not yet assigned",
    "colour": "#999999",
    "description": "Imported claims whose perspective nobody has assigned yet.",
}
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


def _free(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base[:75]}-{number}"
    taken.add(candidate)
    return candidate


def _ids(graph: nx.DiGraph, existing: set[str]) -> dict[str, str]:
    """Imported id -> id in the map. Ids the format carried are kept (a clash is refused
    by the writer); ids the reader made up (``generated_ids``) step aside."""
    from ..records import SLUG, slugify

    generated = bool(graph.graph.get("generated_ids"))
    taken = set(existing) | ({str(n) for n in graph.nodes if not generated and SLUG.match(str(n))})
    mapping = {}
    for ident in sorted(graph.nodes, key=str):
        if not generated and SLUG.match(str(ident)):
            mapping[ident] = str(ident)
        else:
            base = slugify(str(graph.nodes[ident].get("title") or ident), 60) or "claim"
            mapping[ident] = _free(base, taken)
    return mapping


def _plan_registries(
    graph: nx.DiGraph, debate: Any, file_source: str | os.PathLike[str], perspective: str | None
) -> tuple[dict[str, tuple[str | None, str | None]], dict[str, Any], dict[str, Any], str]:
    """Which node gets which perspective and source, and which registry entries to add."""
    from ..records import slugify

    carried_p, carried_s = registry(graph.graph.get("perspectives")), registry(graph.graph.get("sources"))
    new_p: dict[str, dict[str, Any]] = {}
    new_s: dict[str, dict[str, Any]] = {}
    chosen: dict[str, tuple[str | None, str | None]] = {}
    source_id = _free(slugify(Path(file_source).name, 60) or "imported-file", set(debate.sources))
    for ident in sorted(graph.nodes, key=str):
        attrs = graph.nodes[ident]
        if attrs.get("kind") == "thesis":
            chosen[ident] = (None, None)
            continue
        p = perspective or as_text(attrs.get("perspective"))
        if p not in debate.perspectives:
            if p in carried_p:
                new_p[p] = carried_p[p]
            else:
                p = UNASSIGNED
                if UNASSIGNED not in debate.perspectives:
                    new_p[UNASSIGNED] = UNASSIGNED_FIELDS
        s = as_text(attrs.get("source"))
        if not (s and as_text(attrs.get("quote")) and (s in debate.sources or s in carried_s)):
            s = source_id  # the claim's own words are its quote, from the imported file
            new_s[source_id] = {"title": graph.graph.get("title") or Path(file_source).name,
                                "file": Path(file_source).name}  # fmt: skip
        elif s not in debate.sources:
            new_s[s] = carried_s[s]
        chosen[ident] = (p, s)
    return chosen, new_p, new_s, source_id


def _record(
    graph: nx.DiGraph, ident: Any, ids: dict[str, str], chosen: Any, source_id: str
) -> dict[str, Any]:
    attrs = graph.nodes[ident]
    text = as_text(attrs.get("text")) or as_text(attrs.get("title")) or ids[ident]
    record: dict[str, Any] = {
        "id": ids[ident],
        "kind": attrs.get("kind") or "argument",
        "title": as_text(attrs.get("title")) or short_title(text),
        "text": text,
    }
    perspective, source = chosen[ident]
    if record["kind"] == "thesis":
        record["question"] = as_text(attrs.get("question")) or as_text(graph.graph.get("title")) or text
    else:
        record["perspective"], record["source"] = perspective, source
        # From the imported file, a claim's own words are its quote, exactly as the file has them.
        record["quote"] = (
            (as_text(attrs.get("raw")) or text) if source == source_id else as_text(attrs.get("quote"))
        )
        if attrs.get("speaker"):
            record["speaker"] = attrs["speaker"]
    if attrs.get("tags"):
        record["tags"] = list(attrs["tags"])
    for relation in ("supports", "opposes"):
        targets = sorted(ids[b] for _, b, r in graph.out_edges(ident, data="relation") if r == relation)
        if targets:
            record[relation] = targets
    return record


def _registry_fields(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, str]:
    return {k: str(v) for k, v in fields.items() if k in allowed and as_text(v)}


def import_graph(
    root: str | os.PathLike[str],
    graph: nx.DiGraph,
    imported_file: str | os.PathLike[str],
    perspective: str | None = None,
) -> list[Any]:
    """Write every node of ``graph`` into the map at ``root``; all or nothing.

    Nodes without a source and quote get the imported file as their source
    (registered in sources.yaml) and their own text as the verbatim quote.
    Without ``perspective``, a node keeps the perspective the format carried
    (added to perspectives.yaml if the file described it) or goes under
    ``unassigned``. Returns the :class:`debatemap.edit.Change` list; raises
    :class:`debatemap.edit.ChangeRefused` and restores both registries when
    the nodes cannot be written.
    """
    from .. import edit
    from ..edit_input import input_problem

    base = Path(root)
    with edit._locked(base):  # one change: no other writer slips in between its files
        debate = edit.clean_map(base)
        shown = str(imported_file)
        if perspective is not None and perspective not in debate.perspectives:
            hint = "add it first: debatemap add-perspective"
            unknown = input_problem("DM012", f"unknown perspective '{perspective}'", hint)
            raise edit.ChangeRefused([unknown], "unknown perspective")
        if graph.number_of_nodes() == 0:
            empty = problem(shown, 1, 1, "the file holds no claims")
            raise edit.ChangeRefused([empty], "nothing to import")
        chosen, new_p, new_s, source_id = _plan_registries(graph, debate, imported_file, perspective)
        ids = _ids(graph, set(debate.nodes))
        order = sorted(graph.nodes, key=str)
        records = [_record(graph, ident, ids, chosen, source_id) for ident in order]
        origins = [(shown, int(graph.nodes[ident].get("line") or 1)) for ident in order]
        return _write(base, records, origins, new_p, new_s)


def _write(
    base: Path,
    records: list[dict[str, Any]],
    origins: list[tuple[str, int]],
    new_p: dict[str, Any],
    new_s: dict[str, Any],
) -> list[Any]:
    """Registry entries, then the nodes; on any failure the registries go back as they were."""
    from .. import edit
    from ..records import PERSPECTIVE_FIELDS, PERSPECTIVES_FILE, SOURCE_FIELDS, SOURCES_FILE

    saved = {base / name: (base / name).read_bytes() for name in (PERSPECTIVES_FILE, SOURCES_FILE)}
    try:
        for ident in sorted(new_p):
            edit.add_perspective(base, ident, _registry_fields(new_p[ident], PERSPECTIVE_FIELDS))
        for ident in sorted(new_s):
            edit.add_source(base, ident, _registry_fields(new_s[ident], SOURCE_FIELDS))
        return edit.add_nodes(base, records, origins)  # all its node files, or none of them
    except BaseException:
        # The registries as they were: nothing imported. (add_nodes already took back its files.)
        changed = [
            (path, content.decode("utf-8"), False)
            for path, content in saved.items()
            if path.read_bytes() != content
        ]
        edit.commit(changed)
        raise


__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "UNASSIGNED",
    "InterchangeError",
    "generate",
    "import_graph",
    "parse",
    "read_text",
]

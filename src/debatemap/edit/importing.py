"""Write an imported graph into a map: the one place ``import`` changes files.

The converters in :mod:`debatemap.interchange` only turn text into a graph;
this module chooses ids, registers the imported file as a source and writes
every claim through :func:`debatemap.edit.add_nodes`, all or nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap import rules
from debatemap.edit.core import ChangeRefused, clean_map, locked
from debatemap.edit.input import input_problem
from debatemap.edit.nodes import add_nodes
from debatemap.interchange import as_text, problem, registry, short_title
from debatemap.rules.constraints import is_slug, slugify
from debatemap.store.records import (
    PERSPECTIVE_FIELDS,
    SOURCE_FIELDS,
)

UNASSIGNED = "unassigned"
UNASSIGNED_FIELDS = {
    "name": "Not yet assigned",
    "colour": "#999999",
    "description": "Imported claims whose perspective nobody has assigned yet.",
}


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

    generated = bool(graph.graph.get("generated_ids"))
    taken = set(existing) | ({str(n) for n in graph.nodes if not generated and is_slug(str(n))})
    mapping = {}
    for ident in sorted(graph.nodes, key=str):
        if not generated and is_slug(str(ident)):
            mapping[ident] = str(ident)
        else:
            base = slugify(str(graph.nodes[ident].get("title") or ident), 60) or "claim"
            mapping[ident] = _free(base, taken)
    return mapping


def _plan_registries(
    graph: nx.DiGraph, debate: Any, file_source: str | os.PathLike[str], perspective: str | None
) -> tuple[dict[str, tuple[str | None, str | None]], dict[str, Any], dict[str, Any], str]:
    """Which node gets which perspective and source, and which registry entries to add."""

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
    for ident, fields in registry(graph.graph.get("cited")).items():  # a Kialo file's URL list
        if ident not in debate.sources and ident != source_id:
            # The note is in the imported file: that is the text `check --sources-dir` finds.
            new_s.setdefault(ident, {**fields, "file": Path(file_source).name})
    return chosen, new_p, new_s, source_id


def _record(
    graph: nx.DiGraph, ident: Any, ids: dict[str, str], chosen: Any, source_id: str, written: Any
) -> dict[str, Any]:
    """The node file's fields; ``written`` holds the groups by lead and undercuts by source."""
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
        for key in ("speaker", "contributor"):
            if as_text(attrs.get(key)):
                record[key] = attrs[key]
    if attrs.get("tags"):
        record["tags"] = list(attrs["tags"])
    leads = written[0].get(ident, [])
    for relation in ("supports", "opposes"):
        targets: list[Any] = sorted(
            ids[b]
            for _, b, attrs in graph.out_edges(ident, data=True)
            if attrs.get("relation") == relation and not attrs.get("group")
        )
        for group in leads:
            if group["relation"] == relation:
                others = [ids[m] for m in group["members"] if m != ident]
                targets.append({"to": ids[group["target"]], "with": others})
        if targets:
            record[relation] = targets
    undercuts = written[1].get(ident, [])
    if undercuts:
        record["undercuts"] = [{"from": ids[u["reason"]], "to": ids[u["target"]]} for u in undercuts]
    return record


def _undercuts_by_source(graph: nx.DiGraph) -> dict[str, list[dict[str, Any]]]:
    by_source: dict[str, list[dict[str, Any]]] = {}
    for undercut in graph.graph.get("undercuts") or []:
        by_source.setdefault(undercut["source"], []).append(undercut)
    return by_source


def _leads(graph: nx.DiGraph) -> dict[str, list[dict[str, Any]]]:
    """Each premise group under its lead, its first member: the file it is written in."""
    leads: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(graph.graph.get("groups") or {}):
        group = graph.graph["groups"][key]
        leads.setdefault(group["members"][0], []).append(group)
    return leads


def _registry_fields(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, str]:
    return {k: str(v) for k, v in fields.items() if k in allowed and as_text(v)}


def import_graph(
    root: str | os.PathLike[str],
    graph: nx.DiGraph,
    imported_file: str | os.PathLike[str],
    perspective: str | None = None,
    *,
    allow_duplicate: bool = False,
    sources_dir: str | os.PathLike[str] | None = None,
) -> list[Any]:
    """Write every node of ``graph`` into the map at ``root``; all or nothing.

    A file imported before (a source already names it) is refused, and so is a
    claim whose title a node of the map already has (DM033, at its line in the
    file), unless ``allow_duplicate``: importing twice never doubles the map.
    Quotes are verified against the texts in ``sources_dir`` (default DIR/sources/)
    wherever they are present.

    Nodes without a source and quote get the imported file as their source
    (registered in sources.yaml) and their own text as the verbatim quote.
    Without ``perspective``, a node keeps the perspective the format carried
    (added to perspectives.yaml if the file described it) or goes under
    ``unassigned``. Returns the :class:`debatemap.edit.Change` list; raises
    :class:`debatemap.edit.ChangeRefused` with nothing written: the registry
    entries and the node files are one change, whole even under ``kill -9``.
    """

    base = Path(root)
    with locked(base):  # one change: no other writer slips in between its files
        debate = clean_map(base)
        shown = str(imported_file)
        if perspective is not None and perspective not in debate.perspectives:
            hint = "add it first: debatemap add-perspective"
            unknown = input_problem(rules.UNKNOWN_PERSPECTIVE, f"unknown perspective '{perspective}'", hint)
            raise ChangeRefused([unknown], "unknown perspective")
        if graph.number_of_nodes() == 0:
            empty = problem(shown, 1, 1, "the file holds no claims")
            raise ChangeRefused([empty], "nothing to import")
        if not allow_duplicate:
            _refuse_second_import(debate, imported_file)
        chosen, new_p, new_s, source_id = _plan_registries(graph, debate, imported_file, perspective)
        ids = _ids(graph, set(debate.nodes))
        order = sorted(graph.nodes, key=str)
        written = (_leads(graph), _undercuts_by_source(graph))  # each once, not per claim
        records = [_record(graph, ident, ids, chosen, source_id, written) for ident in order]
        origins = [(shown, int(graph.nodes[ident].get("line") or 1)) for ident in order]
        return _write(base, records, origins, new_p, new_s, {"allow_duplicate": allow_duplicate,
                                                             "sources_dir": sources_dir})  # fmt: skip


def _refuse_second_import(debate: Any, imported_file: str | os.PathLike[str]) -> None:
    """Refuse a file the map already has a source for: it was imported before."""
    name = Path(imported_file).name
    earlier = sorted((s for s in debate.sources.values() if s.file == name), key=lambda s: s.id)
    if not earlier:
        return
    source = earlier[0]
    citing = sorted(n.id for n in debate.nodes.values() if n.source == source.id)
    shown = ", ".join(f"'{i}'" for i in citing[:3]) + (
        f" and {len(citing) - 3} more" if len(citing) > 3 else ""
    )
    message = f"'{name}' was imported before: source '{source.id}' is that file" + (
        f", cited by {shown}" if citing else ""
    )
    hint = (
        "importing it again would add every claim twice; remove the earlier claims first "
        "(debatemap remove), or give --allow-duplicate if this really is another file of the same name"
    )
    twice = replace(input_problem(rules.IMPOSSIBLE_CHANGE, message, hint), path=str(imported_file))
    raise ChangeRefused([twice], "already imported")


def _write(
    base: Path,
    records: list[dict[str, Any]],
    origins: list[tuple[str, int]],
    new_p: dict[str, Any],
    new_s: dict[str, Any],
    options: dict[str, Any],
) -> list[Any]:
    """Registry entries and the nodes, as one change (see :func:`add_nodes`)."""

    return add_nodes(
        base,
        records,
        origins,
        perspectives={i: _registry_fields(new_p[i], PERSPECTIVE_FIELDS) for i in new_p},
        sources={i: _registry_fields(new_s[i], SOURCE_FIELDS) for i in new_s},
        **options,
    )


__all__ = ["UNASSIGNED", "import_graph"]

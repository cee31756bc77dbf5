"""Change a map safely: add nodes, link and unlink them, grow the registries.

Every function here follows the same steps, so a change either lands whole
and valid or not at all:

1. check the input (slugs, required fields, control characters, length caps);
2. take the map's lock (``flock`` on the map folder itself, so no lock file
   is left behind) and read the map, with the errors it already has;
3. compute the new file text, read it back through the same reader ``check``
   uses, and validate the whole map *as it would be after the change*; the
   change is refused if that adds an error the map did not have (so a map
   with errors can still be repaired with the commands);
4. only then write: new files are created exclusively, changed files are
   replaced atomically (temporary file, then ``os.replace``). A change that
   touches several files (an import, a rename) goes through the map's journal,
   so it lands whole even if the process is killed (:func:`commit`).

A refused change raises :class:`ChangeRefused`, whose ``problems`` print in
``check``'s format; nothing has been written. A file or folder that cannot be
written raises its subclass :class:`WriteFailed` (no problems, the path and
the system's reason in ``reason``), also with nothing left changed. A successful one returns a
:class:`Change` (``change.path`` is the file written). The README's "Editing"
section shows the API in use.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.edit import yamllinks, yamlwrite
from debatemap.edit.core import (
    Change,
    ChangeRefused,
    MapBefore,
    WriteFailed,
    clean_map,
    commit,
    locked,
    map_before,
    read_back,
    read_text,
    refuse_errors,
    warnings_for,
    write_text,
)
from debatemap.edit.input import (
    clean_node,
    clean_perspective,
    clean_source,
    duplicate_titles,
    input_problem,
    slug_problem,
)
from debatemap.edit.readback import fields_of, same_node
from debatemap.model import RELATIONS, Node, Problem
from debatemap.rules.constraints import did_you_mean, slugify
from debatemap.store.contain import inside
from debatemap.store.reader import display_path, node_files
from debatemap.store.records import PERSPECTIVES_FILE, SOURCES_FILE
from debatemap.validation.texts import quote_problems

SCHEMA_FILE = "node.schema.json"
SLUG_FROM_TITLE = 60  # characters; ids stay readable in file names and on the map
ATTEMPTS = 20  # fresh starts after losing a race for a file name to a writer without the lock

__all__ = ["Change", "ChangeRefused", "add_node", "add_nodes", "add_perspective", "add_source", "clean_map"]
__all__ += ["WriteFailed", "commit", "link", "plan_node", "unlink"]


# --- new nodes -----------------------------------------------------------------


def fresh_id(base: str, kind: str, title: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is free; never empty."""
    if not any("a" <= c <= "z" for c in base):  # punctuation or digits only: nothing to read
        base = f"{kind}-{hashlib.sha256(title.encode('utf-8')).hexdigest()[:8]}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_FROM_TITLE - len(suffix)].rstrip("-") + suffix
    return candidate


def _schema_header(root: Path, path: Path) -> str | None:
    """The comment that tells editors which JSON Schema checks the file.

    ``debatemap init`` puts the schema in the map folder; this repository keeps
    it in ``schema/`` beside ``arguments/``.
    """
    schema = root.resolve() / SCHEMA_FILE
    if not schema.is_file():
        schema = root.resolve().parent / "schema" / SCHEMA_FILE
    if not schema.is_file():
        return None
    relative = Path(os.path.relpath(schema, path.parent.resolve())).as_posix()
    return f"yaml-language-server: $schema={relative}"


def _plan(
    root: Path,
    before: MapBefore,
    records: list[dict[str, Any]],
    origins: Sequence[tuple[str, int]] | None = None,
    options: _Options | None = None,
) -> list[Change]:
    """Files for ``records`` (already cleaned) in ``debate``; refuses if invalid.

    ``origins`` (see :func:`add_nodes`) say where each record came from.
    """
    options = options or _Options()
    debate = before.debate
    taken = set(debate.nodes) | {Path(p).stem for p in node_files(root)}
    problems: list[Problem] = []
    if not options.allow_duplicate:
        problems += [_origin(origins, i)(p) for i, p in duplicate_titles(debate, records)]
    nodes = dict(debate.nodes)
    planned: list[tuple[Path, str, Node]] = []
    for i, record in enumerate(records):
        origin = _origin(origins, i)
        perspective = record.get("perspective")
        if record["kind"] != "thesis" and perspective not in debate.perspectives:
            hint = (
                did_you_mean(perspective or "", debate.perspectives)
                or "add it first: debatemap add-perspective"
            )
            problems.append(
                origin(input_problem(rules.UNKNOWN_PERSPECTIVE, f"unknown perspective '{perspective}'", hint))
            )
            continue
        if "id" in record:
            if record["id"] in taken:
                used = input_problem(rules.DUPLICATE_ID, f"id '{record['id']}' is already used in the map")
                problems.append(origin(used))
                continue
            ident = record["id"]
        else:
            ident = fresh_id(
                slugify(record["title"], SLUG_FROM_TITLE), record["kind"], record["title"], taken
            )
        taken.add(ident)
        folder = "theses" if record["kind"] == "thesis" else str(perspective)
        path = root / folder / f"{ident}.yaml"
        if not inside(root, path):  # a symlinked folder pointing elsewhere
            outside = f"'{display_path(path.parent)}' leads outside the map folder"
            problems.append(input_problem(rules.OUTSIDE_MAP, outside))
            continue
        fields = {"id": ident, **record}
        if fields["kind"] != "thesis":
            fields.setdefault("supports", [])
            fields.setdefault("opposes", [])
        text = yamlwrite.dump_node(fields, _schema_header(root, path))
        node, found = read_back(path, text)
        problems += found
        if node is not None and not same_node(node, fields):
            problems.append(
                input_problem(
                    rules.IMPOSSIBLE_CHANGE, f"'{ident}' would not read back as given", "please report this"
                )
            )
        if node is not None:
            nodes[ident] = node
            planned.append((path, text, node))
    refuse_errors(problems)
    written = {display_path(path) for path, _, _ in planned}
    after = before.after(written, problems, replace(debate, nodes=nodes))
    after += quote_problems(root, debate, (node for _, _, node in planned), options.sources_dir,
                            warn_unverified=True)  # fmt: skip
    before.refuse_new(after)
    return [
        Change(path, text, warnings_for(after, {display_path(path)}), False, node)
        for path, text, node in planned
    ]


@dataclass(frozen=True)
class _Options:
    """How an addition is checked: a title already in the map refused unless
    ``allow_duplicate``; quotes verified against ``sources_dir`` (default DIR/sources)."""

    allow_duplicate: bool = False
    sources_dir: str | os.PathLike[str] | None = None


def _origin(origins: Sequence[tuple[str, int]] | None, i: int) -> Callable[[Problem], Problem]:
    """Point a problem with record ``i`` at the file and line it came from, if known."""
    if origins is None:
        return lambda problem: problem
    path, line = origins[i]
    return lambda problem: replace(problem, path=path, line=line)


def plan_node(
    root: str | os.PathLike[str],
    fields: Mapping[str, Any],
    *,
    allow_duplicate: bool = False,
    sources_dir: str | os.PathLike[str] | None = None,
) -> Change:
    """What :func:`add_node` would write, without writing (``written`` is False)."""
    record, problems = clean_node(fields)
    if problems:
        raise ChangeRefused(problems, "bad input")
    options = _Options(allow_duplicate, sources_dir)
    return _plan(Path(root), map_before(Path(root)), [record], None, options)[0]


def add_node(
    root: str | os.PathLike[str],
    fields: Mapping[str, Any],
    *,
    allow_duplicate: bool = False,
    sources_dir: str | os.PathLike[str] | None = None,
) -> Change:
    """Add one node to the map at ``root``; return the :class:`Change` made.

    ``fields`` holds the node's fields as in its YAML file (``title``, ``text``,
    ``kind`` (default ``argument``), ``perspective``, ``source``, ``quote``,
    ``question``, ``speaker``, and lists ``supports``, ``opposes``, ``tags``).
    Without an ``id``, one is made from the title, unique in the map. Raises
    :class:`ChangeRefused` when the input or the resulting map is invalid, when
    the quote is not in its source's text (where that text is present: in
    ``sources_dir``, else DIR/sources/; DM025, the closest passages as hint), or
    when a node with the same title is already there (DM033) unless ``allow_duplicate``.
    """
    return add_nodes(root, [fields], allow_duplicate=allow_duplicate, sources_dir=sources_dir)[0]


def add_nodes(
    root: str | os.PathLike[str],
    records: Sequence[Mapping[str, Any]],
    origins: Sequence[tuple[str, int]] | None = None,
    *,
    allow_duplicate: bool = False,
    sources_dir: str | os.PathLike[str] | None = None,
    perspectives: Mapping[str, Mapping[str, Any]] | None = None,
    sources: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Change]:
    """Add several nodes at once: all or none. They may name each other's ``id``.

    Meant for importers: nodes that only make sense together (an argument and
    the claim it opposes) are validated together and written together.
    ``origins`` gives each record's ``(file, line)`` in the imported file, so
    problems with its values point there instead of at ``<input N>``.
    ``perspectives`` and ``sources`` (id -> fields) are registry entries the
    nodes need, added in the same change: the registries and the node files
    land together or not at all, even if the process is killed.
    """
    from debatemap.edit.registry import PendingRegistry

    base = Path(root)
    cleaned: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for i, fields in enumerate(records):
        record, found = clean_node(fields, f"<input {i + 1}>" if len(records) > 1 else "<input>")
        cleaned.append(record)
        problems += map(_origin(origins, i), found)
    entries: list[tuple[str, str, dict[str, str]]] = []
    for name, wanted, clean in (
        (PERSPECTIVES_FILE, perspectives, clean_perspective),
        (SOURCES_FILE, sources, clean_source),
    ):
        for ident, fields in sorted((wanted or {}).items()):
            entry, found = clean(ident, fields)
            entries.append((name, ident, entry))
            problems += found
    if problems:
        raise ChangeRefused(problems, "bad input")
    for _attempt in range(ATTEMPTS):
        with locked(base):
            options = _Options(allow_duplicate, sources_dir)
            before = map_before(base)
            pending: dict[str, PendingRegistry] = {}
            for name, ident, entry in entries:
                registry = pending.setdefault(name, PendingRegistry(base, name))
                _, before = registry.add(before, ident, entry)
            changes = _plan(base, before, cleaned, origins, options)
            writes = [r.write() for r in pending.values()]
            try:
                commit(writes + [(change.path, change.text, True) for change in changes])
            except FileExistsError:
                continue  # someone not holding the lock took a name meanwhile (ours are undone): again
            return [replace(c, written=True) for c in changes]
    raise ChangeRefused(
        [input_problem(rules.DUPLICATE_ID, "could not find a free file name")], "too many concurrent writers"
    )


# --- links ---------------------------------------------------------------------


def link(
    root: str | os.PathLike[str],
    source_id: str,
    relation: str,
    target_id: str,
    *,
    together_with: Sequence[str] = (),
    reason: str | None = None,
) -> Change:
    """Make ``source_id`` support or oppose ``target_id``, editing its file in place.

    Only the ``supports``/``opposes`` list changes; comments, key order and the
    rest of the file stay byte for byte. Linking twice changes nothing
    (``written`` is False). With ``together_with`` (ids), ``source_id`` and
    those nodes support (oppose) the target as ONE reason: a premise group,
    written in ``source_id``'s file. With ``relation="undercuts"`` and
    ``reason``, ``source_id`` attacks the link from ``reason`` to ``target_id``
    (see :mod:`debatemap.edit.links`).
    """
    if together_with or reason is not None or relation == "undercuts":
        from debatemap.edit.links import change_link

        return change_link(Path(root), source_id, relation, target_id, tuple(together_with), reason, True)
    return _relink(Path(root), source_id, relation, target_id, adding=True)


def unlink(
    root: str | os.PathLike[str],
    source_id: str,
    relation: str,
    target_id: str,
    *,
    together_with: Sequence[str] = (),
    reason: str | None = None,
) -> Change:
    """Remove ``target_id`` from ``source_id``'s ``supports`` or ``opposes`` list; with
    ``together_with``, the premise group of those members (in whichever member's file it is
    written); with ``relation="undercuts"`` and ``reason``, that undercut."""
    if together_with or reason is not None or relation == "undercuts":
        from debatemap.edit.links import change_link

        return change_link(Path(root), source_id, relation, target_id, tuple(together_with), reason, False)
    return _relink(Path(root), source_id, relation, target_id, adding=False)


def _check_link_input(source_id: str, relation: str, target_id: str) -> None:
    problems = [p for p in (slug_problem("source id", source_id), slug_problem("target id", target_id)) if p]
    if relation not in RELATIONS:
        problems.append(
            input_problem(
                rules.UNKNOWN_KIND,
                f"relation '{relation}' is not one of {', '.join(RELATIONS)}",
                did_you_mean(relation, RELATIONS),
            )
        )
    if problems:
        raise ChangeRefused(problems, "bad input")


def _relink(root: Path, source_id: str, relation: str, target_id: str, adding: bool) -> Change:
    _check_link_input(source_id, relation, target_id)
    with locked(root):
        before = map_before(root)
        debate = before.debate
        node = debate.nodes.get(source_id)
        if node is None:
            hint = did_you_mean(source_id, debate.nodes)
            missing = input_problem(rules.MISSING_TARGET, f"there is no node '{source_id}' in the map", hint)
            raise ChangeRefused([missing], "unknown node")
        current = node.targets(relation)
        path = Path(node.position.path)
        if not inside(root, path):  # read through a symlinked folder
            outside = input_problem(
                rules.OUTSIDE_MAP,
                f"'{node.position.path}' is in a symlinked folder outside the map folder; "
                "it is read, not changed",
                "edit it where it lives, or move it into the map folder",
            )
            raise ChangeRefused([outside], "outside the map folder")
        if adding and target_id in current:
            return Change(path, path.read_text(encoding="utf-8"), (), written=False, node=node)
        if not adding and target_id not in current:
            other = RELATIONS[1 - RELATIONS.index(relation)]
            hint = f"it {other} '{target_id}'" if target_id in node.targets(other) else None
            raise ChangeRefused(
                [_no_link(node, relation, target_id, hint or did_you_mean(target_id, current))],
                "no such link",
            )
        targets = current + (target_id,) if adding else tuple(t for t in current if t != target_id)
        text, restore = read_text(path)
        new, changed, after = _spliced(before, node, relation, target_id, targets, text, adding)
        write_text(path, restore(new))
        return Change(path, new, warnings_for(after, {node.position.path}), True, changed)


def _spliced(
    before: MapBefore,
    node: Node,
    relation: str,
    target_id: str,
    targets: tuple[str, ...],
    text: str,
    adding: bool,
) -> tuple[str, Node, list[Problem]]:
    """The file's new text, its node and the map's problems after the change; refuses if invalid."""
    try:
        new = (yamllinks.add_target if adding else yamllinks.remove_target)(text, relation, target_id)
    except yamlwrite.UnsupportedLayout as exc:
        refusal = _no_link(node, relation, target_id, "edit the file by hand", str(exc))
        raise ChangeRefused([refusal], "the file's layout cannot be edited by command") from None
    changed, problems = read_back(Path(node.position.path), new)
    if changed is None or not same_node(changed, {**fields_of(node), relation: list(targets)}):
        problems.append(
            _no_link(node, relation, target_id, "please report this", "the edit would not read back")
        )
    refuse_errors(problems)
    assert changed is not None
    debate = replace(before.debate, nodes={**before.debate.nodes, node.id: changed})
    after = before.after({node.position.path}, problems, debate)
    before.refuse_new(after)
    return new, changed, after


def _no_link(node: Node, relation: str, target: str, hint: str | None, what: str | None = None) -> Problem:
    message = what or f"'{node.id}' does not {relation.removesuffix('s')} '{target}'"
    return rules.IMPOSSIBLE_CHANGE.at(node.where(relation), message, hint)


# --- registries ------------------------------------------------------------------


def add_perspective(root: str | os.PathLike[str], ident: str, fields: Mapping[str, Any]) -> Change:
    """Add a perspective (``name``, ``colour`` "#RRGGBB", ``description``) to perspectives.yaml.

    The entry is appended; every byte already in the file stays as it was.
    """
    from debatemap.edit.registry import add_entry  # it builds on this module

    return add_entry(Path(root), PERSPECTIVES_FILE, ident, *clean_perspective(ident, fields))


def add_source(root: str | os.PathLike[str], ident: str, fields: Mapping[str, Any]) -> Change:
    """Add a source (``title``, ``author``, ``publisher``, ``date``, ``perspective``, ``file``,
    ``url``, ``description``) to sources.yaml, appended like :func:`add_perspective`."""
    from debatemap.edit.registry import add_entry

    return add_entry(Path(root), SOURCES_FILE, ident, *clean_source(ident, fields))

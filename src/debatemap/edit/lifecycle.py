"""Change, rename and remove nodes: the rest of a node's life after ``add``.

Each follows the steps every change follows (see :mod:`debatemap.edit`): the
input is checked, the map's lock taken, every new file text read back and the
whole map validated as it would be; a change that would add an error the map
did not already have is refused with nothing written. Files are edited by
splicing (:mod:`debatemap.yamlfields`), so comments and layout stay.

``rename_node`` and ``remove_node`` touch several files; they go through the
map's journal (:mod:`debatemap.journal`) and land whole even under ``kill -9``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.edit import links, yamlfields, yamllinks, yamlwrite
from debatemap.edit.core import (
    Change,
    ChangeRefused,
    commit,
    locked,
    map_before,
    own_file,
    read_text,
    warnings_for,
)
from debatemap.edit.input import clean_list, clean_text, input_problem, slug_problem
from debatemap.edit.readback import fields_of
from debatemap.model import RELATIONS, DebateMap, Node, Problem
from debatemap.rules.constraints import did_you_mean
from debatemap.store.mapstore import MapAt
from debatemap.store.reader import display_path, node_files
from debatemap.validation.texts import quote_problems

__all__ = ["EDITABLE", "edit_node", "remove_node", "rename_node"]

# The fields `edit` changes. `kind` stays (a thesis and an argument need different
# fields), `id` changes with rename_node, links with link/unlink.
EDITABLE = ("title", "text", "perspective", "source", "quote", "question", "speaker", "tags")
_ELSEWHERE = {
    "id": "change an id with: debatemap rename OLD NEW",
    "kind": "a node's kind cannot change; add a new node and remove this one",
    "supports": "change links with: debatemap link / unlink",
    "opposes": "change links with: debatemap link / unlink",
    "undercuts": "change undercuts with: debatemap link / unlink X undercuts TARGET --from REASON",
}


def _required(kind: str) -> tuple[str, ...]:
    return (
        ("title", "text", "question")
        if kind == "thesis"
        else ("title", "text", "perspective", "source", "quote")
    )


def _find(debate: DebateMap, node_id: str) -> Node:
    node = debate.nodes.get(node_id)
    if node is None:
        missing = input_problem(
            rules.MISSING_TARGET,
            f"there is no node '{node_id}' in the map",
            did_you_mean(node_id, debate.nodes),
        )
        raise ChangeRefused([missing], "unknown node")
    return node


def _check_id(what: str, value: Any) -> None:
    bad = slug_problem(what, value)
    if bad:
        raise ChangeRefused([bad], "bad input")


def _cleaned_changes(node: Node, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The requested values, tidied; ``None`` for a field to remove. Refuses bad input."""
    problems: list[Problem] = []
    changes: dict[str, Any] = {}
    required = _required(node.kind)
    if not isinstance(fields, Mapping):
        raise ChangeRefused(
            [input_problem(rules.WRONG_TYPE, "the fields to change must be a mapping")], "bad input"
        )
    for key, value in fields.items():
        if key in _ELSEWHERE and _unchanged(node, key, value):
            continue  # a caller sending the whole node back: what it cannot change, it did not
        if key not in EDITABLE:
            hint = _ELSEWHERE.get(key) or did_you_mean(str(key), EDITABLE)
            problems.append(input_problem(rules.UNKNOWN_KEY, f"'{key}' is not a field edit can change", hint))
            continue
        if value is None or value == "" or (key == "tags" and value == []):
            if key in required:
                why = f"every {node.kind} has one"
                problems.append(
                    input_problem(rules.MISSING_FIELD, f"field '{key}' cannot be removed ({why})")
                )
            changes[key] = None
            continue
        if key == "tags":
            items, found = clean_list(key, value, "<input>")
            problems += found
            changes[key] = items or None
        elif key in ("perspective", "source"):
            text = value.strip() if isinstance(value, str) else value
            bad = slug_problem(key, text)
            problems += [bad] if bad else []
            changes[key] = text
        else:
            text, found = clean_text(key, value)
            problems += found
            if text is None and not found:  # only spaces
                problems.append(input_problem(rules.EMPTY_FIELD, f"field '{key}' is empty or only spaces"))
            changes[key] = text
    if problems:
        raise ChangeRefused(problems, "bad input")
    return changes


def _unchanged(node: Node, key: str, value: Any) -> bool:
    current = getattr(node, key)
    if isinstance(current, tuple):
        return isinstance(value, (list, tuple)) and tuple(value) == current
    return bool(value == current)


def _current(node: Node, key: str) -> Any:
    value = getattr(node, key)
    if key == "tags":
        return list(value) or None
    return value or None


def edit_node(root: MapAt, node_id: str, fields: Mapping[str, Any]) -> Change:
    """Change fields of one node, splicing its file so comments and layout stay.

    ``fields`` maps any of :data:`EDITABLE` to a new value; ``None`` or ``""``
    removes an optional field (``speaker``, ``tags``, a non-thesis's
    ``question``). Changing ``perspective`` leaves the file in its folder
    (folders are a convention for people; the reader does not use them).
    Nothing to change gives ``written=False``. Raises :class:`ChangeRefused`.
    """
    _check_id("id", node_id)
    with locked(root) as store:
        base = store.root
        before = map_before(store)
        node = _find(before.debate, node_id)
        changes = _cleaned_changes(node, fields)
        path = own_file(base, node)
        changes = {k: v for k, v in changes.items() if v != _current(node, k)}
        text, restore = read_text(path)
        if not changes:
            return Change(path, text, (), written=False, node=node)
        new = text
        try:
            for key in sorted(changes, key=yamlwrite.NODE_KEY_ORDER.index):
                value = changes[key]
                new = (
                    yamlfields.remove_field(new, key)
                    if value is None
                    else yamlfields.set_field(new, key, value)
                )
        except yamlwrite.UnsupportedLayout as exc:
            layout = rules.IMPOSSIBLE_CHANGE.at(node.position, str(exc), "edit the file by hand")
            raise ChangeRefused([layout], "the file's layout cannot be edited by command") from None
        expected = {**fields_of(node), **changes}
        expected["tags"] = expected["tags"] or []
        changed, after = links.checked(before, {path: (new, node.id, expected)})
        if {"quote", "source"} & set(changes):  # a new quote is verified where its text is present
            checked = quote_problems(base, before.debate, [changed[node.id]], warn_unverified=True)
            wrong = [p for p in checked if p.is_error]
            if wrong:
                raise ChangeRefused(wrong, "quote not found in its source")
            after += checked
        commit(store, [(path, restore(new), False)])
        return Change(path, new, warnings_for(after, {display_path(path)}), True, changed[node.id])


def _referrers(debate: DebateMap, node_id: str) -> list[tuple[Node, str, int]]:
    """Every ``(node, relation, index)`` where another node lists ``node_id``."""
    found: list[tuple[Node, str, int]] = []
    for node in debate.nodes.values():
        if node.id == node_id:
            continue
        for relation in RELATIONS:
            for index, target in enumerate(node.targets(relation)):
                if target == node_id:
                    found.append((node, relation, index))
    return sorted(found, key=lambda r: (r[0].position.path, r[1], r[2]))


def _spliced_referrers(
    base: Path, debate: DebateMap, node_id: str, splice: Any, new_id: str | None
) -> dict[Path, tuple[str, str, Mapping[str, Any]]]:
    """New texts of the files that name ``node_id``: ``splice(text, relation)`` applied to plain
    links, and its premise groups and undercuts renamed (``new_id``) or unlinked (see :mod:`.links`)."""
    files: dict[Path, tuple[str, str, Mapping[str, Any]]] = {}
    taken_over = links.inherited(debate, node_id) if new_id is None else {}
    changing = {node.id: node for node, _, _ in _referrers(debate, node_id)}
    changing.update((n.id, n) for n in debate.nodes.values() if n.id != node_id and links.names(n, node_id))
    changing.update((ident, debate.nodes[ident]) for ident in taken_over)
    for node in sorted(changing.values(), key=lambda n: n.position.path):
        path = own_file(base, node)
        text, restore = read_text(path)
        expected = fields_of(node)
        try:
            for relation in RELATIONS:
                if node_id in node.targets(relation):
                    text = splice(text, relation)
                    kept = [t for t in node.targets(relation) if t != node_id]
                    if new_id is not None:
                        listed = list(node.targets(relation))
                        kept = list(dict.fromkeys(new_id if t == node_id else t for t in listed))
                    expected[relation] = kept
            if new_id is not None and links.names(node, node_id):
                text = links.renamed(text, node, node_id, new_id, expected)
            elif new_id is None:
                text = links.unlinked(text, node, node_id, taken_over.get(node.id, []), expected)
        except yamlwrite.UnsupportedLayout as exc:
            layout = rules.IMPOSSIBLE_CHANGE.at(node.position, str(exc), "edit the file by hand")
            raise ChangeRefused([layout], "a file's layout cannot be edited by command") from None
        files[path] = (restore(text), node.id, expected)
    return files


def rename_node(root: MapAt, old_id: str, new_id: str) -> Change:
    """Give a node a new id: its ``id:``, its file name and every reference to it, as one change.

    The file keeps its folder; ``change.path`` is its new path and
    ``change.others`` the other files changed. All or nothing, even under ``kill -9``.
    """
    _check_id("old id", old_id)
    _check_id("new id", new_id)
    with locked(root) as store:
        base = store.root
        before = map_before(store)
        node = _find(before.debate, old_id)
        path = own_file(base, node)
        if new_id == old_id:
            return Change(path, read_text(path)[0], (), written=False, node=node)
        _one_file_claims(base, old_id, path)
        new_path = path.parent / f"{new_id}.yaml"
        taken = new_id in before.debate.nodes or any(Path(p).stem == new_id for p in node_files(base))
        if taken or os.path.lexists(new_path):
            used = input_problem(
                rules.DUPLICATE_ID, f"id '{new_id}' is already used in the map", "choose another id"
            )
            raise ChangeRefused([used], "the new id is taken")
        text, restore = read_text(path)
        try:
            new_text = yamlfields.set_field(text, "id", new_id)
        except yamlwrite.UnsupportedLayout as exc:
            layout = rules.IMPOSSIBLE_CHANGE.at(node.position, str(exc), "edit the file by hand")
            raise ChangeRefused([layout], "the file's layout cannot be edited by command") from None
        files = _spliced_referrers(
            base,
            before.debate,
            old_id,
            lambda t, relation: yamllinks.replace_target(t, relation, old_id, new_id),
            new_id,
        )
        own = {**fields_of(node), "id": new_id}
        new_text = links.renamed(new_text, node, old_id, new_id, own)
        files[new_path] = (restore(new_text), old_id, own)
        moved = {display_path(path): display_path(new_path)}
        changed, after = links.checked(before, files, (node,), moved)
        writes = [(p, text, p == new_path) for p, (text, _, _) in files.items()]
        commit(store, writes, [path])
        others = tuple(sorted(p for p in files if p != new_path))
        return Change(
            new_path, new_text, warnings_for(after, {display_path(new_path)}), True, changed[new_id], others
        )


def _one_file_claims(base: Path, node_id: str, path: Path) -> None:
    """Refuse a rename when the node's file is a symlink or another file is the same file
    or claims the same id: renaming one of them would leave the other as a second node."""
    real = os.path.realpath(path)
    same = _file_identity(real)
    # Only a file that is the same file (device and inode) can resolve to ``real``: stat
    # each one (one call) and resolve (a call per folder on the way) only those.
    claims = [
        shown for shown in node_files(base)
        if Path(shown).stem == node_id
        or (_file_identity(shown) == same and os.path.realpath(shown) == real)
    ]  # fmt: skip
    if os.path.islink(path) or len(claims) > 1:
        names = ", ".join(f"'{c}'" for c in claims) or f"'{display_path(path)}'"
        twice = input_problem(
            rules.DUPLICATE_ID,
            f"id '{node_id}' is claimed by more than one file or through a symlink ({names})",
            "keep one file for the node (remove the link or the copy), then rename it",
        )
        raise ChangeRefused([twice], "the node has more than one file")


def _file_identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of the file ``path`` leads to; None if it leads nowhere."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


def remove_node(root: MapAt, node_id: str, *, unlink: bool = False) -> Change:
    """Delete a node's file. Refused (DM033, one problem per reference) while other
    nodes list it, unless ``unlink``: then those references go in the same change.

    ``change.path`` is the deleted file (``text`` its last content);
    ``change.others`` the files whose links were removed.
    """
    _check_id("id", node_id)
    with locked(root) as store:
        base = store.root
        before = map_before(store)
        node = _find(before.debate, node_id)
        path = own_file(base, node)
        referrers = _referrers(before.debate, node_id)
        named = links.link_references(before.debate, node_id)
        if (referrers or named) and not unlink:
            hint = "remove the links first (debatemap unlink), or remove with --unlink"
            listed = [
                rules.IMPOSSIBLE_CHANGE.at(
                    other.where(f"{relation}[{index}]"),
                    f"'{other.id}' {relation} '{node_id}'",
                    hint,
                )
                for other, relation, index in referrers
            ] + named
            raise ChangeRefused(listed, f"other nodes refer to '{node_id}'")
        files = _spliced_referrers(
            base,
            before.debate,
            node_id,
            lambda t, relation: yamllinks.remove_target(t, relation, node_id),
            None,
        )
        _, after = links.checked(before, files, (node,))
        old_text = read_text(path)[0]
        commit(store, [(p, text, False) for p, (text, _, _) in files.items()], [path])
        return Change(path, old_text, (), True, node, tuple(sorted(files)))

"""Link and unlink premise groups and undercuts; keep them true when a node is renamed or removed.

``link A supports C --with B`` writes the premise group ``{to: C, with: [B]}`` in
A's file; ``link X undercuts C --from A`` writes the undercut ``{from: A, to: C}``
in X's file. Each change follows the steps of every change (see
:mod:`debatemap.edit`): input checked, the map's lock held, the new text read back
and the whole map validated as it would be, then written atomically.

Renaming a node renames it in every group and undercut that names it. Removing
one (``remove --unlink``) takes it out of every group it is in: the others stay
one reason together, re-written in the next member's file if it led the group;
a group left with one member becomes that member's plain link (nothing the
others wrote is lost; unlink it if it no longer holds alone). Groups about the
removed node, and undercuts naming it, go.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.edit import yamllinks, yamlwrite
from debatemap.edit.core import (
    Change,
    ChangeRefused,
    MapBefore,
    locked,
    map_before,
    own_file,
    read_back,
    read_text,
    refuse_errors,
    warnings_for,
    write_text,
)
from debatemap.edit.input import input_problem, slug_problem
from debatemap.edit.readback import fields_of, same_node
from debatemap.model import RELATIONS, DebateMap, Node, PremiseGroup, Problem, Undercut
from debatemap.rules.constraints import did_you_mean

RELATIONS_AND_UNDERCUTS = (*RELATIONS, "undercuts")


def _check_input(
    source: str, relation: str, target: str, others: tuple[str, ...], reason: str | None
) -> None:
    named = [("source id", source), ("target id", target), *(("'with' id", o) for o in others)]
    if reason is not None:
        named.append(("'from' id", reason))
    problems = [p for p in (slug_problem(what, value) for what, value in named) if p]
    if relation not in RELATIONS_AND_UNDERCUTS:
        wrong = f"relation '{relation}' is not one of {', '.join(RELATIONS_AND_UNDERCUTS)}"
        problems.append(
            input_problem(rules.UNKNOWN_KIND, wrong, did_you_mean(relation, RELATIONS_AND_UNDERCUTS))
        )
    elif relation == "undercuts" and (reason is None or others):
        what = "an undercut names the link it attacks: 'from' a reason, to the target"
        problems.append(
            input_problem(
                rules.IMPOSSIBLE_CHANGE, what, "give the reason with --from (in Python: reason=...)"
            )
        )
    elif relation != "undercuts" and reason is not None:
        what = f"'from' names the link an undercut attacks, not a {relation} link"
        problems.append(input_problem(rules.IMPOSSIBLE_CHANGE, what, "use the relation undercuts"))
    if problems:
        raise ChangeRefused(problems, "bad input")


def _node(debate: DebateMap, ident: str) -> Node:
    node = debate.nodes.get(ident)
    if node is None:
        missing = input_problem(
            rules.MISSING_TARGET, f"there is no node '{ident}' in the map", did_you_mean(ident, debate.nodes)
        )
        raise ChangeRefused([missing], "unknown node")
    return node


def change_link(
    root: Path,
    source: str,
    relation: str,
    target: str,
    others: tuple[str, ...],
    reason: str | None,
    adding: bool,
) -> Change:
    """Add or remove one premise group (``others`` given) or undercut (``reason`` given)."""
    _check_input(source, relation, target, others, reason)
    with locked(root):
        before = map_before(root)
        node = _node(before.debate, source)
        if relation == "undercuts":
            assert reason is not None
            writer, splice, expected = _undercut_change(node, reason, target, adding)
        else:
            writer, splice, expected = _group_change(before.debate, node, relation, target, others, adding)
        path = own_file(root, writer)
        text, restore = read_text(path)
        if splice is None:
            return Change(path, text, (), written=False, node=writer)
        try:
            new = splice(text)
        except yamlwrite.UnsupportedLayout as exc:
            layout = rules.IMPOSSIBLE_CHANGE.at(writer.position, str(exc), "edit the file by hand")
            raise ChangeRefused([layout], "the file's layout cannot be edited by command") from None
        changed, after = checked(before, {path: (new, writer.id, {**fields_of(writer), **expected})})
        write_text(path, restore(new))
        return Change(path, new, warnings_for(after, {writer.position.path}), True, changed[writer.id])


Splice = Callable[[str], str] | None


def _removing(key: str, matches: Callable[[yamllinks.Entry], bool]) -> Callable[[str], str]:
    return lambda text: yamllinks.remove_entries(text, key, matches)


def _group_change(
    debate: DebateMap, node: Node, relation: str, target: str, others: tuple[str, ...], adding: bool
) -> tuple[Node, Splice, dict[str, Any]]:
    members = {node.id, *others}
    if adding:
        if any(
            g.relation == relation and g.target == target and set(g.members) == members for g in node.groups
        ):
            return node, None, {}
        group = PremiseGroup(relation, target, (node.id, *others))
        lines = yamllinks.group_lines(target, others)
        return (
            node,
            lambda text: yamllinks.add_entry(text, relation, lines),
            {"groups": (*node.groups, group)},
        )
    for writer in sorted(debate.nodes.values(), key=lambda n: n.id):  # written in whichever member's file
        for group in writer.groups:
            if group.relation == relation and group.target == target and set(group.members) == members:
                kept = tuple(g for g in writer.groups if g != group)
                return (
                    writer,
                    _removing(relation, yamllinks.is_group(target, group.members[1:])),
                    {"groups": kept},
                )
    about = sorted(
        " + ".join(g.members)
        for n in debate.nodes.values()
        for g in n.groups
        if g.target == target and node.id in g.members
    )
    hint = f"the groups about '{target}' with it: {'; '.join(about)}" if about else None
    missing = f"no premise group of {', '.join(sorted(members))} {relation} '{target}'"
    raise ChangeRefused([rules.IMPOSSIBLE_CHANGE.at(node.where(relation), missing, hint)], "no such link")


def _undercut_change(
    node: Node, reason: str, target: str, adding: bool
) -> tuple[Node, Splice, dict[str, Any]]:
    undercut = Undercut(node.id, reason, target)
    if adding:
        if undercut in node.undercuts:
            return node, None, {}
        lines = yamllinks.undercut_lines(reason, target)
        return (
            node,
            lambda text: yamllinks.add_entry(text, "undercuts", lines),
            {"undercuts": (*node.undercuts, undercut)},
        )
    if undercut not in node.undercuts:
        listed = ", ".join(f"{u.reason} -> {u.target}" for u in node.undercuts)
        message = f"'{node.id}' does not undercut the link from '{reason}' to '{target}'"
        hint = f"it undercuts {listed}" if listed else None
        raise ChangeRefused(
            [rules.IMPOSSIBLE_CHANGE.at(node.where("undercuts"), message, hint)], "no such link"
        )
    kept = tuple(u for u in node.undercuts if u != undercut)
    return (
        node,
        lambda text: yamllinks.remove_entries(text, "undercuts", yamllinks.is_undercut(reason, target)),
        {"undercuts": kept},
    )


def checked(
    before: MapBefore,
    files: Mapping[Path, tuple[str, str, Mapping[str, Any]]],
    gone: tuple[Node, ...] = (),
    moved: dict[str, str] | None = None,
) -> tuple[dict[str, Node], list[Problem]]:
    """Read back each new text (``path -> (text, id before, fields it must read as)``), validate
    the map as it would be without ``gone``, refuse any new error; the new nodes, the problems after."""
    from debatemap.store.reader import display_path

    problems: list[Problem] = []
    nodes = dict(before.debate.nodes)
    for leaving in gone:
        nodes.pop(leaving.id, None)
    changed: dict[str, Node] = {}
    for path, (text, old_id, expected) in files.items():
        node, found = read_back(path, text)
        problems += found
        if node is None or not same_node(node, expected):
            shown = display_path(path)
            problems.append(
                input_problem(
                    rules.IMPOSSIBLE_CHANGE, f"'{shown}' would not read back as meant", "please report this"
                )
            )
            continue
        nodes.pop(old_id, None)
        nodes[node.id] = node
        changed[node.id] = node
    refuse_errors(problems)
    shown_paths = {display_path(p) for p in files} | {n.position.path for n in gone}
    after = before.after(shown_paths, problems, replace(before.debate, nodes=nodes))
    before.refuse_new(after, moved)
    return changed, after


# --- rename and remove: every group and undercut that names the node ---------------


def _swap(ident: str, old: str, new: str) -> str:
    return new if ident == old else ident


def names(node: Node, ident: str) -> bool:
    """Whether ``node``'s groups or undercuts name ``ident`` (as target, member, reason)."""
    return any(ident in g.members or g.target == ident for g in node.groups) or any(
        ident in (u.reason, u.target) for u in node.undercuts
    )


def link_references(debate: DebateMap, ident: str) -> list[Problem]:
    """One DM033 per group or undercut that names ``ident`` (or that ``ident`` leads with others)."""
    found: list[Problem] = []
    for node in sorted(debate.nodes.values(), key=lambda n: n.position.path):
        for index, group in enumerate(node.groups):
            if node.id == ident or ident in group.members or group.target == ident:
                role = (
                    "leads" if node.id == ident else "is in" if ident in group.members else "is the target of"
                )
                members = " + ".join(group.members)
                message = f"'{ident}' {role} the premise group {members} ({group.relation} '{group.target}')"
                hint = "remove it with --unlink: the others stay one reason"
                found.append(rules.IMPOSSIBLE_CHANGE.at(node.where(f"groups[{index}]"), message, hint))
        for index, undercut in enumerate(node.undercuts):
            if node.id != ident and ident in (undercut.reason, undercut.target):
                message = f"'{node.id}' undercuts the link from '{undercut.reason}' to '{undercut.target}'"
                hint = "remove the undercut first (debatemap unlink), or remove with --unlink"
                found.append(rules.IMPOSSIBLE_CHANGE.at(node.where(f"undercuts[{index}]"), message, hint))
    return found


def renamed(text: str, node: Node, old: str, new: str, expected: dict[str, Any]) -> str:
    """``text`` of ``node``'s file with ``old`` renamed in its groups and undercuts; ``expected`` follows."""
    for key in (*RELATIONS, "undercuts"):
        text = yamllinks.rename_in_entries(text, key, old, new)
    expected["groups"] = tuple(
        PremiseGroup(g.relation, _swap(g.target, old, new), tuple(_swap(m, old, new) for m in g.members))
        for g in node.groups
    )
    expected["undercuts"] = tuple(
        Undercut(_swap(u.source, old, new), _swap(u.reason, old, new), _swap(u.target, old, new))
        for u in node.undercuts
    )
    return text


def inherited(debate: DebateMap, gone: str) -> dict[str, list[PremiseGroup]]:
    """The groups ``gone`` leads, as their next members will write them (by that member's id).

    A group of two left with one member is that member's plain link (one member here).
    """
    found: dict[str, list[PremiseGroup]] = {}
    node = debate.nodes[gone]
    for group in node.groups:
        lead, *rest = group.members[1:]
        found.setdefault(lead, []).append(PremiseGroup(group.relation, group.target, (lead, *rest)))
    return found


def unlinked(
    text: str, node: Node, gone: str, taken_over: list[PremiseGroup], expected: dict[str, Any]
) -> str:
    """``text`` of ``node``'s file without ``gone`` in its groups and undercuts; ``expected`` follows.

    ``taken_over`` are groups of ``gone`` that ``node`` now leads (see :func:`inherited`).
    """
    groups: list[PremiseGroup] = []
    for group in node.groups:
        others = group.members[1:]
        if group.target == gone:
            text = yamllinks.remove_entries(text, group.relation, yamllinks.is_group(group.target, others))
        elif gone in others:
            kept = tuple(m for m in others if m != gone)
            if kept:
                text = yamllinks.set_with(text, group.relation, group.target, others, kept)
                groups.append(PremiseGroup(group.relation, group.target, (node.id, *kept)))
            else:  # left alone: the reason stays, as a plain link
                text = yamllinks.remove_entries(
                    text, group.relation, yamllinks.is_group(group.target, others)
                )
                text = _plain(text, group.relation, group.target, expected)
        else:
            groups.append(group)
    for group in taken_over:
        if len(group.members) == 1:
            text = _plain(text, group.relation, group.target, expected)
        else:
            text = yamllinks.add_entry(
                text, group.relation, yamllinks.group_lines(group.target, group.members[1:])
            )
            groups.append(group)
    expected["groups"] = tuple(sorted(groups, key=lambda g: RELATIONS.index(g.relation)))
    for undercut in node.undercuts:
        if gone in (undercut.reason, undercut.target):
            text = yamllinks.remove_entries(
                text, "undercuts", yamllinks.is_undercut(undercut.reason, undercut.target)
            )
    expected["undercuts"] = tuple(u for u in node.undercuts if gone not in (u.reason, u.target))
    return text


def _plain(text: str, relation: str, target: str, expected: dict[str, Any]) -> str:
    expected[relation] = [*expected[relation], target]
    return yamllinks.add_target(text, relation, target)

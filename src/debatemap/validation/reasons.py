"""The reasons of a map: which claims argue about which, alone or together, and what attacks a link.

A *reason* is one argument for or against a target: a plain link (one claim) or a
premise group (several claims that work only together). An *undercut* attacks a
reason's link: it does not deny the reason or the target, it denies that one is a
reason about the other. :func:`resolve` reads them from the records once, for
``check`` (which reports the problems) and the graph (which keeps what is sound).
Pure functions of a :class:`~debatemap.model.DebateMap`: no I/O, no NetworkX.

One claim is at most one reason about a given target (alone, or in one group):
the graph holds one edge per pair, and an undercut names its link by the pair.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import NamedTuple

from debatemap import rules
from debatemap.model import DebateMap, Node, Position, PremiseGroup, Problem, Undercut
from debatemap.rules.constraints import missing_node_hint


class Reason(NamedTuple):
    """One argument about ``target``: a plain link (one member) or a premise group.

    A named tuple: a large map has tens of thousands, and they are made on every check.
    """

    relation: str
    target: str
    members: tuple[str, ...]
    group: str | None  # the group's key; None for a plain link
    where: Position  # where it is written (a plain link: its node's position)

    def describe(self) -> str:
        """``'a' supports 'c'`` or ``'a' + 'b' support 'c' together``, for messages."""
        if self.group is None:
            return f"'{self.members[0]}' {self.relation} '{self.target}'"
        names = " + ".join(f"'{m}'" for m in self.members)
        return f"{names} {self.relation.removesuffix('s')} '{self.target}' together"


@dataclass
class Resolved:
    """The sound reasons and undercuts of a map, and the problems of the rest."""

    reasons: list[Reason] = field(default_factory=list)
    by_pair: dict[tuple[str, str], Reason] = field(default_factory=dict)  # (member, target)
    undercuts: list[tuple[Undercut, Reason]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unsound: set[str] = field(default_factory=set)  # nodes in a group, or with an undercut, in error
    _about: dict[str, list[str]] | None = None  # member -> targets, built for hints only

    def targets_of(self, member: str) -> list[str]:
        """The targets ``member`` is a reason about, sorted (for hints; built once)."""
        if self._about is None:
            self._about = {}
            for reason_member, target in sorted(self.by_pair):
                self._about.setdefault(reason_member, []).append(target)
        return self._about.get(member, [])

    @property
    def groups(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.group is not None]


def resolve(debate: DebateMap) -> Resolved:
    """Every sound reason and undercut of ``debate``; see :func:`_resolve`.

    The cyclic garbage collector is paused meanwhile: the tens of thousands of
    small records made here all stay alive, and each collection it would start
    scans the whole map again for nothing (as in :func:`debatemap.store.reader.read_map`).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _resolve(debate)
    finally:
        if collecting:
            gc.enable()


def _resolve(debate: DebateMap) -> Resolved:
    """Every sound reason and undercut of ``debate``, and what is wrong with the others.

    Plain links are taken as the graph always took them (the first relation of
    a pair wins; their own problems are :mod:`debatemap.validation.validate`'s).
    Nodes are visited in id order, so the same map always gives the same answer.
    """
    found = Resolved()
    nodes = debate.nodes
    order = sorted(nodes)
    by_pair, reasons = found.by_pair, found.reasons
    for ident in order:
        node = nodes[ident]
        for relation, targets in (("supports", node.supports), ("opposes", node.opposes)):
            for target in targets:
                if target in nodes and target != ident and (ident, target) not in by_pair:
                    reason = Reason(relation, target, (ident,), None, node.position)
                    reasons.append(reason)
                    by_pair[ident, target] = reason
    if not any(nodes[ident].groups or nodes[ident].undercuts for ident in order):
        return found  # the common case: no group, no undercut
    seen_groups: dict[str, Position] = {}
    for ident in order:
        node = nodes[ident]
        for index, group in enumerate(node.groups):
            sound = _group(debate, node, index, group, found.problems)
            if sound is None:
                found.unsound.update(group.members)
                continue
            assert sound.group is not None
            if sound.group in seen_groups:
                found.problems.append(
                    _twice(sound.where, f"the premise group {sound.describe()}", seen_groups[sound.group])
                )
                continue
            seen_groups[sound.group] = sound.where
            if _conflicts(found, node, index, sound):
                found.unsound.update(group.members)
                continue
            _accept(found, sound)
    for ident in order:
        node = nodes[ident]
        attacked: dict[tuple[str, str, str], Position] = {}
        for index, undercut in enumerate(node.undercuts):
            link_of = _undercut(debate, found, node, index, undercut)
            if link_of is None:
                found.unsound.add(ident)
                continue
            link = (link_of.relation, link_of.target, link_of.group or link_of.members[0])
            where = node.where(f"undercuts[{index}]")
            if link in attacked:
                found.problems.append(_twice(where, f"the undercut of {link_of.describe()}", attacked[link]))
                continue
            attacked[link] = where
            found.undercuts.append((undercut, link_of))
    return found


def _accept(found: Resolved, reason: Reason) -> None:
    found.reasons.append(reason)
    for member in reason.members:
        found.by_pair[member, reason.target] = reason


def _twice(where: Position, what: str, first: Position) -> Problem:
    return rules.DUPLICATE_TARGET.at(where, f"{what} is written twice (also at {first})", "remove one")


def _group(
    debate: DebateMap, node: Node, index: int, group: PremiseGroup, problems: list[Problem]
) -> Reason | None:
    """The group as a reason, or ``None`` after reporting why it is not one."""
    prefix = f"groups[{index}]"
    where = node.where(prefix)
    before = len(problems)
    target = group.target
    if target not in debate.nodes:
        problems.append(
            rules.MISSING_TARGET.at(
                node.where(f"{prefix}.to"),
                f"{group.relation} names '{target}', which is not in the map",
                missing_node_hint(target, debate.nodes),
            )
        )
    distinct: list[str] = []
    for k, member in enumerate(group.members):
        at = node.where(f"{prefix}.with[{k - 1}]") if k else node.where(f"{prefix}.to")
        if member == target:
            problems.append(
                rules.BAD_GROUP_MEMBER.at(
                    at,
                    f"'{member}' is both a member of this premise group and its target",
                    "a claim cannot be a reason for itself; remove it from the group",
                )
            )
        elif member in distinct:
            problems.append(
                rules.BAD_GROUP_MEMBER.at(
                    at,
                    f"'{member}' is listed twice in this premise group",
                    "the lead (the file's own node) is a member already; list the others",
                )
            )
        elif member not in debate.nodes:
            problems.append(
                rules.MISSING_TARGET.at(
                    at,
                    f"with names '{member}', which is not in the map",
                    missing_node_hint(member, debate.nodes),
                )
            )
        else:
            distinct.append(member)
    if len(problems) > before:
        return None
    if len(distinct) < 2:
        problems.append(
            rules.GROUP_OF_ONE.at(
                where,
                f"a premise group needs two members or more; this one has only '{node.id}'",
                f"list the claims that work together in 'with', or write the reason alone: "
                f"{group.relation}: [{target}]",
            )
        )
        return None
    return Reason(group.relation, target, group.members, group.key, where)


def _conflicts(found: Resolved, node: Node, index: int, reason: Reason) -> bool:
    """Report a member that is already a reason about the group's target; True if any."""
    clash = False
    for k, member in enumerate(reason.members):
        other = found.by_pair.get((member, reason.target))
        if other is None:
            continue
        clash = True
        at = node.where(f"groups[{index}].with[{k - 1}]") if k else reason.where
        if other.relation != reason.relation:
            found.problems.append(
                rules.SUPPORTS_AND_OPPOSES.at(
                    at,
                    f"'{member}' both supports and opposes '{reason.target}'"
                    f" ({other.describe()}; {reason.describe()})",
                    "keep one relation: a claim cannot be for and against the same claim",
                )
            )
            continue
        if other.group is None:
            message = f"'{member}' {reason.relation} '{reason.target}' both alone and in a premise group"
            hint = (
                "if it is a reason only together with the others, remove the plain link;"
                " otherwise leave it out of the group"
            )
        else:
            message = f"'{member}' is in two premise groups about '{reason.target}' ({other.describe()})"
            hint = "a claim is one reason for a target: merge the groups, or keep it in one"
        found.problems.append(rules.REASON_TWICE.at(at, message, hint))
    return clash


def _undercut(
    debate: DebateMap, found: Resolved, node: Node, index: int, undercut: Undercut
) -> Reason | None:
    """The reason whose link ``undercut`` attacks, or ``None`` after reporting why there is none."""
    prefix = f"undercuts[{index}]"
    missing = False
    for key, ident in (("from", undercut.reason), ("to", undercut.target)):
        if ident not in debate.nodes:
            missing = True
            found.problems.append(
                rules.MISSING_TARGET.at(
                    node.where(f"{prefix}.{key}"),
                    f"undercuts names '{ident}', which is not in the map",
                    missing_node_hint(ident, debate.nodes),
                )
            )
    if missing:
        return None
    where = node.where(prefix)
    reason = found.by_pair.get((undercut.reason, undercut.target))
    if reason is None:
        found.problems.append(
            rules.UNDERCUT_WITHOUT_LINK.at(
                where,
                f"'{undercut.reason}' is not a reason about '{undercut.target}':"
                " there is no link to undercut",
                _missing_link_hint(found, undercut),
            )
        )
        return None
    if node.id in reason.members or node.id == reason.target:
        part = "a link into itself" if node.id == reason.target else "a link it is part of"
        found.problems.append(
            rules.SELF_UNDERCUT.at(
                where,
                f"'{node.id}' undercuts {part} ({reason.describe()})",
                "a claim cannot deny its own link; another claim can undercut it, or remove the link",
            )
        )
        return None
    return reason


def _missing_link_hint(found: Resolved, undercut: Undercut) -> str:
    if (undercut.target, undercut.reason) in found.by_pair:
        return f"did you mean from: {undercut.target}, to: {undercut.reason}?"
    targets = found.targets_of(undercut.reason)
    if targets:
        return f"'{undercut.reason}' argues about {', '.join(targets[:5])}; undercut one of those links"
    return "an undercut attacks an existing link: 'from' a reason 'to' the claim it argues about"

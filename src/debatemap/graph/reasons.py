"""The arguments about each claim, read back from the graph: plain links, premise groups, undercuts.

:mod:`.build` stores a premise group as one edge per member (carrying ``group``)
and undercuts in ``graph.graph["undercuts"]``; the semantics in :mod:`.strength`
need them the other way round: per target, the arguments for and against it,
each with its members and the claims that undercut it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx


@dataclass(frozen=True)
class Argument:
    """One argument about a target: its members (one for a plain link) and its undercutters."""

    members: tuple[str, ...]
    undercutters: tuple[str, ...] = ()
    group: str | None = None  # the premise group's key; None for a plain link


def arguments_about(graph: nx.DiGraph) -> tuple[dict[str, list[Argument]], dict[str, list[Argument]]]:
    """Per node, the arguments that oppose it and those that support it, sorted by members."""
    attacks: dict[str, list[Argument]] = {ident: [] for ident in graph.nodes}
    supports: dict[str, list[Argument]] = {ident: [] for ident in graph.nodes}
    registry: dict[str, Any] = graph.graph.get("groups") or {}
    undercut_by: dict[tuple[str, str], list[str]] = defaultdict(list)  # (target, group or reason)
    for undercut in graph.graph.get("undercuts") or ():
        undercut_by[undercut["target"], undercut["group"] or undercut["reason"]].append(undercut["source"])
    grouped: dict[tuple[str, str], list[str]] = {}  # (target, key) -> members, in edge order
    for a, b, data in sorted(graph.edges(data=True), key=lambda edge: (edge[0], edge[1])):
        relation, key = data.get("relation"), data.get("group")
        if key is not None:
            if (b, key) not in grouped:
                grouped[b, key] = []
                (attacks if relation == "opposes" else supports)[b].append(Argument((), (), key))
            grouped[b, key].append(a)
            continue
        undercutters = tuple(sorted(undercut_by.get((b, a), ())))
        (attacks if relation == "opposes" else supports)[b].append(Argument((a,), undercutters))
    if grouped:
        for arguments in (attacks, supports):
            for target, found in arguments.items():
                arguments[target] = sorted(
                    (_grouped(argument, target, grouped, registry, undercut_by) for argument in found),
                    key=lambda argument: argument.members,
                )
    return attacks, supports


def _grouped(
    argument: Argument,
    target: str,
    grouped: dict[tuple[str, str], list[str]],
    registry: dict[str, Any],
    undercut_by: dict[tuple[str, str], list[str]],
) -> Argument:
    key = argument.group
    if key is None:
        return argument
    written = registry.get(key, {}).get("members")
    members = tuple(written) if written else tuple(grouped[target, key])
    return Argument(members, tuple(sorted(undercut_by.get((target, key), ()))), key)


def undercut_links(graph: nx.DiGraph) -> set[tuple[str, str]]:
    """The ``(member, target)`` edges whose link something undercuts (every member of an undercut group)."""
    registry: dict[str, Any] = graph.graph.get("groups") or {}
    found: set[tuple[str, str]] = set()
    for undercut in graph.graph.get("undercuts") or ():
        group = registry.get(undercut["group"]) if undercut["group"] else None
        members = group["members"] if group else [undercut["reason"]]
        found.update((member, undercut["target"]) for member in members)
    return found


def ancestors(graph: nx.DiGraph, target: str) -> set[str]:
    """Everything that argues, directly or through others, about ``target``.

    :func:`networkx.ancestors`, plus the claims that undercut a link on the way
    (an undercut is no edge, yet it argues about the link's target) and whatever
    argues about those in turn. Only nodes of ``graph`` (which may be a subgraph).
    """
    undercuts = graph.graph.get("undercuts") or ()
    if not undercuts:
        return set(nx.ancestors(graph, target))
    attacking: dict[str, list[str]] = defaultdict(list)  # a link's target -> who undercuts that link
    for undercut in undercuts:
        if undercut["source"] in graph and undercut["target"] in graph:
            attacking[undercut["target"]].append(undercut["source"])
    found: set[str] = set()
    frontier = [target]
    while frontier:
        node = frontier.pop()
        for arguer in [*graph.predecessors(node), *attacking.get(node, ())]:
            if arguer not in found:
                found.add(arguer)
                frontier.append(arguer)
    found.discard(target)
    return found

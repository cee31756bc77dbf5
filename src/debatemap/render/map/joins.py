"""Premise groups and undercuts in the layout (issue 19; /work/coord/DESIGN-groups-undercuts.md).

A *premise group* is one reason made of several claims: the page joins its
members with a bar just above their row, marks the junction in the bar's middle,
and draws ONE S-curve from there to the conclusion. The members stand next to
each other in their row (:func:`group_order`); the bar runs in the empty band
above the row, in room kept for it (``GROUP_ROOM``).

An *undercut* attacks a link (the inference from a reason to its claim), not a
claim. Its line ends ON that link: on the S-curve of a tree link or group, at
the height of the undercut's track in the band the curve crosses. An undercutter
that argues about nothing else is drawn in the attacked reason's row, right after
it (:func:`place_undercutters`), so its line is short and crosses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

GROUP_ROOM = 24  # px of band kept above a row for the bars joining its premise groups


def group_order(graph: nx.DiGraph) -> dict[str, list[str]]:
    """For every node, the nodes arguing about it: supporters then opposers; a premise
    group's members next to each other (by its key), plain reasons by id."""
    lists: dict[str, list[str]] = {}
    for claim, incoming in graph._pred.items():  # the graph's own dicts: views cost a call each
        if len(incoming) < 2:  # most claims have no argument or one: nothing to order
            lists[claim] = list(incoming)
            continue
        ranked = sorted(
            (0 if attrs.get("relation") == "supports" else 1, attrs.get("group") or a, a)
            for a, attrs in incoming.items()
        )
        lists[claim] = [a for _, _, a in ranked]
    return lists


def adopt_groups(graph: nx.DiGraph, parent: dict[str, str | None]) -> None:
    """Hang every member of a premise group under the group's conclusion (in place), so the
    group can be drawn joined: the breadth-first search may have hung a member under another
    claim it argues about. A member is moved (with everything under it) unless it is a tree's
    root or the conclusion hangs under the member itself."""
    for group in (graph.graph.get("groups") or {}).values():
        target = group["target"]
        for member in group["members"]:
            if parent.get(member) in (target, None) or member not in parent:
                continue
            above: str | None = target
            while above is not None and above != member:
                above = parent.get(above)
            if above is None:  # the conclusion is not under the member: no cycle
                parent[member] = target


def place_undercutters(
    graph: nx.DiGraph, parent: Mapping[str, str | None], roots: list[str]
) -> dict[str, tuple[str, str]]:
    """Undercutters to draw beside the reason whose link they attack: ``{undercutter: (reason, claim)}``.

    Only an undercutter that hangs from nothing (a tree root, not a thesis) is
    moved, only next to a reason that hangs from the attacked claim (a tree link
    or a group member), and never under its own tree (that would be a cycle).
    """
    placed: dict[str, tuple[str, str]] = {}
    is_root = set(roots)
    cuts = graph.graph.get("undercuts") or []
    for cut in sorted(cuts, key=lambda c: (c["source"], c["reason"], c["target"])):
        source, reason, target = cut["source"], cut["reason"], cut["target"]
        if source in placed or source not in is_root or graph.nodes[source].get("kind") == "thesis":
            continue
        if parent.get(reason) != target:
            continue
        top: str | None = target
        while top is not None and parent.get(top) is not None and top != source:
            top = parent[top]
        if top == source:
            continue
        placed[source] = (reason, target)
    return placed


def with_undercutters(
    graph: nx.DiGraph, claim: str, kids: list[str], beside: Mapping[str, list[str]]
) -> list[str]:
    """``kids`` of ``claim`` with each undercutter after the reason whose link it attacks, or after
    the last member of that reason's premise group (never between a group's members)."""
    group_of = {k: graph.succ[k][claim].get("group") for k in kids}
    last: dict[str, str] = {}
    for kid in kids:
        if group_of[kid]:
            last[group_of[kid]] = kid
    after: dict[str, list[str]] = {}
    for reason in kids:
        for undercutter in beside.get(reason, ()):
            anchor = last[group_of[reason]] if group_of[reason] else reason
            after.setdefault(anchor, []).append(undercutter)
    return [k for kid in kids for k in (kid, *after.get(kid, ()))]


def junctions(
    graph: nx.DiGraph,
    parent: Mapping[str, str | None],
    xs: Mapping[str, int],
    row_top: Callable[[str], float],
) -> dict[str, tuple[int, int]]:
    """Where each premise group's members join: ``{group key: (x, y)}``, the middle of the bar
    above their row. Groups whose members do not all hang from the conclusion are left out
    (their links are drawn one by one)."""
    found: dict[str, tuple[int, int]] = {}
    for key, group in sorted((graph.graph.get("groups") or {}).items()):
        members = group["members"]
        if all(parent.get(m) == group["target"] for m in members):
            x = sum(xs[m] for m in members) / len(members)
            found[key] = (round(x), round(row_top(members[0]) - GROUP_ROOM / 2))
    return found


def s_curve_x(child: tuple[float, float], parent: tuple[float, float], y: float) -> float:
    """The x of the page's S-curve from ``child`` up to ``parent`` at height ``y`` (as map_lines.js)."""
    mid = (child[1] + parent[1]) / 2
    low, high = 0.0, 1.0
    for _ in range(40):  # y falls from the child's to the parent's as t grows (or rises: same test)
        t = (low + high) / 2
        s = 1 - t
        at = s**3 * child[1] + 3 * s * s * t * mid + 3 * s * t * t * mid + t**3 * parent[1]
        if (at - y) * (child[1] - parent[1]) > 0:
            low = t
        else:
            high = t
    t = (low + high) / 2
    s = 1 - t
    return (s**3 + 3 * s * s * t) * child[0] + (3 * s * t * t + t**3) * parent[0]


def attacked_curve(
    cut: Mapping[str, Any],
    positions: Mapping[str, tuple[int, int]],
    joined: Mapping[str, tuple[int, int]],
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The S-curve an undercut ends on: from the reason (or its group's junction, taken at the
    members' row) to the claim."""
    target = positions[cut["target"]]
    if cut.get("group") and cut["group"] in joined:
        x = joined[cut["group"]][0]
        return (x, positions[cut["reason"]][1]), target
    reason = positions[cut["reason"]]
    return (reason[0], reason[1]), target

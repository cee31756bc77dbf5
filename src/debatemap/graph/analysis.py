"""What a map means: contested claims, unanswered objections, common ground, clash.

Every function here is a pure function of the graph built by
:func:`debatemap.graph.build_graph` and returns plain data sorted
deterministically (ties broken by id), so the handout, the map and
``debatemap stats`` all show the same figures in the same order.

Words used below, for a node ``c`` (any kind: thesis, argument, definition):

- its *supporters* / *attackers* are the nodes with a ``supports`` /
  ``opposes`` edge into ``c``;
- its *side* is the set of perspectives standing behind it: its own
  perspective, or for a thesis (which has none) its supporters' perspectives;
- an attack on ``c`` is *cross-perspective* when the attacker's perspective is
  not on ``c``'s side: one point of view answering another, which is what a
  reader of a multi-perspective map most needs to see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from debatemap.graph.build import incoming
from debatemap.graph.reasons import undercut_links
from debatemap.graph.strength import dfquad_strength, grounded_labelling
from debatemap.model import KINDS, RELATIONS

# An attack across perspectives counts this much towards how contested a claim
# is; an attack from within the claim's own side counts 1.
CROSS_PERSPECTIVE_WEIGHT = 2.0
# Key for nodes without a perspective (theses) in per-perspective tables; the
# parentheses cannot occur in a perspective id, which is a slug.
NO_PERSPECTIVE = "(none)"


@dataclass(frozen=True)
class Contested:
    """A claim with both support and opposition.

    ``score`` is the weaker of the two sides: the number of supporters, or the
    opposition with cross-perspective attackers counted
    ``CROSS_PERSPECTIVE_WEIGHT`` times. A claim with ten supporters and one
    objection is hardly contested; three against three is.
    """

    id: str
    title: str
    supporters: tuple[str, ...]
    attackers: tuple[str, ...]
    cross_perspective_attackers: tuple[str, ...]
    score: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Unanswered:
    """An opposed claim with at least one objection nobody has opposed in turn."""

    id: str
    title: str
    unanswered_attackers: tuple[str, ...]
    answered_attackers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CommonGround:
    """A claim that two or more perspectives stand behind (its side) and nobody opposes.

    ``attackers`` is kept for the JSON report's shape; it is always empty.
    """

    id: str
    title: str
    perspectives: tuple[str, ...]
    supporters: tuple[str, ...]
    attackers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _perspective(graph: nx.DiGraph, ident: str) -> str | None:
    value = graph.nodes[ident].get("perspective")
    return str(value) if value else None


def side(graph: nx.DiGraph, ident: str) -> tuple[str, ...]:
    """Perspectives standing behind a claim: its own, or for a thesis its supporters'."""
    own = _perspective(graph, ident)
    if own:
        return (own,)
    found = {_perspective(graph, s) for s in incoming(graph, ident, "supports")}
    return tuple(sorted(p for p in found if p))


def is_cross_perspective(graph: nx.DiGraph, attacker: str, target: str) -> bool:
    """Whether ``attacker``'s perspective is not on ``target``'s side (see the module doc)."""
    perspective = _perspective(graph, attacker)
    return bool(perspective) and perspective not in side(graph, target)


def contested_claims(graph: nx.DiGraph) -> list[Contested]:
    """Claims with both supporters and attackers, most contested first.

    Ranked by ``score`` (see :class:`Contested`), then by the total weight
    on both sides, then by id.
    """
    found = []
    for ident in sorted(graph.nodes):
        supporters = tuple(incoming(graph, ident, "supports"))
        attackers = tuple(incoming(graph, ident, "opposes"))
        if not supporters or not attackers:
            continue
        # The claim's side once, not once per attacker: a thesis's side is found from all
        # its supporters, which made a thesis with thousands of answers quadratic.
        behind = set(side(graph, ident))
        cross = tuple(a for a in attackers if (p := _perspective(graph, a)) and p not in behind)
        opposition = len(attackers) + (CROSS_PERSPECTIVE_WEIGHT - 1.0) * len(cross)
        score = min(float(len(supporters)), opposition)
        found.append((score, len(supporters) + opposition, ident, supporters, attackers, cross))
    found.sort(key=lambda row: (-row[0], -row[1], row[2]))
    return [
        Contested(ident, str(graph.nodes[ident].get("title", ident)), sup, att, cross, score)
        for score, _, ident, sup, att, cross in found
    ]


def unanswered_claims(graph: nx.DiGraph) -> list[Unanswered]:
    """Opposed claims with at least one attacker that nothing opposes.

    Such an objection stands unrebutted in the map: whoever holds the claim
    has not (yet) answered it. An objection whose link is undercut has been
    answered too (the answer grants it and denies that it bears on the claim).
    Most unanswered objections first, then by id.
    """
    found = []
    undercut = undercut_links(graph) if graph.graph.get("undercuts") else set()
    for ident in sorted(graph.nodes):
        attackers = incoming(graph, ident, "opposes")
        open_ = tuple(
            a for a in attackers if not incoming(graph, a, "opposes") and (a, ident) not in undercut
        )
        if open_:
            answered = tuple(a for a in attackers if a not in open_)
            found.append(Unanswered(ident, str(graph.nodes[ident].get("title", ident)), open_, answered))
    found.sort(key=lambda u: (-len(u.unanswered_attackers), u.id))
    return found


def common_ground(graph: nx.DiGraph) -> list[CommonGround]:
    """Claims supported from two or more perspectives and opposed by none, widest agreement first.

    The perspectives counted are the claim's own (if it has one) and those of
    all its supporters. A claim anything opposes is not common ground, however
    broad its support: it belongs with the contested claims, where the same
    report shows it with its arguments against.
    """
    found = []
    for ident in sorted(graph.nodes):
        supporters = tuple(incoming(graph, ident, "supports"))
        perspectives = {_perspective(graph, s) for s in supporters} | {_perspective(graph, ident)}
        named = tuple(sorted(p for p in perspectives if p))
        attackers = tuple(incoming(graph, ident, "opposes"))
        if len(named) >= 2 and supporters and not attackers:
            found.append(
                CommonGround(ident, str(graph.nodes[ident].get("title", ident)), named, supporters, attackers)
            )
    found.sort(key=lambda c: (-len(c.perspectives), -len(c.supporters), c.id))
    return found


def _perspective_keys(graph: nx.DiGraph) -> list[str]:
    keys = set(graph.graph.get("perspectives", {}))
    keys |= {_perspective(graph, n) or NO_PERSPECTIVE for n in graph.nodes}
    return sorted(keys)


def perspective_matrix(graph: nx.DiGraph) -> dict[str, dict[str, dict[str, int]]]:
    """``matrix[from][to][relation]``: how often ``from``'s nodes support/oppose ``to``'s.

    Every registered perspective (and ``NO_PERSPECTIVE`` for theses) appears
    as a row and a column, zeros included, keys sorted.
    """
    keys = _perspective_keys(graph)
    matrix = {a: {b: {r: 0 for r in RELATIONS} for b in keys} for a in keys}
    for a, b, relation in graph.edges(data="relation"):
        source = _perspective(graph, a) or NO_PERSPECTIVE
        target = _perspective(graph, b) or NO_PERSPECTIVE
        matrix[source][target][relation] += 1
    return matrix


def counts(graph: nx.DiGraph) -> dict[str, Any]:
    """Nodes by kind and by perspective and kind, edges by relation, premise groups and undercuts."""
    by_kind = {k: 0 for k in KINDS}
    by_perspective = {p: {k: 0 for k in KINDS} for p in _perspective_keys(graph)}
    for ident in graph.nodes:
        kind = str(graph.nodes[ident].get("kind", "argument"))
        by_kind[kind] = by_kind.get(kind, 0) + 1
        row = by_perspective[_perspective(graph, ident) or NO_PERSPECTIVE]
        row[kind] = row.get(kind, 0) + 1
    edges = {r: 0 for r in RELATIONS}
    for _, _, relation in graph.edges(data="relation"):
        edges[relation] += 1
    # Who added what in a classroom (the optional ``contributor`` field): most first.
    added = Counter(c for _, c in graph.nodes(data="contributor") if c)
    groups = {r: 0 for r in RELATIONS}
    for group in (graph.graph.get("groups") or {}).values():
        groups[group["relation"]] += 1
    return {
        "nodes": graph.number_of_nodes(),
        "edges": edges,
        "groups": groups,  # premise groups: each of their members is also one edge above
        "undercuts": len(graph.graph.get("undercuts") or ()),
        "by_kind": by_kind,
        "by_perspective": by_perspective,
        "by_contributor": dict(sorted(added.items(), key=lambda item: (-item[1], item[0]))),
    }


def summary(
    graph: nx.DiGraph,
    base: float = 0.5,
    base_by_perspective: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Every figure ``debatemap stats`` shows, as one JSON-ready dict."""
    scores = dfquad_strength(graph, base, base_by_perspective)
    labels = grounded_labelling(graph)
    return {
        "counts": counts(graph),
        "contested": [c.as_dict() for c in contested_claims(graph)],
        "unanswered": [u.as_dict() for u in unanswered_claims(graph)],
        "common_ground": [c.as_dict() for c in common_ground(graph)],
        "perspective_matrix": perspective_matrix(graph),
        "strength": {
            "semantics": "DF-QuAD",
            "base": base,
            "base_by_perspective": dict(sorted((base_by_perspective or {}).items())),
            "scores": scores,
        },
        "grounded": {
            "in": sorted(n for n, v in labels.items() if v == "in"),
            "out": sorted(n for n, v in labels.items() if v == "out"),
            "undecided": sorted(n for n, v in labels.items() if v == "undec"),
        },
    }

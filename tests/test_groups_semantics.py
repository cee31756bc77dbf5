"""Strength (DF-QuAD) and acceptance (grounded) with premise groups and undercuts (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap.graph.analysis import counts, unanswered_claims
from debatemap.graph.build import build_graph
from debatemap.graph.strength import dfquad_fixpoint, dfquad_strength, grounded_labelling
from debatemap.model import DebateMap, Node, PremiseGroup, Undercut
from debatemap.store.reader import read_map

EXAMPLE = Path(__file__).resolve().parent / "maps" / "groups_undercuts"


def claim(ident: str, **links: object) -> Node:
    kind = "thesis" if ident == "t" else "argument"
    return Node(id=ident, kind=kind, title=ident.upper(), **links)  # type: ignore[arg-type]


def graph_of(*nodes: Node):
    return build_graph(DebateMap({n.id: n for n in nodes}, {}, {}))


def group(relation: str, target: str, *members: str) -> PremiseGroup:
    return PremiseGroup(relation, target, members)


def test_a_group_counts_once_with_its_weakest_member():
    # a + b support t together; x opposes a, so a is weaker than b.
    graph = graph_of(
        claim("t"),
        claim("a", groups=(group("supports", "t", "a", "b"),)),
        claim("b"),
        claim("x", opposes=("a",)),
    )
    strength = dfquad_strength(graph)
    assert strength["a"] == 0.25 and strength["b"] == 0.5
    assert strength["t"] == 0.5 + 0.5 * 0.25  # one argument of strength min(0.25, 0.5)


def test_two_independent_reasons_count_twice_where_a_group_counts_once():
    separate = graph_of(claim("t"), claim("a", supports=("t",)), claim("b", supports=("t",)))
    together = graph_of(claim("t"), claim("a", groups=(group("supports", "t", "a", "b"),)), claim("b"))
    assert dfquad_strength(separate)["t"] == 0.5 + 0.5 * 0.75
    assert dfquad_strength(together)["t"] == 0.75


def test_an_undercut_weakens_the_link_not_the_reason():
    graph = graph_of(
        claim("t"),
        claim("a", opposes=("t",)),
        claim("u", undercuts=(Undercut("u", "a", "t"),)),
        claim("s", supports=("u",)),
    )
    strength = dfquad_strength(graph)
    assert strength["a"] == 0.5  # the reason itself is untouched
    assert strength["u"] == 0.75
    assert strength["t"] == 0.5 - 0.5 * (0.5 * (1 - 0.75))  # the link carries 0.5 * (1 - 0.75)


def test_an_undercut_of_a_group_weakens_the_whole_group():
    graph = graph_of(
        claim("t"),
        claim("a", groups=(group("opposes", "t", "a", "b"),)),
        claim("b"),
        claim("u", undercuts=(Undercut("u", "b", "t"),)),
    )
    assert dfquad_strength(graph)["t"] == 0.5 - 0.5 * (0.5 * 0.5)


def test_an_undercut_inside_a_cycle_still_settles():
    # u undercuts a -> t while t supports u: the undercut makes a cycle of dependencies.
    graph = graph_of(
        claim("t", supports=("u",)),
        claim("a", opposes=("t",)),
        claim("u", undercuts=(Undercut("u", "a", "t"),)),
    )
    result = dfquad_fixpoint(graph, {n: 0.5 for n in graph.nodes})
    assert result.converged
    t, u = result.strength["t"], result.strength["u"]
    assert t == pytest.approx(0.5 - 0.5 * 0.5 * (1 - u)) and u == pytest.approx(0.5 + 0.5 * t)


def test_plain_maps_keep_their_exact_floats():
    graph = graph_of(
        claim("t"), claim("a", supports=("t",)), claim("b", opposes=("t",)), claim("c", opposes=("b",))
    )
    assert dfquad_strength(graph) == {"a": 0.5, "b": 0.25, "c": 0.5, "t": 0.5 + 0.5 * (0.5 - 0.25)}


def test_a_group_attack_fails_when_one_member_is_rejected():
    graph = graph_of(
        claim("t"),
        claim("a", groups=(group("opposes", "t", "a", "b"),)),
        claim("b"),
        claim("x", opposes=("b",)),
    )
    labels = grounded_labelling(graph)
    assert labels == {"a": "in", "b": "out", "t": "in", "x": "in"}


def test_a_group_attack_holds_when_every_member_is_accepted():
    graph = graph_of(claim("t"), claim("a", groups=(group("opposes", "t", "a", "b"),)), claim("b"))
    assert grounded_labelling(graph)["t"] == "out"


def test_an_accepted_undercut_defeats_the_attack_but_not_the_attacker():
    graph = graph_of(claim("t"), claim("a", opposes=("t",)), claim("u", undercuts=(Undercut("u", "a", "t"),)))
    assert grounded_labelling(graph) == {"a": "in", "t": "in", "u": "in"}


def test_a_rejected_undercut_leaves_the_attack_standing():
    graph = graph_of(
        claim("t"),
        claim("a", opposes=("t",)),
        claim("u", undercuts=(Undercut("u", "a", "t"),)),
        claim("v", opposes=("u",)),
    )
    assert grounded_labelling(graph) == {"a": "in", "t": "out", "u": "out", "v": "in"}


def test_an_undercut_defeats_one_link_not_the_others():
    graph = graph_of(
        claim("t"),
        claim("a", opposes=("t",)),
        claim("b", opposes=("t",)),
        claim("u", undercuts=(Undercut("u", "a", "t"),)),
    )
    assert grounded_labelling(graph)["t"] == "out"  # b's attack still holds


def test_example_map_figures():
    graph = build_graph(read_map(EXAMPLE)[0])
    figures = counts(graph)
    assert figures["groups"] == {"supports": 1, "opposes": 1} and figures["undercuts"] == 2
    # The group against the thesis is answered by an undercut: only Amanda's objection stands open.
    (open_claim,) = unanswered_claims(graph)
    assert open_claim.unanswered_attackers == ("most-women-lack-other-choice",)
    assert grounded_labelling(graph)["sex-work-is-mostly-a-real-choice"] == "out"


def test_stats_reports_groups_and_undercuts():
    shown = run_cli("stats", str(EXAMPLE))
    assert shown.returncode == 0, shown.stderr
    assert "1 premise group supporting and 1 opposing" in shown.stdout and "2 undercuts" in shown.stdout
    as_json = run_cli("stats", str(EXAMPLE), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["counts"]["undercuts"] == 2
    assert document["strength"]["scores"]["treat-sex-work-and-trafficking-as-distinct"] == 0.6875


def test_stats_of_a_plain_map_says_nothing_of_groups(make_map):
    shown = run_cli("stats", str(make_map()))
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert "premise group" not in text and "ASPIC" not in text

"""DF-QuAD strength and the grounded extension, checked against independent references.

- The grounded extension is compared with py_arg (PyPI ``python-argumentation``),
  a maintained library of Dung semantics, on classic and random frameworks.
- No maintained Python library on PyPI implements DF-QuAD (the PyPI name
  "uncertainpy" belongs to an unrelated neuroscience toolbox), so strength is
  checked against values worked by hand from the definitions of Rago et al.
  (KR 2016), against the paper's own leaves-first recursion on random acyclic
  graphs, and against properties the semantics is proven to have (Baroni,
  Rago and Toni 2019: balance, monotonicity, boundedness).
"""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debatemap.graph import strength
from debatemap.graph.strength import (
    combine,
    dfquad_fixpoint,
    dfquad_strength,
    grounded_extension,
    grounded_labelling,
    perspective_view,
    probabilistic_sum,
)
from profiles import examples

py_arg = pytest.importorskip("py_arg", reason="python-argumentation (test extra) is needed as the reference")
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (  # noqa: E402
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument  # noqa: E402
from py_arg.abstract_argumentation_classes.defeat import Defeat  # noqa: E402
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension  # noqa: E402


def make_graph(
    nodes: list[str], edges: list[tuple[str, str, str]], perspectives: dict[str, str] | None = None
):
    graph = nx.DiGraph()
    for ident in nodes:
        graph.add_node(ident, perspective=(perspectives or {}).get(ident))
    for a, relation, b in edges:
        graph.add_edge(a, b, relation=relation)
    return graph


# --- DF-QuAD: hand-worked values --------------------------------------------


def test_aggregation_is_probabilistic_sum():
    assert probabilistic_sum([]) == 0.0
    assert probabilistic_sum([0.6]) == pytest.approx(0.6)
    # 1 - (1 - 0.5)(1 - 0.4) = 1 - 0.3 = 0.7
    assert probabilistic_sum([0.5, 0.4]) == pytest.approx(0.7)


def test_combination_moves_base_towards_the_winning_side():
    # attack wins by 0.4: 0.6 - 0.6 * 0.4 = 0.36
    assert combine(0.6, 0.7, 0.3) == pytest.approx(0.36)
    # support wins by 0.4: 0.6 + (1 - 0.6) * 0.4 = 0.76
    assert combine(0.6, 0.3, 0.7) == pytest.approx(0.76)
    # balance keeps the base score
    assert combine(0.6, 0.3, 0.3) == pytest.approx(0.6)


def test_hand_worked_debate_tree():
    # t <- s1 (supports), t <- a1 (opposes), a1 <- a2 (opposes), t <- s2 (supports)
    # base 0.5 everywhere.
    # leaves: s1 = s2 = a2 = 0.5
    # a1: attack F(0.5) = 0.5, no support -> 0.5 - 0.5 * 0.5 = 0.25
    # t: attack F(0.25) = 0.25, support F(0.5, 0.5) = 0.75 -> 0.5 + 0.5 * 0.5 = 0.75
    graph = make_graph(
        ["t", "s1", "s2", "a1", "a2"],
        [("s1", "supports", "t"), ("s2", "supports", "t"), ("a1", "opposes", "t"), ("a2", "opposes", "a1")],
    )
    scores = dfquad_strength(graph)
    assert scores == pytest.approx({"t": 0.75, "s1": 0.5, "s2": 0.5, "a1": 0.25, "a2": 0.5})


def test_hand_worked_chain_with_custom_base():
    # c -supports-> b -opposes-> a, base 0.8 (so c = 0.8)
    # b: support 0.8 -> 0.8 + 0.2 * 0.8 = 0.96
    # a: attack 0.96 -> 0.8 - 0.8 * 0.96 = 0.032
    graph = make_graph(["a", "b", "c"], [("c", "supports", "b"), ("b", "opposes", "a")])
    assert dfquad_strength(graph, base=0.8) == pytest.approx({"a": 0.032, "b": 0.96, "c": 0.8})


def test_base_by_perspective_sets_each_perspectives_base():
    # x (perspective p, base 0.9) opposes t (no perspective, base 0.5): t = 0.5 - 0.5 * 0.9 = 0.05
    graph = make_graph(["t", "x"], [("x", "opposes", "t")], {"x": "p"})
    assert dfquad_strength(graph, base_by_perspective={"p": 0.9}) == pytest.approx({"t": 0.05, "x": 0.9})


def test_base_outside_unit_interval_is_refused():
    graph = make_graph(["a"], [])
    with pytest.raises(ValueError, match="between 0 and 1"):
        dfquad_strength(graph, base=1.5)
    with pytest.raises(ValueError, match="'p'"):
        dfquad_strength(graph, base_by_perspective={"p": -0.1})


def test_mutual_attack_settles_on_the_symmetric_fixpoint():
    # a <-> b both base 0.5: the fixpoint x = 0.5 - 0.5x gives x = 1/3.
    graph = make_graph(["a", "b"], [("a", "opposes", "b"), ("b", "opposes", "a")])
    result = dfquad_fixpoint(graph, {"a": 0.5, "b": 0.5})
    assert result.converged
    assert result.strength == pytest.approx({"a": 1 / 3, "b": 1 / 3})


def test_oscillating_cycle_falls_back_to_damped_iteration():
    # Base 1.0 on a mutual attack makes the plain update flip between (1, 1)
    # and (0, 0) forever; the damped update settles on x = 1 - x, i.e. 0.5.
    graph = make_graph(["a", "b"], [("a", "opposes", "b"), ("b", "opposes", "a")])
    result = dfquad_fixpoint(graph, {"a": 1.0, "b": 1.0})
    assert result.damped and result.converged
    assert result.strength == pytest.approx({"a": 0.5, "b": 0.5})


# --- DF-QuAD: the paper's recursion on acyclic graphs, and proven properties --


def leaves_first(graph: nx.DiGraph, base: dict[str, float]) -> dict[str, float]:
    """Rago et al.'s definition read literally: a node's strength from its children's."""
    memo: dict[str, float] = {}

    def sigma(node: str) -> float:
        if node not in memo:
            att = [sigma(a) for a, _, r in graph.in_edges(node, data="relation") if r == "opposes"]
            sup = [sigma(a) for a, _, r in graph.in_edges(node, data="relation") if r == "supports"]
            fa = 1 - math.prod(1 - v for v in att)
            fs = 1 - math.prod(1 - v for v in sup)
            v0 = base[node]
            memo[node] = (
                v0 if fa == fs else (v0 - v0 * abs(fs - fa) if fa > fs else v0 + (1 - v0) * abs(fs - fa))
            )
        return memo[node]

    return {n: sigma(n) for n in graph.nodes}


@st.composite
def acyclic_graphs(draw):
    size = draw(st.integers(1, 12))
    nodes = [f"n{i:02d}" for i in range(size)]
    edges = []
    for j in range(size):
        for i in range(j):
            relation = draw(st.sampled_from([None, None, "supports", "opposes"]))
            if relation:
                edges.append((nodes[j], relation, nodes[i]))  # later ids argue about earlier ones
    bases = {n: draw(st.floats(0, 1)) for n in nodes}
    return make_graph(nodes, edges), bases


@settings(max_examples=examples(150), deadline=None)
@given(acyclic_graphs())
def test_fixpoint_equals_the_papers_recursion_on_acyclic_graphs(case):
    graph, bases = case
    result = dfquad_fixpoint(graph, bases)
    assert result.converged and not result.damped
    assert result.strength == pytest.approx(leaves_first(graph, bases), abs=1e-9)


@settings(max_examples=examples(100), deadline=None)
@given(acyclic_graphs(), st.floats(0.01, 0.99))
def test_adding_a_supporter_never_lowers_and_an_attacker_never_raises(case, extra_base):
    graph, bases = case
    target = sorted(graph.nodes)[0]
    before = dfquad_fixpoint(graph, bases).strength[target]
    for relation, compare in (
        ("supports", lambda a, b: a >= b - 1e-12),
        ("opposes", lambda a, b: a <= b + 1e-12),
    ):
        extended = graph.copy()
        extended.add_node("new", perspective=None)
        extended.add_edge("new", target, relation=relation)
        after = dfquad_fixpoint(extended, {**bases, "new": extra_base}).strength[target]
        assert compare(after, before), relation
        assert 0.0 <= after <= 1.0


def test_same_graph_gives_identical_floats_whatever_the_insertion_order():
    edges = [("b", "opposes", "a"), ("c", "opposes", "b"), ("a", "opposes", "c"), ("d", "supports", "a")]
    one = make_graph(["a", "b", "c", "d"], edges)
    two = make_graph(["d", "c", "b", "a"], list(reversed(edges)))
    assert dfquad_strength(one) == dfquad_strength(two)
    assert list(dfquad_strength(two)) == ["a", "b", "c", "d"]


def test_perspective_view_trusts_own_and_discounts_rivals():
    graph = make_graph(
        ["x", "y", "z", "t"],
        [("x", "opposes", "y"), ("x", "supports", "t"), ("z", "supports", "t")],
        {"x": "p", "y": "q", "z": "r"},
    )
    assert perspective_view(graph, "p") == {"p": strength.OWN_BASE, "q": strength.RIVAL_BASE}
    # from q's side nobody of p is opposed by q, so only q itself changes
    assert perspective_view(graph, "q") == {"q": strength.OWN_BASE}
    seen_by_p = dfquad_strength(graph, base_by_perspective=perspective_view(graph, "p"))
    seen_by_q = dfquad_strength(graph, base_by_perspective=perspective_view(graph, "q"))
    assert seen_by_p["y"] < seen_by_q["y"]


# --- Grounded extension against py_arg -------------------------------------


def reference_grounded(graph: nx.DiGraph) -> set[str]:
    arguments = {n: Argument(n) for n in graph.nodes}
    defeats = [
        Defeat(arguments[a], arguments[b]) for a, b, r in graph.edges(data="relation") if r == "opposes"
    ]
    framework = AbstractArgumentationFramework("map", list(arguments.values()), defeats)
    return {argument.name for argument in get_grounded_extension(framework)}


CLASSIC = {
    # chain: d defeats c defeats b defeats a -> {b, d}
    "chain": (["a", "b", "c", "d"], [("b", "a"), ("c", "b"), ("d", "c")], {"b", "d"}),
    # mutual attack: nothing is sceptically accepted
    "mutual": (["a", "b"], [("a", "b"), ("b", "a")], set()),
    # odd cycle plus an unattacked outsider that breaks in: e -> a
    "odd-cycle-broken": (["a", "b", "c", "e"], [("a", "b"), ("b", "c"), ("c", "a"), ("e", "a")], {"e", "b"}),
    # reinstatement: c defends a against b
    "reinstatement": (["a", "b", "c"], [("b", "a"), ("c", "b")], {"a", "c"}),
}


@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_grounded_extension_on_classic_frameworks(name):
    nodes, attacks, expected = CLASSIC[name]
    graph = make_graph(nodes, [(a, "opposes", b) for a, b in attacks])
    assert grounded_extension(graph) == expected == reference_grounded(graph)


def test_supports_are_not_attacks_for_the_grounded_extension():
    graph = make_graph(["a", "b", "c"], [("b", "supports", "a"), ("c", "opposes", "b")])
    assert grounded_extension(graph) == {"a", "c"}
    assert grounded_labelling(graph) == {"a": "in", "b": "out", "c": "in"}


@st.composite
def any_graphs(draw):
    size = draw(st.integers(0, 10))
    nodes = [f"n{i}" for i in range(size)]
    pairs = [(a, b) for a in nodes for b in nodes if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=25)) if pairs else []
    edges = [(a, draw(st.sampled_from(["supports", "opposes", "opposes"])), b) for a, b in chosen]
    return make_graph(nodes, edges)


@settings(max_examples=examples(200), deadline=None)
@given(any_graphs())
def test_grounded_extension_matches_py_arg(graph):
    assert grounded_extension(graph) == reference_grounded(graph)


@settings(max_examples=examples(100), deadline=None)
@given(any_graphs())
def test_strength_is_bounded_and_deterministic_on_any_graph(graph):
    first = dfquad_strength(graph)
    assert first == dfquad_strength(graph)
    assert all(0.0 <= v <= 1.0 for v in first.values())
    assert set(first) == set(graph.nodes)


@settings(max_examples=examples(60), deadline=None)
@given(st.integers(min_value=1, max_value=40), st.randoms(use_true_random=False))
def test_leaves_first_pass_gives_the_iterations_floats_on_acyclic_graphs(n, rng) -> None:  # type: ignore[no-untyped-def]
    """The one-pass shortcut for acyclic graphs must not change a single bit of any strength."""
    graph = nx.DiGraph()
    graph.add_nodes_from(f"n{i}" for i in range(n))
    for i in range(1, n):
        for j in rng.sample(range(i), k=min(i, rng.randint(0, 3))):
            graph.add_edge(f"n{i}", f"n{j}", relation=rng.choice(["supports", "opposes"]))
    bases = {node: rng.choice([0.0, 0.25, 0.5, 0.9, 1.0]) for node in graph}
    fast = strength.dfquad_fixpoint(graph, bases)
    attackers, supporters = strength._relation_lists(graph)
    iterated = strength._iterated(graph, bases, attackers, supporters)  # as run on a cyclic graph
    assert fast.converged and not fast.damped
    assert list(fast.strength.items()) == list(iterated.strength.items())
    assert attackers.keys() == fast.strength.keys() == supporters.keys()

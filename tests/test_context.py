"""One build context: each stage worked out once, whatever the command asks of it."""

from __future__ import annotations

from debatemap import check
from debatemap.graph import context
from debatemap.graph.context import BuiltMap
from debatemap.graph.strength import dfquad_strength


def test_graph_and_strength_are_computed_once_and_match_the_pipeline(make_map, monkeypatch):
    debate, _ = check(make_map())
    calls = []

    def counting(graph):  # type: ignore[no-untyped-def]
        calls.append(graph)
        return dfquad_strength(graph)

    monkeypatch.setattr(context, "dfquad_strength", counting)
    built = BuiltMap(debate)
    first, again = built.strength, built.strength
    assert first is again and len(calls) == 1
    assert built.graph is built.graph and set(built.graph.nodes) == set(debate.nodes)
    assert first == dict(dfquad_strength(built.graph))

"""Premise groups and undercuts through every format that can carry them, read back by
the real Argdown CLI and by arguebuf."""

from __future__ import annotations

from pathlib import Path

import pytest

from debatemap.interchange import (
    add_claim,
    add_group,
    add_relation,
    add_undercut,
    empty_graph,
    generate,
    parse,
)
from debatemap.interchange.graphml import read_graphml
from edit_support import run
from interchange_support import empty_map, graph_at, node_fields
from test_argdown_cli import argdown_json

MAP = Path(__file__).resolve().parent / "maps" / "groups_undercuts"

arguebuf = pytest.importorskip("arguebuf", reason="arguebuf (test extra) is the third-party AIF reader")


def grouped_map():
    graph = empty_graph("Should it be so?")
    for ident in ("t", "a", "b", "c", "d", "u"):
        kind = "thesis" if ident == "t" else "argument"
        add_claim(graph, ident, kind=kind, title=ident.upper(), text=f"Claim  {ident}.", question="Q?")
    add_group(graph, "supports", "t", ["a", "b"])
    add_group(graph, "opposes", "t", ["c", "d"])
    add_relation(graph, "u", "supports", "a")
    add_relation(graph, "d", "opposes", "a")
    add_undercut(graph, "u", "a", "t")  # a member's group link
    add_undercut(graph, "b", "d", "a")  # a plain link
    return graph


def shape(graph):
    undercuts = {
        (u["source"], u["target"], u["relation"], u["group"]) for u in graph.graph.get("undercuts") or []
    }
    edges = {(a, r, b, graph.edges[a, b].get("group")) for a, b, r in graph.edges(data="relation")}
    texts = {n: graph.nodes[n]["text"] for n in graph}
    return set(graph.graph.get("groups") or {}), undercuts, edges, texts


@pytest.mark.parametrize("fmt", ["argdown", "aif", "json"])
def test_groups_and_undercuts_round_trip(fmt):
    graph = grouped_map()
    assert shape(parse(generate(graph, fmt), fmt)) == shape(graph)


def test_groups_and_undercuts_round_trip_through_graphml(tmp_path):
    graph = grouped_map()
    path = tmp_path / "map.graphml"
    path.write_text(generate(graph, "graphml"), encoding="utf-8")
    assert shape(read_graphml(path)) == shape(graph)


def test_dot_draws_every_group_member_link():
    text = generate(grouped_map(), "dot")
    assert '"a" -> "t"' in text and '"b" -> "t"' in text


def test_the_argdown_cli_reads_premise_conclusion_structures_and_undercuts(tmp_path):
    document = argdown_json(tmp_path, generate(grouped_map(), "argdown"))
    premises = {
        frozenset(m["title"] for m in argument["pcs"] if m["role"] == "premise")
        for argument in document["arguments"].values()
    }
    assert premises == {frozenset({"a", "b"}), frozenset({"c", "d"}), frozenset({"d"})}
    undercuts = {(r["from"], r["to"]) for r in document["relations"] if r["relationType"] == "undercut"}
    assert {source for source, _ in undercuts} == {"u", "b"}
    assert all(target in document["arguments"] for _, target in undercuts)


def test_arguebuf_reads_groups_as_one_scheme_and_undercuts_as_attacks_on_schemes(tmp_path):
    path = tmp_path / "map.json"
    path.write_text(generate(grouped_map(), "aif"), encoding="utf-8")
    loaded = arguebuf.load.file(path)
    premises, undercut = {}, {}
    for ident, scheme in loaded.scheme_nodes.items():
        incoming = {n.id for n in loaded.incoming_nodes(scheme)}
        premises[ident] = incoming & set(loaded.atom_nodes)
        undercut[ident] = incoming & set(loaded.scheme_nodes)  # a scheme attacking this inference
    assert {"a", "b"} in premises.values() and {"c", "d"} in premises.values()
    attackers = {premises[attacker].pop() for found in undercut.values() for attacker in found}
    assert attackers == {"u", "b"}


@pytest.mark.parametrize("fmt", ["argdown", "aif", "json"])
def test_a_map_with_groups_and_undercuts_comes_back_the_same_through_export_and_import(tmp_path, fmt):
    original = graph_at(MAP)
    exported = tmp_path / f"map.{fmt}"
    assert run("export", "--format", fmt, str(MAP), "-o", str(exported)).returncode == 0
    target = empty_map(tmp_path / "again")
    result = run("import", "--format", fmt, str(exported), "--arguments", str(target))
    assert result.returncode == 0, result.stderr
    assert "2 premise groups, 2 undercuts" in result.stderr and "nothing left out" in result.stderr
    again = graph_at(target)
    assert again.graph["groups"] == original.graph["groups"]  # the lead (first member) kept too
    assert again.graph["undercuts"] == original.graph["undercuts"]  # the member named in `from` too
    assert sorted(again.edges(data=True)) == sorted(original.edges(data=True))
    assert node_fields(again) == node_fields(original)


def test_dot_draws_group_links_thick_and_undercuts_dotted():
    text = generate(grouped_map(), "dot")
    assert (
        '"a" -> "t" [color="#1B6E34", style=solid, arrowhead=normal, penwidth=2, tooltip="together with b"]'
        in text
    )
    assert '"u" -> "a" [color="#B2182B", style=dotted, arrowhead=teetee' in text
    assert '"b" -> "d" [color="#B2182B", style=dotted' in text

"""AIF export: I-nodes, RA for supports, CA for opposes, loadable by arguebuf; AIF import."""

from __future__ import annotations

import json

import pytest

from debatemap.interchange import InterchangeError
from debatemap.interchange.aif import aif_document, generate_aif, parse_aif
from interchange_support import graph_at, relations, write_map

arguebuf = pytest.importorskip("arguebuf", reason="arguebuf (test extra) is the third-party AIF reader")


def test_claims_are_i_nodes_and_relations_go_through_ra_and_ca(tmp_path):
    graph = graph_at(write_map(tmp_path))
    document = aif_document(graph)
    types = {n["nodeID"]: n["type"] for n in document["nodes"]}
    assert {i for i, t in types.items() if t == "I"} == set(graph.nodes)
    for edge in document["edges"]:
        assert "I" in (types[edge["fromID"]], types[edge["toID"]])
        assert not (types[edge["fromID"]] == "I" and types[edge["toID"]] == "I")
    found = set()
    for scheme, kind in types.items():
        if kind in ("RA", "CA"):
            (premise,) = [e["fromID"] for e in document["edges"] if e["toID"] == scheme]
            (conclusion,) = [e["toID"] for e in document["edges"] if e["fromID"] == scheme]
            found.add((premise, "supports" if kind == "RA" else "opposes", conclusion))
    assert found == relations(graph)


def test_arguebuf_loads_the_export_with_the_same_supports_and_attacks(tmp_path):
    graph = graph_at(write_map(tmp_path / "map"))
    path = tmp_path / "map.json"
    path.write_text(generate_aif(graph), encoding="utf-8")
    loaded = arguebuf.load.file(path)
    assert set(loaded.atom_nodes) == set(graph.nodes)
    assert {loaded.atom_nodes[i].plain_text for i in graph.nodes} == {
        graph.nodes[i]["text"] for i in graph.nodes
    }
    found = set()
    for scheme in loaded.scheme_nodes.values():
        relation = {"Support": "supports", "Attack": "opposes"}[type(scheme.scheme).__name__]
        for premise in loaded.incoming_nodes(scheme):
            for conclusion in loaded.outgoing_nodes(scheme):
                found.add((premise.id, relation, conclusion.id))
    assert found == relations(graph)


AIFDB_STYLE = {
    "nodes": [
        {
            "nodeID": "101",
            "text": "Sex work should be decriminalised.",
            "type": "I",
            "timestamp": "2020-01-01 10:00:00",
        },
        {
            "nodeID": "102",
            "text": "Criminalisation stops reporting.",
            "type": "I",
            "timestamp": "2020-01-01 10:00:00",
        },
        {
            "nodeID": "103",
            "text": "Reporting is rare anyway.",
            "type": "I",
            "timestamp": "2020-01-01 10:00:00",
        },
        {"nodeID": "104", "text": "Default Inference", "type": "RA", "timestamp": "2020-01-01 10:00:00"},
        {"nodeID": "105", "text": "Default Conflict", "type": "CA", "timestamp": "2020-01-01 10:00:00"},
        {
            "nodeID": "106",
            "text": "Anna : Reporting is rare anyway",
            "type": "L",
            "timestamp": "2020-01-01 10:00:00",
        },
    ],
    "edges": [
        {"edgeID": "1", "fromID": "102", "toID": "104", "formEdgeID": None},
        {"edgeID": "2", "fromID": "104", "toID": "101", "formEdgeID": None},
        {"edgeID": "3", "fromID": "103", "toID": "105", "formEdgeID": None},
        {"edgeID": "4", "fromID": "105", "toID": "102", "formEdgeID": None},
    ],
    "locutions": [],
}


def test_parse_third_party_aif():
    graph = parse_aif(json.dumps(AIFDB_STYLE))
    assert relations(graph) == {("102", "supports", "101"), ("103", "opposes", "102")}
    assert graph.nodes["101"]["kind"] == "thesis"  # argues about nothing: what the debate is about
    assert graph.nodes["102"]["kind"] == "argument"
    assert graph.nodes["103"]["title"] == "Reporting is rare anyway."
    assert not graph.graph["generated_ids"]  # ids from nodeID, never from (cut) titles


def test_direct_edge_between_claims_is_a_located_warning_and_left_out():
    broken = json.loads(json.dumps(AIFDB_STYLE))
    broken["edges"].append({"edgeID": "9", "fromID": "103", "toID": "101", "formEdgeID": None})
    graph = parse_aif(json.dumps(broken, indent=1), "d.json")
    (found,) = [w for w in graph.graph["warnings"] if "directly" in w.message]
    assert found.severity == "warning" and found.path == "d.json" and found.line > 1
    assert not graph.has_edge("103", "101")
    assert graph.graph["dropped"]["edges between two claims"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not JSON"), ("[]", "no 'nodes' list"), ('{"nodes": [], "edges": {}}', "not a list")],
)
def test_bad_aif_names_the_problem(text, message):
    with pytest.raises(InterchangeError, match=message) as caught:
        parse_aif(text, "bad.json")
    assert caught.value.problems[0].path == "bad.json"


@pytest.mark.parametrize("text", [None, "", 5])
def test_an_i_node_without_text_is_a_warning_naming_it(text):
    document = {"nodes": [{"nodeID": "1", "text": text, "type": "I"}], "edges": []}
    graph = parse_aif(json.dumps(document), "d.json")
    (found,) = graph.graph["warnings"]
    assert found.code == "DM034" and found.path == "d.json" and found.severity == "warning"
    assert "I-node '1' has no text" in found.message
    assert graph.graph["dropped"] == {"claims with no text": 1}


def test_an_edge_to_a_missing_node_names_its_ends():
    nodes = [{"nodeID": "1", "text": "A claim.", "type": "I"}, {"nodeID": "2", "text": "RA", "type": "RA"}]
    edges = [{"fromID": "1", "toID": "2"}, {"edgeID": "e7", "fromID": "2", "toID": "9"}]
    graph = parse_aif(json.dumps({"nodes": nodes, "edges": edges}), "d.json")
    (found,) = graph.graph["warnings"]
    assert found.message == "an edge from '2' to '9' names no node '9' and is left out"
    assert "None" not in found.format()


def test_a_nodeid_used_twice_is_a_located_error():
    nodes = [{"nodeID": "1", "text": "A.", "type": "I"}, {"nodeID": "1", "text": "B.", "type": "I"}]
    with pytest.raises(InterchangeError, match="nodeID '1' is used twice") as caught:
        parse_aif(json.dumps({"nodes": nodes, "edges": []}, indent=2), "d.json")
    assert caught.value.problems[0].line == 9

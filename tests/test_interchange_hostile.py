"""Every importer: hostile input is a located error, what it leaves out is counted,
the same words twice are two claims, and a map with duplicates re-imports its export."""

from __future__ import annotations

import json

import pytest

from debatemap.interchange import InterchangeError, parse
from edit_support import run, tree_digest
from interchange_support import empty_map, graph_at, node_fields, relations, write_map

DEEP = "[" * 200_000 + "]" * 200_000
HUGE = '{"nodes": [{"nodeID": ' + "9" * 10_000 + ', "type": "I", "text": "x"}], "edges": []}'


@pytest.mark.parametrize("fmt", ["aif", "json"])
@pytest.mark.parametrize(("text", "said"), [(DEEP, "nested too deeply"), (HUGE, "cannot read the JSON")])
def test_deep_nesting_and_huge_numbers_are_located_errors(fmt, text, said):
    with pytest.raises(InterchangeError) as caught:
        parse(text, fmt, "f.json")
    (found,) = caught.value.problems
    assert (found.path, found.line, found.column) == ("f.json", 1, 1)
    assert said in found.message or "not JSON" in found.message


def test_deep_argdown_indentation_reads_without_recursion():
    lines = ["[t]: Top."] + [f"{' ' * (i + 1)}+ [c{i}]: Claim {i}." for i in range(3000)]
    graph = parse("\n".join(lines) + "\n", "argdown", "deep.argdown")
    assert graph.number_of_nodes() == 3001 and graph.has_edge("c2999", "c2998")


def test_a_node_id_used_twice_in_json_is_a_located_error():
    document = {"nodes": [{"id": "a", "kind": "argument"}, {"id": "a", "kind": "argument"}], "edges": []}
    with pytest.raises(InterchangeError, match="node id 'a' is used twice"):
        parse(json.dumps(document), "json", "m.json")


@pytest.mark.parametrize(("fmt", "name"), [("kialo", "k.txt"), ("argdown", "m.argdown"), ("aif", "a.json"),
                                           ("json", "m.json")])  # fmt: skip
def test_a_file_over_20_mib_is_refused_before_it_is_read(tmp_path, fmt, name):
    big = tmp_path / name
    big.write_bytes(b" " * (20 * 1024 * 1024 + 1))
    root = empty_map(tmp_path / "arguments")
    before = tree_digest(root)
    result = run("import", "--format", fmt, str(big), "--arguments", str(root))
    assert result.returncode == 1 and f"{big}:1:1: error DM034" in result.stderr
    assert "larger than 20 MiB" in result.stderr and tree_digest(root) == before


AIF_WITH_DIALOGUE = {
    "nodes": [
        {"nodeID": "1", "type": "I", "text": "Same words."},
        {"nodeID": "2", "type": "I", "text": "Same words."},
        {"nodeID": "3", "type": "RA", "text": "Default Inference"},
        {"nodeID": "4", "type": "L", "text": "Ann: Same words."},
        {"nodeID": "5", "type": "YA", "text": "Asserting"},
        {"nodeID": "6", "type": "MA", "text": "Default Rephrase"},
    ],
    "edges": [
        {"fromID": "1", "toID": "3"},
        {"fromID": "3", "toID": "2"},
        {"fromID": "4", "toID": "5"},
        {"fromID": "5", "toID": "1"},
    ],
}


def test_the_same_words_twice_are_two_claims_and_the_summary_counts_what_was_left_out(tmp_path):
    source = tmp_path / "d.json"
    source.write_text(json.dumps(AIF_WITH_DIALOGUE, indent=1), encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    result = run("import", "--format", "aif", str(source), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert "already has" not in result.stderr
    assert "read 2 claims, 1 link, 0 premise groups, 0 undercuts, 1 speaker; left out: " in result.stderr
    assert "1 illocutions (YA nodes, read for speakers); 1 locutions (L nodes" in result.stderr
    assert "1 rephrases (MA nodes)" in result.stderr
    assert f"{source}:" in result.stderr and "warning DM034" in result.stderr  # located
    graph = graph_at(root)
    assert set(graph.nodes) == {"1", "2"} and graph.nodes["1"]["speaker"] == "Ann"
    assert graph.nodes["2"]["kind"] == "thesis" and graph.nodes["1"]["kind"] == "argument"


def test_the_same_title_as_a_claim_in_the_map_is_refused_naming_that_claim(tmp_path):
    source = tmp_path / "d.json"
    source.write_text(json.dumps(AIF_WITH_DIALOGUE), encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    assert run("import", "--format", "aif", str(source), "--arguments", str(root)).returncode == 0
    again = tmp_path / "e.json"
    document = json.loads(json.dumps(AIF_WITH_DIALOGUE).replace('"1"', '"7"').replace('"2"', '"8"'))
    again.write_text(json.dumps(document), encoding="utf-8")
    refused = run("import", "--format", "aif", str(again), "--arguments", str(root))
    assert refused.returncode == 1 and "the map already has a node titled 'Same words.'" in refused.stderr


@pytest.mark.parametrize("fmt", ["argdown", "aif", "json"])
def test_a_map_imported_with_allow_duplicate_re_imports_its_own_export(tmp_path, fmt):
    root = write_map(tmp_path / "map")
    twin = tmp_path / "twin.txt"
    twin.write_text("Discussion Title: T\n\n1. Is it so? // not a comment\n", encoding="utf-8")
    added = run("import", "--format", "kialo", str(twin), "--arguments", str(root), "--allow-duplicate")
    assert added.returncode == 0, added.stderr
    original = graph_at(root)
    exported = tmp_path / f"map.{fmt}"
    assert run("export", "--format", fmt, str(root), "-o", str(exported)).returncode == 0
    target = empty_map(tmp_path / "again")
    result = run("import", "--format", fmt, str(exported), "--arguments", str(target))
    assert result.returncode == 0, result.stderr
    again = graph_at(target)
    assert node_fields(again) == node_fields(original) and relations(again) == relations(original)


def test_quotes_from_json_escapes_are_verified_against_the_decoded_file(tmp_path):
    source = tmp_path / "escaped.json"
    source.write_text(
        '{"nodes": [{"nodeID": "1", "type": "I", "text": "It\\u2019s a claim about http:\\/\\/x.org."},'
        ' {"nodeID": "2", "type": "I", "text": "Another one."}, {"nodeID": "3", "type": "RA", "text": "RA"}],'
        ' "edges": [{"fromID": "1", "toID": "3"}, {"fromID": "3", "toID": "2"}]}',
        encoding="utf-8",
    )
    root = empty_map(tmp_path / "arguments")
    assert run("import", "--format", "aif", str(source), "--arguments", str(root)).returncode == 0
    assert graph_at(root).nodes["1"]["quote"] == "It\u2019s a claim about http://x.org."
    checked = run("check", "--sources-dir", str(tmp_path), str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr

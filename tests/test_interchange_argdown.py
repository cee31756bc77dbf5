"""Reading Argdown: our own export and the common hand-written forms; import rules."""

from __future__ import annotations

import pytest

from cli_support import run_cli
from debatemap.interchange import InterchangeError, add_claim, add_relation, empty_graph
from debatemap.interchange.argdown import escape_text, generate_argdown, parse_argdown, unescape
from interchange_support import graph_at, relations, write_map

HAND_WRITTEN = """\
# Decriminalisation

[Decriminalise]: Sex work should be decriminalised.
  + <Reporting>: Criminalisation stops workers reporting abuse. // a comment
    - [Rare]: Reporting is rare anyway.
  - <Expansion>: Decriminalisation expands the trade.
    <_ [Evidence]: The evidence on expansion is mixed.
  <+ [Rights]
/* a block
   comment */
[Rights]: Adults have the right to choose their work.
  >< [Exploitation]: All sex work is exploitation.
<Reporting>
  +> [Rights]
"""


def test_hand_written_relation_trees():
    graph = parse_argdown(HAND_WRITTEN)
    assert relations(graph) == {
        ("Reporting", "supports", "Decriminalise"),
        ("Rare", "opposes", "Reporting"),
        ("Expansion", "opposes", "Decriminalise"),
        ("Rights", "supports", "Decriminalise"),
        ("Rights", "opposes", "Exploitation"),
        ("Exploitation", "opposes", "Rights"),
        ("Reporting", "supports", "Rights"),
    }
    # "<_" attacks the inference from Expansion to what it argues about, not a claim
    assert graph.graph["undercuts"] == [
        {
            "source": "Evidence",
            "reason": "Expansion",
            "target": "Decriminalise",
            "relation": "opposes",
            "group": None,
        }
    ]
    assert graph.nodes["Reporting"]["text"] == "Criminalisation stops workers reporting abuse."
    assert graph.nodes["Rights"]["text"] == "Adults have the right to choose their work."
    assert graph.nodes["Decriminalise"]["kind"] == "thesis"
    assert graph.nodes["Rare"]["kind"] == "argument"


def test_each_exported_statement_lists_its_own_relations_in_order():
    graph = empty_graph()
    for ident in "abtuv":
        add_claim(graph, ident, title=ident.upper(), text=f"Claim {ident}")
    for a, relation, b in [("b", "supports", "t"), ("a", "supports", "v"), ("b", "opposes", "u"),
                           ("a", "opposes", "t"), ("u", "supports", "t")]:  # fmt: skip
        add_relation(graph, a, relation, b)
    body = generate_argdown(graph).split("===")[-1].strip()
    under = {block.split("]")[0][1:]: block.splitlines()[1:] for block in body.split("\n\n")}
    assert under == {"a": ["  -> [t]", "  +> [v]"], "b": ["  -> [u]", "  +> [t]"],
                     "t": [], "u": ["  +> [t]"], "v": []}  # fmt: skip


def test_escaping_round_trips_every_ascii_punctuation_character():
    text = "a//b /* c */ [d] <e> {f} #g *h* _i_ \\j @k +> -> <- :l"
    assert unescape(escape_text(text)) == text


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[a]: text {kind: [unclosed}\n", 1, "bad inline data"),
        ("===\ntitle: x\n", 1, "never closed"),
        ("[a]: text\n  +> [b>\n", 2, "unbalanced brackets"),
    ],
)
def test_unreadable_argdown_names_the_line(text, line, message):
    with pytest.raises(InterchangeError, match=message) as caught:
        parse_argdown(text, "m.argdown")
    assert caught.value.problems[0].line == line and caught.value.problems[0].path == "m.argdown"


def test_import_of_hand_written_argdown_files_claims_as_unassigned(tmp_path):
    source = tmp_path / "debate.argdown"
    source.write_text(HAND_WRITTEN, encoding="utf-8")
    root = write_map(tmp_path / "arguments")
    result = run_cli("import", "--format", "argdown", str(source), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    graph = graph_at(root)
    assert graph.nodes["reporting"]["perspective"] == "unassigned"
    assert graph.nodes["reporting"]["quote"] == "Criminalisation stops workers reporting abuse."
    assert ("reporting", "supports", "decriminalise") in relations(graph)


def test_failed_import_restores_the_registries(tmp_path):
    # 't' already exists, so the nodes are refused after 'unassigned' and the source were added
    source = tmp_path / "clash.argdown"
    source.write_text("[t]: Clashes with the map's thesis.\n  <+ [x]: A new claim.\n", encoding="utf-8")
    root = write_map(tmp_path / "arguments")
    before = {p.name: p.read_bytes() for p in root.glob("*.yaml")}
    result = run_cli("import", "--format", "argdown", str(source), "--arguments", str(root))
    assert result.returncode == 1 and "DM011" in result.stderr
    assert {p.name: p.read_bytes() for p in root.glob("*.yaml")} == before
    assert not (root / "unassigned").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{supports: notalist}", "'supports' must be a list of statement titles, not the text 'notalist'"),
        ("{perspective: 5}", "'perspective' must be text, not a number (5)"),
        ("{title: [1, 2]}", "'title' must be text, not a list"),
        ("{tags: {x: y}}", "'tags' must be a list of words, not a mapping"),
        ("{kind: true}", "'kind' must be text, not true/false"),
    ],
)
def test_inline_data_of_the_wrong_type_is_refused_at_the_claim(data, message):
    text = f"[b]: Other.\n\n  [a]: Some text. {data}\n"
    with pytest.raises(InterchangeError) as caught:
        parse_argdown(text, "m.argdown")
    (found,) = caught.value.problems
    assert (found.path, found.line, found.column, found.code) == ("m.argdown", 3, 3, "DM034")
    assert message in found.message


def test_supports_and_opposes_lists_in_inline_data_become_relations():
    graph = parse_argdown("[a]: A. {supports: [b], opposes: [c]}\n[b]: B.\n[c]: C.\n", "m.argdown")
    assert relations(graph) == {("a", "supports", "b"), ("a", "opposes", "c")}
    graph = parse_argdown("[a]: A. {supports: [z]}\n", "m.argdown")
    (found,) = graph.graph["warnings"]
    assert "'supports' names no statement [z]" in found.message and found.line == 1


def test_importing_an_empty_argdown_file_names_the_file(tmp_path):
    source = tmp_path / "empty.argdown"
    source.write_text("", encoding="utf-8")
    root = write_map(tmp_path / "arguments")
    result = run_cli("import", "--format", "argdown", str(source), "--arguments", str(root))
    assert result.returncode == 1
    assert f"{source}:1:1: error DM034" in result.stderr
    assert "<input" not in result.stderr

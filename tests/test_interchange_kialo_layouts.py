"""Kialo's second export layout, footnotes and URL list, CSV, and `export --format kialo`."""

from __future__ import annotations

import pytest

from debatemap.interchange import InterchangeError, add_claim, add_relation, empty_graph, generate, parse
from debatemap.interchange.kialo import parse_kialo
from debatemap.interchange.kialo_export import generate_kialo, unreached
from edit_support import run
from interchange_support import empty_map, graph_at, write_map

# The newer layout as the issue describes it: written for this test (Kialo data is not
# openly licensed), CRLF line ends included.
SECOND_LAYOUT = "\r\n".join(
    [
        "Discussion Name:",
        "Should sex work be decriminalised?",
        "",
        "1. Question: Should sex work be decriminalised?",
        "1.1. Thesis: Sex work should be fully decriminalised.",
        "    1.1.1. Pro:",
        "    Criminalisation stops workers reporting abuse [1].",
        "        1.1.1.1. Con:",
        "        Reporting is low for many reasons [2]",
        "        that continue on the next line.",
        "1.2. Thesis: Buying sex should be a crime, selling it not.",
        "    1.2.1. Con:",
        "    -> See 1.1.1.",
        "",
        "Sources:",
        "[1] https://example.org/report-2020",
        "[2] A survey of workers, https://example.org/survey",
        "",
    ]
)


def test_the_second_layout_reads_every_thesis_claim_footnote_and_url():
    graph = parse_kialo(SECOND_LAYOUT, "k.txt")
    assert graph.graph["title"] == "Should sex work be decriminalised?"
    theses = {n for n, a in graph.nodes(data=True) if a["kind"] == "thesis"}
    assert theses == {"1.1.", "1.2."}
    assert {graph.nodes[t]["question"] for t in theses} == {"Should sex work be decriminalised?"}
    assert graph.nodes["1.1.1."]["text"] == (
        "Criminalisation stops workers reporting abuse [1].\n\n[1] https://example.org/report-2020"
    )
    assert graph.nodes["1.1.1.1."]["text"] == (
        "Reporting is low for many reasons [2]\nthat continue on the next line.\n\n"
        "[2] A survey of workers, https://example.org/survey"
    )
    assert set(graph.edges(data="relation")) == {
        ("1.1.1.", "1.1.", "supports"),
        ("1.1.1.1.", "1.1.1.", "opposes"),
        ("1.1.1.", "1.2.", "opposes"),
    }
    assert graph.graph["cited"] == {
        "example-org-report-2020": {"title": "https://example.org/report-2020", "url": "https://example.org/report-2020"},
        "example-org-survey": {"title": "A survey of workers, https://example.org/survey", "url": "https://example.org/survey"},
    }  # fmt: skip


def test_importing_the_second_layout_registers_the_url_list_and_checks_clean(tmp_path):
    export = tmp_path / "decrim.txt"
    export.write_bytes(SECOND_LAYOUT.encode())
    root = empty_map(tmp_path / "arguments")
    result = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert "read 4 claims, 3 links" in result.stderr
    graph = graph_at(root)
    assert graph.graph["sources"]["example-org-survey"]["url"] == "https://example.org/survey"
    checked = run("check", "--sources-dir", str(tmp_path), str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr


CSV = """index,stance,content
1.,,Sex work should be decriminalised.
1.1.,Pro,"Criminalisation stops workers reporting abuse, as ""studies"" show."
1.1.1.,Con,Reporting is low for many reasons.
1.2,Con,-> See 1.1.1.
"""


def test_a_csv_of_a_discussion_reads_as_the_same_tree():
    graph = parse_kialo(CSV, "k.csv")
    assert graph.nodes["1.1."]["text"] == 'Criminalisation stops workers reporting abuse, as "studies" show.'
    assert set(graph.edges(data="relation")) == {
        ("1.1.", "1.", "supports"),
        ("1.1.1.", "1.1.", "opposes"),
        ("1.1.1.", "1.", "opposes"),
    }
    with pytest.raises(InterchangeError, match="no parent claim") as caught:
        parse_kialo("index,stance,content\n1.,,A\n1.3.1.,Pro,orphan\n", "k.csv")
    assert caught.value.problems[0].line == 3


def _texts_and_links(graph):
    texts = {n: graph.nodes[n]["text"] for n in graph}
    return sorted(texts.values()), sorted((texts[a], r, texts[b]) for a, b, r in graph.edges(data="relation"))


def test_kialo_export_round_trips_texts_byte_for_byte_and_every_link(tmp_path):
    graph = graph_at(write_map(tmp_path / "map"))
    graph.nodes["b"]["text"] = (
        "Two  spaces, [not a link](x), \\ a backslash\n1.2. not a header\n[1] not a note"
    )
    back = parse_kialo(generate_kialo(graph), "export.txt")
    assert _texts_and_links(back) == _texts_and_links(graph)


def test_several_theses_go_under_one_question_and_cycles_become_see_lines():
    graph = empty_graph("Q?")
    add_claim(graph, "t1", kind="thesis", title="T1", text="First thesis.", question="Q?")
    add_claim(graph, "t2", kind="thesis", title="T2", text="Second thesis.", question="Q?")
    add_claim(graph, "a", title="A", text="A reason for both.")
    add_claim(graph, "b", title="B", text="B answers A.")
    add_claim(graph, "lone", title="L", text="Argues about nothing here.")
    add_relation(graph, "a", "supports", "t1")
    add_relation(graph, "a", "opposes", "t2")
    add_relation(graph, "b", "opposes", "a")
    add_relation(graph, "a", "supports", "b")  # a cycle
    text = generate(graph, "kialo")
    assert "1. Question: Q?" in text and "1.1. Thesis: First thesis." in text
    assert "-> See 1.1.1." in text
    back = parse(text, "kialo")
    assert _texts_and_links(back) == _texts_and_links(graph.subgraph(set(graph) - {"lone"}))
    assert unreached(graph) == ["lone"]


def test_export_kialo_from_the_command_line_writes_the_discussion(tmp_path):
    root = write_map(tmp_path / "map")
    result = run("export", "--format", "kialo", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Discussion Title: ")

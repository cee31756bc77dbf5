"""Files other people wrote (tests/realfiles/README.md says where from) import, whole and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from debatemap.interchange import parse, read_text
from edit_support import run
from interchange_support import empty_map

REAL = Path(__file__).resolve().parent / "realfiles"
FILES = {
    "argdown-primer.argdown": "argdown",
    "state-censorship.argdown": "argdown",
    "legalisation-softdrugs.argdown": "argdown",
    "aifdb-6064.json": "aif",
    "ova3-xaif.json": "aif",
}


def read(name: str):
    return parse(read_text(REAL / name), FILES[name], name)


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_real_file_imports_and_the_map_checks_clean(tmp_path, name):
    root = empty_map(tmp_path / "arguments")
    result = run("import", "--format", FILES[name], str(REAL / name), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"from {REAL / name}: read " in result.stderr  # the import summary
    checked = run("check", "--sources-dir", str(REAL), str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_argdown_primer_keeps_its_reconstruction_and_says_what_it_left_out():
    graph = read("argdown-primer.argdown")
    (group,) = graph.graph["groups"].values()
    conclusion = graph.nodes[group["target"]]["text"]
    assert conclusion == "And now the conclusion"
    members = {graph.nodes[m]["text"][:24] for m in group["members"]}
    assert members == {"First premise (this is i", "Let's do that now: The p"}  # (2) names [Statement 2]
    # "[Intro] -> <Argument 1>": an attack on a reconstructed argument undercuts its inference
    assert [u["source"] for u in graph.graph["undercuts"]] == ["Intro"]
    # multi-line statements are one text, tags come out of it
    assert graph.nodes["Statement 1"]["text"] == (
        "Another statement (after a blank line), this time with a title defined in square brackets. "
        "We can use the title to refer to this statement later or mention it in other statements."
    )
    assert "another-tag" in graph.nodes["Statement 1"]["tags"]
    assert graph.graph["dropped"] == {
        "inference rules": 1,
        "paragraphs of prose": 8,
        "second wordings of a statement": 1,
    }
    assert all(w.severity == "warning" and w.line > 1 for w in graph.graph["warnings"])


def test_state_censorship_premise_conclusion_structures_become_premise_groups():
    graph = read("state-censorship.argdown")
    groups = graph.graph["groups"].values()
    assert len(groups) == 10
    assert max(len(g["members"]) for g in groups) == 3
    assert all(g["relation"] == "supports" for g in groups)


def test_undercuts_in_the_soft_drugs_debate_attack_the_inference():
    graph = read("legalisation-softdrugs.argdown")
    found = {(u["source"], u["reason"], u["target"]) for u in graph.graph["undercuts"]}
    assert found == {
        ("Poor reason", "Alcohol and tobacco analogy", "Legalisation of Soft Drugs"),
        ("Addiction no reason to ban", "Argument from addiction", "Legalisation of Soft Drugs"),
    }
    assert not graph.has_edge("Poor reason", "Alcohol and tobacco analogy")


def test_aifdb_ids_come_from_node_ids_and_speakers_from_locutions():
    graph = read("aifdb-6064.json")
    assert set(graph.nodes) == {"29045", "29053", "29054", "111805", "111809", "111816", "111829", "111833",
                                "111839"}  # fmt: skip
    assert {a["speaker"] for _, a in graph.nodes(data=True)} == {"CL", "NL"}
    theses = {n for n, a in graph.nodes(data=True) if a["kind"] == "thesis"}
    assert theses == {n for n in graph.nodes if graph.out_degree(n) == 0 and graph.in_degree(n) > 0}
    assert graph.graph["dropped"]["locutions (L nodes, read for speakers)"] == 16


def test_an_ova3_download_is_read_through_its_wrapper():
    graph = read("ova3-xaif.json")
    assert {a["text"] for _, a in graph.nodes(data=True)} == {"A", "B"}
    assert {a["speaker"] for _, a in graph.nodes(data=True)} == {"Participant Rachel"}
    (edge,) = graph.edges(data="relation")
    assert edge[2] == "supports"

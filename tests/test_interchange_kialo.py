"""Kialo's plain-text export: the grammar, against arguebuf's reader, and `debatemap import`."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_support import run_cli
from debatemap.interchange import InterchangeError
from debatemap.interchange.kialo import clean_text, parse_kialo
from interchange_support import empty_map, graph_at, relations
from profiles import examples

arguebuf = pytest.importorskip("arguebuf", reason="arguebuf (test extra) is the reference Kialo reader")

EXPORT = """\
Discussion Title: Should sex work be decriminalised?

1. Sex work should be decriminalised.
1.1. Pro: Criminalisation stops workers [reporting abuse](https://example.org/a?b=1) to police.
1.1.1. Con: Reporting is low for many reasons
that this claim continues on its next line.
1.1.2. Pro: Workers fear arrest \\[citation needed\\].
1.2. Con: Decriminalisation expands the trade.
1.2.1. Con: -> See 1.1.2.
1.3. Pro: -> See 1.2.2.
1.2.2. Pro: Demand grows where buying is legal.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def test_paths_stances_links_and_continuations():
    graph = parse_kialo(EXPORT)
    assert graph.graph["title"] == "Should sex work be decriminalised?"
    assert graph.nodes["1."]["kind"] == "thesis"
    assert graph.nodes["1."]["question"] == "Should sex work be decriminalised?"
    assert relations(graph) == {
        ("1.1.", "supports", "1."),
        ("1.1.1.", "opposes", "1.1."),
        ("1.1.2.", "supports", "1.1."),
        ("1.2.", "opposes", "1."),
        ("1.1.2.", "opposes", "1.2."),  # '-> See 1.1.2.' reuses the claim, no new node
        ("1.2.2.", "supports", "1.2."),
        ("1.2.2.", "supports", "1."),  # a link to a claim that only comes later
    }
    assert set(graph.nodes) == {"1.", "1.1.", "1.1.1.", "1.1.2.", "1.2.", "1.2.2."}
    assert (
        graph.nodes["1.1.1."]["text"]
        == "Reporting is low for many reasons\nthat this claim continues on its next line."  # lines kept
    )
    assert graph.nodes["1.1.2."]["text"] == "Workers fear arrest [citation needed]."
    assert graph.nodes["1.1."]["text"] == (
        "Criminalisation stops workers reporting abuse (https://example.org/a?b=1) to police."
    )
    assert graph.nodes["1.1."]["title"] == "Criminalisation stops workers reporting abuse to police."


def test_same_claims_and_relations_as_arguebufs_kialo_reader():
    plain = EXPORT.replace("1.3. Pro: -> See 1.2.2.\n", "")  # arguebuf resolves only earlier claims
    ours = parse_kialo(plain)
    theirs = arguebuf.load.kialo(io.StringIO(plain))
    assert set(theirs.atom_nodes) == set(ours.nodes)
    found = set()
    for scheme in theirs.scheme_nodes.values():
        relation = {"Support": "supports", "Attack": "opposes"}[type(scheme.scheme).__name__]
        for premise in theirs.incoming_nodes(scheme):
            for conclusion in theirs.outgoing_nodes(scheme):
                found.add((premise.id, relation, conclusion.id))
    assert found == relations(ours)


def test_markdown_links_and_escapes():
    assert (
        clean_text(r"See [the \[2020\] report](https://x.org/r) \(p. 3\)")
        == "See the [2020] report (https://x.org/r) (p. 3)"
    )
    assert clean_text("[label](https://x.org)", urls=False) == "label"


# The link pattern clean_text followed before its one-pass scan (quadratic on "[a](x" * n).
LINK = re.compile(r"(?<!\\)\[(?P<label>(?:\\.|[^\]\\])*)\]\((?P<url>[^)\s]+)\)")


def _by_pattern(raw: str, urls: bool) -> str:
    linked = LINK.sub(lambda m: f"{m['label']} ({m['url']})" if urls or not m["label"] else m["label"], raw)
    return " ".join(re.sub(r"\\(.)", r"\1", linked).split())


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(alphabet="[]()\\ a\n\t\u00a0x", max_size=30), st.booleans())
def test_links_read_in_one_pass_as_the_pattern_reads_them(raw, urls):
    assert clean_text(raw, urls) == _by_pattern(raw, urls)


def test_a_long_line_of_open_links_is_one_link_up_to_the_first_parenthesis():
    # 100 kB that the pattern rescanned from every "[" (about 8 s); read once now.
    raw = "[a](x" * 20_000 + "[b](y) \\[c](z)"
    assert clean_text(raw) == "a (x" + "[a](x" * 19_999 + "[b](y) [c](z)"
    assert clean_text(raw, urls=False) == "a" + " [c](z)"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Discussion Title: T\n\n1. A\n1.3.1. Pro: orphan\n", 4, "no parent claim 1.3."),
        ("Discussion Title: T\n\n1. A\n1.1. Pro: -> See 1.9.\n", 4, "names no claim"),
        ("Discussion Title: T\n\n1. A\n1.1. B\n", 4, "neither 'Pro:' nor 'Con:'"),
        ("Discussion Title: T\n\n1. A\n1. again\n", 4, "appears twice"),
        ("just some text\n", 1, "text before the first claim"),
    ],
)
def test_bad_exports_name_the_line(text, line, message):
    with pytest.raises(InterchangeError, match=message) as caught:
        parse_kialo(text, "k.txt")
    assert (caught.value.problems[0].path, caught.value.problems[0].line) == ("k.txt", line)


def test_import_registers_the_file_as_source_and_keeps_check_clean(tmp_path):
    export = tmp_path / "decrim.txt"
    export.write_text(EXPORT, encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    result = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    graph = graph_at(root)
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 7
    assert graph.graph["sources"]["decrim-txt"]["file"] == "decrim.txt"
    assert "unassigned" in graph.graph["perspectives"]
    for _, attrs in graph.nodes(data=True):
        if attrs["kind"] == "thesis":
            assert attrs["question"] == "Should sex work be decriminalised?"
            continue
        assert attrs["perspective"] == "unassigned" and attrs["source"] == "decrim-txt"
    # every quote is verbatim in the imported file
    checked = run("check", "--sources-dir", str(tmp_path), str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_import_under_a_given_perspective(tmp_path):
    export = tmp_path / "k.txt"
    export.write_text(EXPORT, encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    (root / "perspectives.yaml").write_text('legal:\n  name: Legal\n  colour: "#0072B2"\n', encoding="utf-8")
    assert (
        run(
            "import", "--format", "kialo", str(export), "--arguments", str(root), "--perspective", "legal"
        ).returncode
        == 0
    )
    graph = graph_at(root)
    assert {a["perspective"] for a in graph.nodes.values() if a["kind"] != "thesis"} == {"legal"}
    assert "unassigned" not in graph.graph["perspectives"]


def test_bad_import_writes_nothing(tmp_path):
    export = tmp_path / "k.txt"
    export.write_text("Discussion Title: T\n\n1. A\n1.3.1. Pro: orphan\n", encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert result.returncode == 1 and "k.txt:4:1" in result.stderr and "Traceback" not in result.stderr
    unknown = run("import", "--format", "kialo", str(export.with_name("nope.txt")), "--arguments", str(root))
    assert unknown.returncode == 2
    good = tmp_path / "good.txt"
    good.write_text(EXPORT, encoding="utf-8")
    refused = run("import", "--format", "kialo", str(good), "--arguments", str(root), "--perspective", "nope")
    assert refused.returncode == 1 and "DM012" in refused.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_claim_too_long_to_import_is_named_by_file_and_line(tmp_path):
    export = tmp_path / "k.txt"
    export.write_text(
        "Discussion Title: T\n\n1. A thesis.\n1.1. Pro: " + "word " * 1100 + "\n", encoding="utf-8"
    )
    root = empty_map(tmp_path / "arguments")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert result.returncode == 1
    assert f"{export}:4:1: error DM031" in result.stderr
    assert "<input" not in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("claims", "said"), [(1, "imported 1 claim from"), (2, "imported 2 claims from")])
def test_the_import_summary_counts_claims_in_good_english(tmp_path, claims, said):
    export = tmp_path / "k.txt"
    lines = ["Discussion Title: T", "", "1. A thesis.", "1.1. Pro: An argument."][: 2 + claims]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    result = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert said in result.stderr

"""The brief stays a brief at any size: within 12 A4 pages, counting what it leaves out."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pypdf
import pytest

from debatemap import build_graph, check
from debatemap.render.handout import budget
from debatemap.render.handout.brief import build_handout, render_handout

REPO = Path(__file__).resolve().parent.parent
COUNTED = r"And ([\d,]+) further arguments? for, ([\d,]+) against: see the map\."


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> nx.DiGraph:
    """A generated map of 1,200 nodes (30 theses): far more than 12 pages' worth."""
    root = tmp_path_factory.mktemp("large") / "arguments"
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), "1200", str(root), "--seed", "0"]
    subprocess.run(generate, check=True, capture_output=True)
    debate, problems = check(root)
    assert not [p for p in problems if p.is_error]
    return build_graph(debate)


def test_the_brief_of_a_large_map_fits_twelve_pages_and_counts_the_rest(large: nx.DiGraph) -> None:
    files = render_handout(large, max_theses=12, max_per_side=15, max_pages=12)
    pages = len(pypdf.PdfReader(io.BytesIO(bytes(files["handout.pdf"]))).pages)
    assert 4 <= pages <= 12
    markdown = str(files["handout.md"])
    counted = re.findall(COUNTED, markdown)
    assert len(counted) == markdown.count("## Question ") == 12
    assert "Not shown, by perspective: " in markdown
    # Counted, not listed: the further-arguments section names no argument.
    further = markdown.split("## Further arguments", 1)[1].split("## Where the perspectives clash")[0]
    assert "\n- **" not in further


def test_every_argument_of_a_question_is_shown_or_counted_under_it(large: nx.DiGraph) -> None:
    handout = build_handout(large, max_theses=12, max_per_side=15, lines=budget.LINES)
    shown = {e.id for s in handout.theses for _, e in _thread(s)} | {
        b.id for s in handout.theses for _, e in _thread(s) for b in e.backers
    }
    for section in handout.theses:
        tree = {n for n in nx.ancestors(large, section.id) if large.nodes[n]["kind"] == "argument"}
        found = re.fullmatch(
            r"And ([\d,]+) further arguments? for, ([\d,]+) against: see the map\.", section.further
        )
        assert found, section.further
        for_, against = (int(n.replace(",", "")) for n in found.groups())
        assert for_ + against == len(tree - shown), section.id


def test_a_brief_within_the_budget_is_built_exactly_as_without_one(make_map) -> None:  # type: ignore[no-untyped-def]
    graph = build_graph(check(make_map())[0])
    assert budget.plan(build_handout(graph)) is None
    assert build_handout(graph, lines=budget.LINES) == build_handout(graph)


def test_sides_follow_the_sign_of_the_chain_to_the_thesis() -> None:
    view = nx.DiGraph()
    for source, relation, target in [("a", "supports", "t"), ("b", "opposes", "t"), ("c", "opposes", "b"),
                                     ("d", "opposes", "a"), ("e", "supports", "d")]:  # fmt: skip
        view.add_edge(source, target, relation=relation)
    assert budget.sides_of(view, "t") == {
        "a": "for",
        "b": "against",
        "c": "for",
        "d": "against",
        "e": "against",
    }


def _thread(section):  # type: ignore[no-untyped-def]
    from debatemap.render.handout.model import thread

    return thread(section.case_for.entries + section.case_against.entries)

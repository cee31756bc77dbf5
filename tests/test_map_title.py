"""The map's title (``build --title`` or one derived from the theses) and what the page says about sources."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from debatemap.render.map.layout import compute_layout
from debatemap.render.map.page import render_map
from debatemap.render.map.records import DEFAULT_TITLE, default_title, map_data
from map_support import graph_of

SECOND_THESIS = """\
id: u
kind: thesis
title: Another thesis
text: A second central claim.
question: "Is the other one so?"
"""
TWO_ON_U = {
    "theses/u.yaml": SECOND_THESIS,
    "legal/c.yaml": "id: c\nkind: argument\ntitle: C\ntext: C.\nperspective: legal\nsource: s1\n"
    'quote: "A quoted sentence."\nsupports: [u]\n',
    "legal/d.yaml": "id: d\nkind: argument\ntitle: D\ntext: D.\nperspective: legal\nsource: s1\n"
    'quote: "A quoted sentence."\nopposes: [c]\n',
}


def page_titles(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S)
    assert title and heading
    return title.group(1), heading.group(1)


def test_one_thesis_gives_its_question_as_the_title(make_map) -> None:  # type: ignore[no-untyped-def]
    graph = graph_of(make_map())
    assert default_title(graph) == "Is it so?"
    assert page_titles(render_map(graph)) == ("Is it so?", "Is it so?")


def test_several_theses_give_the_largest_trees_question_and_a_count(make_map) -> None:  # type: ignore[no-untyped-def]
    graph = graph_of(make_map(TWO_ON_U))
    # u has c and d under it, t only a: u's question leads.
    assert default_title(graph, compute_layout(graph)) == "Is the other one so? \u2014 and 1 more question"


def test_a_map_without_theses_gets_the_plain_title(make_map) -> None:  # type: ignore[no-untyped-def]
    graph = graph_of(make_map())
    graph.remove_node("t")
    assert default_title(graph) == DEFAULT_TITLE


def test_a_given_title_is_escaped_in_header_and_title(make_map) -> None:  # type: ignore[no-untyped-def]
    page = render_map(graph_of(make_map()), title="<b>Sex work</b> & the law\n ")
    assert page_titles(page) == ("&lt;b&gt;Sex work&lt;/b&gt; &amp; the law",) * 2
    assert "<b>Sex work" not in page


def test_build_title_names_the_map_and_the_handout(make_map, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root, out = make_map(), tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "debatemap", "build", str(root), "-o", str(out), "--handout", "md",
         "--title", "Sex work & trafficking"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        page_titles((out / "debate_map.html").read_text(encoding="utf-8"))[0] == "Sex work &amp; trafficking"
    )
    assert (
        (out / "handout.md").read_text(encoding="utf-8").startswith("# Sex work \\& trafficking\n")
    )  # Markdown-escaped


def test_sources_on_the_page_leave_out_unknowns_and_unsafe_addresses(make_map) -> None:  # type: ignore[no-untyped-def]
    sources = """\
s1:
  title: "A source"
  author: "not stated"
  publisher: "not stated (a law firm's blog)"
  date: "2020"
  perspective: legal
  file: s1.txt
s2:
  title: "Another"
  perspective: legal
  file: s2.txt
"""
    graph = graph_of(make_map({"sources.yaml": sources}))
    # `check` refuses these (DM036); the page leaves them out of any graph it is given.
    graph.graph["sources"]["s1"]["url"] = "https://example.org/a b"
    graph.graph["sources"]["s2"]["url"] = "javascript:alert(1)"
    data = map_data(graph, compute_layout(graph))
    assert data["sources"]["s1"] == {
        "title": "A source",
        "publisher": "not stated (a law firm's blog)",
        "date": "2020",
    }
    assert data["sources"]["s2"] == {"title": "Another"}


def test_web_addresses_reach_the_page_escaped(make_map) -> None:  # type: ignore[no-untyped-def]
    sources = 's1:\n  title: "A source"\n  perspective: legal\n  file: s1.txt\n  url: "https://example.org/?q=</script>&x"\n'
    page = render_map(graph_of(make_map({"sources.yaml": sources})))
    block = page.split('id="debatemap-data">')[1].split("</script>")[0]
    assert json.loads(block)["sources"]["s1"]["url"] == "https://example.org/?q=</script>&x"
    assert "</script>&x" not in block


def test_the_legend_lists_perspectives_by_name(make_map) -> None:  # type: ignore[no-untyped-def]
    perspectives = """\
zz-first:
  name: Alpha
  colour: "#0072B2"
  description: Comes first by name.
legal:
  name: legal voices
  colour: "#009E73"
  description: Lower case, sorted without regard to case.
health:
  name: Beta
  colour: "#CC79A7"
  description: Between.
"""
    graph = graph_of(make_map({"perspectives.yaml": perspectives}))
    names = [p["name"] for p in map_data(graph, compute_layout(graph))["perspectives"]]
    assert names == ["Alpha", "Beta", "legal voices"]

"""The debate handout's content, filters, escaping and command line (Markdown and HTML).

The PDF has its own, slower tests in ``test_handout_pdf.py``.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap import build_graph, check
from debatemap.render.handout import model as hm
from debatemap.render.handout.brief import HandoutError, build_handout, markdown_escape, render_handout

SOURCES = """\
s1:
  title: "A legal source"
  author: "Ann Author"
  date: "2020"
  perspective: legal
s2:
  title: "A health source"
  author: "not stated"
  publisher: "not stated (a clinic's blog)"
  perspective: health
s3:
  title: "A source nobody cites"
  perspective: legal
"""


def node(
    ident: str, kind: str = "argument", perspective: str = "legal", source: str = "s1", **links: str
) -> str:
    """A node file; ``links`` are ``supports``/``opposes`` as comma-separated ids."""
    lines = [f"id: {ident}", f"kind: {kind}", f"title: Title of {ident}", f"text: Text of {ident}."]
    if kind == "thesis":
        lines.append(f'question: "Question about {ident}?"')
    else:
        lines += [f"perspective: {perspective}", f"source: {source}", f'quote: "Quote from {ident}."']
    for relation, targets in links.items():
        lines.append(f"{relation}: [{targets}]")
    return "\n".join(lines) + "\n"


# Two theses; t has three arguments for (a strongest: it is backed), one against with a
# rebuttal from the other perspective; u has one argument each way; d is a general definition.
RICH = {
    "sources.yaml": SOURCES,
    "theses/t.yaml": node("t", "thesis"),
    "theses/u.yaml": node("u", "thesis"),
    "legal/a.yaml": node("a", supports="t"),
    "legal/a2.yaml": node("a2", supports="t"),
    "health/a3.yaml": node("a3", "argument", "health", "s2", supports="t"),
    "health/backer.yaml": node("backer", "argument", "health", "s2", supports="a"),
    "health/h1.yaml": node("h1", "argument", "health", "s2", opposes="t"),
    "legal/r1.yaml": node("r1", opposes="h1"),
    "legal/l2.yaml": node("l2", supports="u"),
    "health/h3.yaml": node("h3", "argument", "health", "s2", opposes="u"),
    "legal/d.yaml": node("d", "definition"),
    "health/dh.yaml": node("dh", "definition", "health", "s2", supports="u"),
}


@pytest.fixture
def rich(make_map):
    root = make_map(RICH)
    debate, problems = check(root)
    assert not [p for p in problems if p.is_error], problems
    return root, build_graph(debate)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def body_and_bibliography(markdown: str) -> tuple[str, dict[int, str]]:
    body, _, tail = markdown.partition("\n## Sources\n")
    entries = dict(re.findall(r"^(\d+)\. \*\*(.+?)\*\*", tail, flags=re.M))
    return body, {int(n): title for n, title in entries.items()}


def test_every_thesis_gets_a_section_with_its_question(rich):
    _, graph = rich
    files = render_handout(graph, formats=["md", "html"])
    markdown, html = files["handout.md"], files["handout.html"]
    headings = re.findall(r"^## Question \d+: (.+)$", markdown, flags=re.M)
    assert headings == ["Question about t?", "Question about u?"]
    assert 'id="thesis-t"' in html and 'id="thesis-u"' in html
    for section in (
        "Key definitions and distinctions",
        "Perspectives at a glance",
        "Where the perspectives clash",
        "Where the perspectives agree",
        "Questions for discussion",
        "Sources",
    ):
        assert f"## {section}\n" in markdown
        assert f">{section}</h2>" in html


def test_citations_are_numbered_in_order_of_first_use_and_all_in_the_bibliography(rich):
    _, graph = rich
    markdown = render_handout(graph, formats=["md"])["handout.md"]
    body, bibliography = body_and_bibliography(markdown)
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", body)]
    assert cited, "the body cites nothing"
    first_use = list(dict.fromkeys(cited))
    assert first_use == list(range(1, len(first_use) + 1))
    assert sorted(bibliography) == first_use
    assert bibliography[1] == "A legal source"  # the first definition, d, quotes s1


def test_each_argument_cites_its_own_source(rich):
    _, graph = rich
    handout = build_handout(graph)
    titles = {r.number: r.title for r in handout.references}
    shown = [e for s in handout.theses for _, e in hm.thread(s.case_for.entries + s.case_against.entries)]
    assert {e.id for e in shown} == {"a", "a2", "a3", "h1", "r1", "l2", "h3"}
    for entry in shown:
        source = graph.nodes[entry.id]["source"]
        assert titles[entry.cite] == graph.graph["sources"][source]["title"]
        assert entry.perspective == graph.graph["perspectives"][graph.nodes[entry.id]["perspective"]]["name"]


def test_rebuttals_sit_under_what_they_answer_and_backing_is_counted(rich):
    _, graph = rich
    handout = build_handout(graph)
    t = handout.theses[0]
    (against,) = t.case_against.entries
    assert against.id == "h1"
    assert [r.id for r in against.replies] == ["r1"]
    assert against.replies[0].relation == "opposes"
    assert t.case_for.entries[0].id == "a" and t.case_for.entries[0].backing == 1
    markdown = render_handout(graph, formats=["md"])["handout.md"]
    assert re.search(r"^- \*\*Title of h1\*\*.*\n  - \*Rebuttal:\* \*\*Title of r1\*\*", markdown, flags=re.M)
    html = render_handout(graph, formats=["html"])["handout.html"]
    h1_then_rebuttal = (
        r'<li class="argument"[^>]*>\s*<p class="head"><strong class="title">Title of h1</strong>'
        r'.*?<ul class="replies">\s*<li class="reply rebuttal"'
    )
    assert re.search(h1_then_rebuttal, html, flags=re.S)


def test_arguments_are_ranked_by_strength(rich):
    _, graph = rich
    handout = build_handout(graph)
    scores = [e.score for e in handout.theses[0].case_for.entries]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]  # a is backed, so it must outrank the unbacked ones


def test_thesis_filter_keeps_only_those_theses_and_their_arguments(rich):
    _, graph = rich
    handout = build_handout(graph, theses=["u"])
    assert [s.id for s in handout.theses] == ["u"]
    shown = {e.id for s in handout.theses for _, e in hm.thread(s.case_for.entries + s.case_against.entries)}
    assert shown == {"l2", "h3"}
    assert handout.title == "Question about u?"
    # dh bears on u, d on no thesis: both stay; a definition about t alone would not.
    assert {d.id for d in handout.definitions} == {"d", "dh"}
    markdown = render_handout(graph, theses=["u"], formats=["md"])["handout.md"]
    assert "Question about t?" not in markdown and "Title of a2" not in markdown


def test_perspective_filter_keeps_only_that_perspectives_arguments(rich):
    _, graph = rich
    handout = build_handout(graph, perspectives=["health"])
    shown = [e for s in handout.theses for _, e in hm.thread(s.case_for.entries + s.case_against.entries)]
    assert {e.id for e in shown} == {"a3", "h1", "h3"}
    assert {e.perspective for e in shown} == {"Public health"}
    assert [p.id for p in handout.perspectives] == ["health"]
    assert {d.id for d in handout.definitions} == {"dh"}
    assert [r.title for r in handout.references] == ["A health source"]


def test_max_per_side_caps_each_side_and_says_how_many_were_left_out(rich):
    _, graph = rich
    handout = build_handout(graph, max_per_side=1)
    t = handout.theses[0]
    assert [e.id for e in t.case_for.entries] == ["a"] and t.case_for.left_out == 2
    assert len(t.case_against.entries) == 1 and t.case_against.left_out == 0
    markdown = render_handout(graph, max_per_side=1, formats=["md"])["handout.md"]
    assert "*2 further arguments are left out of this brief (see the map).*" in markdown
    sections = markdown.partition("## Question 1")[2].partition("## Where the perspectives clash")[0]
    assert "Title of a" in sections and "Title of a2" not in sections


def test_max_theses_keeps_the_most_argued_theses_and_says_so(rich):
    _, graph = rich
    # t has six arguments in its tree, u three: a one-thesis brief is about t.
    handout = build_handout(graph, max_theses=1)
    assert [s.id for s in handout.theses] == ["t"]
    assert handout.coverage.startswith("This brief covers 1 of the map's 2 theses")
    markdown = render_handout(graph, max_theses=1, formats=["md"])["handout.md"]
    assert "This brief covers 1 of the map's 2 theses" in markdown and "Question about u" not in markdown
    # Enough room, or theses named explicitly: nothing is left out and nothing is said.
    assert build_handout(graph, max_theses=2).coverage == ""
    assert [s.id for s in build_handout(graph, theses=["u"], max_theses=1).theses] == ["u"]
    with pytest.raises(HandoutError, match="max-theses"):
        build_handout(graph, max_theses=0)


def test_most_argued_breaks_ties_by_id(make_map):
    files = {f"theses/{t}.yaml": node(t, "thesis") for t in ("t", "p", "q", "z")}
    files.update({f"legal/{a}.yaml": node(a, supports=t) for a, t in (("a", "z"), ("b", "p"), ("c", "q"))})
    debate, _ = check(make_map(files))
    graph = build_graph(debate)
    theses = sorted(n for n, k in graph.nodes(data="kind") if k == "thesis")
    # z, p and q have one argument each, t none: the two kept are the smallest ids among the ties.
    assert hm.most_argued(graph, theses, 2) == ["p", "q"]
    assert hm.most_argued(graph, theses, 3) == ["p", "q", "z"]


def test_build_writes_only_the_handout_formats_asked_for(rich, tmp_path):
    root, _ = rich
    out = tmp_path / "out"
    result = run("build", str(root), "-o", str(out), "--handout", "none")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["debate_map.html"]
    result = run("build", str(root), "-o", str(out), "--handout", "md")
    assert sorted(p.name for p in out.iterdir()) == ["debate_map.html", "handout.md"]
    bad = run("build", str(root), "-o", str(tmp_path / "bad"), "--handout", "docx")
    assert bad.returncode == 2 and "docx" in bad.stderr and not (tmp_path / "bad").exists()


def test_clash_agreement_and_discussion_questions_come_from_the_analysis(rich):
    _, graph = rich
    handout = build_handout(graph)
    clash = {c.id: c for c in handout.clashes}
    assert (
        "t" in clash
        and clash["t"].supporters == ("Legal", "Public health")
        and clash["t"].opposers == ("Public health",)
    )
    # supported from both perspectives, but opposed: a clash, so not also common ground
    assert "t" not in {c.id for c in handout.agreements}
    assert not {c.id for c in handout.agreements} & set(clash)
    assert hm.MIN_QUESTIONS <= len(handout.questions) <= hm.MAX_QUESTIONS
    assert any("Title of t" in q for q in handout.questions)


def test_user_text_is_escaped_in_html_and_markdown(make_map):
    hostile_title = "*x* [y](javascript:z) <script>alert(1)</script> & `code` | pipe"
    files = dict(RICH)
    files["legal/a.yaml"] = node("a", supports="t").replace("title: Title of a", f"title: '{hostile_title}'")
    files["perspectives.yaml"] = (
        'legal:\n  name: "<b>Legal</b>"\n  colour: "#0072B2"\n'
        'health:\n  name: "Health"\n  colour: "#009E73"\n'
    )
    files["sources.yaml"] = SOURCES.replace('"A legal source"', '"<img src=x onerror=alert(2)>"') + (
        '  url: "javascript:alert(3)"\n'
    )
    debate, problems = check(make_map(files))
    assert [p.code for p in problems if p.is_error] == ["DM036"], problems  # check refuses the address
    # The renderer escapes even what check would refuse (a map built by other code).
    sources = {k: dataclasses.replace(v, url="javascript:alert(3)") for k, v in debate.sources.items()}
    debate = dataclasses.replace(debate, sources=sources)
    out = render_handout(build_graph(debate), title="[t](javascript:t) <i>", formats=["md", "html"])
    html, markdown = out["handout.html"], out["handout.md"]
    for raw in ("<script>", "<b>Legal", "<img", "<i>", 'javascript:alert(3)"', 'href="javascript'):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;Legal&lt;/b&gt;" in html
    assert markdown_escape(hostile_title) in markdown
    assert r"\*x\* \[y\](javascript:z) \<script\>alert(1)\</script\> \& \`code\` \| pipe" in markdown
    assert "# \\[t\\](javascript:t) \\<i\\>\n" in markdown
    # Nothing the user wrote can open a link, an HTML tag or a table cell in the Markdown.
    for raw in ("[y]", "<script>", "<img", "<b>", "](javascript", "<javascript"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), markdown), raw


def test_markdown_escape_leaves_plain_prose_readable():
    assert markdown_escape("Police raids (2008) don't help, e.g. 3.5% fewer.") == (
        "Police raids (2008) don't help, e.g. 3.5% fewer."
    )
    assert markdown_escape("a\n   b\tc") == "a b c"
    assert markdown_escape("snake_case {#id} $x$ ~y~ @cite") == r"snake\_case \{\#id\} \$x\$ \~y\~ \@cite"


def test_same_map_gives_byte_identical_markdown_and_html(rich):
    root, graph = rich
    first = render_handout(graph, formats=["md", "html"])
    again = render_handout(build_graph(check(root)[0]), formats=["md", "html"])
    assert first == again
    assert not re.search(r"20\d\d-\d\d-\d\d", first["handout.md"] + first["handout.html"])


def test_cli_writes_the_requested_formats_only(rich, tmp_path):
    root, _ = rich
    out = tmp_path / "out"
    result = run("handout", str(root), "-o", str(out), "--format", "md,html", "--title", "Class brief")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["handout.html", "handout.md"]
    assert (out / "handout.md").read_text(encoding="utf-8").startswith("# Class brief\n")
    again = tmp_path / "again"
    run("handout", str(root), "-o", str(again), "--format", "md,html", "--title", "Class brief")
    assert (out / "handout.md").read_bytes() == (again / "handout.md").read_bytes()
    assert (out / "handout.html").read_bytes() == (again / "handout.html").read_bytes()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--thesis", "tt", "unknown thesis 'tt' (did you mean 't'?)"),
        ("--perspective", "legl", "unknown perspective 'legl' (did you mean 'legal'?)"),
        ("--thesis", "a", "'a' is an argument, not a thesis"),
        ("--thesis", "zzzz-qqqq", "unknown thesis 'zzzz-qqqq' (the map's theses: "),
        ("--perspective", "zzzz-qqqq", "unknown perspective 'zzzz-qqqq' (the map's perspectives: "),
    ],
)
def test_cli_refuses_unknown_ids_with_a_hint_and_writes_nothing(rich, tmp_path, option, value, message):
    root, _ = rich
    out = tmp_path / "out"
    result = run("handout", str(root), "-o", str(out), "--format", "md", option, value)
    assert result.returncode == 1
    assert message in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [["--format", "md,docx"], ["--max-per-side", "0"], ["--paper", "a3"]])
def test_cli_bad_option_values_are_usage_errors(rich, tmp_path, args):
    root, _ = rich
    result = run("handout", str(root), "-o", str(tmp_path / "out"), *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_refuses_a_broken_map(make_map, tmp_path):
    root = make_map({"legal/a.yaml": node("a", perspective="legl", supports="t")})
    result = run("handout", str(root), "-o", str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 1
    assert "DM012" in result.stdout
    assert not (tmp_path / "out").exists()


def test_library_rejects_unknown_ids_and_formats(rich):
    _, graph = rich
    with pytest.raises(HandoutError, match="did you mean 'health'"):
        render_handout(graph, perspectives=["helth"])
    with pytest.raises(HandoutError, match="unknown format 'docx'"):
        render_handout(graph, formats=["docx"])
    with pytest.raises(HandoutError, match="at least 1"):
        build_handout(graph, max_per_side=0)


def test_a_cycle_of_rebuttals_is_shown_once_each_way_without_looping(make_map):
    root = make_map(
        {
            "legal/a.yaml": node("a", supports="t", opposes="b"),
            "legal/b.yaml": node("b", opposes="a, t"),
        }
    )
    handout = build_handout(build_graph(check(root)[0]))
    (t,) = handout.theses
    assert [(d, e.id) for d, e in hm.thread(t.case_for.entries)] == [(0, "a"), (1, "b")]
    assert [(d, e.id) for d, e in hm.thread(t.case_against.entries)] == [(0, "b"), (1, "a")]


def test_a_map_without_theses_or_definitions_still_renders(make_map):
    root = make_map({"theses/t.yaml": None, "legal/a.yaml": node("a")})
    files = render_handout(build_graph(check(root)[0]), formats=["md", "html"])
    assert "No definitions are recorded for this selection." in files["handout.md"]
    assert not re.search(r"^## Question \d", files["handout.md"], flags=re.M)
    assert "<h1>Debate brief</h1>" in files["handout.html"]


def test_strength_given_by_the_caller_orders_the_arguments(rich):
    _, graph = rich
    given = {n: 0.5 for n in graph} | {"a2": 0.9, "a": 0.6, "a3": 0.1}
    handout = build_handout(graph, strength=given)
    assert [e.id for e in handout.theses[0].case_for.entries] == ["a2", "a", "a3"]
    assert handout.theses[0].case_for.entries[0].score == 0.9

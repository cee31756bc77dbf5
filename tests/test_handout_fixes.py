"""The brief says what it leaves out: every argument shown or accounted for, empty theses
dropped with a note, varied discussion questions, strength explained once, and the
summary sections naming only what the body shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from debatemap import build_graph, check
from debatemap.render.handout.brief import build_handout, markdown_escape, render_handout
from debatemap.render.handout.coverage import shown_in_body
from debatemap.render.handout.questions import AGREE, CLASH, DEFINITIONS, QUESTION
from test_handout import RICH, node

SHIPPED = Path(__file__).resolve().parent.parent / "arguments"


@pytest.fixture(scope="module")
def shipped():
    debate, problems = check(SHIPPED)
    assert not [p for p in problems if p.is_error]
    return build_graph(debate)


@pytest.fixture
def deep(make_map):
    """t <- a <- b <- c (supports chain) and a loose argument that bears on no thesis."""
    files = dict(RICH)
    files["legal/b.yaml"] = node("b", supports="a2")
    files["legal/c.yaml"] = node("c", supports="b")
    files["health/loose.yaml"] = node("loose", "argument", "health", "s2")
    debate, problems = check(make_map(files))
    assert not [p for p in problems if p.is_error], problems
    return build_graph(debate)


def test_every_argument_of_the_map_appears_in_the_brief(shipped):
    markdown = render_handout(shipped, formats=["md"])["handout.md"]
    missing = [
        n
        for n, kind in shipped.nodes(data="kind")
        if kind == "argument" and markdown_escape(shipped.nodes[n]["title"]) not in markdown
    ]
    assert missing == []


def test_backers_are_named_and_deeper_or_loose_arguments_listed(deep):
    handout = build_handout(deep)
    a2 = next(e for e in handout.theses[0].case_for.entries if e.id == "a2")
    assert [b.id for b in a2.backers] == ["b"] and a2.backing == 1
    assert [b.id for b in handout.unshown] == ["c", "loose"]
    assert "the other 1" in handout.accounting and "Listed too: 1 argument" in handout.accounting
    markdown = render_handout(deep, formats=["md"])["handout.md"]
    assert re.search(r"^  - \*Backed by:\* Title of b \(\*Legal\*\) \[\d+\]$", markdown, flags=re.M)
    further = markdown.partition("## Further arguments")[2].partition("## Where")[0]
    assert "Title of c" in further and "Title of loose" in further


def test_max_per_side_counts_what_it_leaves_out(deep):
    handout = build_handout(deep, max_per_side=1)
    assert handout.unshown == ()
    shown = shown_in_body(handout.theses)
    arguments = [n for n, k in deep.nodes(data="kind") if k == "argument"]
    hidden = len([n for n in arguments if n not in shown and n != "loose"])
    assert f"the other {hidden} are left out by the limit" in handout.accounting


def test_a_perspective_filter_drops_theses_it_says_nothing_about_and_says_so(make_map):
    files = dict(RICH)
    files["theses/v.yaml"] = node("v", "thesis")
    files["legal/lv.yaml"] = node("lv", supports="v")
    graph = build_graph(check(make_map(files))[0])
    handout = build_handout(graph, perspectives=["health"])
    assert [s.id for s in handout.theses] == ["t", "u"]
    assert "Left out: 1 question" in handout.coverage and "Question about v?" in handout.coverage
    markdown = render_handout(graph, perspectives=["health"], formats=["md"])["handout.md"]
    assert not re.search(r"^## Question \d+: Question about v\?", markdown, flags=re.M)
    # Without a perspective filter an empty thesis stays: the map itself has nothing on it.
    empty = build_graph(check(make_map(dict(RICH, **{"theses/w.yaml": node("w", "thesis")})))[0])
    assert "w" in [s.id for s in build_handout(empty).theses]


def template_of(question: str) -> str:
    """Which template a question came from: its text with the quoted parts blanked."""
    for template in (*CLASH, *AGREE, *QUESTION):
        pattern = re.escape(template)
        for field in ("t", "sup", "opp", "q"):
            pattern = pattern.replace(re.escape("{" + field + "}"), ".+?")
        if re.fullmatch(pattern, question):
            return template
    return question


def test_discussion_questions_each_use_a_different_template(shipped):
    questions = build_handout(shipped).questions
    assert 5 <= len(questions) <= 8
    templates = [template_of(q) for q in questions]
    assert len(set(templates)) == len(templates)


def test_no_question_about_definitions_when_there_are_none(make_map):
    files = {k: v for k, v in RICH.items() if k not in ("legal/d.yaml", "health/dh.yaml")}
    graph = build_graph(check(make_map(files))[0])
    handout = build_handout(graph)
    assert handout.definitions == ()
    assert DEFINITIONS not in handout.questions and not any("definition" in q for q in handout.questions)
    with_definitions = build_graph(check(make_map(RICH))[0])
    assert DEFINITIONS in build_handout(with_definitions).questions


def test_strength_is_explained_in_plain_words_once(shipped):
    files = render_handout(shipped, formats=["md", "html"])
    for name, text in files.items():
        assert text.count("DF-QuAD") == 1, name
        assert "every argument starts at 0.5" in text, name


def test_with_max_per_side_the_summaries_name_only_claims_the_body_shows(shipped):
    handout = build_handout(shipped, max_per_side=1)
    shown = shown_in_body(handout.theses)
    titles = {shipped.nodes[n]["title"] for n in shown}
    for row in handout.perspectives:
        assert set(row.claims) <= titles, row.name
    for claim in handout.clashes + handout.agreements:
        assert claim.perspective == "thesis" or claim.id in shown, claim.id
    left = handout.clashes_left_out + handout.agreements_left_out
    assert left > 0
    markdown = render_handout(shipped, max_per_side=1, formats=["md"])["handout.md"]
    assert "not shown in this brief" in markdown and "left out here (see the map)" in markdown

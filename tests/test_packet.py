"""The classroom packet (handout --kind roles,cards,flow,sac,review): content, Markdown and HTML.

Small maps built here pin exact behaviour; the shipped map is used only for generic
properties (every perspective has a card, every link is reviewed), since its content
changes. PDFs are in ``test_packet_pdf.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from debatemap import build_graph, check
from debatemap.render.handout.brief import markdown_escape
from debatemap.render.packet.cards import build_cards
from debatemap.render.packet.flow import MAX_COLUMNS, NOTE_COLUMNS, build_flow
from debatemap.render.packet.model import citation, select
from debatemap.render.packet.review import build_review
from debatemap.render.packet.roles import BEST_ARGUMENTS, build_roles
from debatemap.render.packet.sac import build_sac
from debatemap.render.packet.sheets import render_packet
from debatemap.validation.quotes import find_quote, fold
from test_handout import run

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "arguments"
SEEDS = Path("/work/shared/seeds")
KINDS = ("roles", "cards", "flow", "sac", "review")

SOURCES = """\
s1:
  title: "A legal source"
  author: "Ann Author"
  publisher: "not stated (a law firm's blog)"
  date: "2020"
  perspective: legal
  file: s1.txt
  url: "https://example.org/a"
s2:
  title: "A health source"
  author: "not stated"
  date: "not stated"
  perspective: health
  file: s2.txt
"""
TEXT_1 = "Intro. Quote from a. And “Quote from a2.” Then - Quote from r1. Quote from d.\n"
TEXT_2 = "Quote from h1. Quote from backer. Quote from h3.\n"


def node(
    ident: str, kind: str = "argument", perspective: str = "legal", source: str = "s1", **extra: str
) -> str:
    lines = [f"id: {ident}", f"kind: {kind}", f"title: Title of {ident}", f"text: Text of {ident}."]
    if kind == "thesis":
        lines.append(f'question: "Question about {ident}?"')
    else:
        lines += [f"perspective: {perspective}", f"source: {source}", f'quote: "Quote from {ident}."']
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


# t: a, a2 (legal) and backer->a (health) for; h1 (health) against, answered by r1 (legal).
# u: l2 (legal) for, h3 (health) against; a3 says something its source does not.
SMALL = {
    "sources.yaml": SOURCES,
    "texts/s1.txt": TEXT_1,
    "texts/s2.txt": TEXT_2,
    "theses/t.yaml": node("t", "thesis"),
    "theses/u.yaml": node("u", "thesis"),
    "legal/a.yaml": node("a", supports="[t]"),
    "legal/a2.yaml": node("a2", supports="[t]", speaker='"Bo, a commenter"'),
    "health/backer.yaml": node("backer", perspective="health", source="s2", supports="[a]"),
    "health/h1.yaml": node("h1", perspective="health", source="s2", opposes="[t]"),
    "legal/r1.yaml": node("r1", opposes="[h1]"),
    "legal/l2.yaml": node("l2", supports="[u]").replace("Quote from l2.", "Words nobody wrote."),
    "health/h3.yaml": node("h3", perspective="health", source="s2", opposes="[u, a]"),
    "legal/d.yaml": node("d", "definition"),
}


@pytest.fixture
def small(make_map):
    root = make_map(SMALL)
    debate, problems = check(root)
    assert not [p for p in problems if p.is_error], problems
    return root, build_graph(debate)


@pytest.fixture(scope="module")
def shipped():
    debate, problems = check(SHIPPED)
    assert not [p for p in problems if p.is_error]
    return build_graph(debate)


def test_every_perspective_has_a_role_card_with_its_best_arguments_strongest_first(small):
    root, graph = small
    roles = build_roles(select(graph, None, None))
    assert [r.name for r in roles.cards] == ["Public health", "Legal"]  # the registry's order
    health, legal = roles.cards
    assert legal.description == "Criminal law."
    # Legal argues for t and u; health against u, and on both sides of t (backer backs a, which
    # argues for t; h1 and h3 argue against it), and against a, a legal claim.
    assert {(s.thesis, s.side) for s in legal.stances} == {("Title of t", "for"), ("Title of u", "for")}
    assert {(s.thesis, s.side, s.pro, s.con) for s in health.stances} == {
        ("Title of t", "both", 1, 2),
        ("Title of u", "against", 0, 1),
    }
    assert [s.title for s in health.objections] == ["Title of a"]
    assert [s.title for s in legal.objections] == ["Title of h1"]
    scores = [b.card.score for b in legal.best]
    assert scores == sorted(scores, reverse=True) and len(legal.best) == BEST_ARGUMENTS
    # Every argument of the role is on the card: with evidence, or named among the others.
    own = {graph.nodes[n]["title"] for n, p in graph.nodes(data="perspective") if p == "legal"}
    shown = {b.card.tag for b in legal.best} | {t for t, _ in legal.others} | set(legal.definitions)
    assert shown == own and legal.more_others == 0


def test_role_cards_leave_room_to_write(small):
    _, graph = small
    files = render_packet(graph, kinds=["roles"], formats=["md", "html"])
    assert files["roles.html"].count('class="room"') == 4  # two boxes per card
    assert "Your opening statement" in files["roles.md"]
    assert re.search(r"```text\n(_{20,}\n){4}```", files["roles.md"])


def test_evidence_cards_have_tag_full_citation_passage_and_check(small):
    root, graph = small
    cards = build_cards(select(graph, None, None, sources_dir=root / "texts"))
    by_id = {c.id: c for g in cards.groups for _, c in g.cards}
    assert set(by_id) == {n for n, k in graph.nodes(data="kind") if k != "thesis"}
    a = by_id["a"]
    assert a.tag == "Title of a" and a.quote == "Quote from a."
    assert dict(a.citation) == {
        "Author": "Ann Author",
        "Standing": "a law firm's blog",
        "Date": "2020",
        "Published in": "A legal source",
    }
    assert a.url == "https://example.org/a"
    assert dict(by_id["a2"].citation)["Speaker"] == "Bo, a commenter"
    # "not stated" fields are left out, not printed.
    assert dict(by_id["h1"].citation) == {"Published in": "A health source"}
    assert a.verified and a.verification == "verified against s1.txt"
    assert by_id["a2"].verified  # typographic quotes in the text fold to plain ones
    assert not by_id["l2"].verified and by_id["l2"].verification.startswith(
        "not verified: the passage was not found"
    )
    numbers = [n for g in cards.groups for n, _ in g.cards]
    assert numbers == list(range(1, len(numbers) + 1))


def test_cards_say_not_verified_without_source_texts(small, tmp_path):
    _, graph = small
    cards = build_cards(select(graph, None, None, sources_dir=tmp_path / "nowhere"))
    assert all(not c.verified for g in cards.groups for _, c in g.cards)
    markdown = render_packet(graph, kinds=["cards"], formats=["md"])["cards.md"]
    assert "verified against" not in markdown
    assert markdown.count("not verified: source text not available") == 8


def test_a_source_file_outside_the_sources_folder_is_never_read(make_map, tmp_path):
    (tmp_path / "secret.txt").write_text("Quote from a.", encoding="utf-8")
    files = dict(SMALL, **{"sources.yaml": SOURCES.replace("file: s1.txt", "file: ../secret.txt")})
    root = make_map(files)
    graph = build_graph(check(root)[0])
    card = select(graph, None, None, sources_dir=root / "texts").card("a")
    assert not card.verified and card.verification == "not verified: source text not available"


def test_citation_keeps_a_qualified_not_stated_as_standing():
    source = {
        "author": "not stated (a clinic's blog)",
        "publisher": "not stated",
        "title": "T",
        "date": "not stated",
    }
    assert citation(source, None) == (("Standing", "a clinic's blog"), ("Published in", "T"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not on this machine")
def test_every_card_quote_of_the_shipped_map_is_in_its_source(shipped):
    cards = build_cards(select(shipped, None, None, sources_dir=SEEDS))
    checked = 0
    for group in cards.groups:
        for _, card in group.cards:
            file = shipped.graph["sources"][shipped.nodes[card.id]["source"]]["file"]
            text = fold((SEEDS / file).read_text(encoding="utf-8"))
            assert find_quote(card.quote, text), card.id
            assert card.verified and card.verification == f"verified against {file}"
            checked += 1
    assert checked == sum(1 for _, k in shipped.nodes(data="kind") if k != "thesis")


def test_every_link_of_the_map_is_in_the_review_sheet(small, shipped):
    # A premise group is one link on the sheet (all its parts together) and an undercut is
    # one more; the shipped map has both (issue 22), so the sheet lists fewer rows than edges.
    for graph in (small[1], shipped):
        review = build_review(select(graph, None, None))
        links = [k for g in review.groups for k in g.links]
        titles = {ident: graph.nodes[ident]["title"] for ident in graph}
        groups = graph.graph.get("groups", {}).values()
        undercuts = graph.graph.get("undercuts", [])
        grouped = {(m, g["target"]) for g in groups for m in g["members"]}

        def row(parts: list[str], relation: str, target: str) -> tuple[tuple[str, ...], str, str]:
            return tuple(sorted(parts)), relation, target

        listed = [
            row([p.title for p in k.parts] or [k.source.title], k.relation, k.target.title)
            for k in links
            if k.relation != "undercuts"
        ]
        edges = graph.edges(data="relation")
        plain = [row([titles[a]], r, titles[b]) for a, b, r in edges if (a, b) not in grouped]
        together = [
            row([titles[m] for m in g["members"]], g["relation"], titles[g["target"]]) for g in groups
        ]
        assert sorted(listed) == sorted(plain + together)
        attackers = sorted(k.source.title for k in links if k.relation == "undercuts")
        assert attackers == sorted(titles[u["source"]] for u in undercuts)
        rows = len(plain) + len(together) + len(undercuts)
        assert review.total == rows == review.map_total
        markdown = render_packet(graph, kinds=["review"], formats=["md"])["review.md"]
        assert len(re.findall(r"^\*\*Link \d+\.\*\*$", markdown, flags=re.M)) == rows
        assert markdown.count("☐ sound ☐ not sound") == rows


def test_review_sheet_shows_both_quotes_side_by_side(small):
    _, graph = small
    html = render_packet(graph, kinds=["review"], formats=["html"])["review.html"]
    row = re.search(r"Title of r1.*?</tr>", html, flags=re.S)
    assert row and "Quote from r1." in row.group() and "Quote from h1." in row.group()
    assert html.count('class="box"') == 2 * graph.number_of_edges()


def test_review_sheet_counts_links_outside_a_perspective_selection(small):
    _, graph = small
    review = build_review(select(graph, None, ["health"]))
    assert review.total < review.map_total
    assert f"{review.map_total - review.total} more links" in review.note


def test_flow_sheet_has_the_claim_then_responding_perspectives_then_notes(small):
    _, graph = small
    flow = build_flow(select(graph, ["t"], None))
    (sheet,) = flow.sheets
    assert [r.title for r in sheet.rows] == ["Title of t", "Title of a", "Title of a2", "Title of h1"]
    assert [r.relation for r in sheet.rows] == ["", "supports", "supports", "opposes"]
    assert [c.header for c in sheet.columns] == ["Public health responds", "Legal responds"]
    a_row = sheet.rows[1]
    assert [x.title for x in a_row.cells[0]] == ["Title of backer", "Title of h3"]
    assert [x.relation for x in a_row.cells[0]] == ["supports", "opposes"]
    html = render_packet(graph, kinds=["flow"], theses=["t"], formats=["html"])["flow.html"]
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", html).group(1)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", head)
    assert headers == ["Claim", "Public health responds", "Legal responds", *NOTE_COLUMNS]
    assert html.count('<td class="notes-col"></td>') == len(NOTE_COLUMNS) * len(sheet.rows)
    assert "@page { size: landscape; }" in html


def test_flow_sheet_splits_many_perspectives_across_sheets(make_map):
    perspectives = "".join(f'p{i}:\n  name: P{i}\n  colour: "#000000"\n' for i in range(MAX_COLUMNS + 2))
    files = {
        "perspectives.yaml": perspectives,
        "sources.yaml": SOURCES.replace("legal", "p0").replace("health", "p1"),
    }
    files["theses/t.yaml"] = node("t", "thesis")
    files["legal/a.yaml"] = None
    files["p0/x.yaml"] = node("x", perspective="p0", supports="[t]")
    for i in range(MAX_COLUMNS + 2):
        files[f"p{i}/y{i}.yaml"] = node(f"y{i}", perspective=f"p{i}", opposes="[x]")
    graph = build_graph(check(make_map(files))[0])
    sheets = build_flow(select(graph, None, None)).sheets
    # More than MAX_COLUMNS share two sheets evenly: a question never takes more than two pages.
    assert [len(s.columns) for s in sheets] == [3, 3]
    assert [s.part for s in sheets] == [1, 2] and all(s.parts == 2 for s in sheets)
    assert [c.name for c in sheets[1].columns] == ["P3", "P4", "P5"]


def test_sac_sides_split_the_whole_tree_and_the_synthesis_asks_for_common_ground(small):
    _, graph = small
    (kit,) = build_sac(select(graph, ["t"], None)).kits
    side_a = {i.card.id for i in kit.side_a}
    side_b = {i.card.id for i in kit.side_b}
    assert side_a | side_b == nx.ancestors(graph, "t") and not side_a & side_b
    assert {"a", "a2", "backer", "r1"} <= side_a and {"h1", "h3"} <= side_b
    assert kit.strongest_a == "Title of a"  # backed, so strongest of the direct arguments for
    assert kit.strongest_b == "Title of h1"
    links = {i.card.id: i.link for i in kit.side_a + kit.side_b}
    assert links["backer"] == "backs: Title of a" and links["r1"] == "answers: Title of h1"
    # a is argued from Legal (its own) and Public health (backer); t only from Legal.
    # Common ground is supported from two perspectives and opposed by none: h3 opposes a.
    assert [g.title for g in kit.common_ground] == []
    html = render_packet(graph, kinds=["sac"], theses=["t"], formats=["html"])["sac.html"]
    for box in ("restates side B", "restates side A", "strongest argument for side A", "Common ground"):
        assert box in html
    for item in kit.side_a + kit.side_b:
        assert f"“{item.card.quote}”" in html


def test_one_sac_kit_per_thesis_unless_one_is_chosen(small):
    _, graph = small
    assert [k.id for k in build_sac(select(graph, None, None)).kits] == ["t", "u"]
    assert [k.id for k in build_sac(select(graph, ["u"], None)).kits] == ["u"]


def test_perspective_filter_applies_to_every_kind_and_drops_empty_theses(make_map):
    files = dict(SMALL)
    files["theses/v.yaml"] = node("v", "thesis")
    files["legal/lv.yaml"] = node("lv", supports="[v]")
    graph = build_graph(check(make_map(files))[0])
    selection = select(graph, None, ["health"])
    assert selection.theses == ["t", "u"] and selection.dropped == ["v"]
    out = render_packet(graph, kinds=KINDS, perspectives=["health"], formats=["md"])
    for kind in KINDS:
        text = out[f"{kind}.md"]
        assert "Left out: 1 question" in text and "Question about v?" in text, kind
        assert "Title of lv" not in text, kind
    assert "Role card 1 of 1: Public health" in out["roles.md"]


def test_every_kind_escapes_text_from_the_map(make_map):
    hostile = "*x* [y](javascript:z) <script>alert(1)</script>"
    files = dict(SMALL)
    files["legal/a.yaml"] = node("a", supports="[t]").replace("title: Title of a", f"title: '{hostile}'")
    graph = build_graph(check(make_map(files))[0])
    out = render_packet(graph, kinds=KINDS, formats=["md", "html"])
    for kind in KINDS:
        assert "<script>" not in out[f"{kind}.html"], kind
        assert "&lt;script&gt;" in out[f"{kind}.html"], kind
        assert not re.search(r"(?<!\\)\[y\]", out[f"{kind}.md"]), kind
        assert markdown_escape(hostile) in out[f"{kind}.md"], kind


def test_every_kind_is_byte_identical_from_the_same_map(small):
    root, graph = small
    first = render_packet(graph, kinds=KINDS, formats=["md", "html"], sources_dir=root / "texts")
    again = render_packet(
        build_graph(check(root)[0]), kinds=KINDS, formats=["md", "html"], sources_dir=root / "texts"
    )
    assert first == again and len(first) == 10


def test_shipped_map_every_kind_names_every_perspective_and_question(shipped):
    out = render_packet(shipped, kinds=KINDS, formats=["md"])
    names = [markdown_escape(p["name"]) for p in shipped.graph["perspectives"].values()]
    for name in names:
        assert re.search(
            rf"^## Role card \d+ of {len(names)}: {re.escape(name)}$", out["roles.md"], flags=re.M
        )
    for ident, kind in shipped.nodes(data="kind"):
        if kind == "thesis":
            question = markdown_escape(shipped.nodes[ident]["question"])
            for k in ("flow", "sac", "review"):
                assert question in out[f"{k}.md"], (k, ident)


def test_cli_writes_each_kind_asked_for_and_verifies_with_the_default_sources_folder(small, tmp_path):
    root, _ = small
    (root / "texts").rename(root / "sources")  # where check and handout look by default
    l2 = root / "legal" / "l2.yaml"  # check now verifies quotes there, so give l2 a real one
    l2.write_text(l2.read_text(encoding="utf-8").replace("Words nobody wrote.", "Intro."), encoding="utf-8")
    out = tmp_path / "out"
    result = run("handout", str(root), "-o", str(out), "--kind", "roles,cards,brief", "--format", "md")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["cards.md", "handout.md", "roles.md"]
    assert "verified against s1.txt" in (out / "cards.md").read_text(encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    result = run(
        "handout", str(root), "-o", str(out), "--kind", "cards", "--format", "md", "--sources-dir", str(other)
    )
    assert result.returncode == 0, result.stderr
    assert "verified against" not in (out / "cards.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [["--kind", "roles,poster"], ["--kind", ""], ["--sources-dir", "/nonexistent/texts"]],
)
def test_cli_bad_kind_or_sources_folder_is_a_usage_error(small, tmp_path, args):
    root, _ = small
    result = run("handout", str(root), "-o", str(tmp_path / "out"), "--format", "md", *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_claims_on_no_question_still_get_cards_links_and_a_role(make_map):
    files = dict(SMALL)
    files["health/loose.yaml"] = node("loose", perspective="health", source="s2")
    files["health/loose2.yaml"] = node("loose2", perspective="health", source="s2", supports="[loose]")
    graph = build_graph(check(make_map(files))[0])
    selection = select(graph, None, None)
    cards = {c.id for g in build_cards(selection).groups for _, c in g.cards}
    assert {"loose", "loose2"} <= cards
    review = build_review(selection)
    assert review.total == graph.number_of_edges()
    assert review.groups[-1].heading == "Links outside the questions above"
    health = next(r for r in build_roles(selection).cards if r.id == "health")
    named = {b.card.tag for b in health.best} | {t for t, _ in health.others}
    assert {"Title of loose", "Title of loose2"} <= named


def test_a_role_divided_on_a_thesis_says_so(make_map):
    files = dict(SMALL)
    files["health/h4.yaml"] = node("h4", perspective="health", source="s2", supports="[u]")
    graph = build_graph(check(make_map(files))[0])
    health = next(r for r in build_roles(select(graph, None, None)).cards if r.id == "health")
    u = next(s for s in health.stances if s.thesis == "Title of u")
    assert (u.side, u.pro, u.con) == ("both", 1, 1)
    markdown = render_packet(graph, kinds=["roles"], formats=["md"])["roles.md"]
    assert "**On both sides** of “Title of u”: 1 of your arguments for it, 1 against it" in markdown

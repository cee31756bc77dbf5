"""A packet that fits a 45-minute lesson (issue 20): page counts, honest role cards, weak "best", grammar.

Page counts are read from real PDFs (pypdf): WeasyPrint's bookmarks give the
page each sheet starts on. Each PDF is built once per module, since WeasyPrint
is slow: the shipped map and a small school-uniform map, A4, and the small map
on Letter, and the example map of premise groups and undercuts (tests/maps/groups_undercuts).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from debatemap import build_graph, check
from debatemap.render.packet.flow import build_flow, responds
from debatemap.render.packet.model import WEAK_BELOW, select
from debatemap.render.packet.review import build_review
from debatemap.render.packet.roles import build_roles
from debatemap.render.packet.sac import build_sac
from debatemap.render.packet.sheets import render_packet
from test_handout import run

SHIPPED = Path(__file__).resolve().parent.parent / "arguments"
LESSON = ("roles", "flow", "sac")

PERSPECTIVES = """\
parents:
  name: Parents
  colour: "#0072B2"
  description: Parents of pupils at the school.
students:
  name: Students
  colour: "#009E73"
  description: Pupils of the school.
school:
  name: School
  colour: "#D55E00"
  description: The head teacher and governors.
"""
SOURCES = """\
s1:
  title: "A parents' forum"
  date: "2024"
  perspective: parents
s2:
  title: "The student council's letter"
  perspective: students
s3:
  title: "The school's policy"
  perspective: school
"""


def claim(ident: str, title: str, voice: str, source: str, **links: str) -> str:
    lines = [
        f"id: {ident}",
        "kind: argument",
        f"title: {title}",
        f"text: {title}.",
        f"perspective: {voice}",
        f"source: {source}",
        f'quote: "{title}."',
    ]
    return "\n".join(lines + [f"{k}: [{v}]" for k, v in links.items()]) + "\n"


def thesis(ident: str, title: str, question: str) -> str:
    return f'id: {ident}\nkind: thesis\ntitle: {title}\ntext: {title}.\nquestion: "{question}"\n'


# Parents argue on both sides of the uniform, and answer no other voice: the card the issue
# reports said "What you want: uniform", then "Your arguments oppose nothing", then an argument
# against it. Every argument of the students is answered twice and backed by nothing: weak.
UNIFORM = {
    "perspectives.yaml": PERSPECTIVES,
    "sources.yaml": SOURCES,
    "theses/uniform.yaml": thesis("uniform", "Pupils should wear a uniform", "Should pupils wear a uniform?"),
    "theses/phones.yaml": thesis(
        "phones", "Phones should be banned in class", "Should phones be banned in class?"
    ),
    "parents/cheaper.yaml": claim(
        "cheaper", "A uniform costs less than fashion", "parents", "s1", supports="uniform"
    ),
    "parents/costly.yaml": claim(
        "costly", "Branded uniforms are expensive", "parents", "s1", opposes="uniform"
    ),
    "parents/fights.yaml": claim("fights", "Fewer fights over clothes", "parents", "s1", supports="uniform"),
    "students/expression.yaml": claim(
        "expression", "A uniform stops us expressing ourselves", "students", "s2", opposes="uniform"
    ),
    "students/robots.yaml": claim(
        "robots", "Uniforms make us look like robots", "students", "s2", opposes="uniform"
    ),
    "students/need.yaml": claim("need", "We need phones to reach home", "students", "s2", opposes="phones"),
    "school/identity.yaml": claim(
        "identity", "A uniform builds a shared identity", "school", "s3", supports="uniform"
    ),
    "school/outlets.yaml": claim(
        "outlets", "Expression has other outlets", "school", "s3", opposes="expression"
    ),
    "school/style.yaml": claim(
        "style", "Style shows in more than clothes", "school", "s3", opposes="expression"
    ),
    "school/not-robots.yaml": claim(
        "not-robots", "Nobody looks like a robot", "school", "s3", opposes="robots"
    ),
    "school/smart.yaml": claim("smart", "A uniform looks smart", "school", "s3", opposes="robots"),
    "school/office.yaml": claim("office", "The office phones home", "school", "s3", opposes="need"),
    "school/lockers.yaml": claim("lockers", "Phones wait in lockers", "school", "s3", opposes="need"),
    "school/distract.yaml": claim("distract", "Phones distract pupils", "school", "s3", supports="phones"),
}


def outline(pdf: bytes) -> tuple[int, list[tuple[str, int]]]:
    """Page count and the (title, first page) of every bookmark, in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def walk(items: list) -> list[tuple[str, int]]:
        found = []
        for item in items:
            if isinstance(item, list):
                found += walk(item)
            else:
                found.append((" ".join(item.title.split()), reader.get_destination_page_number(item) + 1))
        return found

    return len(reader.pages), walk(reader.outline)


def pages_per_question(pdf: bytes, questions: list[str]) -> dict[str, int]:
    """Pages from a question's first sheet to the next question's first sheet (or the end).

    The pages before the first question's sheets (the teacher's page of the
    controversy kit) count with the first question: a one-question packet has them too.
    """
    total, marks = outline(pdf)
    starts = []
    for question in questions:
        pages = [page for title, page in marks if question in title]
        assert pages, f"no sheet for {question!r}"
        starts.append(min(pages))
    assert starts == sorted(starts)
    ends = starts[1:] + [total + 1]
    firsts = [1] + starts[1:]
    return {q: end - first for q, first, end in zip(questions, firsts, ends, strict=True)}


def landscape(pdf: bytes) -> bool:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)


@pytest.fixture(scope="module")
def uniform_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("uniform") / "arguments"
    for name, content in UNIFORM.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def uniform(uniform_root):
    debate, problems = check(uniform_root)
    assert not [p for p in problems if p.is_error], problems
    return build_graph(debate)


@pytest.fixture(scope="module")
def shipped():
    debate, problems = check(SHIPPED)
    assert not [p for p in problems if p.is_error]
    return build_graph(debate)


def questions(graph) -> list[str]:
    return [" ".join(graph.nodes[t]["question"].split()) for t in select(graph, None, None).theses]


@pytest.fixture(scope="module")
def shipped_pdfs(shipped):
    return render_packet(shipped, kinds=LESSON, formats=["md", "pdf"])


@pytest.fixture(scope="module")
def uniform_pdfs(uniform):
    return render_packet(uniform, kinds=LESSON, formats=["md", "pdf"])


@pytest.fixture(scope="module")
def uniform_letter(uniform):
    return render_packet(uniform, kinds=LESSON, formats=["pdf"], paper="letter")


@pytest.fixture(scope="module")
def grouped_pdfs(grouped):
    return render_packet(grouped, kinds=LESSON, formats=["pdf"])


@pytest.fixture(params=["shipped", "uniform", "uniform-letter", "grouped"])
def lesson(request, shipped, uniform):
    """(graph, files) for each map and paper the page counts are checked on."""
    if request.param == "shipped":
        return shipped, request.getfixturevalue("shipped_pdfs")
    if request.param == "uniform":
        return uniform, request.getfixturevalue("uniform_pdfs")
    if request.param == "grouped":
        return request.getfixturevalue("grouped"), request.getfixturevalue("grouped_pdfs")
    return uniform, request.getfixturevalue("uniform_letter")


def test_each_voice_has_one_role_card_on_exactly_one_page(lesson):
    graph, files = lesson
    names = [p["name"] for p in graph.graph["perspectives"].values()]
    total, marks = outline(files["roles.pdf"])
    starts = [page for title, page in marks if title.startswith("Role card ") and " of " in title]
    assert total == len(names), f"{total} pages for {len(names)} role cards"
    assert starts == list(range(1, len(names) + 1))


def test_the_controversy_kit_takes_at_most_six_pages_a_question(lesson):
    graph, files = lesson
    counts = pages_per_question(files["sac.pdf"], questions(graph))
    assert max(counts.values()) <= 6, counts


def test_the_flow_sheet_takes_at_most_two_landscape_pages_a_question(lesson):
    graph, files = lesson
    counts = pages_per_question(files["flow.pdf"], questions(graph))
    assert max(counts.values()) <= 2, counts
    assert landscape(files["flow.pdf"])


def test_a_side_sheet_says_how_many_more_claims_there_are_and_where(shipped, shipped_pdfs):
    kit = build_sac(select(shipped, ["treat-sex-work-and-trafficking-as-distinct"], None)).kits[0]
    total = len(kit.side_a) + kit.more_a
    assert kit.more_a > 0 and len(kit.side_a) <= 6
    text = shipped_pdfs["sac.md"]
    assert f"{kit.more_a} more claims on this side are not on this sheet" in text
    assert f"--max-per-side {total}" in text and "--kind cards" in text


def test_max_per_side_asks_for_more_claims_and_rows(shipped):
    thesis = "treat-sex-work-and-trafficking-as-distinct"
    more = build_sac(select(shipped, [thesis], None, max_per_side=12)).kits[0]
    assert len(more.side_a) == 12
    files = render_packet(shipped, kinds=["sac", "flow"], theses=[thesis], max_per_side=12, formats=["md"])
    assert files["sac.md"].count("**Card ") >= 12 + len(more.side_b)
    flow_rows = re.findall(r"^\| [+−] \*\*", files["flow.md"], flags=re.M)
    default = render_packet(shipped, kinds=["flow"], theses=[thesis], formats=["md"])["flow.md"]
    assert len(flow_rows) > len(re.findall(r"^\| [+−] \*\*", default, flags=re.M))


def test_cli_passes_max_per_side_to_the_packet(uniform_root, tmp_path):
    out = tmp_path / "out"
    result = run(
        "handout", str(uniform_root), "-o", str(out), "--kind", "sac", "--format", "md", "--max-per-side", "1"
    )
    assert result.returncode == 0, result.stderr
    text = (out / "sac.md").read_text(encoding="utf-8")
    # The uniform: side A has three claims of its own and the school's four answers to the
    # students; side B has the parents' one claim against it and the students' two.
    assert text.count("*The strongest 1 reason on this side") == 3  # and phones' side A: one answer too
    assert "add `--max-per-side 7`" in text and "add `--max-per-side 3`" in text


def test_a_voice_on_both_sides_of_a_question_is_shown_as_such(uniform):
    parents = next(r for r in build_roles(select(uniform, None, None)).cards if r.id == "parents")
    (stance,) = parents.stances
    assert (stance.thesis, stance.side, stance.pro, stance.con) == (
        "Pupils should wear a uniform",
        "both",
        2,
        1,
    )
    markdown = render_packet(uniform, kinds=["roles"], formats=["md"])["roles.md"]
    card = markdown.split("## Role card ")[1]
    assert card.startswith("1 of 3: Parents")
    assert (
        "**On both sides** of “Pupils should wear a uniform”: 2 of your arguments for it, 1 against it"
        in card
    )
    assert "oppose nothing" not in card and "What you want" not in card


@pytest.mark.parametrize("graph_name", ["uniform", "shipped", "grouped"])
def test_no_role_card_contradicts_itself(request, graph_name):
    """Every best argument argues on a side its card says the voice takes on that question."""
    graph = request.getfixturevalue(graph_name)
    checked = 0
    for card in build_roles(select(graph, None, None)).cards:
        stances = {s.thesis: s.side for s in card.stances}
        for best in card.best:
            for part in filter(None, best.argues.split("; ")):
                side, _, title = part.partition(": ")
                assert stances[title] in (side, "both"), (card.name, best.card.tag, part, stances[title])
                checked += 1
    assert checked


def test_a_weak_best_argument_says_it_is_weak(uniform):
    students = next(r for r in build_roles(select(uniform, None, None)).cards if r.id == "students")
    assert students.best and all(b.card.score < WEAK_BELOW for b in students.best)
    assert students.all_weak
    markdown = render_packet(uniform, kinds=["roles", "sac"], formats=["md", "html"])
    card = markdown["roles.md"].split("## Role card ")[3]
    assert card.startswith("3 of 3: Students")
    assert "**The map rates even these weak:**" in card
    assert card.count("**Weak:** rated weak by the map (2 objections against it, nothing backing it)") == len(
        students.best
    )
    assert 'class="weak"' in markdown["roles.html"]
    # The teacher's key names the strongest argument against banning phones, and says it is weak.
    phones = next(k for k in build_sac(select(uniform, None, None)).kits if k.id == "phones")
    assert phones.strongest_b.startswith("We need phones to reach home (strength 0.12")
    assert "weak" in phones.strongest_b and phones.strongest_b in markdown["sac.md"]


@pytest.mark.parametrize("graph_name", ["uniform", "shipped"])
def test_no_strength_below_the_weak_mark_is_offered_without_saying_so(request, graph_name):
    files = render_packet(request.getfixturevalue(graph_name), kinds=["roles", "sac"], formats=["md"])
    for kind in ("roles", "sac"):
        shown = 0
        for line in files[f"{kind}.md"].splitlines():
            if line.startswith("**Card ") and (found := re.search(r"strength (\d\.\d\d)", line)):
                shown += 1
                if float(found.group(1)) < WEAK_BELOW:
                    assert "**Weak:**" in line, (kind, line)
        assert shown, kind


@pytest.mark.parametrize(
    ("name", "verb"),
    [
        ("Parents", "respond"),
        ("Readers", "respond"),
        ("Sex-worker rights", "respond"),
        ("Police", "respond"),
        ("School", "responds"),
        ("Public health", "responds"),
        ("Abolitionist (as reported)", "responds"),
        ("Ethics", "responds"),
        ("Civil-liberties campus", "responds"),
    ],
)
def test_a_column_header_agrees_with_the_voice_name(name, verb):
    assert responds(name) == verb


def test_flow_headers_are_grammatical(uniform, uniform_pdfs, shipped_pdfs):
    html = render_packet(uniform, kinds=["flow"], formats=["html"])["flow.html"]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert {"Parents respond", "Students respond", "School responds"} <= set(headers)
    for files in (uniform_pdfs, shipped_pdfs):
        assert not re.search(r"\b(Parents|Students|Readers|rights) responds\b", files["flow.md"])
    assert "Readers respond" in shipped_pdfs["flow.md"]


GROUPS_UNDERCUTS = Path(__file__).resolve().parent / "maps" / "groups_undercuts"


@pytest.fixture(scope="module")
def grouped():
    debate, problems = check(GROUPS_UNDERCUTS)
    assert not [p for p in problems if p.is_error], problems
    return build_graph(debate)


def test_a_premise_group_is_one_numbered_reason_with_its_parts(grouped):
    kits = {k.id: k for k in build_sac(select(grouped, None, None)).kits}
    choice = kits["sex-work-is-mostly-a-real-choice"]
    (group,) = [i for i in choice.side_b if i.parts]
    assert [c.id for c in group.parts] == ["welfare-reform-fails-mothers", "few-dancers-like-the-work"]
    assert len(choice.side_b) == 2 and choice.more_b == 0  # two reasons, three claims
    distinct = kits["treat-sex-work-and-trafficking-as-distinct"]
    (definitions,) = [i for i in distinct.side_a if i.parts]
    assert {c.id for c in definitions.parts} == {
        "lawfirm-prostitution-definition",
        "lawfirm-sex-trafficking-definition",
    }
    markdown = render_packet(grouped, kinds=["sac"], formats=["md"])["sac.md"]
    number = 1 + choice.side_b.index(group)
    assert f"**Reason {number}: one reason in 2 parts**, which count only together" in markdown
    for letter, card in zip("ab", group.parts, strict=True):
        assert f"**Card {number}{letter}: {card.tag}**" in markdown
        assert f"part of reason {number}." in markdown


def test_an_undercut_is_shown_beside_the_reason_it_attacks(grouped):
    kits = {k.id: k for k in build_sac(select(grouped, None, None)).kits}
    choice = kits["sex-work-is-mostly-a-real-choice"]
    (group,) = [i for i in choice.side_b if i.parts]
    assert [c.id for c in group.undercuts] == ["not-wanting-the-job-is-common"]
    distinct = kits["treat-sex-work-and-trafficking-as-distinct"]
    law = next(i for i in distinct.side_a if i.card.id == "prostitution-different-crime-in-law")
    assert [c.id for c in law.undercuts] == ["one-crime-can-lead-to-another"]
    markdown = render_packet(grouped, kinds=["sac"], formats=["md"])["sac.md"]
    reason = markdown.index(f"**Card {1 + distinct.side_a.index(law)}: {law.card.tag}**")
    undercut = markdown.index("**Card ×: One crime can easily lead to the other**", reason)
    assert "undercuts reason" in markdown[undercut : undercut + 300]
    # The evidence card of an undercut says which link it attacks.
    cards = render_packet(grouped, kinds=["cards"], formats=["md"])["cards.md"]
    assert (
        "undercuts: that “In law, prostitution and sex trafficking are different crimes” bears on "
        "“Law and policy should treat sex work and sex trafficking as distinct”"
    ) in cards


def test_the_flow_sheet_shows_a_premise_group_as_one_row_and_an_undercut_in_its_cells(grouped):
    sheet = next(
        s
        for s in build_flow(select(grouped, ["sex-work-is-mostly-a-real-choice"], None)).sheets
        if s.part == 1
    )
    (row,) = [r for r in sheet.rows if r.parts]
    assert row.relation == "opposes" and len(row.parts) == 2
    assert "Her daughter says most strippers are single mothers and few like being there" in row.parts
    column = [c.name for c in sheet.columns].index("Lived experience")
    assert ("Not ideally wanting one's job is common to many occupations", "undercuts") in {
        (x.title, x.relation) for x in row.cells[column]
    }
    markdown = render_packet(grouped, kinds=["flow"], formats=["md"])["flow.md"]
    assert "− **One reason in 2 parts:** (a) " in markdown
    assert "× Not ideally wanting one's job is common to many occupations" in markdown


def test_a_role_card_says_which_reason_an_argument_completes_or_undercuts(grouped):
    cards = {r.id: r for r in build_roles(select(grouped, None, None)).cards}
    lived = {b.card.id: b for b in cards["lived-experience"].best}
    assert (
        "one reason together with “US welfare reform lets mothers take minimum-wage jobs but not train”"
        in (lived["few-dancers-like-the-work"].link)
    )
    undercut = lived["not-wanting-the-job-is-common"]
    # It undercuts a reason against the thesis, so it argues for it, and the stance counts it.
    assert undercut.argues == "for: For most adults who sell sex, it is a real choice"
    assert "undercuts: that “Her daughter says" in undercut.link
    (stance,) = cards["lived-experience"].stances
    assert (stance.side, stance.pro, stance.con) == ("both", 2, 2)


def test_the_review_sheet_lists_a_group_as_one_link_and_an_undercut_after_the_link_it_attacks(grouped):
    review = build_review(select(grouped, None, None))
    links = [link for g in review.groups for link in g.links]
    # 7 edges, two groups of two (one link each), two undercuts: 7 - 2 + 2.
    assert review.total == review.map_total == len(links) == 7
    grouped_links = [link for link in links if link.parts]
    assert len(grouped_links) == 2 and all(len(link.parts) == 2 for link in grouped_links)
    undercuts = [link for link in links if link.relation == "undercuts"]
    assert {u.source.title for u in undercuts} == {
        "Not ideally wanting one's job is common to many occupations",
        "One crime can easily lead to the other",
    }
    for undercut in undercuts:
        assert undercut.attacks == undercut.number - 1  # right after the link it attacks
        assert undercut.target.title.startswith(f"Link {undercut.attacks}: ")
    markdown = render_packet(grouped, kinds=["review"], formats=["md"])["review.md"]
    assert markdown.count("☐ sound ☐ not sound") == 7
    assert "*Together, one reason (2 parts that count only together):*" in markdown
    assert "**× undercuts** ⟶" in markdown

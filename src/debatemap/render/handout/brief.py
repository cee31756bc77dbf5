"""The debate handout: a neutral, cited brief of the map as Markdown, HTML and PDF.

Examples
--------
>>> from debatemap import check, build_graph
>>> debate, problems = check("arguments")                       # doctest: +SKIP
>>> files = render_handout(build_graph(debate), max_per_side=5)  # doctest: +SKIP
>>> sorted(files)                                                # doctest: +SKIP
['handout.html', 'handout.md', 'handout.pdf']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

import jinja2
import networkx as nx

from debatemap.render.common import template_text
from debatemap.render.handout import budget
from debatemap.render.handout import coverage as coverage_
from debatemap.render.handout import model as hm
from debatemap.render.handout.builder import Builder
from debatemap.render.handout.model import HandoutError, source_checks
from debatemap.render.handout.questions import discussion_questions

__all__ = ["FORMATS", "HandoutError", "build_handout", "markdown_escape", "render_handout"]

FORMATS = ("md", "html", "pdf")
PAPER = {"a4": "A4", "letter": "letter"}
DEFAULT_TITLE = "Debate brief"
PACKAGE = "debatemap.render.handout"  # whose templates/ the brief is drawn from
BUDGET_PAGES = 12  # budget.LINES fills about this many A4 pages

STRUCTURED = (
    " A reason in several parts counts once: its numbered parts hold only together (a premise"
    " group), and it is as strong as its weakest part. An undercut beside a reason grants the"
    " reason and denies that it bears on the claim; it weakens that one link, not the claim."
)


def _has_groups_or_undercuts(sections: tuple[hm.ThesisSection, ...]) -> bool:
    entries = (e for s in sections for _, e in hm.thread(s.case_for.entries + s.case_against.entries))
    return any(e.parts or e.undercuts for e in entries)


RANKING = (
    "Arguments are listed strongest first. Strength is a score from 0 to 1 that debatemap works out "
    "from the map itself, by a method called DF-QuAD: every argument starts at 0.5; the arguments that "
    "support it push it up and those that oppose it pull it down, each in proportion to its own "
    "strength. A high score means an argument is well backed and little answered within this map; it "
    "does not say whether the argument is true."
)


def build_handout(
    graph: nx.DiGraph,
    *,
    theses: Iterable[str] | None = None,
    perspectives: Iterable[str] | None = None,
    max_per_side: int | None = None,
    title: str | None = None,
    max_theses: int | None = None,
    strength: Mapping[str, float] | None = None,
    lines: int | None = None,
) -> hm.Handout:
    """Choose and order the handout's content; raises :class:`HandoutError` for unknown ids.

    ``max_theses`` applies only when ``theses`` is not given: the brief then
    covers that many theses, those with the most arguments, and says so.
    ``lines`` is a budget of printed lines (see :mod:`debatemap.render.handout.budget`):
    a brief over it keeps the strongest arguments of every side and counts the rest.
    """
    for name, value in (("--max-per-side", max_per_side), ("--max-theses", max_theses)):
        if value is not None and value < 1:
            raise HandoutError([f"{name} must be at least 1, not {value}"])
    thesis_ids, perspective_ids = hm.select(graph, theses, perspectives)
    coverage = ""
    if not theses and max_theses is not None and len(thesis_ids) > max_theses:
        every = len(thesis_ids)
        thesis_ids = hm.most_argued(graph, thesis_ids, max_theses)
        coverage = (
            f"This brief covers {max_theses} of the map's {every} theses, those with the most arguments; "
            "the command debatemap handout --thesis ID writes a brief on any other."
        )
    dropped: list[str] = []
    if perspectives:
        narrowed = hm.scope(graph, thesis_ids, perspective_ids)
        thesis_ids, dropped = coverage_.drop_empty(narrowed, thesis_ids)
        coverage = " ".join(filter(None, (coverage, coverage_.dropped_note(graph, dropped))))
    view = hm.scope(graph, thesis_ids, perspective_ids)
    choice = (thesis_ids, perspective_ids, max_per_side, title, strength, coverage)
    handout = _assemble(graph, view, *choice, None)
    chosen = None if lines is None else budget.plan(handout, lines)
    return handout if chosen is None else _assemble(graph, view, *choice, chosen)


def _assemble(
    graph: nx.DiGraph,
    view: nx.DiGraph,
    thesis_ids: list[str],
    perspective_ids: list[str],
    max_per_side: int | None,
    title: str | None,
    strength: Mapping[str, float] | None,
    coverage: str,
    plan: budget.Plan | None,
) -> hm.Handout:
    """The handout of the chosen theses and perspectives, whole or as ``plan`` keeps it."""
    # Definitions, the table, then the theses: the order the brief cites its sources in.
    build = Builder(graph, view, max_per_side, strength, plan)
    definitions = tuple(build.definition(n) for n in build.ordered_definitions())
    rows = tuple(build.perspective_row(p) for p in perspective_ids)
    sections = tuple(build.section(t) for t in thesis_ids)
    shown = coverage_.shown_in_body(sections)
    if plan is None:
        unshown, accounting = coverage_.account(
            graph,
            build.view,
            shown,
            any(s.case_for.left_out or s.case_against.left_out for s in sections),
            perspective_ids,
            build.rank,
            build.backer,
        )
        further_by_perspective = ""
    else:
        unshown, accounting = (), coverage_.counted(graph, build.view, shown, perspective_ids)
        sections = tuple(replace(s, further=budget.further(build.view, s.id, shown)) for s in sections)
        names = {p: build.name(p) for p in perspective_ids}
        further_by_perspective = budget.by_perspective(build.view, shown, names)
    every_definition = sum(1 for _, kind in build.view.nodes(data="kind") if kind == "definition")
    shown |= {b.id for b in unshown} | {d.id for d in definitions}
    # The table names only claims the body shows (the first pass above numbered the citations).
    rows = tuple(build.perspective_row(p, shown) for p in perspective_ids)
    clashes, agreements, clashes_left, agreements_left = hm.clashes_and_agreements(
        build.view, build.name, shown
    )
    sources = len(build.citations.numbers)
    return hm.Handout(
        title=hm.words(title) or (sections[0].question if len(sections) == 1 else DEFAULT_TITLE),
        scope=" · ".join(
            hm.plural(count, noun)
            for count, noun in (
                (len(sections), "question"),
                (len(rows), "perspective"),
                (len(shown - {d.id for d in definitions}), "argument"),
                (sources, "source"),
            )
        ),  # fmt: skip
        orientation=orientation(sections, rows, sources),
        how_to_read=RANKING + (STRUCTURED if _has_groups_or_undercuts(sections) else ""),
        definitions=definitions,
        perspectives=rows,
        theses=sections,
        clashes=clashes,
        agreements=agreements,
        questions=discussion_questions(
            clashes, agreements, [s.question for s in sections], bool(definitions)
        ),
        references=build.citations.references(build.name, source_checks(graph)),
        coverage=coverage,
        unshown=unshown,
        accounting=accounting,
        clashes_left_out=clashes_left,
        agreements_left_out=agreements_left,
        definitions_left_out=every_definition - len(definitions),
        further_by_perspective=further_by_perspective,
    )


def orientation(
    sections: tuple[hm.ThesisSection, ...], rows: tuple[hm.PerspectiveRow, ...], sources: int
) -> str:
    """The neutral opening paragraph: what is covered and what the brief does not do."""
    return (
        f"This brief sets out what is argued about {hm.plural(len(sections), 'question')} from "
        f"{hm.plural(len(rows), 'perspective')} ({hm.list_names(r.name for r in rows)}), drawing on "
        f"{hm.plural(sources, 'source')}. It takes no side. Each argument is put in neutral words and "
        "tied to a short quotation from the source it comes from, so that readers can check it and weigh "
        "it for themselves; including an argument does not endorse it."
    )


# --- rendering -------------------------------------------------------------------------------

# Characters that can start Markdown (or pandoc) syntax inside a line: emphasis, code, link and
# image brackets, raw HTML and autolinks, entities, table cells, strikethrough, math, superscript,
# citations, heading attributes and closing hashes. Every value is put on one line and never at
# the start of one, so block syntax (lists, quotes, headings) cannot start from it; "(" and "!"
# only mean something after a "]" or before a "[", which are escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~&$^@])")


class Literal(str):
    """Markdown the template builds itself (indentation, autolinks): not escaped again."""


def markdown_escape(value: object) -> str:
    """``value`` as literal Markdown text: specials backslash-escaped, whitespace on one line.

    >>> markdown_escape("*x* [y](javascript:z)")
    '\\\\*x\\\\* \\\\[y\\\\](javascript:z)'
    """
    if isinstance(value, Literal):
        return value
    if value is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", hm.words(str(value)))


def base_environment(kind: str, package: str = PACKAGE) -> jinja2.Environment:
    """A fresh Jinja2 environment for ``kind`` (``html`` or ``md``) over ``package``'s
    templates, shared by the brief and the packet: HTML autoescapes; Markdown escapes
    every ``{{ }}`` through ``finalize``."""
    common: dict[str, Any] = {
        "loader": jinja2.FunctionLoader(functools.partial(template_text, package)),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if kind == "html":
        return jinja2.Environment(autoescape=True, **common)
    return jinja2.Environment(autoescape=False, finalize=markdown_escape, **common)


@cache
def _environment(kind: str) -> jinja2.Environment:
    """The brief's environments: the base one with the brief's helpers."""
    if kind == "html":
        html = base_environment(kind)
        html.globals.update(stop=full_stop, plural=hm.plural)
        return html
    markdown = base_environment(kind)
    markdown.globals.update(
        stop=full_stop,
        plural=hm.plural,
        thread=hm.thread,
        pad=lambda depth: Literal("  " * depth),
        autolink=autolink,
    )
    return markdown


def full_stop(sentence: str) -> str:
    """The full stop to put after ``sentence``: none if it already ends in punctuation."""
    return "" if sentence.rstrip().endswith((".", "?", "!", "…")) else "."


def autolink(url: str) -> str:
    """A Markdown autolink ``<url>`` for a plain http(s) URL; anything else stays escaped text."""
    if re.fullmatch(r"https?://[^\s<>\"\\`]+", url):
        return Literal(f"<{url}>")
    return url


def render_markdown(handout: hm.Handout) -> str:
    text = _environment("md").get_template("handout.md.j2").render(h=handout)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def render_html(handout: hm.Handout) -> str:
    css = template_text(PACKAGE, "handout.css")
    if STRUCTURED in handout.how_to_read:  # premise groups or undercuts: their styles too
        css += template_text(PACKAGE, "handout_reasons.css")
    return _environment("html").get_template("handout.html.j2").render(h=handout, css=css)


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The page inlines everything it needs; never let text from the map make the renderer fetch.
    raise ValueError(f"the handout does not load external resources ({url!r})")


def render_pdf(html: str, paper: str = "a4") -> bytes:
    """The PDF of the handout's HTML, byte-identical for the same HTML.

    WeasyPrint writes a creation date only when the HTML asks for one (ours
    never does), and the file identifier is fixed plus a hash of the content,
    so repeated builds match byte for byte.
    """
    return _laid_out(html, paper)[1]


def _laid_out(html: str, paper: str) -> tuple[int, bytes]:
    """The PDF's page count and bytes (one layout for both)."""
    import weasyprint  # imported here: it is slow to import and only the PDF needs it

    page = weasyprint.CSS(string=f"@page {{ size: {PAPER[paper]}; }}")
    options = {**weasyprint.DEFAULT_OPTIONS, "stylesheets": [page], "pdf_identifier": b"debatemap-handout"}
    document = weasyprint.HTML(string=html, url_fetcher=refuse_fetch, base_url=".").render(**options)
    del options["stylesheets"]
    return len(document.pages), document.write_pdf(**options)


def render_handout(
    graph: nx.DiGraph,
    *,
    theses: Iterable[str] | None = None,
    perspectives: Iterable[str] | None = None,
    max_per_side: int | None = None,
    title: str | None = None,
    formats: Iterable[str] = FORMATS,
    paper: str = "a4",
    max_theses: int | None = None,
    strength: Mapping[str, float] | None = None,
    max_pages: int | None = None,
) -> dict[str, bytes | str]:
    """The handout files, ``{"handout.md": str, "handout.html": str, "handout.pdf": bytes}``.

    ``theses`` and ``perspectives`` narrow the brief to those ids (all when
    ``None``); ``max_per_side`` caps the arguments listed for and against each
    thesis, and ``max_theses`` the theses covered when none are named.
    ``strength`` is the map's DF-QuAD strength when the caller has it already.
    ``max_pages`` keeps the brief within that many pages: its content is held to a
    budget of printed lines (:mod:`debatemap.render.handout.budget`) and, when a PDF is
    written, the laid-out PDF is checked and the budget shrunk until it fits.
    Raises :class:`HandoutError` naming any unknown id.
    """
    wanted = list(dict.fromkeys(formats))
    problems = [
        f"unknown format '{f}' (choose from {', '.join(FORMATS)})" for f in wanted if f not in FORMATS
    ]
    if paper not in PAPER:
        problems.append(f"unknown paper size '{paper}' (a4 or letter)")
    if problems:
        raise HandoutError(problems)
    lines = None if max_pages is None else budget.LINES * max_pages // BUDGET_PAGES
    while True:
        handout = build_handout(
            graph,
            theses=theses,
            perspectives=perspectives,
            max_per_side=max_per_side,
            title=title,
            max_theses=max_theses,
            strength=strength,
            lines=lines,
        )
        html = render_html(handout)
        if "pdf" not in wanted:
            break
        pages, pdf = _laid_out(html, paper)
        if max_pages is None or lines is None or pages <= max_pages or lines < 100:
            break
        # The line costs are estimates: a brief they misjudge is cut further until it fits.
        lines = min(lines, budget.cost(handout)) * max_pages * 9 // (pages * 10)
    files: dict[str, bytes | str] = {}
    if "md" in wanted:
        files["handout.md"] = render_markdown(handout)
    if "html" in wanted:
        files["handout.html"] = html
    if "pdf" in wanted:
        files["handout.pdf"] = pdf
    return files

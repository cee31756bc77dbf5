"""The classroom packet: role cards, evidence cards, flow sheet, controversy kit, link review.

Each kind is chosen as plain data by its own module (``roles``, ``cards``, ...) and rendered here
as Markdown, HTML and PDF, like the brief (:mod:`debatemap.render.handout.brief`).

Examples
--------
>>> files = render_packet(graph, kinds=["roles", "flow"], formats=["md"])  # doctest: +SKIP
>>> sorted(files)                                                          # doctest: +SKIP
['flow.md', 'roles.md']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from debatemap.render.common import template_text
from debatemap.render.handout import brief
from debatemap.render.handout import model as hm
from debatemap.render.handout.model import HandoutError
from debatemap.render.packet.cards import build_cards
from debatemap.render.packet.flow import build_flow, responds
from debatemap.render.packet.model import Selection, select
from debatemap.render.packet.review import build_review
from debatemap.render.packet.roles import build_roles
from debatemap.render.packet.sac import build_sac

__all__ = ["KINDS", "HandoutError", "render_packet"]

# kind -> (file stem, heading, builder); "brief" is the handout of debatemap.render.handout.
KINDS = ("brief", "roles", "cards", "flow", "sac", "review")
_KINDS: dict[str, tuple[str, str, Callable[[Selection], Any]]] = {
    "roles": ("roles", "Role cards", build_roles),
    "cards": ("cards", "Evidence cards", build_cards),
    "flow": ("flow", "Flow sheet", build_flow),
    "sac": ("sac", "Structured academic controversy", build_sac),
    "review": ("review", "Link review sheet", build_review),
}
LANDSCAPE = {"flow"}
PACKAGE = "debatemap.render.packet"  # whose templates/ the sheets are


@cache
def _environment(kind: str) -> jinja2.Environment:
    env = brief.base_environment(kind, PACKAGE)
    if kind != "html":
        env.globals.update(autolink=brief.autolink)
        env.filters["raw"] = brief.Literal  # a macro's output is Markdown already escaped inside it
    env.globals.update(stop=brief.full_stop, plural=hm.plural, sign=sign, lines=range, responds=responds)
    return env


def sign(relation: str) -> str:
    """The mark for a relation that survives greyscale photocopying: +, − or × (never colour alone)."""
    return {"supports": "+", "opposes": "−", "undercuts": "×"}.get(relation, "−")


def render_markdown(kind: str, context: Mapping[str, Any]) -> str:
    text = _environment("md").get_template(f"{kind}.md.j2").render(**context)
    return re.sub(r"\n{4,}", "\n\n\n", text).rstrip("\n") + "\n"


def render_html(kind: str, context: Mapping[str, Any]) -> str:
    css = template_text(PACKAGE, "packet.css")
    return _environment("html").get_template(f"{kind}.html.j2").render(css=css, **context)


def render_pdf(html: str, paper: str, landscape: bool) -> bytes:
    import weasyprint  # slow to import; only the PDF needs it

    size = brief.PAPER[paper] + (" landscape" if landscape else "")
    # !important: the flow sheet's own "size: landscape" (for printing from a browser) must not win.
    page = weasyprint.CSS(string=f"@page {{ size: {size} !important; }}")
    document = weasyprint.HTML(string=html, url_fetcher=brief.refuse_fetch, base_url=".")
    return document.write_pdf(stylesheets=[page], pdf_identifier=b"debatemap-packet")  # type: ignore[no-any-return]


def subtitle(selection: Selection, title: str | None) -> str:
    """What the material is about: the given title, the one question, or the number of questions."""
    if hm.words(title):
        return hm.words(title)
    if len(selection.theses) == 1:
        return selection.question(selection.theses[0])
    questions, perspectives = len(selection.theses), len(selection.perspectives)
    return f"{hm.plural(questions, 'question')} · {hm.plural(perspectives, 'perspective')}"


def render_packet(
    graph: nx.DiGraph,
    *,
    kinds: Iterable[str] = ("brief",),
    formats: Iterable[str] = brief.FORMATS,
    theses: Iterable[str] | None = None,
    perspectives: Iterable[str] | None = None,
    max_per_side: int | None = None,
    title: str | None = None,
    paper: str = "a4",
    sources_dir: str | Path | None = None,
    strength: Mapping[str, float] | None = None,
) -> dict[str, bytes | str]:
    """Files for each kind asked for: ``{"roles.md": str, "roles.pdf": bytes, ...}``.

    ``brief`` is the handout (``handout.*``); the other kinds are named after
    themselves. ``sources_dir`` holds the sources' text files: an evidence card
    says its quote was verified only when it was found there. Raises
    :class:`HandoutError` for an unknown kind, format, paper or id.
    """
    wanted_kinds = list(dict.fromkeys(kinds))
    wanted = list(dict.fromkeys(formats))
    problems = [
        f"unknown kind '{k}' (choose from {', '.join(KINDS)})" for k in wanted_kinds if k not in KINDS
    ]
    problems += [
        f"unknown format '{f}' (choose from {', '.join(brief.FORMATS)})"
        for f in wanted
        if f not in brief.FORMATS
    ]
    if max_per_side is not None and max_per_side < 1:
        problems.append(f"--max-per-side must be at least 1, not {max_per_side}")
    if paper not in brief.PAPER:
        problems.append(f"unknown paper size '{paper}' (a4 or letter)")
    if problems:
        raise HandoutError(problems)
    strength = strength if strength is not None else hm.Ranker(graph).scores
    files: dict[str, bytes | str] = {}
    if "brief" in wanted_kinds:
        files.update(
            brief.render_handout(
                graph,
                theses=theses,
                perspectives=perspectives,
                max_per_side=max_per_side,
                title=title,
                formats=wanted,
                paper=paper,
                strength=strength,
            )
        )
    others = [k for k in wanted_kinds if k != "brief"]
    if not others:
        return files
    selection = select(
        graph,
        theses,
        perspectives,
        strength=strength,
        sources_dir=sources_dir,
        max_per_side=max_per_side,
        paper=paper,
    )
    for kind in others:
        stem, heading, builder = _KINDS[kind]
        context = {"p": builder(selection), "heading": heading, "subtitle": subtitle(selection, title)}
        if "md" in wanted:
            files[f"{stem}.md"] = render_markdown(kind, context)
        if "html" in wanted or "pdf" in wanted:
            html = render_html(kind, context)
            if "html" in wanted:
                files[f"{stem}.html"] = html
            if "pdf" in wanted:
                files[f"{stem}.pdf"] = render_pdf(html, paper, kind in LANDSCAPE)
    return files

"""What goes into the debate handout, computed from the graph as plain data.

:mod:`debatemap.render.handout.brief` turns a :class:`Handout` into Markdown, HTML and
PDF. Choosing the content here, apart from how it looks, makes the three
formats say exactly the same thing and lets tests check the content without
parsing any of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from debatemap.graph.analysis import common_ground, contested_claims
from debatemap.graph.build import incoming
from debatemap.graph.reasons import ancestors
from debatemap.graph.strength import dfquad_strength
from debatemap.render.common import stated as stated
from debatemap.render.common import words as words
from debatemap.rules.constraints import did_you_mean

QUOTE_WORDS = 24  # a "short quote": long enough to check, short enough to scan
REPLY_QUOTE_WORDS = 16
REPLY_DEPTH = 3  # argument -> rebuttal -> rebuttal of the rebuttal; deeper threads live on the map
CORE_CLAIMS = 3  # claims per perspective in the "at a glance" table
MIN_QUESTIONS, MAX_QUESTIONS = 5, 8
MAX_CLAIMS = 6  # per analysis section: the brief points at the hot spots, the map has the rest


class HandoutError(ValueError):
    """The handout cannot be made as asked (an unknown thesis or perspective id)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Backer:
    """An argument that supports an entry: named, with its perspective and citation."""

    id: str
    title: str
    perspective: str
    cite: int | None


@dataclass(frozen=True)
class Part:
    """A claim shown inside an entry: a member of a premise group, or a claim that undercuts it."""

    id: str
    title: str
    perspective: str
    quote: str
    speaker: str | None
    cite: int | None


@dataclass(frozen=True)
class Entry:
    """One argument as the handout shows it, with the replies it received."""

    id: str
    title: str
    text: str
    perspective: str
    colour: str
    quote: str
    speaker: str | None
    cite: int | None
    score: float
    relation: str  # how it bears on what it is listed under: "supports" | "opposes"
    replies: tuple[Entry, ...] = ()  # rebuttals: the arguments that oppose this one
    backing: int = 0  # how many arguments support this one
    backers: tuple[Backer, ...] = ()  # those arguments, named under it without their quotes
    # A premise group: ONE reason whose members hold only together, lead first; the entry's own
    # fields are the lead's, ``score`` the group's (its weakest member's).
    parts: tuple[Part, ...] = ()
    # Claims that attack this reason's link to what it is listed under (they grant the reason
    # and deny that it bears on the claim), shown right beside it.
    undercuts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Side:
    """The case for (or against) a thesis: ranked entries and how many were left out."""

    entries: tuple[Entry, ...]
    left_out: int


@dataclass(frozen=True)
class ThesisSection:
    id: str
    title: str
    text: str
    question: str
    case_for: Side
    case_against: Side
    further: str = ""  # over the brief's budget: how many arguments of this question are left out


@dataclass(frozen=True)
class Definition:
    id: str
    title: str
    text: str
    perspective: str
    quote: str
    speaker: str | None
    cite: int | None


@dataclass(frozen=True)
class PerspectiveRow:
    id: str
    name: str
    colour: str
    description: str
    claims: tuple[str, ...]
    sources: tuple[tuple[str, int], ...]  # (title, citation number)


@dataclass(frozen=True)
class Claim:
    """A claim in the clash or common-ground sections, with who argues about it."""

    id: str
    title: str
    perspective: str
    supporters: tuple[str, ...]  # perspective names
    opposers: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    number: int
    title: str
    details: tuple[str, ...]  # author, publisher, date: the ones the source states
    perspective: str
    url: str | None  # only http(s) URLs, so a link can never run script


@dataclass(frozen=True)
class Handout:
    title: str
    scope: str
    orientation: str
    how_to_read: str
    definitions: tuple[Definition, ...]
    perspectives: tuple[PerspectiveRow, ...]
    theses: tuple[ThesisSection, ...]
    clashes: tuple[Claim, ...]
    agreements: tuple[Claim, ...]
    questions: tuple[str, ...]
    references: tuple[Reference, ...]
    coverage: str = ""  # said when the brief covers only some of the map's theses
    unshown: tuple[Backer, ...] = ()  # arguments of the selection shown nowhere above, listed
    accounting: str = ""  # how many of the map's arguments the brief shows, and where the rest are
    clashes_left_out: int = 0  # contested claims the body does not show, counted not named
    agreements_left_out: int = 0
    definitions_left_out: int = 0  # over the brief's budget: definitions counted, not shown
    further_by_perspective: str = ""  # over the brief's budget: arguments left out, by perspective


def colour(value: str | None) -> str:
    """``value`` if it is a ``#RRGGBB`` colour, else grey: it lands inside a CSS declaration."""
    return value if value and re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else "#777777"


def short_quote(quote: str | None, limit: int = QUOTE_WORDS) -> str:
    """The first ``limit`` words of a quote, marked with an ellipsis when cut."""
    parts = words(quote).split(" ")
    # A no-break space keeps the ellipsis on the line of the word it follows.
    return " ".join(parts[:limit]) + "\u00a0…" if len(parts) > limit else " ".join(parts)


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def select(
    graph: nx.DiGraph, theses: Iterable[str] | None, perspectives: Iterable[str] | None
) -> tuple[list[str], list[str]]:
    """The thesis and perspective ids to include, checked; raises :class:`HandoutError`."""
    all_theses = [n for n, kind in graph.nodes(data="kind") if kind == "thesis"]
    all_perspectives = list(graph.graph.get("perspectives", {}))
    problems: list[str] = []
    chosen_theses = list(dict.fromkeys(theses or ())) or largest_first(graph, all_theses)
    for ident in chosen_theses:
        if ident in graph and ident not in all_theses:
            kind = str(graph.nodes[ident]["kind"])
            problems.append(f"'{ident}' is {'an' if kind[:1] in 'aeiou' else 'a'} {kind}, not a thesis")
        elif ident not in graph:
            hint = did_you_mean(ident, all_theses) or _choices("theses", all_theses)
            problems.append(f"unknown thesis '{ident}' ({hint})")
    chosen_perspectives = list(dict.fromkeys(perspectives or ())) or all_perspectives
    for ident in chosen_perspectives:
        if ident not in all_perspectives:
            hint = did_you_mean(ident, all_perspectives) or _choices("perspectives", all_perspectives)
            problems.append(f"unknown perspective '{ident}' ({hint})")
    if problems:
        raise HandoutError(problems)
    # Keep the registry's order for perspectives, so a table row never moves with the CLI order.
    return chosen_theses, [p for p in all_perspectives if p in chosen_perspectives]


def _choices(what: str, ids: list[str], shown: int = 8) -> str:
    """The ids one could have meant, when none is close: a few, so a typo far off is fixable."""
    if not ids:
        return f"the map has no {what}"
    first = sorted(ids)[:shown]
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f"the map's {what}: " + ", ".join(first) + more


def largest_first(graph: nx.DiGraph, theses: list[str]) -> list[str]:
    """Theses with the most claims in their trees first (ties by id): the map's central
    question opens the brief, as it titles the map, rather than whichever id sorts first."""
    size = {t: len(ancestors(graph, t)) for t in theses}
    return sorted(theses, key=lambda t: (-size[t], t))


def most_argued(graph: nx.DiGraph, theses: list[str], limit: int) -> list[str]:
    """The ``limit`` theses with the most arguments in their trees, largest first.

    A brief of a very large map stays a brief: the questions argued over most
    are the ones a reader needs first. Ties go to the smaller id, so the choice
    is deterministic.
    """
    return largest_first(graph, theses)[:limit]


def scope(graph: nx.DiGraph, theses: list[str], perspectives: list[str]) -> nx.DiGraph:
    """The part of the map the handout covers.

    Arguments and definitions of the chosen perspectives that argue, directly
    or through others of those perspectives, about a chosen thesis; plus the
    definitions that bear on no thesis at all (general terms of the debate).
    """
    # A copy, not a view: a subgraph view counts its nodes by filtering the whole map, which
    # each ancestor search below does, so a view made a large map's brief quadratic
    # (16 s of a 10,000-node build).
    kept = graph.subgraph(
        n
        for n, data in graph.nodes(data=True)
        if data["kind"] == "thesis" or data.get("perspective") in perspectives
    ).copy()
    every_thesis = [n for n, kind in kept.nodes(data="kind") if kind == "thesis"]
    in_tree = set(theses).union(*(ancestors(kept, t) for t in theses))
    anywhere = set().union(*(ancestors(kept, t) for t in every_thesis))
    general = {n for n, kind in kept.nodes(data="kind") if kind == "definition" and n not in anywhere}
    return graph.subgraph(in_tree | general).copy()


class Citations:
    """Numbers sources in the order the handout first cites them."""

    def __init__(self, sources: Mapping[str, Any]) -> None:
        self.sources = sources
        self.numbers: dict[str, int] = {}

    def cite(self, source: str | None) -> int | None:
        if not source or source not in self.sources:
            return None
        return self.numbers.setdefault(source, len(self.numbers) + 1)

    def references(
        self, perspective_name: Callable[[str | None], str], checks: Mapping[str, str] | None = None
    ) -> tuple[Reference, ...]:
        result = []
        for ident, number in self.numbers.items():
            source = self.sources[ident]
            details = tuple(
                detail(label, source.get(key)) for key, label in DETAILS if stated(source.get(key))
            ) + ((checks[ident],) if checks and ident in checks else ())
            url = words(source.get("url"))
            safe = url if url.lower().startswith(("https://", "http://")) and '"' not in url else None
            result.append(
                Reference(
                    number, words(source["title"]), details, perspective_name(source.get("perspective")), safe
                )
            )
        return tuple(sorted(result, key=lambda r: r.number))


def source_checks(graph: nx.DiGraph) -> dict[str, str]:
    """Per source, whether its quotations were found in its text: one phrase for the list
    of sources, from the statuses ``build``/``handout`` put on the graph (none: no phrase)."""
    statuses = graph.graph.get("quote_status")
    if not statuses:
        return {}
    by_source: dict[str, list[tuple[bool, str]]] = {}
    for ident, status in statuses.items():
        if ident in graph and graph.nodes[ident].get("source"):
            by_source.setdefault(graph.nodes[ident]["source"], []).append(status)
    checks = {}
    for source, found in by_source.items():
        verified = sorted({phrase for ok, phrase in found if ok})
        count = sum(ok for ok, _ in found)
        if not count:
            checks[source] = "Quotations not verified: its text was not available"
            continue
        how = verified[0] if len(verified) == 1 else "verified against its text"
        whole = "All its quotations" if count == len(found) else f"{count} of its {len(found)} quotations"
        checks[source] = f"{whole} {how}"
    return checks


DETAILS = (("author", "Author"), ("publisher", "Publisher"), ("date", "Date"))


def detail(label: str, value: str | None) -> str:
    """``Author: X``, or ``Publisher not stated (a law firm)`` for a qualified "not stated"."""
    text = words(value)
    return f"{label} {text}" if text.lower().startswith("not stated") else f"{label}: {text}"


class Ranker:
    """Orders arguments by DF-QuAD strength over the whole map, strongest first.

    Strength comes from the whole map, not the filtered view, so narrowing
    the brief to one perspective does not make its arguments look unanswered.
    """

    kind = "strength"

    def __init__(self, graph: nx.DiGraph, strength: Mapping[str, float] | None = None) -> None:
        scores = dfquad_strength(graph) if strength is None else strength
        self.scores = {n: float(s) for n, s in scores.items()}

    def key(self, graph: nx.DiGraph) -> Callable[[str], tuple[float, str, str]]:
        return lambda n: (-self.scores.get(n, 0.0), words(graph.nodes[n]["title"]).lower(), n)


def arguments_about(view: nx.DiGraph, target: str, relation: str) -> list[str]:
    """Ids of the arguments (not definitions) that support or oppose ``target``."""
    return [a for a in incoming(view, target, relation) if view.nodes[a]["kind"] == "argument"]


def claim(view: nx.DiGraph, ident: str, name: Callable[[str | None], str]) -> Claim:
    """Describe a claim by who supports and who opposes it, perspective by perspective."""

    def names(relation: str) -> tuple[str, ...]:
        found = {view.nodes[a].get("perspective") for a in incoming(view, ident, relation)}
        return tuple(sorted(name(p) for p in found if p))

    data = view.nodes[ident]
    label = "thesis" if data["kind"] == "thesis" else name(data.get("perspective"))
    return Claim(ident, words(data["title"]), label, names("supports"), names("opposes"))


def list_names(names: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def perspectives_phrase(names: tuple[str, ...]) -> str:
    """``Legal perspective``, ``Legal and Public health perspectives``; a neutral stand-in if none."""
    if not names:
        return "perspectives in this map"
    return list_names(names) + (" perspective" if len(names) == 1 else " perspectives")


def clashes_and_agreements(
    view: nx.DiGraph, name: Callable[[str | None], str], shown: set[str] | None = None
) -> tuple[tuple[Claim, ...], tuple[Claim, ...], int, int]:
    """The most contested claims and the widest common ground (:mod:`debatemap.graph.analysis`).

    With ``shown``, only theses and the claims in it are named; the last two
    values count the contested and agreed claims left out for that reason.
    """

    def visible(ident: str) -> bool:
        return shown is None or ident in shown or view.nodes[ident]["kind"] == "thesis"

    contested, agreed = contested_claims(view), common_ground(view)
    clash_ids = [c.id for c in contested if visible(c.id)]
    agree = [c for c in agreed if visible(c.id)]
    clashes = tuple(claim(view, ident, name) for ident in clash_ids[:MAX_CLAIMS])
    agreements = tuple(
        replace(claim(view, c.id, name), supporters=tuple(sorted(name(p) for p in c.perspectives)))
        for c in agree[:MAX_CLAIMS]
    )
    return clashes, agreements, len(contested) - len(clash_ids), len(agreed) - len(agree)


def thread(entries: Iterable[Entry], depth: int = 0) -> list[tuple[int, Entry]]:
    """Entries and their replies depth-first, each with its depth (0 for the top level)."""
    return [pair for e in entries for pair in [(depth, e), *thread(e.replies, depth + 1)]]

"""What every kind of classroom material shares: the selection, evidence cards, verification.

The classroom packet (role cards, evidence cards, flow sheet, structured-controversy
kit, link review sheet) is chosen here as plain data, like the brief in
:mod:`debatemap.render.handout.model`, so the Markdown and HTML say the same thing
and tests can check the content without parsing either.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from debatemap.render.handout import model as hm
from debatemap.render.packet import fit
from debatemap.store.sourcetext import read_source_text
from debatemap.validation.quotes import find_quote, fold

# Below this DF-QuAD strength the packet calls an argument weak, wherever it offers it as
# strong: weaker than an argument whose one objection (at the base score 0.5) stands unanswered.
WEAK_BELOW = 0.25


@dataclass(frozen=True)
class Card:
    """One argument or definition as an evidence card: tag, citation, passage, check."""

    id: str
    kind: str  # "argument" | "definition"
    tag: str  # the claim in one sentence (the node's title)
    text: str  # the claim in full, in neutral words
    perspective: str  # display name
    perspective_id: str
    quote: str  # the whole quote, whitespace folded: never cut
    citation: tuple[tuple[str, str], ...]  # (label, value): only what the source states
    url: str | None
    verified: bool
    verification: str  # "verified against FILE" or "not verified: why"
    score: float
    bears_on: tuple[tuple[str, str], ...] = ()  # (relation, title of the claim it supports/opposes)
    objections: int = 0  # claims in the whole map that oppose it
    backers: int = 0  # claims in the whole map that support it

    @property
    def weak(self) -> bool:
        """Whether the map's analysis rates it weak (see :data:`WEAK_BELOW`)."""
        return self.score < WEAK_BELOW

    @property
    def weakness(self) -> str:
        """Why it is weak, in words for a student, or '' when it is not."""
        if not self.weak:
            return ""
        answered = f"{hm.plural(self.objections, 'objection')} against it"
        backed = f"{hm.plural(self.backers, 'claim')} backing it" if self.backers else "nothing backing it"
        return f"rated weak by the map ({answered}, {backed}): be ready to defend it"


@dataclass
class Selection:
    """The part of the map a piece of classroom material covers, and what it leaves out."""

    graph: nx.DiGraph
    view: nx.DiGraph
    theses: list[str]
    perspectives: list[str]
    dropped: list[str]  # theses left out because the chosen perspectives say nothing on them
    scores: dict[str, float]
    sources: Mapping[str, Any]
    texts: SourceTexts
    max_per_side: int | None = None  # asked for with --max-per-side: overrides the page budget
    paper: fit.Paper = fit.PAPERS["a4"]  # what a sheet must fit on

    def name(self, perspective: str | None) -> str:
        registry = self.graph.graph.get("perspectives", {})
        return hm.words(registry[perspective]["name"]) if perspective in registry else "no stated perspective"

    def title(self, ident: str) -> str:
        return hm.words(self.graph.nodes[ident]["title"])

    def question(self, thesis: str) -> str:
        data = self.graph.nodes[thesis]
        return hm.words(data.get("question")) or hm.words(data["title"]) + "?"

    def rank(self, ident: str) -> tuple[float, str, str]:
        """Sort key: strongest first, then title, then id (deterministic)."""
        return (-self.scores.get(ident, 0.0), self.title(ident).lower(), ident)

    def claims(self) -> list[str]:
        """Arguments and definitions in the selection (everything that can be a card)."""
        return [n for n, kind in self.view.nodes(data="kind") if kind != "thesis"]

    def dropped_note(self) -> str:
        """The sentence saying which theses were left out as empty, or ''."""
        if not self.dropped:
            return ""
        names = "; ".join(f"“{self.question(t)}”" for t in self.dropped)
        return (
            f"Left out: {hm.plural(len(self.dropped), 'question')} on which the chosen perspectives "
            f"make no argument either way ({names})."
        )

    def card(self, ident: str) -> Card:
        data = self.graph.nodes[ident]
        status = self.graph.graph.get("quote_status", {}).get(ident)  # the map's record (cli._common)
        verified, verification = status or self.texts.verify(data.get("source"), data.get("quote"))
        bears_on = tuple(
            (relation, self.title(target))
            for _, target, relation in sorted(self.graph.out_edges(ident, data="relation"))
            if target in self.view
        ) + tuple(
            ("undercuts", f"that “{self.title(u['reason'])}” bears on “{self.title(u['target'])}”")
            for u in self.graph.graph.get("undercuts", ())
            if u["source"] == ident
        )
        source = self.sources.get(data.get("source") or "", {})
        return Card(
            id=ident,
            kind=data["kind"],
            tag=hm.words(data["title"]),
            text=hm.words(data["text"]),
            perspective=self.name(data.get("perspective")),
            perspective_id=data.get("perspective") or "",
            quote=hm.words(data.get("quote")),
            citation=citation(source, data.get("speaker")),
            url=safe_url(source.get("url")),
            verified=verified,
            verification=verification,
            score=self.scores.get(ident, 0.0),
            bears_on=bears_on,
            objections=sum(1 for *_, r in self.graph.in_edges(ident, data="relation") if r == "opposes"),
            backers=sum(1 for *_, r in self.graph.in_edges(ident, data="relation") if r == "supports"),
        )


def select(
    graph: nx.DiGraph,
    theses: Iterable[str] | None,
    perspectives: Iterable[str] | None,
    *,
    strength: Mapping[str, float] | None = None,
    sources_dir: str | Path | None = None,
    max_per_side: int | None = None,
    paper: str = "a4",
) -> Selection:
    """The selection for ``--thesis`` and ``--perspective``; raises :class:`hm.HandoutError`.

    When perspectives are chosen, a thesis on which none of them argues either
    way is dropped, and :meth:`Selection.dropped_note` says so.
    """
    thesis_ids, perspective_ids = hm.select(graph, theses, perspectives)
    dropped: list[str] = []
    if perspectives:
        view = hm.scope(graph, thesis_ids, perspective_ids)
        dropped = [t for t in thesis_ids if not any(view.in_edges(t))]
        thesis_ids = [t for t in thesis_ids if t not in dropped]
    return Selection(
        graph=graph,
        view=with_loose(graph, hm.scope(graph, thesis_ids, perspective_ids), perspective_ids),
        theses=thesis_ids,
        perspectives=perspective_ids,
        dropped=dropped,
        scores=hm.Ranker(graph, strength).scores,
        sources=graph.graph.get("sources", {}),
        texts=SourceTexts(graph.graph.get("sources", {}), sources_dir),
        max_per_side=max_per_side,
        paper=fit.PAPERS[paper],
    )


def with_loose(graph: nx.DiGraph, view: nx.DiGraph, perspectives: list[str]) -> nx.DiGraph:
    """``view`` plus the chosen perspectives' claims that bear on no thesis of the map at all.

    Such claims belong to no question, so no thesis selection would ever show
    them; the packet keeps them (as cards and links) rather than drop them silently.
    """
    theses = [n for n, kind in graph.nodes(data="kind") if kind == "thesis"]
    argued = set().union(*(nx.ancestors(graph, t) for t in theses))
    loose = {
        n
        for n, data in graph.nodes(data=True)
        if data["kind"] != "thesis" and n not in argued and data.get("perspective") in perspectives
    }
    return graph.subgraph(set(view) | loose).copy() if loose - set(view) else view


def citation(source: Mapping[str, Any], speaker: str | None) -> tuple[tuple[str, str], ...]:
    """A full citation as (label, value) pairs, leaving out whatever the source does not state.

    A qualified "not stated (a law firm's blog)" still tells the reader who is
    speaking, so its qualifier is kept as the source's standing.
    """
    parts: list[tuple[str, str]] = []
    if hm.words(speaker):
        parts.append(("Speaker", hm.words(speaker)))
    standing: list[str] = []
    for key, label in (("author", "Author"), ("publisher", "Publisher")):
        value = hm.words(source.get(key))
        qualifier = _qualifier(value)
        if qualifier:
            standing.append(qualifier)
        elif hm.stated(value) and not value.lower().startswith("not stated"):
            parts.append((label, value))
    if standing:
        parts.append(("Standing", "; ".join(dict.fromkeys(standing))))
    date = hm.words(source.get("date"))
    if hm.stated(date) and not date.lower().startswith("not stated"):
        parts.append(("Date", date))
    if hm.words(source.get("title")):
        parts.append(("Published in", hm.words(source.get("title"))))
    return tuple(parts)


def _qualifier(value: str) -> str:
    """``a law firm`` from ``not stated (a law firm)``; '' otherwise."""
    if value.lower().startswith("not stated (") and value.endswith(")"):
        return value[len("not stated (") : -1].strip()
    return ""


def safe_url(value: str | None) -> str | None:
    """An http(s) URL without quotes or spaces, else None: it may become a link."""
    url = hm.words(value)
    ok = url.lower().startswith(("https://", "http://")) and not any(c in url for c in "\"'<> \\`")
    return url if ok else None


class SourceTexts:
    """The sources' text files, read once each, to say whether a quote was checked against one."""

    def __init__(self, sources: Mapping[str, Any], directory: str | Path | None) -> None:
        self.sources = sources
        self.directory = Path(directory) if directory is not None else None
        self.cache: dict[str, str | None] = {}

    def text(self, file: str) -> str | None:
        """The folded text of ``file`` in the sources folder, or None when it cannot be read.

        Only a plain file name inside the folder, size-capped (see :mod:`debatemap.store.sourcetext`):
        sources.yaml must not make the packet read anything else.
        """
        if file not in self.cache:
            text = read_source_text(self.directory, file)[0] if self.directory is not None else None
            self.cache[file] = fold(text) if text is not None else None
        return self.cache[file]

    def verify(self, source: str | None, quote: str | None) -> tuple[bool, str]:
        """``(True, "verified against FILE")`` only when the quote really is in the text."""
        file = hm.words((self.sources.get(source or "") or {}).get("file"))
        text = self.text(file) if file else None
        if text is None or not hm.words(quote):
            return False, "not verified: source text not available"
        if find_quote(quote or "", text):
            return True, f"verified against {file}"
        return False, f"not verified: the passage was not found in {file}"


def sides(view: nx.DiGraph, thesis: str) -> dict[str, int]:
    """Every claim in ``thesis``'s tree with +1 (it argues for the thesis) or -1 (against).

    Reached breadth-first from the thesis: supporting a claim takes its side,
    opposing a claim takes the other side. A claim reached along several paths
    takes the side of the shortest (ties: the first in id order), so each
    claim sits on exactly one side of a structured controversy.
    """
    side = {thesis: 1}
    queue = deque([thesis])
    while queue:
        claim = queue.popleft()
        for arguer in sorted(view.predecessors(claim)):
            if arguer not in side:
                relation = view.edges[arguer, claim]["relation"]
                side[arguer] = side[claim] if relation == "supports" else -side[claim]
                queue.append(arguer)
    del side[thesis]
    return side


def premises(selection: Selection, claim: str, target: str) -> list[str]:
    """The claims that make one reason with ``claim`` for ``target``: its premise group, lead first.

    A claim linked to ``target`` on its own is a reason by itself (``[claim]``).
    Members outside the selection are left out (the reason then shows what is in it).
    """
    group = (
        selection.graph.edges[claim, target].get("group") if selection.graph.has_edge(claim, target) else None
    )
    if not group:
        return [claim]
    members = selection.graph.graph.get("groups", {}).get(group, {}).get("members", [claim])
    return [m for m in members if m in selection.view] or [claim]


def undercutters(selection: Selection, reason: Iterable[str], target: str) -> list[str]:
    """Claims in the selection's perspectives that attack the link from ``reason`` to ``target``.

    An undercut grants the reason and denies that it bears on the target, so it
    belongs beside that reason, strongest first.
    """
    members = set(reason)
    found = {
        u["source"]
        for u in selection.graph.graph.get("undercuts", ())
        if u["reason"] in members
        and u["target"] == target
        and selection.graph.nodes[u["source"]].get("perspective") in selection.perspectives
    }
    return sorted(found, key=selection.rank)


def depth_order(view: nx.DiGraph, thesis: str) -> list[str]:
    """The claims of ``thesis``'s tree, breadth-first (nearest the thesis first)."""
    return list(sides(view, thesis))

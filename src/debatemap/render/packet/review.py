"""The link review sheet: every supports/opposes link, both claims and their quotes side by side.

For grading a student's map or checking one's own: a link must hold (if the
first claim is true, that is a reason to accept, or reject, the second as
worded), and the sheet gives a box to mark each one sound or not. Links are
listed question by question, nearest the thesis first, then any link outside
every question's tree; links with an end outside the selection are counted.
A premise group is one link whose first end is all its parts together, and
an undercut is a link listed right after the link it attacks (issue 19).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from debatemap.render.handout import model as hm
from debatemap.render.packet.model import Card, Selection, depth_order, premises, undercutters


@dataclass(frozen=True)
class End:
    """One end of a link: a claim with its quote and source, or a thesis (its title only)."""

    title: str
    who: str  # perspective name, or "Thesis"
    quote: str  # "" for a thesis
    text: str
    source: str  # short citation: the publication title (and the speaker), "" for a thesis


@dataclass(frozen=True)
class Link:
    number: int
    source: End
    relation: str  # "supports" | "opposes" | "undercuts"
    target: End  # for an undercut: the link it attacks, described
    parts: tuple[End, ...] = ()  # a premise group: every part (source is the first); () otherwise
    attacks: int = 0  # an undercut: the number of the link it attacks


@dataclass(frozen=True)
class ReviewGroup:
    heading: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Review:
    groups: tuple[ReviewGroup, ...]
    total: int
    map_total: int
    note: str


def build_review(selection: Selection) -> Review:
    view, graph = selection.view, selection.graph
    seen: set[tuple[str, str]] = set()
    groups: list[ReviewGroup] = []
    number = 0

    def take(edges: list[tuple[str, str]]) -> tuple[Link, ...]:
        nonlocal number
        links = []
        for a, b in edges:
            if (a, b) in seen:
                continue
            members = [m for m in premises(selection, a, b) if view.has_edge(m, b)] or [a]
            seen.update((m, b) for m in members)
            number += 1
            relation = view.edges[a, b]["relation"]
            ends = tuple(end(selection, m) for m in members)
            links.append(Link(number, ends[0], relation, end(selection, b), ends if len(ends) > 1 else ()))
            attacked = number
            for u in undercutters(selection, members, b):
                number += 1
                what = " + ".join(f"“{e.title}”" for e in ends) + f" {relation} “{selection.title(b)}”"
                target = End(f"Link {attacked}: {what}", "a link", "", "", "")
                links.append(Link(number, end(selection, u), "undercuts", target, attacks=attacked))
        return tuple(links)

    for thesis in selection.theses:
        order = [thesis, *depth_order(view, thesis)]
        edges = [(a, b) for b in order for a in sorted(view.predecessors(b), key=selection.rank)]
        links = take(edges)
        if links:
            groups.append(ReviewGroup(f"Question: {selection.question(thesis)}", links))
    rest = take(sorted((a, b) for a, b in view.edges))
    if rest:
        groups.append(ReviewGroup("Links outside the questions above", rest))
    map_total = links_in(graph)
    left_out = map_total - number
    note = f"All {hm.plural(number, 'link')} of this selection are listed, each once."
    if left_out:
        note += (
            f" The map has {hm.plural(left_out, 'more link')}, with an end outside this selection "
            "(another question or perspective), not listed here."
        )
    dropped = selection.dropped_note()
    return Review(tuple(groups), number, map_total, note + (" " + dropped if dropped else ""))


def links_in(graph: nx.DiGraph) -> int:
    """The map's links as the sheet counts them: a premise group is one, an undercut is one."""
    groups = graph.graph.get("groups", {})
    grouped = sum(len(g["members"]) - 1 for g in groups.values())
    return int(graph.number_of_edges()) - grouped + len(graph.graph.get("undercuts", ()))


def end(selection: Selection, ident: str) -> End:
    data = selection.graph.nodes[ident]
    if data["kind"] == "thesis":
        # The thesis's title is the claim; its long text would repeat under every link to it.
        return End(selection.title(ident), "Thesis", "", "", "")
    card: Card = selection.card(ident)
    parts = dict(card.citation)
    source = parts.get("Published in", "")
    if "Speaker" in parts:
        source = f"{parts['Speaker']}, in {source}" if source else parts["Speaker"]
    return End(card.tag, card.perspective, card.quote, card.text, source)

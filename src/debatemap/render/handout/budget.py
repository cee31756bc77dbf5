"""Keeping the brief a brief: a budget of printed lines, and counts for what does not fit.

Every argument of a small map fits in the brief. A large map's would not: at 10,000
nodes, naming every argument took over 200 pages. So the brief has a budget, in
rough printed lines of A4: a thesis costs a heading and its text, an argument its
title line and short quote, a rebuttal a shorter one, a backer a line. A brief within
the budget is built exactly as before. Over it, the brief keeps the definitions up to
a number, then takes the strongest argument of every side of every question in turn
(round robin, so every question keeps its best case), then rebuttals and backers of
those in turn, while the budget lasts. What is left out is counted, not named: under
each question ("and 3,412 further arguments for, 2,917 against: see the map") and
by perspective at the end.

The line costs are estimates; :func:`debatemap.render.handout.render_handout` checks
the laid-out PDF against its page limit and shrinks the budget if it is still over.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest

import networkx as nx

from debatemap.render.handout import model as hm

# Printed lines: an item costs its own line(s) of heading or spacing plus its characters
# over a line's width. Calibrated on the shipped map's brief (12 A4 pages) and generated
# maps of 2,000 and 10,000 nodes. A question's fixed cost covers its headings and its
# what-is-left-out lines; a row of the perspectives table and a source's entry have fixed costs.
WIDTH = 95  # characters in a line of the brief's body text on A4
THESIS, ROW, REFERENCE = 14, 3, 2
LINES = 830  # about 12 A4 pages of the brief's print style
# A brief cut to fit is filled to this share of the budget: its questions run to the
# per-side limit, so it has more headings and short entries than the estimate weighs.
CUT_SHARE = 0.85
MAX_DEFINITIONS = 12


@dataclass(frozen=True)
class Plan:
    """What an over-budget brief keeps: ids per side, and (parent, child) pairs below them."""

    top: Mapping[tuple[str, str], tuple[str, ...]]  # (thesis, "supports"|"opposes") -> entry ids
    replies: frozenset[tuple[str, str]]  # (argument, its rebuttal) shown under it
    backers: frozenset[tuple[str, str]]  # (argument, its backer) named under it
    definitions: int  # the first this many definitions are shown


def cost(handout: hm.Handout) -> int:
    """The brief's printed lines, by the costs above."""
    lines = sum(_definition(d) for d in handout.definitions) + _fixed(handout)
    lines += sum(_backer(b) for b in handout.unshown)
    for section in handout.theses:
        lines += THESIS + _chars(section.text)
        for _, entry in hm.thread(section.case_for.entries + section.case_against.entries):
            lines += _entry(entry) + sum(_backer(b) for b in entry.backers)
    return lines


def _chars(*texts: str) -> int:
    return sum(len(text) for text in texts) // WIDTH


def _entry(entry: hm.Entry) -> int:
    """An argument or rebuttal: its line, title, perspective and strength, and short quote."""
    return 3 + _chars(entry.title, entry.perspective, entry.quote, entry.speaker or "", " " * 30)


def _backer(backer: hm.Backer) -> int:
    """A named backer: about a line of the "Backed by" paragraph."""
    return 1


def _definition(definition: hm.Definition) -> int:
    return 3 + _chars(definition.title, definition.text, definition.quote, definition.perspective)


def _fixed(handout: hm.Handout) -> int:
    """Lines that hardly depend on which arguments are shown: the table, the clash and
    agreement lists, the questions for discussion and the sources."""
    lines = ROW * len(handout.perspectives) + REFERENCE * len(handout.references)
    for claim in handout.clashes + handout.agreements:
        lines += 1 + _chars(claim.title, claim.perspective, *claim.supporters, *claim.opposers, " " * 40)
    return lines + sum(1 + _chars(question) for question in handout.questions)


def _in_turn(lists: Sequence[Sequence[hm.Entry]]) -> Iterator[hm.Entry]:
    """The first of every list, then the second of every list, and so on."""
    for row in zip_longest(*lists):
        yield from (entry for entry in row if entry is not None)


def plan(handout: hm.Handout, lines: int = LINES) -> Plan | None:
    """What to keep of ``handout`` (built in full) to fit ``lines``; ``None`` if it all fits."""
    if cost(handout) <= lines:
        return None
    lines = int(lines * CUT_SHARE)
    definitions = min(len(handout.definitions), MAX_DEFINITIONS)
    spent = sum(_definition(d) for d in handout.definitions[:definitions]) + _fixed(handout)
    spent += sum(THESIS + _chars(section.text) for section in handout.theses)
    top: dict[tuple[str, str], list[str]] = {}
    sides = [
        (section.id, relation, side.entries)
        for section in handout.theses
        for relation, side in (("supports", section.case_for), ("opposes", section.case_against))
    ]
    kept: list[list[hm.Entry]] = [[] for _ in sides]
    for row in zip_longest(*(entries for _, _, entries in sides)):
        for index, entry in enumerate(row):
            if entry is not None and spent + _entry(entry) <= lines:
                spent += _entry(entry)
                kept[index].append(entry)
    for (thesis, relation, _), entries in zip(sides, kept, strict=True):
        top[(thesis, relation)] = [e.id for e in entries]
    # Then, while lines are left, a backer and a rebuttal of each kept argument in turn.
    replies: set[tuple[str, str]] = set()
    backers: set[tuple[str, str]] = set()
    shown = list(_in_turn(kept))
    for rank in range(max((max(len(e.backers), len(e.replies)) for e in shown), default=0)):
        for entry in shown:
            if rank < len(entry.backers) and spent + _backer(entry.backers[rank]) <= lines:
                spent += _backer(entry.backers[rank])
                backers.add((entry.id, entry.backers[rank].id))
            if rank < len(entry.replies) and spent + _entry(entry.replies[rank]) <= lines:
                spent += _entry(entry.replies[rank])
                replies.add((entry.id, entry.replies[rank].id))
    return Plan(
        {key: tuple(ids) for key, ids in top.items()}, frozenset(replies), frozenset(backers), definitions
    )


def sides_of(view: nx.DiGraph, thesis: str) -> dict[str, str]:
    """Each claim in ``thesis``'s tree -> ``"for"`` or ``"against"`` it.

    A claim's side is the sign of its shortest chain of links to the thesis (an
    opposer of an opposer argues for it), found breadth first in id order.
    """
    found = {thesis: "for"}
    frontier = [thesis]
    while frontier:
        following = []
        for claim in frontier:
            for source in sorted(view.predecessors(claim)):
                if source in found:
                    continue
                same = view.edges[source, claim]["relation"] == "supports"
                found[source] = found[claim] if same else ("against" if found[claim] == "for" else "for")
                following.append(source)
        frontier = following
    del found[thesis]
    return found


def further(view: nx.DiGraph, thesis: str, shown: set[str]) -> str:
    """``and 3,412 further arguments for, 2,917 against: see the map`` (or ``""``)."""
    count = {"for": 0, "against": 0}
    for claim, side in sides_of(view, thesis).items():
        if claim not in shown and view.nodes[claim]["kind"] == "argument":
            count[side] += 1
    if not count["for"] and not count["against"]:
        return ""
    word = "argument" if count["for"] == 1 else "arguments"
    return f"And {count['for']:,} further {word} for, {count['against']:,} against: see the map."


def by_perspective(view: nx.DiGraph, shown: set[str], name: Mapping[str, str]) -> str:
    """The arguments of the selection not shown, counted by perspective, largest first."""
    count: dict[str, int] = {}
    for claim, data in view.nodes(data=True):
        if data["kind"] == "argument" and claim not in shown:
            label = name.get(data.get("perspective") or "", "no stated perspective")
            count[label] = count.get(label, 0) + 1
    if not count:
        return ""
    parts = [f"{n:,} {label}" for label, n in sorted(count.items(), key=lambda item: (-item[1], item[0]))]
    return "Not shown, by perspective: " + "; ".join(parts) + ". The map has them all."

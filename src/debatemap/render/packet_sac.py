"""Structured Academic Controversy (Johnson and Johnson): one kit per question.

Each kit has a sheet for side A (the thesis is right) and side B (it is
wrong) holding every claim of the thesis's tree on that side, with its quote
and citation; a box to restate the other side's best case; a synthesis
template (strongest argument on each side, common ground, a joint answer);
and a key for the teacher with what the map's analysis finds: the strongest
argument on each side by DF-QuAD strength and the claims supported from two or
more perspectives (common ground).
"""

from __future__ import annotations

from dataclasses import dataclass

from debatemap.graph.analysis import common_ground
from debatemap.render.packet_model import Card, Selection, sides

MAX_COMMON_GROUND = 6

STEPS = (
    "In pairs, read your side's sheet and prepare the best case for it (about 10 minutes).",
    "Present your case to the other pair; they listen and take notes without arguing back.",
    "Open discussion: ask questions, test the evidence, answer the other pair's points.",
    "Reverse: each pair restates the other side's best case in the box, until the other pair agrees "
    "it is fair.",
    "Drop the sides: all four write the synthesis together, on the last sheet.",
)


@dataclass(frozen=True)
class SacItem:
    card: Card
    link: str  # how it bears on the question: "argues for it directly", "backs: X", "answers: X"


@dataclass(frozen=True)
class Agreement:
    title: str
    perspectives: tuple[str, ...]


@dataclass(frozen=True)
class SacKit:
    id: str
    question: str
    thesis: str
    text: str
    side_a: tuple[SacItem, ...]
    side_b: tuple[SacItem, ...]
    strongest_a: str
    strongest_b: str
    common_ground: tuple[Agreement, ...]
    more_common_ground: int


@dataclass(frozen=True)
class Controversy:
    kits: tuple[SacKit, ...]
    steps: tuple[str, ...]
    note: str


def build_sac(selection: Selection) -> Controversy:
    kits = tuple(kit(selection, t) for t in selection.theses)
    note = (
        "One kit per question. Each side's sheet holds every claim of the map on that side of the "
        "question, strongest first among those that argue about it directly."
    )
    dropped = selection.dropped_note()
    return Controversy(kits, STEPS, note + (" " + dropped if dropped else ""))


def kit(selection: Selection, thesis: str) -> SacKit:
    view = selection.view
    side = sides(view, thesis)
    depth = {claim: index for index, claim in enumerate(side)}

    def items(sign: int) -> tuple[SacItem, ...]:
        mine = [c for c in side if side[c] == sign]
        mine.sort(key=lambda c: (not view.has_edge(c, thesis), *selection.rank(c), depth[c]))
        return tuple(SacItem(selection.card(c), link(selection, c, thesis, depth)) for c in mine)

    a, b = items(1), items(-1)
    tree = view.subgraph([thesis, *side])
    found = common_ground(tree)
    agreements = tuple(
        Agreement(selection.title(g.id), tuple(selection.name(p) for p in g.perspectives))
        for g in found[:MAX_COMMON_GROUND]
    )
    data = view.nodes[thesis]
    return SacKit(
        id=thesis,
        question=selection.question(thesis),
        thesis=selection.title(thesis),
        text=" ".join((data.get("text") or "").split()),
        side_a=a,
        side_b=b,
        strongest_a=a[0].card.tag if a and view.has_edge(a[0].card.id, thesis) else "",
        strongest_b=b[0].card.tag if b and view.has_edge(b[0].card.id, thesis) else "",
        common_ground=agreements,
        more_common_ground=max(0, len(found) - MAX_COMMON_GROUND),
    )


def link(selection: Selection, claim: str, thesis: str, depth: dict[str, int]) -> str:
    """How ``claim`` bears on the question, through the claim nearest the thesis it argues about."""
    view = selection.view
    if view.has_edge(claim, thesis):
        return "argues about the question directly"
    targets = [t for t in view.successors(claim) if t in depth]
    target = min(targets, key=depth.__getitem__) if targets else thesis
    relation = view.edges[claim, target]["relation"] if view.has_edge(claim, target) else "supports"
    verb = "backs" if relation == "supports" else "answers"
    return f"{verb}: {selection.title(target)}"

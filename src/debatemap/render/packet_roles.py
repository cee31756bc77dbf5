"""Role cards: one per perspective, for role-play and stakeholder debates.

A card says who the role is (the perspective's description), what they want
(the theses their arguments argue for), what they cannot accept (the theses
and other perspectives' claims their arguments argue against), and their best
arguments with evidence, strongest first by DF-QuAD strength. Every other
argument of the role is listed by title, so nothing of theirs is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from debatemap.render import handout_model as hm
from debatemap.render.packet_model import Card, Selection, sides

BEST_ARGUMENTS = 4  # with quote and citation; a role card should fit on about one page


@dataclass(frozen=True)
class Stance:
    """A claim the role argues for or against, and how many of its arguments do."""

    title: str
    detail: str  # the thesis's question, or the perspective the claim comes from
    count: int  # its arguments on the side the stance is listed under
    against: int = 0  # its arguments on the other side (a perspective can be divided)


@dataclass(frozen=True)
class RoleCard:
    id: str
    name: str
    description: str
    wants: tuple[Stance, ...]  # theses it argues more for than against
    rejects: tuple[Stance, ...]  # theses it argues more against than for
    divided: tuple[Stance, ...]  # theses it argues as much for as against
    objections: tuple[Stance, ...]  # other perspectives' claims this role opposes
    best: tuple[Card, ...]
    others: tuple[tuple[str, float], ...]  # the rest of its arguments: (title, strength)
    definitions: tuple[str, ...]  # titles of the definitions it gives


@dataclass(frozen=True)
class RoleCards:
    cards: tuple[RoleCard, ...]
    note: str  # what the selection leaves out


def build_roles(selection: Selection) -> RoleCards:
    trees = {t: sides(selection.view, t) for t in selection.theses}
    cards = tuple(role(selection, p, trees) for p in selection.perspectives)
    return RoleCards(cards, selection.dropped_note())


def role(selection: Selection, perspective: str, trees: dict[str, dict[str, int]]) -> RoleCard:
    view = selection.view
    own = [n for n, p in view.nodes(data="perspective") if p == perspective]
    arguments = sorted((n for n in own if view.nodes[n]["kind"] == "argument"), key=selection.rank)
    wants: list[Stance] = []
    rejects: list[Stance] = []
    divided: list[Stance] = []
    for thesis, side in trees.items():
        mine = [side[n] for n in arguments if n in side]
        pro, con = mine.count(1), mine.count(-1)
        title, question = selection.title(thesis), selection.question(thesis)
        if pro > con:
            wants.append(Stance(title, question, pro, con))
        elif con > pro:
            rejects.append(Stance(title, question, con, pro))
        elif pro:
            divided.append(Stance(title, question, pro, con))
    opposed: dict[str, int] = {}
    for ident in arguments:
        for _, target, relation in view.out_edges(ident, data="relation"):
            target_perspective = view.nodes[target].get("perspective")
            if relation == "opposes" and target_perspective and target_perspective != perspective:
                opposed[target] = opposed.get(target, 0) + 1
    objections = tuple(
        Stance(selection.title(t), selection.name(view.nodes[t].get("perspective")), n)
        for t, n in sorted(opposed.items(), key=lambda item: (-item[1], selection.title(item[0]).lower()))
    )
    registered = selection.graph.graph["perspectives"][perspective]
    by_count = lambda s: (-s.count, s.title.lower())  # noqa: E731
    return RoleCard(
        id=perspective,
        name=hm.words(registered["name"]),
        description=hm.words(registered.get("description")),
        wants=tuple(sorted(wants, key=by_count)),
        rejects=tuple(sorted(rejects, key=by_count)),
        divided=tuple(sorted(divided, key=by_count)),
        objections=objections,
        best=tuple(selection.card(n) for n in arguments[:BEST_ARGUMENTS]),
        others=tuple((selection.title(n), selection.scores.get(n, 0.0)) for n in arguments[BEST_ARGUMENTS:]),
        definitions=tuple(sorted(selection.title(n) for n in own if view.nodes[n]["kind"] == "definition")),
    )

"""Role cards: one per perspective (a voice), each on one page, for role-play and stakeholder debates.

A card says who the role is (the perspective's description); where it stands
on each question, from its own arguments: for the thesis, against it, or on
both sides (a voice can be divided, and the card says so rather than claim a
side its own evidence contradicts); the other voices' claims it answers; and
its strongest arguments with evidence, strongest first by DF-QuAD strength,
each saying which side of which question it argues and, when the map rates it
weak, that it is weak. The rest of its arguments are named by title as far as
the page allows and counted beyond that: they are all on the evidence cards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from debatemap.render.handout import model as hm
from debatemap.render.packet import fit
from debatemap.render.packet.model import Card, Selection, premises, sides

BEST_ARGUMENTS = 3  # with quote and citation, fewer when they would not fit the page
MAX_OBJECTIONS = 3  # other voices' claims named under "you answer"
INTRO = (
    "One card per perspective, for role play: read your card, then argue as this perspective would, "
    "using its evidence. Arguments are ranked by strength, a score from 0 to 1 that says how well an "
    "argument stands up within this map (what supports it raises it, what opposes it lowers it), not "
    "whether it is true."
)


@dataclass(frozen=True)
class Stance:
    """Where a role stands on one question: how many of its arguments argue for and against the thesis."""

    thesis: str  # the thesis's title
    question: str
    pro: int
    con: int

    @property
    def side(self) -> str:
        """``for``, ``against`` or ``both``."""
        return "both" if self.pro and self.con else "for" if self.pro else "against"


@dataclass(frozen=True)
class Objection:
    title: str
    perspective: str  # whose claim it is
    count: int  # the role's arguments that oppose it


@dataclass(frozen=True)
class BestArgument:
    card: Card
    argues: str  # which side of which question: "for: X; against: Y"
    together: tuple[str, ...] = ()  # the other parts of a premise group it belongs to (titles)

    @property
    def link(self) -> str:
        """What the card says it argues, and with which claims it makes one reason."""
        parts = [self.argues] if self.argues else []
        parts += [f"one reason together with “{title}”" for title in self.together]
        parts += [
            f"{relation}: {target}" for relation, target in self.card.bears_on if relation == "undercuts"
        ]
        return "; ".join(parts)


@dataclass(frozen=True)
class RoleCard:
    id: str
    name: str
    description: str
    stances: tuple[Stance, ...]  # one per question the role argues about, most arguments first
    objections: tuple[Objection, ...]  # other perspectives' claims this role opposes (the first few)
    more_objections: int
    best: tuple[BestArgument, ...]
    others: tuple[tuple[str, float], ...]  # more of its arguments by title: (title, strength)
    more_others: int  # its arguments neither shown nor named (on the evidence cards)
    definitions: tuple[str, ...]  # titles of the definitions it gives

    @property
    def all_weak(self) -> bool:
        return bool(self.best) and all(b.card.weak for b in self.best)


@dataclass(frozen=True)
class RoleCards:
    cards: tuple[RoleCard, ...]
    note: str  # what the selection leaves out
    intro: str = INTRO


def build_roles(selection: Selection) -> RoleCards:
    trees = {t: sides(selection.view, t) for t in selection.theses}
    note = selection.dropped_note()
    title_block = fit.head(INTRO, note)
    cards = tuple(
        role(selection, p, trees, title_block if i == 0 else 0.0)
        for i, p in enumerate(selection.perspectives)
    )
    return RoleCards(cards, note)


def role(
    selection: Selection, perspective: str, trees: dict[str, dict[str, int]], title_block: float = 0.0
) -> RoleCard:
    view = selection.view
    own = [n for n, p in view.nodes(data="perspective") if p == perspective]
    arguments = sorted((n for n in own if view.nodes[n]["kind"] == "argument"), key=selection.rank)
    stances = []
    for thesis, side in trees.items():
        mine = [sign for n in arguments for sign in signs(selection, n, thesis, side)]
        if mine:
            stances.append(
                Stance(selection.title(thesis), selection.question(thesis), mine.count(1), mine.count(-1))
            )
    stances.sort(key=lambda s: (-(s.pro + s.con), s.thesis.lower()))
    opposed: dict[str, int] = {}
    for ident in arguments:
        for _, target, relation in view.out_edges(ident, data="relation"):
            target_perspective = view.nodes[target].get("perspective")
            if relation == "opposes" and target_perspective and target_perspective != perspective:
                opposed[target] = opposed.get(target, 0) + 1
    objections = [
        Objection(selection.title(t), selection.name(view.nodes[t].get("perspective")), n)
        for t, n in sorted(opposed.items(), key=lambda item: (-item[1], selection.title(item[0]).lower()))
    ]
    registered = selection.graph.graph["perspectives"][perspective]
    definitions = tuple(sorted(selection.title(n) for n in own if view.nodes[n]["kind"] == "definition"))
    card = RoleCard(
        id=perspective,
        name=hm.words(registered["name"]),
        description=hm.words(registered.get("description")),
        stances=tuple(stances),
        objections=tuple(objections[:MAX_OBJECTIONS]),
        more_objections=max(0, len(objections) - MAX_OBJECTIONS),
        best=tuple(best(selection, n, trees) for n in arguments[:BEST_ARGUMENTS]),
        others=(),
        more_others=0,
        definitions=definitions,
    )
    return fit_page(selection, card, arguments, title_block)


def signs(selection: Selection, ident: str, thesis: str, side: dict[str, int]) -> list[int]:
    """The sides ``ident`` argues on ``thesis``: its own place in the tree, and through undercuts.

    An undercut of a reason on one side argues on the other: it denies that the
    reason shows what it argues for. Each side is counted once.
    """
    found = {side[ident]} if ident in side else set()
    found |= {
        -side[u["reason"]]
        for u in selection.graph.graph.get("undercuts", ())
        if u["source"] == ident and u["reason"] in side
    }
    return sorted(found, reverse=True)


def best(selection: Selection, ident: str, trees: dict[str, dict[str, int]]) -> BestArgument:
    """The argument as evidence, saying which side of which question it is on (as the stances count it)."""
    parts = [
        f"{'for' if sign == 1 else 'against'}: {selection.title(thesis)}"
        for thesis, side in trees.items()
        for sign in signs(selection, ident, thesis, side)
    ]
    together = {
        selection.title(m)
        for _, target in selection.graph.out_edges(ident)
        for m in premises(selection, ident, target)
        if m != ident
    }
    return BestArgument(selection.card(ident), "; ".join(parts), tuple(sorted(together)))


def fit_page(selection: Selection, card: RoleCard, arguments: list[str], title_block: float) -> RoleCard:
    """``card`` with as many best arguments and other titles as fit one page (at least one of each kind)."""
    budget = selection.paper.portrait_lines - title_block - fixed_lines(card)
    best_cards = list(card.best)
    while len(best_cards) > 1 and sum(map(card_lines, best_cards)) > budget - 2:
        best_cards.pop()
    room = budget - sum(map(card_lines, best_cards)) - 1.0  # the heading and note of the other arguments
    others: list[tuple[str, float]] = []
    used = 0
    for ident in arguments[len(best_cards) :]:
        title = selection.title(ident)
        used += len(title) + 9  # "; " and the strength
        if fit.lines("x" * used, fit.BODY_CHARS) > room:
            break
        others.append((title, selection.scores.get(ident, 0.0)))
    shown = len(best_cards) + len(others)
    return replace(card, best=tuple(best_cards), others=tuple(others), more_others=len(arguments) - shown)


def fixed_lines(card: RoleCard) -> float:
    """A role card less its evidence and other titles: heading, stances, answers, rooms to write."""
    stances = sum(fit.lines(stance_text(s), fit.BODY_CHARS - 4) for s in card.stances)
    answers = "; ".join(f"“{o.title}” ({o.perspective})" for o in card.objections)
    objections = (
        fit.lines(f"You answer {answers}; and 00 more claims of other voices", fit.BODY_CHARS)
        if answers
        else 0
    )
    definitions = (
        fit.lines("Definitions you give: " + "; ".join(card.definitions), fit.BODY_CHARS)
        if card.definitions
        else 0
    )
    heading = 4.0 + fit.lines(card.description, fit.BODY_CHARS) + 0.5
    # Section headings (where you stand, you answer, best arguments), the note, two rooms of 26 and 14 mm.
    return heading + 2.0 + stances + 1.0 + objections + 2.0 + definitions + 12.5


def stance_text(stance: Stance) -> str:
    """What the card prints for a stance (see roles.*.j2), to measure it."""
    if stance.side == "both":
        return (
            f"On both sides of “{stance.thesis}”: 00 of your arguments for it, 00 against it. "
            "Argue both, and say which weighs more for you."
        )
    return f"Against “{stance.thesis}” (00 of your arguments)"


def card_lines(argument: BestArgument) -> float:
    """The printed height of one evidence card on a role card (the ``card`` macro), in body lines."""
    card = argument.card
    who = fit.lines(f"{card.perspective} · strength 0.00 · {argument.link}", fit.SMALL_CHARS) * fit.SMALL
    weak = fit.lines("Weak: " + card.weakness, fit.SMALL_CHARS) * fit.SMALL if card.weak else 0.0
    cite = " · ".join(f"{label}: {value}" for label, value in card.citation) + (card.url or "")
    quote = fit.lines(f"“{card.quote}”", fit.BODY_CHARS - 6)
    check = fit.lines("? Quotation " + card.verification, fit.SMALL_CHARS) * fit.SMALL
    return (
        fit.lines("Card 0 " + card.tag, fit.BODY_CHARS) + who + weak + cite_lines(cite) + quote + check + 1.5
    )


def cite_lines(cite: str) -> float:
    return fit.lines(cite, fit.SMALL_CHARS) * fit.SMALL

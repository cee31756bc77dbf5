"""Structured Academic Controversy (Johnson and Johnson): one kit per question, for one lesson.

Each kit has a sheet for side A (the thesis is right) and side B (it is
wrong), each one page: the strongest claims of the thesis's tree on that side
(those that argue about the question directly first, any the map rates weak
last and marked so), with quote and citation, and a line saying how many more
there are and where to find them; a box to restate the other side's best case;
a synthesis template (strongest argument on each side, common ground, a joint
answer); and a key for the teacher with what the map's analysis finds: the
strongest argument on each side by DF-QuAD strength (said to be weak when it
is) and the claims supported from two or more perspectives (common ground).
Five pages a question; ``--max-per-side`` asks for more claims a side.
"""

from __future__ import annotations

from dataclasses import dataclass

from debatemap.graph.analysis import common_ground
from debatemap.render.packet import fit
from debatemap.render.packet.model import WEAK_BELOW, Card, Selection, premises, sides, undercutters

MAX_COMMON_GROUND = 6
PER_SIDE = 5  # claims on a side sheet by default, fewer when they would not fit its page
INTRO = (
    "A Structured Academic Controversy (after David and Roger Johnson) for groups of four: two pairs "
    "argue opposite sides of one question, then swap and finally write a shared answer. Strength (0 to "
    "1) says how well an argument stands up within this map (what supports it raises it, what opposes "
    "it lowers it), not whether it is true."
)

STEPS = (  # 44 minutes in all: one lesson
    "Prepare (10 minutes): in pairs, read your side's sheet and build the best case for it.",
    "Present (8 minutes): each pair presents its case in 4 minutes; the other pair listens and takes "
    "notes without arguing back.",
    "Discuss (8 minutes): ask questions, test the evidence, answer the other pair's points.",
    "Reverse (8 minutes): each pair restates the other side's best case in the box, until the other "
    "pair agrees it is fair.",
    "Synthesise (10 minutes): drop the sides; all four write the synthesis together, on the last sheet.",
)


@dataclass(frozen=True)
class SacItem:
    """One numbered reason: a claim, or a premise group (its parts count only together)."""

    card: Card  # the reason's first claim (for a group: its strongest part)
    link: str  # how it bears on the question: "argues for it directly", "backs: X", "answers: X"
    parts: tuple[Card, ...] = ()  # a premise group: every part, the lead first; () for one claim
    undercuts: tuple[Card, ...] = ()  # claims that grant the reason but deny it bears on its target

    @property
    def claims(self) -> int:
        return max(1, len(self.parts))


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
    side_a: tuple[SacItem, ...]  # the claims on side A's sheet, in order
    side_b: tuple[SacItem, ...]
    more_a: int  # claims on side A not on its sheet
    more_b: int
    strongest_a: str  # the strongest argument about the question directly, with a weakness note
    strongest_b: str
    common_ground: tuple[Agreement, ...]
    more_common_ground: int


@dataclass(frozen=True)
class Controversy:
    kits: tuple[SacKit, ...]
    steps: tuple[str, ...]
    note: str
    intro: str = INTRO


def build_sac(selection: Selection) -> Controversy:
    limit = selection.max_per_side
    note = (
        "This page is for the teacher. Then one kit per question, five pages: a sheet for each side, "
        "a sheet to restate the other side, a synthesis sheet and a key for the teacher. Each side's "
        "sheet holds "
        + (f"at most {limit}" if limit else "the strongest")
        + " claims of the map on that side, those that argue about the question directly first"
        + ("" if limit else ", as many as fit its page")
        + "; it says how many more there are."
    )
    dropped = selection.dropped_note()
    note += " " + dropped if dropped else ""
    return Controversy(tuple(kit(selection, t) for t in selection.theses), STEPS, note)


def kit(selection: Selection, thesis: str) -> SacKit:
    """The kit for ``thesis``: each side's sheet holds what fits its page (or ``--max-per-side``)."""
    view = selection.view
    side = sides(view, thesis)
    depth = {claim: index for index, claim in enumerate(side)}
    data = view.nodes[thesis]
    text = " ".join((data.get("text") or "").split())
    page = selection.paper.portrait_lines
    fixed = sheet_lines(selection.question(thesis), selection.title(thesis) + " " + text)

    def items(sign: int, budget: float) -> tuple[tuple[SacItem, ...], int]:
        mine = [c for c in side if side[c] == sign]
        # Weak claims last: a side sheet offers its strongest case first, and a weak one says so.
        mine.sort(
            key=lambda c: (
                selection.scores.get(c, 0.0) < WEAK_BELOW,
                not view.has_edge(c, thesis),
                *selection.rank(c),
                depth[c],
            )
        )
        chosen = reasons(selection, mine, thesis, depth)[: selection.max_per_side or PER_SIDE]
        if not selection.max_per_side:
            while len(chosen) > 1 and sum(map(item_lines, chosen)) > budget:
                chosen.pop()
        return tuple(chosen), len(mine) - sum(item.claims for item in chosen)

    (a, more_a), (b, more_b) = items(1, page - fixed), items(-1, page - fixed)
    tree = view.subgraph([thesis, *side])
    found = common_ground(tree)
    agreements = tuple(
        Agreement(selection.title(g.id), tuple(selection.name(p) for p in g.perspectives))
        for g in found[:MAX_COMMON_GROUND]
    )
    return SacKit(
        id=thesis,
        question=selection.question(thesis),
        thesis=selection.title(thesis),
        text=text,
        side_a=a,
        side_b=b,
        more_a=more_a,
        more_b=more_b,
        strongest_a=strongest(selection, thesis, 1, side),
        strongest_b=strongest(selection, thesis, -1, side),
        common_ground=agreements,
        more_common_ground=max(0, len(found) - MAX_COMMON_GROUND),
    )


def strongest(selection: Selection, thesis: str, sign: int, side: dict[str, int]) -> str:
    """The strongest argument about the question directly on one side, saying so when it is weak."""
    view = selection.view
    direct = sorted((c for c in side if side[c] == sign and view.has_edge(c, thesis)), key=selection.rank)
    if not direct:
        return ""
    card = selection.card(direct[0])
    if not card.weak:
        return card.tag
    return (
        f"{card.tag} (strength {card.score:.2f}: even the strongest argument on this side is "
        f"{card.weakness.split(': ')[0]})"
    )


def sheet_lines(question: str, lead: str) -> float:
    """A side sheet less its claims: heading, thesis, counts, the room to write (in body lines)."""
    heading = 4.0 + fit.lines(question, fit.SMALL_CHARS) * fit.SMALL
    return heading + fit.lines(lead, fit.BODY_CHARS) + 4 * fit.SMALL + 1.0 + 11.0


def item_lines(item: SacItem) -> float:
    """The printed height of one reason on a side sheet (see the ``item`` macro), its undercuts too."""
    cards = item.parts or (item.card,)
    return sum(card_lines(c, item.link) for c in (*cards, *item.undercuts)) + (1.0 if item.parts else 0.0)


def card_lines(card: Card, link: str) -> float:
    """One claim of a reason: its tag line, weakness, quotation and citation."""
    item = SacItem(card, link)
    tag: float = fit.lines(f"00 {card.tag} {card.perspective} · strength 0.00 · {item.link}", fit.BODY_CHARS)
    tag += fit.lines("Weak: " + card.weakness, fit.SMALL_CHARS - 8) * fit.SMALL if card.weak else 0
    quote = fit.lines(f"“{card.quote}”", fit.BODY_CHARS - 6)
    cite = " ".join(value for _, value in card.citation) + (card.url or "") + card.verification
    return tag + quote + fit.lines(cite, fit.SMALL_CHARS - 8) * fit.SMALL + 0.4


def reasons(selection: Selection, ordered: list[str], thesis: str, depth: dict[str, int]) -> list[SacItem]:
    """``ordered`` as numbered reasons: a premise group's parts make one, at its strongest part's place.

    Each reason carries the undercuts of its link, so a student sees the attack
    beside the reason it attacks.
    """
    mine, taken, found = set(ordered), set(), []
    for claim in ordered:
        if claim in taken:
            continue
        target = link_target(selection, claim, thesis, depth)
        members = [m for m in premises(selection, claim, target) if m in mine and m not in taken] or [claim]
        taken.update(members)
        cards = tuple(selection.card(m) for m in members)
        found.append(
            SacItem(
                selection.card(claim),
                link(selection, claim, thesis, depth),
                cards if len(cards) > 1 else (),
                tuple(selection.card(u) for u in undercutters(selection, members, target)),
            )
        )
    return found


def link_target(selection: Selection, claim: str, thesis: str, depth: dict[str, int]) -> str:
    """The claim nearest the thesis that ``claim`` argues about (the thesis itself when it does)."""
    view = selection.view
    if view.has_edge(claim, thesis):
        return thesis
    targets = [t for t in view.successors(claim) if t in depth]
    return min(targets, key=depth.__getitem__) if targets else thesis


def link(selection: Selection, claim: str, thesis: str, depth: dict[str, int]) -> str:
    """How ``claim`` bears on the question, through the claim nearest the thesis it argues about."""
    view = selection.view
    if view.has_edge(claim, thesis):
        return "argues about the question directly"
    target = link_target(selection, claim, thesis, depth)
    relation = view.edges[claim, target]["relation"] if view.has_edge(claim, target) else "supports"
    verb = "backs" if relation == "supports" else "answers"
    return f"{verb}: {selection.title(target)}"

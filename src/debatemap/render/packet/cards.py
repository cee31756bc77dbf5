"""Evidence cards in debate format: tag, full citation, the verbatim passage, and its check.

Every argument and definition of the selection gets a card, grouped by
perspective (in the registry's order) and strongest first within each group.
Theses have no quote, so they are not cards; the note says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from debatemap.render.handout import model as hm
from debatemap.render.packet.model import Card, Selection


@dataclass(frozen=True)
class CardGroup:
    perspective: str
    cards: tuple[tuple[int, Card], ...]  # (card number, card)


@dataclass(frozen=True)
class EvidenceCards:
    groups: tuple[CardGroup, ...]
    total: int
    verified: int
    note: str  # what is in the set and what is not


def build_cards(selection: Selection) -> EvidenceCards:
    claims = selection.claims()
    groups, number = [], 0
    for perspective in selection.perspectives:
        own = sorted(
            (n for n in claims if selection.view.nodes[n].get("perspective") == perspective),
            key=selection.rank,
        )
        numbered = []
        for ident in own:
            number += 1
            numbered.append((number, selection.card(ident)))
        if numbered:
            groups.append(CardGroup(selection.name(perspective), tuple(numbered)))
    verified = sum(card.verified for group in groups for _, card in group.cards)
    kinds = [selection.view.nodes[n]["kind"] for n in claims]
    note = (
        f"{hm.plural(kinds.count('argument'), 'argument')} and "
        f"{hm.plural(kinds.count('definition'), 'definition')}: every one in this selection has a card. "
        f"{verified} of {number} quotations were found in their source text by debatemap; a card "
        "that says “not verified” was not checked, so check it by hand before relying on it. "
        f"The {hm.plural(len(selection.theses), 'thesis', 'theses')} are the questions, not evidence, "
        "so they have no card."
    )
    dropped = selection.dropped_note()
    return EvidenceCards(tuple(groups), number, verified, note + (" " + dropped if dropped else ""))

"""What ``add-source --from`` tells a person about the text it got, and what looks wrong."""

from __future__ import annotations

from collections import Counter

from debatemap.extract import Document

LITTLE_TEXT = 500  # characters: less than a couple of paragraphs is worth a second look
FIRST_LINES = 3
SHOWN = 100  # characters of each first line shown


def warnings(document: Document) -> list[str]:
    """Signs that the text is not the document's readable text: very little of it, many lines
    repeated (menus, cookie notices, running heads left in), extraction's own notes excepted."""
    found: list[str] = []
    text = document.text
    if len(text.strip()) < LITTLE_TEXT:
        found.append(f"very little text ({len(text.strip())} characters): is this the whole document?")
    paragraphs = [" ".join(p.split()).casefold() for p in document.paragraphs]
    counts = Counter(p for p in paragraphs if len(p) >= 3)
    repeated = sum(count for count in counts.values() if count > 1)
    if repeated >= 3 and repeated > len(paragraphs) // 10:
        common = max(counts, key=lambda p: (counts[p], p))
        found.append(
            f"{repeated} of {len(paragraphs)} paragraphs repeat (most often, {counts[common]} times: "
            f"'{_short(common, 60)}'): menus, notices or page headers left in?"
        )
    short = sum(1 for p in paragraphs if len(p.split()) <= 3)
    if len(paragraphs) >= 10 and short > len(paragraphs) // 2:
        found.append(f"{short} of {len(paragraphs)} paragraphs are three words or fewer: lists or menus?")
    return found


def summary(document: Document) -> list[str]:
    """Lines for a person: the kind, characters, paragraphs, the first lines, the notes."""
    paragraphs = document.paragraphs
    lines = [
        # stripped, as warnings() counts: one text is not said to be 200 and then 199 characters
        f"extracted from a {document.kind}: {len(document.text.strip()):,} characters, "
        f"{len(paragraphs):,} paragraph{'s' * (len(paragraphs) != 1)}"
    ]
    lines += [f"  | {_short(p, SHOWN)}" for p in paragraphs[:FIRST_LINES]]
    lines += [f"note: {note}" for note in document.notes]
    return lines


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

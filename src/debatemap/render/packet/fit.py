"""How much of a printed page a piece of the packet takes: so a sheet is chosen to fit its page.

A lesson runs on paper: a role card that spills onto a second page, or a side
sheet of nine pages, is not used. The packet therefore chooses what goes on a
sheet (how many arguments, how many titles) by an estimate of its printed
height, made before any format is rendered, so the Markdown, the HTML and the
PDF say the same thing whatever formats are asked for.

The estimate counts lines of text at the print stylesheet's sizes
(``packet.css``: 9.5 pt body, 8 pt tables, 13 mm margins and 15 mm at the
foot) on the paper asked for, and errs on the long side: average character
widths are taken wide (for the narrower A4), every wrapped paragraph is
rounded up, and a few lines of each page are kept in hand. The page-count
tests on real PDFs are what keep it honest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    portrait_lines: float  # usable height of a portrait page in body lines (9.5 pt × 1.32 = 4.42 mm)
    landscape_lines: float  # usable height of a landscape page in table lines (8 pt × 1.32 = 3.73 mm)
    landscape_mm: float  # usable width of a landscape page, less cell padding


PAPERS = {
    "a4": Paper(portrait_lines=58.0, landscape_lines=47.0, landscape_mm=265.0),  # 297 × 210 mm
    "letter": Paper(portrait_lines=54.0, landscape_lines=48.5, landscape_mm=247.0),  # 279 × 216 mm
}

# Characters on a full-width portrait line of A4 (184 mm; Letter is 6 mm wider).
BODY_CHARS = 118  # 9.5 pt serif
SMALL_CHARS = 140  # 0.82 em sans (who, cite, check lines)
SMALL = 0.82  # the height of a small line in body lines
# Characters per millimetre in the flow table (8 pt sans, average glyph taken wide).
TABLE_CHARS_PER_MM = 0.62

# The packet's title block on the first page: h1, subtitle, intro, note (in body lines).
HEAD_LINES = 6.0


def lines(text: str, per_line: float) -> int:
    """Lines ``text`` wraps to at ``per_line`` characters a line (at least one)."""
    return max(1, math.ceil(len(text) * 1.06 / max(per_line, 1.0)))


def head(intro: str, note: str) -> float:
    """Height of the packet's title block, which shares the first page with the first sheet."""
    return HEAD_LINES + lines(intro, BODY_CHARS) + lines(note, BODY_CHARS) * SMALL

"""How big the page draws each box: the same label wrapping as the page, in Python.

The layout needs every box's drawn size to keep lines out of boxes they do not
connect; the page (``map_core.js``) wraps labels with the same rules as
:func:`label_lines`, and draws each box at least :data:`ARGUMENT_WIDTH` /
:data:`THESIS_WIDTH` wide (its label area is that minus :data:`MARGIN` on each
side). Sizes here are upper bounds: glyphs are counted as wide as in DejaVu
Sans, the widest of the page's fonts, so a box is never bigger on the page than
the layout assumed (the browser test
``test_browser_geometry.py`` measures the drawn boxes against these).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

MARGIN = 8  # vis-network's inner margin on each side of a label (``nodes.margin``)
ARGUMENT_WIDTH = 206  # drawn width of an argument box: a 190 px label area and the margins
THESIS_WIDTH = 296  # drawn width of a thesis box: a 280 px label area and the margins
DEFINITION_WIDTH = 110  # an ellipse's least label width (the page's ``widthConstraint``)
LONG_WORD = 28  # as the page: only longer words (URLs, number runs) are split in a label

# Per kind: (title characters kept, characters per line, font size in px).
LABEL = {"thesis": (120, 21, 20), "definition": (90, 20, 13), "argument": (90, 22, 14)}
# Glyph widths of printable ASCII (space to '~') in font sizes, as Chromium measures DejaVu Sans,
# the widest of the page's fonts (system-ui is narrower where it exists); anything else counts 1.0.
_ASCII_WIDTHS = [
    0.318,
    0.401,
    0.460,
    0.838,
    0.636,
    0.950,
    0.780,
    0.275,
    0.390,
    0.390,
    0.500,
    0.838,
    0.318,
    0.361,
    0.318,
    0.337,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.636,
    0.337,
    0.337,
    0.838,
    0.838,
    0.838,
    0.531,
    1.000,
    0.684,
    0.686,
    0.698,
    0.770,
    0.632,
    0.575,
    0.775,
    0.752,
    0.295,
    0.295,
    0.656,
    0.557,
    0.863,
    0.748,
    0.787,
    0.603,
    0.787,
    0.695,
    0.635,
    0.611,
    0.732,
    0.684,
    0.989,
    0.685,
    0.611,
    0.685,
    0.390,
    0.337,
    0.390,
    0.838,
    0.500,
    0.500,
    0.613,
    0.635,
    0.550,
    0.635,
    0.615,
    0.352,
    0.635,
    0.634,
    0.278,
    0.278,
    0.579,
    0.278,
    0.974,
    0.634,
    0.612,
    0.635,
    0.635,
    0.411,
    0.521,
    0.392,
    0.634,
    0.592,
    0.818,
    0.592,
    0.592,
    0.525,
    0.636,
    0.337,
    0.636,
    0.838,
]
_WIDTH = [1.0] * 32 + _ASCII_WIDTHS + [1.0]
_SPACE = _WIDTH[32]
LINE_HEIGHT = 1.0  # vis-network gives each label line the font size's height
_TRAILING = re.compile(r"[\s,;:.\u2013\u2014-]+$")


def shorten(text: str, limit: int) -> str:
    """As the page's ``shorten``: cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)  # JS lastIndexOf(" ", limit - 1): a space at index < limit
    if cut < limit / 2:
        cut = limit - 1
    return _TRAILING.sub("", text[:cut]) + "\u2026"


def label_lines(text: str, per_line: int) -> list[str]:
    """As the page's ``wrap``: words to lines of at most ``per_line`` characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > LONG_WORD:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[: LONG_WORD - 1] + "-")
            word = word[LONG_WORD - 1 :]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= per_line:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


# The same widths in hundredths, as a byte table: bytes.translate and sum run in C, and at
# 10,000 labels this is most of what the sizes cost.
_HUNDREDTHS = bytes(round(w * 100) for w in _WIDTH) + bytes([100]) * 128


@functools.lru_cache(maxsize=1 << 16)
def _em(word: str) -> float:
    """A word's width in font sizes (kept: the titles of a map share most of their words)."""
    if word.isascii():
        return sum(word.encode("ascii").translate(_HUNDREDTHS)) / 100
    return sum(_WIDTH[ord(c)] if ord(c) < 128 else 1.0 for c in word)


def _line_count(text: str, per_line: int) -> tuple[int, float]:
    """``len(label_lines(...))`` and its widest line in font sizes, without making the lines
    (10,000 labels at every build: the lines themselves are made by the page)."""
    count = line = 0
    width = widest = 0.0
    for word in text.split():
        size = len(word)
        if size > LONG_WORD:  # rare: split like the page does
            lines = label_lines(text, per_line)
            return len(lines), max(_em(line) for line in lines)
        if not line:
            line, width = size, _em(word)
        elif line + 1 + size <= per_line:
            line += 1 + size
            width += _SPACE + _em(word)
        else:
            count += 1
            if width > widest:
                widest = width
            line, width = size, _em(word)
    if line:
        count += 1
        if width > widest:
            widest = width
    return count, widest


def box_size(attrs: Mapping[str, Any], ident: str, strength: float | None = None) -> tuple[int, int]:
    """The drawn ``(width, height)`` of a node's box, in canvas pixels (an upper bound)."""
    kind = str(attrs.get("kind")) if attrs.get("kind") in LABEL else "argument"
    keep, per_line, size = LABEL[kind]
    count, widest = _line_count(shorten(str(attrs.get("title") or ident), keep), per_line)
    text_width = widest * size * 1.02 + 1  # a little room for rounding and kerning
    text_height = max(1, count) * LINE_HEIGHT * size
    if kind == "definition":  # vis-network's ellipse: as wide as the label box plus its height
        inner_width = max(DEFINITION_WIDTH, text_width) + 2 * MARGIN
        inner_height = text_height + 2 * MARGIN
        width, height = inner_width + inner_height, 2 * inner_height
    else:
        least = THESIS_WIDTH if kind == "thesis" else ARGUMENT_WIDTH
        width = max(least, text_width + 2 * MARGIN)
        if strength is not None and kind == "argument":  # the page's heightConstraint
            text_height = max(text_height, round(30 + 70 * strength))
        height = text_height + 2 * MARGIN
    border = 6 if kind == "thesis" else 4  # the selected border is drawn outside the box
    return int(width) + border, int(height) + border

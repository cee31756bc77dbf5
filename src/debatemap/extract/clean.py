"""Turning the lines a document gave into readable paragraphs.

What the libraries cannot do for us, because it depends on how a page was laid
out rather than on the file format: a PDF gives its text line by line, with
words split at line ends (``transpor-`` / ``tation``), ligature characters
(``ﬁ``), odd spaces, and the running header, footer and page number of every
page in between. These rules are ours (no maintained library does exactly
this on top of a text layer); each is one linear pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

# Ligatures a font maps to one character; quotes typed by a person have the letters.
LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# Spaces of every width become one space; characters that only steer layout go.
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Control characters a text must not carry (they could drive a terminal); \n stays.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SPACES = re.compile(" {2,}")
HYPHENS = "-\u2010\u2011\u00ad"  # what a line broken inside a word ends with
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+(?:-\w+)*")
_AS_HYPHEN = str.maketrans({"\u2010": "-", "\u2011": "-"})


def normalise(text: str) -> str:
    """Ligatures spelt out, odd spaces as spaces, invisible and control characters gone,
    Unicode composed (NFC), runs of spaces as one; line breaks kept."""
    text = unicodedata.normalize("NFC", text.translate(LIGATURES))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _INVISIBLE.sub("", _ODD_SPACE.sub(" ", text)))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


EDGE = 3  # lines at the top and at the bottom of a page's text where running lines are looked for


def edges(lines: Sequence[str]) -> list[str]:
    """The first and last :data:`EDGE` non-empty lines of a page (a producer may write its
    header first or last: WeasyPrint writes both after the body)."""
    filled = [line for line in lines if line]
    return filled if len(filled) <= 2 * EDGE else filled[:EDGE] + filled[-EDGE:]


def running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """The keys (see :func:`line_key`) of short lines at a page's edges that repeat on at
    least half the pages (two at least): running headers and footers, page numbers
    ("Page 3 of 9" and "Page 4 of 9" share a key)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({line_key(line) for line in edges(lines) if len(line) <= 120})
    least = max(2, (len(pages) + 1) // 2)
    return {key for key, count in seen.items() if count >= least}


def line_key(line: str) -> str:
    """A line with its numbers blanked and its case folded: how running lines are compared."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def paragraphs(lines: Iterable[str], blank_breaks: bool = True) -> list[str]:
    """Join wrapped lines into paragraphs, undoing end-of-line hyphenation.

    A paragraph ends at a blank line, and after a line noticeably shorter than the
    text's usual line (the last line of a paragraph stops short; a heading is
    short) unless it ends in a hyphen. A word split at a line end is joined
    without its hyphen, unless the text elsewhere writes it with one
    (``car-`` / ``free`` stays ``car-free`` when ``car-free`` occurs unbroken).
    """
    lines = list(lines)
    lengths = sorted(len(line) for line in lines if line)
    usual = lengths[(len(lengths) * 4) // 5] if lengths else 0  # the 80th percentile: a full line
    words = _word_forms(lines)
    found: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if blank_breaks and current:
                found.append(current)
                current = ""
            continue
        current = _join(current, line, words) if current else line
        after = lines[i + 1] if i + 1 < len(lines) else ""
        # A short line ends a paragraph when it ends a sentence, or when a full line follows
        # (a heading before its text); short lines in a row are one heading set on several lines.
        if _short(line, usual) and not current.endswith(tuple(HYPHENS)):
            if line.endswith(_ENDS) or not _short(after, usual):
                found.append(current)
                current = ""
    if current:
        found.append(current)
    return found


_ENDS = (".", "!", "?", ":", ";", '"', "\u201d", "\u2019", ")", "]")


def _short(line: str, usual: int) -> bool:
    return len(line) < 0.7 * usual


def _word_forms(lines: list[str]) -> set[str]:
    """Every word written inside a line (not at its end), lower-cased: the text's own spelling."""
    forms: set[str] = set()
    for line in lines:
        if line.endswith(tuple(HYPHENS)):  # a word cut by the line end is no evidence
            line = line[: line.rfind(" ") + 1]
        forms.update(_WORD.findall(line.translate(_AS_HYPHEN).casefold()))
    return forms


def _join(before: str, line: str, words: set[str]) -> str:
    if before[-1] in HYPHENS and before[-2:-1].isalpha() and line[:1].isalpha():
        head = before[:-1]
        start = len(head) - len(head.split()[-1]) if head.split() else len(head)
        stem, tail = head[start:], line.split()[0]
        split = (stem + "-" + tail).casefold().strip(".,;:!?)\"'\u201d\u2019")
        joined = (stem + tail).casefold().strip(".,;:!?)\"'\u201d\u2019")
        if split in words and joined not in words:
            return head + "-" + line  # a compound the text writes with its hyphen
        return head + line
    return before + " " + line

"""Verify that quotes appear verbatim in their source texts.

"Verbatim" allows what a copy from a web page changes without changing the
words: runs of whitespace, typographic quote marks, apostrophes and dashes.
An ellipsis (``...`` or ``…``) in a quote joins fragments that must appear in
the source in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2026": "...",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:\.\s*){3}\s*|\s*\[\s*\.\.\.\s*\]\s*")


def fold(text: str) -> str:
    """Fold typographic marks and whitespace so that copies compare equal."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


def fragments(quote: str) -> list[str]:
    """The parts of a folded quote between ellipses, empty parts dropped."""
    return [part.strip() for part in _ELLIPSIS.split(fold(quote)) if part.strip()]


def find_quote(quote: str, folded_source: str) -> bool:
    """True when every fragment of ``quote`` occurs in ``folded_source`` in order."""
    parts = fragments(quote)
    if not parts:
        return False
    start = 0
    for part in parts:
        found = folded_source.find(part, start)
        if found < 0:
            return False
        start = found + len(part)
    return True


# --- finding passages: what ``debatemap quote`` prints ------------------------------------------

MAX_WORDS = 1000  # characters of a search; a remembered phrase, not a paragraph
MIN_SCORE = 60.0  # below this, a passage shares too little with the words to be offered
_BREAK = re.compile(r"\n(?=[ \t]*[\n\S])")  # where a line ends
_END = re.compile(r"""[.!?…]["'\u2019\u201d)\]]*[ \t]+(?=["'\u2018\u201c(\[]?[A-Z0-9])""")


@dataclass(frozen=True)
class Passage:
    """A sentence (or two) of a text: ``text`` is ``source[start:end]``, verbatim.

    ``line`` is the line of the text where it starts (1 for the first line,
    or ``first_line`` when the text is a part of a longer file); ``score``
    runs from 0 to 100, higher matching better.
    """

    line: int
    start: int
    end: int
    text: str
    score: float

    def one_line(self) -> str:
        """The passage with its line breaks as spaces: ready to paste after ``--quote``."""
        return _SPACE.sub(" ", self.text).strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, in order, without surrounding space.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by a capital or a digit,
    and at the end of a line unless the next line goes on in lower case (a wrapped
    line). One pass over the text: linear in its size.
    """
    spans: list[tuple[int, int]] = []
    cuts = [0]
    for match in _BREAK.finditer(text):
        rest = text[match.end() : match.end() + 200].lstrip(" \t")
        if not rest[:1].islower():
            cuts.append(match.end())
    cuts.append(len(text))
    for block_start, block_end in zip(cuts, cuts[1:], strict=False):
        position = block_start
        for match in _END.finditer(text, block_start, block_end):
            _add_span(text, position, match.end(), spans)
            position = match.end()
        _add_span(text, position, block_end, spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if any(c.isalnum() for c in stripped):
        begin = start + len(piece) - len(piece.lstrip())
        spans.append((begin, begin + len(stripped)))


def _key(text: str) -> str:
    """What is compared: folded, lower case, punctuation as spaces."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", fold(text).lower())).strip()


_NOT_WORD = re.compile(r"[^\w]+")


def find_passages(
    text: str, words: str, limit: int = 5, *, first_line: int = 1, min_score: float = MIN_SCORE
) -> list[Passage]:
    """The passages of ``text`` that best match ``words``, best first, at most ``limit``.

    Fuzzy (rapidfuzz): the words may be misspelt, in another order or only part
    of the passage. Each sentence is scored, and each pair of neighbouring
    sentences, so a remembered phrase that runs across a full stop is found;
    passages that overlap a better one are dropped. Ties go to the shorter passage,
    then the earlier. ``min_score`` (0-100) is the least score offered.
    Cost: one linear pass to split, then two C-level comparisons per passage of a
    search capped at :data:`MAX_WORDS` characters, so linear in the text.
    """
    from rapidfuzz import fuzz, process

    query = _key(words[:MAX_WORDS])
    if not query or limit < 1:
        return []
    spans = sentences(text)
    candidates = spans + [(a[0], b[1]) for a, b in zip(spans, spans[1:], strict=False)]
    keys = [_key(text[s:e]) for s, e in candidates]
    partial = dict(
        (i, score) for _, score, i in process.extract(
            query, keys, scorer=fuzz.partial_ratio, limit=None, score_cutoff=min_score)
    )  # fmt: skip
    whole = dict(
        (i, score) for _, score, i in process.extract(
            query, keys, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=min_score)
    )  # fmt: skip
    scored = []
    for i in set(partial) | set(whole):
        # Both views: the words as one phrase in the passage, and the words in any order.
        score = 0.6 * max(partial.get(i, 0.0), whole.get(i, 0.0)) + 0.4 * min(
            partial.get(i, 0.0), whole.get(i, 0.0)
        )
        if score >= min_score:
            start, end = candidates[i]
            scored.append((-round(score, 1), end - start, start, end))
    scored.sort()
    chosen: list[Passage] = []
    lines = _LineIndex(text, first_line)
    for negative, _, start, end in scored:
        if any(start < p.end and p.start < end for p in chosen):
            continue
        chosen.append(Passage(lines.line_of(start), start, end, text[start:end], -negative))
        if len(chosen) == limit:
            break
    return chosen


class _LineIndex:
    """Line numbers of offsets: the offsets of line starts, searched by bisection."""

    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def line_of(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, offset) - 1 + self.first_line

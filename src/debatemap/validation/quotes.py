"""Verify that quotes appear verbatim in their source texts.

"Verbatim" allows what a copy from a web page changes without changing the
words: runs of whitespace, typographic quote marks, apostrophes and dashes.
An ellipsis (``...`` or ``…``) in a quote joins fragments that must appear in
the source in that order.
"""

from __future__ import annotations

import heapq
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


def quote_span(quote: str, folded_source: str) -> tuple[int, int] | None:
    """Where ``quote`` lies in ``folded_source``: from its first fragment's start to its
    last fragment's end, or ``None`` when it is not there."""
    parts = fragments(quote)
    if not parts:
        return None
    start = first = folded_source.find(parts[0])
    if first < 0:
        return None
    for part in parts:
        found = folded_source.find(part, start)
        if found < 0:
            return None
        start = found + len(part)
    return first, start


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
    return [(start, end) for start, end, _ in _spans(text)]


def _spans(text: str) -> list[tuple[int, int, int]]:
    """:func:`sentences` with the number of the paragraph (run of joined lines) of each."""
    spans: list[tuple[int, int, int]] = []
    cuts = [0]
    for match in _BREAK.finditer(text):
        rest = text[match.end() : match.end() + 200].lstrip(" \t")
        if not rest[:1].islower():
            cuts.append(match.end())
    cuts.append(len(text))
    for block, (block_start, block_end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        position = block_start
        for match in _END.finditer(text, block_start, block_end):
            _add_span(text, position, match.end(), block, spans)
            position = match.end()
        _add_span(text, position, block_end, block, spans)
    return spans


def _add_span(text: str, start: int, end: int, block: int, spans: list[tuple[int, int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if any(c.isalnum() for c in stripped):
        begin = start + len(piece) - len(piece.lstrip())
        spans.append((begin, begin + len(stripped), block))


def _key(text: str) -> str:
    """What is compared: folded, lower case, punctuation as spaces."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", fold(text).lower())).strip()


_NOT_WORD = re.compile(r"[^\w]+")
_NOT_WORD_OR_SPACE = re.compile(r"[^\w ]")
_KEY_FOLD = {**_FOLD, ord("\u2026"): " "}  # one character for one


def _keys(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """:func:`_key` of each span of ``text``, folding the whole text once when that keeps
    every character in its place (it does unless lower case changes a length)."""
    flat = _NOT_WORD_OR_SPACE.sub(" ", text.translate(_KEY_FOLD).lower())
    if len(flat) != len(text):
        return [_key(text[start:end]) for start, end in spans]
    return [" ".join(flat[start:end].split()) for start, end in spans]


def find_passages(
    text: str, words: str, limit: int = 5, *, first_line: int = 1, min_score: float = MIN_SCORE
) -> list[Passage]:
    """The passages of ``text`` that best match ``words``, best first, at most ``limit``.

    Fuzzy (rapidfuzz): the words may be misspelt, in another order or only part
    of the passage. Each sentence is scored, and each pair of neighbouring
    sentences, so a remembered phrase that runs across a full stop is found;
    passages that overlap a better one are dropped. Ties go to the shorter passage,
    then the earlier. ``min_score`` (0-100) is the least score offered.
    Cost: one linear pass to split, two C-level comparisons per passage of a search
    capped at :data:`MAX_WORDS` characters, then a word-by-word score of the best
    :data:`SHORTLIST` only: linear in the text.
    """
    query = _key(words[:MAX_WORDS])
    if not query or limit < 1:
        return []
    spans = _spans(text)
    keys = _keys(text, [(start, end) for start, end, _ in spans])
    rough = _rough(query, keys)
    best = heapq.nlargest(max(SHORTLIST, 10 * limit), rough, key=lambda i: (rough[i], -i))
    pool: dict[tuple[int, int], str] = {}  # (first, last sentence) -> what is compared
    for i in best:
        pool[(i, i)] = keys[i]
        for j in (i - 1, i):  # the pairs it is part of, within one paragraph
            if 0 <= j < len(spans) - 1 and spans[j][2] == spans[j + 1][2]:
                pool[(j, j + 1)] = keys[j] + " " + keys[j + 1]
    wanted = query.split()[:MAX_QUERY_WORDS]
    scored = []
    for (first, last), key in pool.items():
        phrase = rough[first] if first == last else _blend(query, key)
        # Half the phrase as typed, half each word's best match (a typo costs one word, not the phrase).
        score = 0.5 * phrase + 0.5 * _coverage(wanted, key.split())
        if score >= min_score:
            start, end = spans[first][0], spans[last][1]
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


SHORTLIST = 50  # passages scored word by word after the first, phrase-level pass
MAX_QUERY_WORDS = 40
ROUGH_CUTOFF = 30.0


def _rough(query: str, keys: list[str]) -> dict[int, float]:
    """First pass, in C over every sentence: the words as one phrase somewhere in it
    (``partial_ratio``) and the words in any order (``token_set_ratio``), the better weighing more."""
    from rapidfuzz import fuzz, process

    views = [
        {i: score for _, score, i in process.extract(query, keys, scorer=scorer, limit=None,
                                                     score_cutoff=ROUGH_CUTOFF)}
        for scorer in (fuzz.partial_ratio, fuzz.token_set_ratio)
    ]  # fmt: skip
    return {i: _mix(views[0].get(i, 0.0), views[1].get(i, 0.0)) for i in views[0].keys() | views[1].keys()}


def _mix(one: float, other: float) -> float:
    return 0.6 * max(one, other) + 0.4 * min(one, other)


def _blend(query: str, key: str) -> float:
    """:func:`_rough` for one passage."""
    from rapidfuzz import fuzz

    return _mix(fuzz.partial_ratio(query, key), fuzz.token_set_ratio(query, key))


def _coverage(wanted: list[str], words: list[str]) -> float:
    """How well each wanted word is matched by some word of the passage, on average (0-100)."""
    from rapidfuzz import fuzz, process

    if not wanted or not words:
        return 0.0
    best = (process.extractOne(w, words, scorer=fuzz.ratio) for w in wanted)
    return sum(found[1] if found else 0.0 for found in best) / len(wanted)


class _LineIndex:
    """Line numbers of offsets: the offsets of line starts, searched by bisection."""

    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def line_of(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, offset) - 1 + self.first_line

"""Verify that quotes appear verbatim in their source texts.

"Verbatim" allows what a copy from a web page changes without changing the
words: runs of whitespace, typographic quote marks, apostrophes and dashes.
An ellipsis (``...`` or ``…``) in a quote joins fragments that must appear in
the source in that order.
"""

from __future__ import annotations

import difflib
import re

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
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


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


def closest_passage(quote: str, folded_source: str, limit: int = 160) -> str | None:
    """The sentence (or pair of sentences) of the source most like ``quote``."""
    sentences = [s for s in _SENTENCE.split(folded_source) if s.strip()]
    if not sentences:
        return None
    candidates = sentences + [a + " " + b for a, b in zip(sentences, sentences[1:], strict=False)]
    target = " ".join(fragments(quote)) or fold(quote)
    best = max(
        candidates,
        key=lambda c: difflib.SequenceMatcher(None, target, c, autojunk=False).ratio(),
    )
    return best if len(best) <= limit else best[: limit - 1] + "…"


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

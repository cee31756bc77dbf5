"""Every constraint on a value once: slugs, colours, addresses, file names, length caps.

``check`` (through :mod:`debatemap.store.records` and
:mod:`debatemap.validation`), the editing commands (:mod:`debatemap.edit.input`),
the importers and the JSON Schema (:mod:`debatemap.validation.schema`) all ask
here, so a value one of them accepts, the others accept too.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

# Slugs: ids, perspectives, sources, targets and tags. Matched whole (fullmatch):
# with re.match and "$", "a\n" would pass.
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG = re.compile(SLUG_PATTERN)
MAX_ID_LENGTH = 80
COLOUR_PATTERN = r"#[0-9A-Fa-f]{6}"
COLOUR = re.compile(COLOUR_PATTERN)
URL_SCHEMES = ("https://", "http://")

# Caps in characters: a title is a label on the map; text and quotes stay short
# enough to read aloud. Raise them here if a debate needs more.
LIMITS = {
    "title": 200,
    "text": 5000,
    "quote": 5000,
    "question": 500,
    "speaker": 200,
    "contributor": 60,
    "name": 200,
    "description": 1000,
    "author": 500,
    "publisher": 500,
    "date": 100,
    "url": 2000,
    "file": 255,
    "lines": 40,  # a source's part of its file: lines "12-80", or start/end markers
    "start": 500,
    "end": 500,
    "original": 255,  # the file name a text was extracted from (add-source --from)
    "extracted": 100,
    "sha256": 64,
}
SOURCE_TITLE_LIMIT = 500  # titles of articles and reports run longer than labels
MAX_SOURCE_TEXT_BYTES = 10 * 1024 * 1024  # a source text; a book is about 1 MiB
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a file to import (a Kialo export of a large discussion)
MAX_INPUT_BYTES = 1024 * 1024  # a value piped to an editing command on standard input


# Characters that show as nothing: a title holding one looks the same as one without it.
INVISIBLE = str.maketrans({"\u200b": None, "\u2060": None, "\ufeff": None})


def without_invisible(text: str) -> str:
    """``text`` in composed form (NFC) without zero-width spaces, word joiners and stray
    byte-order marks, so what a person sees is what is stored."""
    return unicodedata.normalize("NFC", text).translate(INVISIBLE)


def same_text_key(text: str) -> str:
    """What makes two labels (titles, names) the same to a reader: case, runs of space,
    compatibility forms (the ligature 'ﬁ', full-width letters) and invisible format
    characters do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isascii():  # most titles: no format character to drop, NFKC leaves ASCII as it is
        return " ".join(folded.split())
    visible = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", visible).split())


def is_slug(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_ID_LENGTH and SLUG.fullmatch(value) is not None


def is_colour(value: str) -> bool:
    return COLOUR.fullmatch(value) is not None


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a source's address (it becomes a link), or ``None``."""
    if not url.startswith(URL_SCHEMES) or any(c.isspace() for c in url) or len(url) <= len("https://"):
        return f"url '{url}' is not an http(s) address"
    return None


def file_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a file in the sources folder, or ``None``."""
    if not name or any(c in name for c in "/\\\x00") or name.startswith(".") or ":" in name[:3]:
        return f"file '{name}' must be a plain file name in the sources folder"
    return None


LINE_RANGE = re.compile(r"^\s*([1-9][0-9]{0,8})\s*(?:-\s*([1-9][0-9]{0,8})?\s*)?$")


def line_range(value: str) -> tuple[int, int | None] | None:
    """``"12-80"`` -> ``(12, 80)``, ``"33-"`` -> ``(33, None)`` (to the end), ``"7"`` -> ``(7, 7)``;
    ``None`` when ``value`` is not such a range (or ends before it starts)."""
    match = LINE_RANGE.match(value)
    if match is None:
        return None
    first = int(match.group(1))
    if match.group(2):
        last: int | None = int(match.group(2))
    else:
        last = None if "-" in value else first
    return None if last is not None and last < first else (first, last)


LINE_RANGE_HINT = 'write it as "FIRST-LAST" (e.g. "12-80"), or "FIRST-" for the rest of the file, in quotes'


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest of ``choices`` to ``word``, if any is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def missing_node_hint(ident: str, ids: Iterable[str]) -> str:
    """The hint for a link naming no node: the closest id, or what to do when none is close.

    Without this a far-off id got no hint at all, so the reader was not told how to fix it.
    """
    return did_you_mean(ident, ids) or "correct the id, or add the node it names with debatemap add"


def slugify(text: str, max_length: int = MAX_ID_LENGTH) -> str:
    """Lowercase ASCII slug of ``text``, transliterated; empty when no letter or digit remains.

    Other scripts are spelt in Latin letters (``Проституция`` gives ``prostitutsiya``, by
    anyascii), so a file name stays readable; symbols and emoji are dropped first, as
    anyascii would spell them out as words (``:slight_smile:``).
    """
    import unicodedata

    from anyascii import anyascii

    kept = "".join(c for c in text if not unicodedata.category(c).startswith("S"))
    ascii_text = anyascii(kept)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")

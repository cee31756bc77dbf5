"""Source texts for the quote picker: only files named in sources.yaml, only inside the sources folder.

The browser names a source by its id, never by a path. The id must be a slug
known to the map, and its text is read by
:func:`debatemap.store.sourcetext.read_source_text` (the reader ``check`` uses):
a plain file name, inside the sources folder with every symlink resolved, a
regular file, size-capped. Anything else is "no text" (404), so nothing
outside the map's sources can be read through the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debatemap.rules.constraints import is_slug
from debatemap.store.sourcetext import read_source_text

WORDS_MAX = 300  # characters of a search
PASSAGES_MAX = 8


@dataclass(frozen=True)
class SourceText:
    id: str
    title: str
    text: str


def source_text(sources_dir: Path, sources: dict[str, Any], source_id: str) -> SourceText | None:
    """The text of source ``source_id`` (from the graph's ``sources``), or ``None``."""
    if not is_slug(source_id) or source_id not in sources:
        return None
    entry = sources[source_id]
    name = entry.get("file")
    if not isinstance(name, str) or not name or name.startswith("."):
        return None
    text, _why = read_source_text(sources_dir, name)  # plain name, inside the folder, regular, capped
    if text is None:
        return None
    return SourceText(source_id, str(entry.get("title") or source_id), text.replace("\r\n", "\n"))


def passages(text: str, words: str, limit: int = PASSAGES_MAX) -> list[dict[str, Any]]:
    """The passages of ``text`` best matching ``words``, verbatim, with line and offsets."""
    words = words[:WORDS_MAX]
    try:
        from debatemap.validation.quotes import find_passages  # type: ignore[attr-defined]
    except ImportError:
        found = _plain_passages(text, words, limit)
    else:
        found = [(p.line, p.start, p.end, p.text, p.score) for p in find_passages(text, words, limit)]
    return [
        {"line": a, "start": b, "end": c, "text": d, "score": round(float(e), 1)} for a, b, c, d, e in found
    ]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_WORD = re.compile(r"\w+")


def _plain_passages(text: str, words: str, limit: int) -> list[tuple[int, int, int, str, float]]:
    """Sentences holding the most of ``words`` (case-insensitive), best first; linear in the text."""
    wanted = {w.lower() for w in _WORD.findall(words)}
    if not wanted:
        return []
    scored: list[tuple[float, int, int]] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        have = {w.lower() for w in _WORD.findall(piece)}
        hits = len(wanted & have)
        if hits:
            lead = len(piece) - len(piece.lstrip())
            scored.append((100.0 * hits / len(wanted), start + lead, start + len(piece.rstrip())))
        start = match.end() if match else len(text)
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [
        (text.count("\n", 0, begin) + 1, begin, end, text[begin:end], score)
        for score, begin, end in scored[:limit]
    ]

"""Source texts for the quote picker: only files named in sources.yaml, only inside the sources folder.

The browser names a source by its id, never by a path. The id must be a slug
known to the map, and its text is read as ``check`` reads it
(:func:`debatemap.validation.texts.load_text`, through the store's safe reader):
a plain file name, inside the sources folder with every symlink resolved, a
regular file, size-capped, cut to the source's ``lines``/``start``/``end``.
Anything else is "no text" (404), so nothing outside the map's sources can be
read through the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debatemap.model import Source
from debatemap.rules.constraints import is_slug
from debatemap.validation.quotes import find_passages
from debatemap.validation.texts import SourceText as TextPart
from debatemap.validation.texts import load_text

WORDS_MAX = 300  # characters of a search
PASSAGES_MAX = 8


@dataclass(frozen=True)
class SourceText:
    id: str
    title: str
    text: str
    first_line: int = 1  # a source that is part of its file (lines/start/end) starts further down


def source_text(sources_dir: Path, sources: Mapping[str, Source], source_id: str) -> SourceText | None:
    """The text of source ``source_id`` (its part, if it has one), or ``None``."""
    if not is_slug(source_id) or source_id not in sources:
        return None
    source = sources[source_id]
    found = load_text(source, sources_dir)  # plain name, inside the folder, regular, capped
    if not isinstance(found, TextPart):
        return None
    return SourceText(source_id, source.title or source_id, found.text, found.first_line)


def passages(text: str, words: str, first_line: int = 1, limit: int = PASSAGES_MAX) -> list[dict[str, Any]]:
    """The passages of ``text`` best matching ``words`` (``debatemap quote``'s fuzzy search),
    verbatim, with their line in the file and offsets in the text."""
    found = find_passages(text, words[:WORDS_MAX], limit, first_line=first_line)
    return [
        {"line": p.line, "start": p.start, "end": p.end, "text": p.text, "score": round(float(p.score), 1)}
        for p in found
    ]

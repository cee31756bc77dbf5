"""Reading and writing a map's quote record, ``quotes.lock.json`` beside the registries.

The record says which quotes ``check --record-quotes`` found in their source
texts, against which text (its SHA-256) and on which date, so that a copy of
the map without the texts (a clone of a repository that may not ship other
people's pages) can still say "verified against FILE on DATE". It is JSON, not
YAML, so the loader, which reads every ``*.yaml`` below the map, never takes it
for a node. Like every file of a map it is untrusted: size-capped, and any
shape other than the one written here is treated as no record at all.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.model import Position, Problem
from debatemap.store.fileread import read_bytes
from debatemap.store.write import replace_file

RECORD_FILE = "quotes.lock.json"
MAX_RECORD_BYTES = 8 * 1024 * 1024  # ~40 bytes a quote: far beyond any hand-made map


def record_path(root: str | os.PathLike[str]) -> Path:
    return Path(root) / RECORD_FILE


def read_record(root: str | os.PathLike[str]) -> tuple[dict[str, Any] | None, Problem | None]:
    """The record of the map at ``root``: ``(None, None)`` when there is none,
    ``(None, problem)`` when it is there but unreadable or not a record."""
    path = record_path(root)
    try:
        present = path.exists()
    except OSError:  # a folder that cannot be searched: the reader reports it (DM030)
        return None, None
    if not present:
        return None, None
    raw, problem = read_bytes(str(path), MAX_RECORD_BYTES)
    if raw is None:
        return None, problem
    where = Position(str(path), 1, 1)
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return None, _unusable(where, f"quote record is not JSON ({error})")
    if not _well_formed(document):
        return None, _unusable(where, "quote record does not have the shape check --record-quotes writes")
    return document, None


def _unusable(where: Position, message: str) -> Problem:
    hint = "delete it and run debatemap check --record-quotes with the source texts present"
    return rules.QUOTE_RECORD_STALE.at(where, message, hint)


def _well_formed(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    sources, quotes = document.get("sources"), document.get("quotes")
    if not isinstance(sources, dict) or not isinstance(quotes, dict):
        return False
    text_fields = ("sha256", "verified", "file")
    for entry in sources.values():
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in text_fields):
            return False
    for entry in quotes.values():
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(f), str) for f in ("source", "sha256", "verified")
        ):
            return False
    return True


def render_record(record: dict[str, Any]) -> str:
    """The record as the file holds it: sorted keys, one entry per line, so that a
    re-record that changes nothing changes no byte and a diff shows what changed."""
    head = {k: v for k, v in record.items() if k not in ("sources", "quotes")}
    lines = ["{"]
    for key in sorted(head):
        lines.append(f"  {json.dumps(key)}: {json.dumps(head[key], ensure_ascii=False)},")
    for section in ("sources", "quotes"):
        entries = record.get(section, {})
        lines.append(f"  {json.dumps(section)}: {{")
        body = [
            f"    {json.dumps(ident)}: {json.dumps(entries[ident], sort_keys=True, ensure_ascii=False)}"
            for ident in sorted(entries)
        ]
        lines.append(",\n".join(body))
        lines.append("  }," if section == "sources" else "  }")
    lines.append("}")
    return "\n".join(line for line in lines if line) + "\n"


def write_record(root: str | os.PathLike[str], record: dict[str, Any]) -> Path:
    """Write the record atomically (a temporary file, then renamed into place)."""
    path = record_path(root)
    replace_file(path, render_record(record))
    return path

"""Add a source from a document: its extracted text into ``sources/ID.txt`` and its entry
into sources.yaml, in one change (both files or neither).

The text comes from :mod:`debatemap.extract`; this module decides the entry's fields
(the person's flags win over what the document says about itself), records where the
text came from (``original``, ``extracted``, ``sha256``) and writes through the same
checked, locked, journalled path as every change.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from debatemap import rules
from debatemap.edit.core import Change, ChangeRefused, commit, locked, map_before, warnings_for
from debatemap.edit.input import clean_source, input_problem
from debatemap.edit.registry import PendingRegistry
from debatemap.extract import Document, clean_meta
from debatemap.rules.constraints import LIMITS, SOURCE_TITLE_LIMIT
from debatemap.store.reader import display_path
from debatemap.store.records import SOURCE_TEXTS, SOURCES_FILE

FROM_DOCUMENT = ("title", "author", "date", "url")  # what a document can say about itself


@dataclass(frozen=True)
class SourceAdded:
    """The change made, the entry written, and where its title, author and date came from."""

    change: Change
    text_path: Path
    fields: dict[str, str]
    taken: dict[str, str]  # field -> "the document" / "its first line" / "its file name"


def extraction_day() -> str:
    """Today (UTC) as YYYY-MM-DD; ``SOURCE_DATE_EPOCH`` fixes it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.datetime.now(_dt.timezone.utc).date().isoformat()


def entry_fields(
    flags: Mapping[str, str | None], document: Document, original: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The entry's fields: the flags given, then what the document says; and where each came from."""
    fields = {key: value for key, value in flags.items() if value is not None}
    taken: dict[str, str] = {}
    for key in FROM_DOCUMENT:
        value = getattr(document, key)
        if key not in fields and value:
            fields[key] = value[: SOURCE_TITLE_LIMIT if key == "title" else LIMITS[key]]
            taken[key] = "the document"
    if "title" not in fields:
        first = document.paragraphs[0] if document.paragraphs else ""
        if 0 < len(first) <= 150:
            fields["title"], taken["title"] = first, "its first line"
        else:
            fields["title"], taken["title"] = Path(original).stem or original, "its file name"
    fields["file"] = ""  # set by the caller to ID.txt
    fields["original"] = clean_meta(Path(original).name, LIMITS["original"]) or "upload"
    fields["extracted"] = extraction_day()
    fields["sha256"] = document.sha256
    return fields, taken


def add_source_from(
    root: str | os.PathLike[str],
    ident: str,
    flags: Mapping[str, str | None],
    document: Document,
    original: str,
) -> SourceAdded:
    """Write ``document``'s text to ``root/sources/IDENT.txt`` and register it as source ``ident``.

    Refused (:class:`ChangeRefused`, nothing written) when the entry is invalid, the id is
    taken, or a file of that name is already in the sources folder.
    """
    root = Path(root)
    fields, taken = entry_fields(flags, document, original)
    ident = ident.strip() if isinstance(ident, str) else ident
    fields["file"] = f"{ident}.txt"
    record, problems = clean_source(ident, fields)
    if problems:
        raise ChangeRefused(problems, "bad input")
    folder = root / SOURCE_TEXTS
    text_path = folder / record["file"]
    with locked(root):
        if os.path.lexists(text_path):
            exists = input_problem(
                rules.IMPOSSIBLE_CHANGE,
                f"'{display_path(text_path)}' already exists",
                "choose another id, or register that text with --file",
            )
            raise ChangeRefused([exists], "nothing to add")
        if folder.exists() and not folder.resolve().is_relative_to(root.resolve()):
            outside = input_problem(
                rules.OUTSIDE_MAP, f"'{display_path(folder)}' leads outside the map folder"
            )
            raise ChangeRefused([outside], "the text would be written outside the map")
        before = map_before(root)
        pending = PendingRegistry(root, SOURCES_FILE)
        after, _ = pending.add(before, ident, record)
        commit([(text_path, document.text, True), pending.write()])
        change = Change(
            pending.path, pending.text, warnings_for(after, {pending.shown}), True, others=(text_path,)
        )
    return SourceAdded(change, text_path, record, taken)

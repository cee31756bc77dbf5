"""Append a perspective or a source to its registry; the file's other bytes stay put.

Called through :func:`debatemap.edit.add_perspective` and
:func:`debatemap.edit.add_source`, which follow the same steps as every
change (check the input, lock, validate the map as it would be, then write).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from debatemap.edit import yamlwrite
from debatemap.edit.core import (
    Change,
    ChangeRefused,
    clean_map,
    locked,
    read_text,
    refuse_errors,
    warnings_for,
    write_text,
)
from debatemap.model import DebateMap, Problem
from debatemap.store.reader import display_path
from debatemap.store.records import PERSPECTIVES_FILE, perspectives_from_yaml, sources_from_yaml
from debatemap.store.yamlread import read_file
from debatemap.validation.validate import validate


def add_entry(root: Path, name: str, ident: str, fields: dict[str, str], problems: list[Problem]) -> Change:
    """Add ``ident`` with ``fields`` to the registry ``name`` (already-checked input)."""
    if problems:
        raise ChangeRefused(problems, "bad input")
    ident = ident.strip()
    what = "perspective" if name == PERSPECTIVES_FILE else "source"
    with locked(root):
        debate = clean_map(root)
        registry = debate.perspectives if what == "perspective" else debate.sources
        if ident in registry:
            exists = Problem.at(
                registry[ident].position, "error", "DM033", f"{what} '{ident}' already exists"
            )
            raise ChangeRefused([exists], "nothing to add")
        path = root / name
        text, restore = read_text(path)
        try:
            new = yamlwrite.append_registry_entry(text, ident, fields)
        except yamlwrite.UnsupportedLayout as exc:
            shown = display_path(path)
            layout = Problem(shown, 1, 1, "error", "DM033", str(exc), f"add '{ident}' by hand")
            raise ChangeRefused([layout], "the file's layout cannot be edited by command") from None
        after = _validated(debate, path, new, what, ident, fields)
        write_text(path, restore(new))
        return Change(path, new, warnings_for(after, {display_path(path)}), True)


def _validated(
    debate: DebateMap, path: Path, new: str, what: str, ident: str, fields: dict[str, str]
) -> list[Problem]:
    """The map's problems with the registry's ``new`` text; refuses on any error."""
    shown = display_path(path)
    value, problems = read_file(shown, new.encode("utf-8"))
    if what == "perspective":
        perspectives, found = perspectives_from_yaml(value, shown)
        changed = replace(debate, perspectives=perspectives)
        entry: object = perspectives.get(ident)
    else:
        sources, found = sources_from_yaml(value, shown)
        changed = replace(debate, sources=sources)
        entry = sources.get(ident)
    problems += found
    # The reader upper-cases colours; compare everything else as given.
    if entry is None or any(getattr(entry, k) != v for k, v in fields.items() if k != "colour"):
        problems.append(
            Problem(shown, 1, 1, "error", "DM033", f"the new {what} would not read back as given")
        )
    refuse_errors(problems)
    after = problems + validate(changed)
    refuse_errors(after)
    return after

"""Append a perspective or a source to its registry; the file's other bytes stay put.

Called through :func:`debatemap.edit.add_perspective` and
:func:`debatemap.edit.add_source`, which follow the same steps as every
change (check the input, lock, validate the map as it would be, then write).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from debatemap.edit import yamlwrite
from debatemap.edit.core import (
    Change,
    ChangeRefused,
    MapBefore,
    commit,
    locked,
    map_before,
    read_text,
    warnings_for,
)
from debatemap.model import Problem
from debatemap.store.reader import display_path
from debatemap.store.records import PERSPECTIVES_FILE, SOURCES_FILE, perspectives_from_yaml, sources_from_yaml
from debatemap.store.yamlread import read_file

# What a registry holds, said where a person opening the file will read it.
HEADERS = {
    PERSPECTIVES_FILE: """\
# perspectives.yaml: the voices of this debate. A perspective is *who* makes a
# claim (a court, a health agency, a campaign), never its topic: topics are tags.
# One entry per perspective, keyed by its id (a slug: lowercase a-z, 0-9 and '-'):
#
#   public-health:
#     name: Public health            # shown in the legend and the handout
#     colour: "#009E73"              # "#RRGGBB", in quotes; pick colour-blind-safe ones
#     description: Health and safety of the people concerned.   # optional, one line
#
# Add one with: debatemap add-perspective ID --name NAME --colour "#RRGGBB"
""",
    SOURCES_FILE: """\
# sources.yaml: the texts this map quotes. Every argument names one of these
# ids as its `source` and quotes it word for word. One entry per source:
#
#   smith-2024-report:
#     title: "The report's title"     # required
#     author: "Jane Smith"            # optional, as the text itself gives them:
#     publisher: "not stated"         #   write "not stated" when it does not
#     date: "2024-03-13"
#     perspective: public-health      # the perspective the text speaks for
#     file: smith-2024-report.txt     # its text, kept in the sources/ folder
#     url: https://example.org/report
#
# Add one with: debatemap add-source ID --title TITLE [--file NAME] ...
""",
}


def add_entry(root: Path, name: str, ident: str, fields: dict[str, str], problems: list[Problem]) -> Change:
    """Add ``ident`` with ``fields`` to the registry ``name`` (already-checked input).

    A registry that does not exist yet is created, with a comment saying what it holds.
    """
    if problems:
        raise ChangeRefused(problems, "bad input")
    ident = ident.strip()
    what = "perspective" if name == PERSPECTIVES_FILE else "source"
    with locked(root):
        before = map_before(root)
        debate = before.debate
        registry = debate.perspectives if what == "perspective" else debate.sources
        if ident in registry:
            exists = Problem.at(
                registry[ident].position, "error", "DM033", f"{what} '{ident}' already exists"
            )
            raise ChangeRefused([exists], "nothing to add")
        path = root / name
        creating = not os.path.lexists(path)
        text, restore = (HEADERS[name], str) if creating else read_text(path)
        try:
            new = yamlwrite.append_registry_entry(text, ident, fields)
        except yamlwrite.UnsupportedLayout as exc:
            shown = display_path(path)
            layout = Problem(shown, 1, 1, "error", "DM033", str(exc), f"add '{ident}' by hand")
            raise ChangeRefused([layout], "the file's layout cannot be edited by command") from None
        after = _validated(before, path, new, what, ident, fields)
        commit([(path, restore(new), creating)])
        return Change(path, new, warnings_for(after, {display_path(path)}), True)


def _validated(
    before: MapBefore, path: Path, new: str, what: str, ident: str, fields: dict[str, str]
) -> list[Problem]:
    """The map's problems with the registry's ``new`` text; refuses on any new error."""
    shown = display_path(path)
    value, problems = read_file(shown, new.encode("utf-8"))
    if what == "perspective":
        perspectives, found = perspectives_from_yaml(value, shown)
        changed = replace(before.debate, perspectives=perspectives)
        entry: object = perspectives.get(ident)
    else:
        sources, found = sources_from_yaml(value, shown)
        changed = replace(before.debate, sources=sources)
        entry = sources.get(ident)
    problems += found
    # The reader upper-cases colours; compare everything else as given.
    if entry is None or any(getattr(entry, k) != v for k, v in fields.items() if k != "colour"):
        problems.append(
            Problem(shown, 1, 1, "error", "DM033", f"the new {what} would not read back as given")
        )
    after = before.after({shown}, problems, changed)
    before.refuse_new(after)
    return after

"""Append a perspective or a source to its registry; the file's other bytes stay put.

Called through :func:`debatemap.edit.add_perspective` and
:func:`debatemap.edit.add_source`, which follow the same steps as every
change (check the input, lock, validate the map as it would be, then write).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from debatemap import rules
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
from debatemap.model import DebateMap, Position, Problem
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
#
# Editors: node files start with a `# yaml-language-server: $schema=...` line, so
# an editor with the YAML language server (VS Code's YAML extension, Neovim,
# Emacs lsp-mode ...) checks and completes them with no settings to change.

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
# or from a PDF, web page, .docx, .md or .txt: debatemap add-source ID --from FILE
# (it writes sources/ID.txt and records original:, extracted: and sha256: here).

""",
}


def add_entry(root: Path, name: str, ident: str, fields: dict[str, str], problems: list[Problem]) -> Change:
    """Add ``ident`` with ``fields`` to the registry ``name`` (already-checked input).

    A registry that does not exist yet is created, with a comment saying what it holds.
    """
    if problems:
        raise ChangeRefused(problems, "bad input")
    with locked(root):
        before = map_before(root)
        pending = PendingRegistry(root, name)
        after, _ = pending.add(before, ident.strip(), fields)
        commit([pending.write()])
        return Change(pending.path, pending.text, warnings_for(after, {pending.shown}), True)


class PendingRegistry:
    """A registry's text as entries are added to it in memory, ready for one :func:`commit`."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.what = "perspective" if name == PERSPECTIVES_FILE else "source"
        self.path = root / name
        self.shown = display_path(self.path)
        self.creating = not os.path.lexists(self.path)
        self.text, self.restore = (HEADERS[name], str) if self.creating else read_text(self.path)

    def write(self) -> tuple[Path, str, bool]:
        return (self.path, self.restore(self.text), self.creating)

    def add(self, before: MapBefore, ident: str, fields: dict[str, str]) -> tuple[list[Problem], MapBefore]:
        """Append ``ident``; the map's problems after, and ``before`` with the entry in it.

        Refuses (nothing written) when the entry exists or would add an error.
        """
        debate = before.debate
        registry = debate.perspectives if self.what == "perspective" else debate.sources
        if ident in registry:
            exists = rules.IMPOSSIBLE_CHANGE.at(
                registry[ident].position, f"{self.what} '{ident}' already exists"
            )
            raise ChangeRefused([exists], "nothing to add")
        try:
            new = yamlwrite.append_registry_entry(self.text, ident, fields)
        except yamlwrite.UnsupportedLayout as exc:
            layout = rules.IMPOSSIBLE_CHANGE.at(Position(self.shown), str(exc), f"add '{ident}' by hand")
            raise ChangeRefused([layout], "the file's layout cannot be edited by command") from None
        changed, found = self._read(before, new, ident, fields)
        after = before.after({self.shown}, found, changed)
        before.refuse_new(after)
        self.text = new
        kept = [p for p in before.read if p.path != self.shown]
        return after, MapBefore(changed, kept + found, before.problems)

    def _read(
        self, before: MapBefore, new: str, ident: str, fields: dict[str, str]
    ) -> tuple[DebateMap, list[Problem]]:
        value, problems = read_file(self.shown, new.encode("utf-8"))
        if self.what == "perspective":
            perspectives, found = perspectives_from_yaml(value, self.shown)
            changed = replace(before.debate, perspectives=perspectives)
            entry: object = perspectives.get(ident)
        else:
            sources, found = sources_from_yaml(value, self.shown)
            changed = replace(before.debate, sources=sources)
            entry = sources.get(ident)
        problems += found
        # The reader upper-cases colours; compare everything else as given.
        if entry is None or any(getattr(entry, k) != v for k, v in fields.items() if k != "colour"):
            problems.append(
                rules.IMPOSSIBLE_CHANGE.at(
                    Position(self.shown), f"the new {self.what} would not read back as given"
                )
            )
        return changed, problems

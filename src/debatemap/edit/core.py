"""The core of every safe change: refusals, the map's lock, the map before, and commit.

:mod:`.nodes` (nodes and links), :mod:`.registry` (perspectives and sources),
:mod:`.lifecycle` (edit, rename, remove) and :mod:`.newmap` (init) build on these.
:class:`MapBefore` holds the errors a map already has, so a change is refused only
for errors of its own. :func:`commit` writes one file atomically, and several
through the map's journal (:mod:`debatemap.store.journal`), so a change lands
whole or not at all, even if the process is killed.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from debatemap import rules
from debatemap.edit.input import input_problem
from debatemap.model import DebateMap, Node, Problem
from debatemap.store import journal
from debatemap.store.contain import inside
from debatemap.store.reader import FileCache, display_path, read_map
from debatemap.store.records import node_from_yaml
from debatemap.store.write import create_file, replace_file
from debatemap.store.yamlread import read_file
from debatemap.validation.validate import sort_problems, validate


class ChangeRefused(Exception):
    """A change that was not made. Nothing was written.

    ``problems`` are :class:`~debatemap.model.Problem` records (print them with
    :func:`debatemap.cli.print_problems`); ``reason`` is one line saying why.
    """

    def __init__(
        self, problems: Sequence[Problem], reason: str = "the change would make the map invalid"
    ) -> None:
        super().__init__(reason)
        self.problems = sort_problems(list(problems))
        self.reason = reason


class WriteFailed(ChangeRefused):
    """The disk refused a write (permissions, no space, a file where a folder
    should be). Whatever had been written for the change was taken back."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        shown = display_path(Path(path))
        super().__init__([], f"cannot write '{shown}': {error.strerror or error}")
        self.path = shown
        self.error = error


@dataclass(frozen=True)
class Change:
    """A change made (or, with ``written=False``, only planned or not needed).

    ``path`` is the file written, ``text`` its whole new content and
    ``warnings`` the map's warnings about that file after the change.
    ``others`` are the further files a change of several wrote (a rename's
    references, the links ``remove --unlink`` took out).
    """

    path: Path
    text: str
    warnings: tuple[Problem, ...] = ()
    written: bool = True
    node: Node | None = field(default=None, compare=False)
    others: tuple[Path, ...] = ()


# --- the map before and after ------------------------------------------------


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the map folder for one read-check-write.

    Re-entrant within a thread (see :func:`debatemap.journal.locked`). An
    :class:`OSError` inside (a file that cannot be read or written) becomes
    :class:`WriteFailed`, so no caller sees a traceback. A change a killed
    process left half done is finished or taken back first, and the temporary
    files of a killed write are swept; both are said on standard error. Only
    writers do this: reading a map never changes it.
    """
    try:
        with journal.locked(root):
            _put_right(root)
            yield
    except FileExistsError:
        raise  # a lost race for a file name: add_nodes starts again
    except OSError as exc:
        raise WriteFailed(exc.filename or root, exc) from None


def _put_right(root: Path) -> None:
    """Finish what a killed change left (under the lock, before this change starts)."""
    try:
        done = journal.recover(root)
    except ValueError as exc:
        broken = input_problem(rules.UNREADABLE, str(exc), f"look at it, then delete '{journal.JOURNAL}'")
        raise ChangeRefused([broken], "an interrupted change cannot be finished") from None
    if done:
        print(f"debatemap: {display_path(root)}: {done}", file=sys.stderr)
    swept = journal.sweep_orphans(root)
    if swept:
        names = ", ".join(display_path(p) for p in swept[:3]) + (" ..." if len(swept) > 3 else "")
        print(
            f"debatemap: removed {len(swept)} temporary file(s) a killed write left: {names}", file=sys.stderr
        )


def commit(writes: Sequence[tuple[Path, str, bool]], deletes: Sequence[Path] = ()) -> None:
    """Put every ``(path, text, new)`` in place and delete ``deletes``, all or nothing.

    ``new`` files are created exclusively, the others replaced atomically.
    One file is written on its own (temporary file, then rename); several, or
    any deletion, go through the map's journal (:mod:`debatemap.journal`), so
    that even a ``kill -9`` leaves the map before or after, never between.
    Call it holding :func:`locked` on the map. Errors go on as
    :class:`FileExistsError` (a race for a name, worth a retry) or
    :class:`WriteFailed` naming the file; either way nothing was changed.
    """
    if not writes and not deletes:
        return
    if len(writes) == 1 and not deletes:
        path, text, new = writes[0]
        try:
            _create(path, text) if new else replace_file(path, text)
        except FileExistsError:
            raise
        except OSError as exc:
            raise WriteFailed(path, exc) from None
        return
    root = _common_root([p for p, _, _ in writes] + list(deletes))
    try:
        journal.apply_change(root, writes, deletes)
    except FileExistsError:
        raise
    except OSError as exc:
        raise WriteFailed(exc.filename or root, exc) from None


def _common_root(paths: list[Path]) -> Path:
    """The map folder the paths belong to (the held lock's folder, or their common parent)."""
    held = journal.held_roots()
    real = [os.path.realpath(p) for p in paths]
    for key in sorted(held, key=len, reverse=True):
        if all(r.startswith(key + os.sep) for r in real):
            return Path(key)
    return Path(os.path.commonpath([os.path.dirname(r) for r in real]))


def _create(path: Path, text: str) -> None:
    try:
        create_file(path, text)
    except FileExistsError:
        if path.parent.is_dir():
            raise  # the file itself exists: someone else took the name
        # A file where the folder should be: not a race, a map that cannot take this change.
        raise NotADirectoryError(20, "Not a directory", str(path.parent)) from None


@dataclass(frozen=True)
class MapBefore:
    """The map as a change finds it, with the problems it already has.

    A change may be made to a map with errors as long as it adds no error of
    its own (:meth:`refuse_new`): that is how a broken map is repaired with the
    commands. ``read`` holds the problems found reading files (a file with
    them is not in ``debate``); ``problems`` adds those of :func:`validate`.
    """

    debate: DebateMap
    read: list[Problem]
    problems: list[Problem]

    def after(self, changed: set[str], found: list[Problem], debate: DebateMap) -> list[Problem]:
        """The map's problems once the files ``changed`` (paths as shown) hold their new text.

        ``found`` are the problems reading those new texts; ``debate`` the map after.
        """
        kept = [p for p in self.read if p.path not in changed]
        return kept + found + validate(debate)

    def refuse_new(self, after: list[Problem], moved: dict[str, str] | None = None) -> None:
        """Raise :class:`ChangeRefused` listing the errors ``after`` has that the map had not.

        Errors are told apart by code, file and message, not position: an edit
        above an old error moves its line without making it new. ``moved`` maps
        a file's old shown path to its new one (a rename).
        """
        moved = moved or {}
        known = Counter((p.code, moved.get(p.path, p.path), p.message) for p in self.problems if p.is_error)
        new: list[Problem] = []
        for problem in after:
            if not problem.is_error:
                continue
            key = (problem.code, problem.path, problem.message)
            if known[key] > 0:
                known[key] -= 1
            else:
                new.append(problem)
        if new:
            raise ChangeRefused(new)

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def map_before(root: str | os.PathLike[str]) -> MapBefore:
    """Read the map at ``root`` and its problems; :class:`ChangeRefused` if there is no folder."""
    if not Path(root).is_dir():
        raise ChangeRefused(
            [input_problem(rules.UNREADABLE, f"map folder '{root}' does not exist")], "no map to change"
        )
    # A large map is read on every core by forked workers, which is safe only while this
    # process runs no other thread (the CLI, one change per process). A server calling this
    # from threads reads in one, and re-reads only the files that changed since its last
    # change (serve's writers queue on the lock; a full read was most of each change's time).
    if threading.active_count() == 1:
        debate, read = read_map(root, parallel=True)
    else:
        key = str(Path(root).resolve())
        with _CACHES_LOCK:
            cache = _CACHES.setdefault(key, {})
        debate, read = read_map(root, cache=cache)  # called under the map's lock: one at a time
    return MapBefore(debate, read, read + validate(debate))


_CACHES: dict[str, FileCache] = {}  # per map folder, for long-running processes (serve)
_CACHES_LOCK = threading.Lock()


def clean_map(root: str | os.PathLike[str]) -> DebateMap:
    """The map at ``root``, errors or not: commands use it to offer choices before asking.

    (It once refused a map with errors; a change now refuses only errors of its own.)
    """
    return map_before(root).debate


def refuse_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ChangeRefused(errors)


def warnings_for(problems: list[Problem], paths: set[str]) -> tuple[Problem, ...]:
    return tuple(sort_problems([p for p in problems if not p.is_error and p.path in paths]))


def read_back(path: Path, text: str) -> tuple[Node | None, list[Problem]]:
    """Read ``text`` as the node file ``path`` exactly as ``check`` would."""
    shown = display_path(path)
    value, problems = read_file(shown, text.encode("utf-8"))
    if value is None:
        return None, problems
    node, found = node_from_yaml(value, shown)
    return node, problems + found


def read_text(path: Path) -> tuple[str, Callable[[str], str]]:
    """A file's text with ``\\n`` line ends, and how to put back its BOM and CRLFs."""
    text = path.read_bytes().decode("utf-8")  # the map was just read cleanly, so it decodes
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    crlf = "\r\n" in text

    def restore(new: str) -> str:
        return bom + (new.replace("\n", "\r\n") if crlf else new)

    return text.removeprefix(bom).replace("\r\n", "\n"), restore


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` atomically, keeping its permissions (:class:`WriteFailed` if it cannot)."""
    commit([(path, text, False)])


def own_file(root: Path, node: Node) -> Path:
    """The node's file, refused if it lies outside the map folder (read, never changed)."""
    path = Path(node.position.path)
    if not inside(root, path):
        outside = input_problem(
            rules.OUTSIDE_MAP,  # as link/unlink/add say it (DM030 is a file that cannot be read)
            f"'{node.position.path}' is in a symlinked folder outside the map folder; "
            "it is read, not changed",
            "edit it where it lives, or move it into the map folder",
        )
        raise ChangeRefused([outside], "outside the map folder")
    return path

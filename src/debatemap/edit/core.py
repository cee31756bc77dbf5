"""The core of every safe change: refusals, the map's lock, reading it clean, and commit.

:mod:`.edit` (nodes and links) and :mod:`.edit_registry` (perspectives and sources)
build on these. :func:`commit` puts several files in place and, if the disk refuses
one, takes the earlier ones back out, so a change lands whole or not at all.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from debatemap.edit.input import input_problem
from debatemap.model import DebateMap, Node, Problem
from debatemap.store.reader import display_path, read_map
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
    """

    path: Path
    text: str
    warnings: tuple[Problem, ...] = ()
    written: bool = True
    node: Node | None = field(default=None, compare=False)


# --- the map before and after ------------------------------------------------


_held = threading.local()  # maps this thread already holds locked, so an import can nest changes


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the map folder for one read-check-write.

    Re-entrant within a thread: a second ``flock`` on a fresh descriptor would
    wait for the first forever. An :class:`OSError` inside (a file that cannot
    be read or written) becomes :class:`WriteFailed`, so no caller sees a traceback.
    """
    key = os.path.realpath(root)
    held: set[str] = _held.__dict__.setdefault("roots", set())
    if key in held:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: exclusive create still guards new files
        fcntl = None  # type: ignore[assignment]
    try:
        descriptor = os.open(root, os.O_RDONLY)
    except OSError as exc:
        raise WriteFailed(root, exc) from None
    held.add(key)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    except FileExistsError:
        raise  # a lost race for a file name: add_nodes starts again
    except OSError as exc:
        raise WriteFailed(exc.filename or root, exc) from None
    finally:
        held.discard(key)
        os.close(descriptor)  # closing releases the lock


def commit(writes: Sequence[tuple[Path, str, bool]]) -> None:
    """Put every ``(path, text, new)`` in place, all or nothing.

    ``new`` files are created exclusively, the others replaced atomically.
    If any write fails, the files already written are taken back (created ones
    deleted, replaced ones given back their old bytes) before the error goes
    on: :class:`FileExistsError` as it is (a race for a name, worth a retry),
    any other :class:`OSError` as :class:`WriteFailed` naming the file.
    """
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, text, new in writes:
            if new:
                _create(path, text)
                done.append((path, None))
            else:
                original = path.read_bytes()
                replace_file(path, text)
                done.append((path, original))
    except BaseException as exc:
        _undo(done)
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            raise WriteFailed(path, exc) from None
        raise


def _create(path: Path, text: str) -> None:
    try:
        create_file(path, text)
    except FileExistsError:
        if path.parent.is_dir():
            raise  # the file itself exists: someone else took the name
        # A file where the folder should be: not a race, a map that cannot take this change.
        raise NotADirectoryError(20, "Not a directory", str(path.parent)) from None


def _undo(done: list[tuple[Path, bytes | None]]) -> None:
    """Take back the writes in ``done``, newest first; keep going past failures."""
    for path, original in reversed(done):
        try:
            if original is None:
                path.unlink()
            else:
                replace_file(path, original.decode("utf-8"))
        except OSError:  # pragma: no cover - the folder was writable a moment ago
            pass


def clean_map(root: str | os.PathLike[str]) -> DebateMap:
    """The map at ``root``; raises :class:`ChangeRefused` if it already has errors.

    Commands use it to offer choices (perspectives, sources, ids) before asking.
    """
    if not Path(root).is_dir():
        raise ChangeRefused(
            [input_problem("DM030", f"map folder '{root}' does not exist")], "no map to change"
        )
    debate, problems = read_map(root)
    problems += validate(debate)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ChangeRefused(errors, "the map already has errors; fix them first (see debatemap check)")
    return debate


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

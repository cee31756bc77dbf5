"""Changes to several files that land whole even if the process is killed (``kill -9``).

A change that touches one file is safe on its own: the new text goes to a
temporary file and ``os.replace`` swaps it in. A change that touches several
(``rename``, ``remove --unlink``, ``import``) could be cut between two of those
swaps, leaving half a rename. So, as databases do, such a change goes through a
journal, ``.debatemap-journal`` in the map folder:

1. the journal is written (atomically, synced) in state ``staging``, naming every
   file the change writes or deletes;
2. each new text is written and synced beside its target as a hidden stage file;
3. the journal is rewritten in state ``commit``: from this instant the change
   is decided;
4. the stage files are renamed over their targets and deleted files removed;
   the folders are synced; the journal is deleted.

:func:`recover`, which every reading of the map runs first (see
:func:`debatemap.store.read_map`), finishes a change whose journal says
``commit`` and takes back one that says ``staging`` (its stage files and new
folders go; no target was touched). Both are idempotent, so being killed while
recovering is safe too. The next command therefore finds the map exactly as it
was before the change or exactly as it is after, never a mix.

Every step calls :func:`_step`; a test sets ``DEBATEMAP_CRASH_AT=k`` to have the
process kill itself (SIGKILL) at step ``k``, and so proves the claim above for
every step rather than for the instants a random kill happens to hit.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

JOURNAL = ".debatemap-journal"
JOURNAL_TMP = ".debatemap-journal.tmp"  # a fixed name: a kill leaves nothing unnamed behind
STAGE_SUFFIX = ".debatemap-new"
CRASH_ENV = "DEBATEMAP_CRASH_AT"

_held = threading.local()  # maps this thread already holds locked (the lock is re-entrant)
_steps = [0]


def _step() -> None:
    """Count one step of a change; the testing hook may kill the process here."""
    _steps[0] += 1
    wanted = os.environ.get(CRASH_ENV)
    if wanted and wanted.isdigit() and int(wanted) == _steps[0]:
        os.kill(os.getpid(), signal.SIGKILL)


def held_roots() -> set[str]:
    roots: set[str] = _held.__dict__.setdefault("roots", set())
    return roots


@contextmanager
def locked(root: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the map folder (no lock file is left behind).

    Re-entrant within a thread: a second ``flock`` on a fresh descriptor would
    wait for the first forever. Raises :class:`OSError` if the folder cannot be opened.
    """
    key = os.path.realpath(root)
    held = held_roots()
    if key in held:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: exclusive create still guards new files
        fcntl = None  # type: ignore[assignment]
    descriptor = os.open(root, os.O_RDONLY)
    held.add(key)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        held.discard(key)
        os.close(descriptor)  # closing releases the lock


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - the folder was just written to
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems cannot sync a folder
        pass
    finally:
        os.close(descriptor)


def _write_file(path: Path, data: bytes, mode: int) -> None:
    """``path`` holds ``data``, written in full and synced (created or truncated)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    try:
        os.fchmod(descriptor, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _write_journal(root: Path, state: str, writes: list[str], deletes: list[str], folders: list[str]) -> None:
    """The journal, put in place whole: written beside it under a fixed name, then renamed."""
    record = {"state": state, "write": writes, "delete": deletes, "folders": folders}
    _write_file(root / JOURNAL_TMP, json.dumps(record, indent=1).encode("utf-8"), 0o644)
    os.replace(root / JOURNAL_TMP, root / JOURNAL)
    _sync_folder(root)


def stage_path(target: Path) -> Path:
    """Where the new text of ``target`` waits until the change is committed."""
    return target.parent / f".{target.name}{STAGE_SUFFIX}"


def write_stage(target: Path, text: str) -> None:
    """Write (and sync) the text that will replace or create ``target`` at the commit."""
    _write_file(stage_path(target), text.encode("utf-8"), _new_mode(target))


def _new_mode(target: Path) -> int:
    try:
        return os.stat(target).st_mode & 0o7777  # a replaced file keeps its permissions
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask; set straight back
        os.umask(umask)
        return 0o666 & ~umask


def _relative(root: Path, path: Path) -> str:
    # Real folders on both sides: a map reached through a symlink is still one map.
    real = os.path.join(os.path.realpath(path.parent), path.name)
    relative = os.path.relpath(real, os.path.realpath(root))
    if relative.startswith("..") or os.path.isabs(relative):
        raise ValueError(f"'{path}' is outside the map folder '{root}'")
    return Path(relative).as_posix()


def _inside(root: Path, relative: object) -> Path:
    """A journal entry as a path, refusing anything that would lead outside the map, also
    through a symlinked folder (a planted journal could otherwise delete any file the user can)."""
    if not isinstance(relative, str) or relative.startswith("/") or ".." in relative.split("/"):
        raise ValueError(f"journal entry {relative!r} is not a path inside the map")
    path = root / relative
    real_root = os.path.realpath(root)
    real = os.path.join(os.path.realpath(path.parent), path.name)
    if os.path.commonpath([real_root, real]) != real_root:
        raise ValueError(f"journal entry {relative!r} leads outside the map through a symlink")
    return path


def apply_change(root: Path, writes: Sequence[tuple[Path, str, bool]], deletes: Sequence[Path] = ()) -> None:
    """Write every ``(path, text, new)`` and delete every path in ``deletes``, as one change.

    Call it holding :func:`locked`. A ``new`` file that already exists raises
    :class:`FileExistsError` before anything changed. Any :class:`OSError` while
    staging takes the change back and goes on; one after the commit point is
    left for :func:`recover` to finish (the change is decided by then).
    """
    root = Path(root)
    targets = [path for path, _, _ in writes]
    folders: list[Path] = []
    for path in targets:
        parent = path.parent
        missing: list[Path] = []
        while not parent.exists() and parent != root:
            missing.append(parent)
            parent = parent.parent
        folders += [f for f in reversed(missing) if f not in folders]
    record = (
        [_relative(root, p) for p in targets],
        [_relative(root, p) for p in deletes],
        [_relative(root, f) for f in folders],
    )
    _write_journal(root, "staging", *record)
    _step()
    try:
        for folder in folders:
            folder.mkdir()
        for path, text, new in writes:
            if new and os.path.lexists(path):
                raise FileExistsError(17, "File exists", str(path))
            if not new and not path.is_file():
                raise FileNotFoundError(2, "No such file", str(path))
            write_stage(path, text)
            _step()
        for path in deletes:
            if not os.access(path.parent, os.W_OK):
                raise PermissionError(13, "Permission denied", str(path.parent))
    except BaseException:
        _roll_back(root, *record)
        raise
    _write_journal(root, "commit", *record)  # the commit point
    _step()
    _roll_forward(root, *record)


def _roll_back(root: Path, writes: list[str], deletes: list[str], folders: list[str]) -> None:
    for relative in writes:
        stage = stage_path(_inside(root, relative))
        if os.path.lexists(stage):
            os.unlink(stage)
    for relative in reversed(folders):
        try:
            _inside(root, relative).rmdir()
        except OSError:  # not empty (someone else's file) or already gone
            pass
    os.unlink(root / JOURNAL)
    _sync_folder(root)


def _roll_forward(root: Path, writes: list[str], deletes: list[str], folders: list[str]) -> None:
    touched: set[Path] = {root}
    for relative in writes:
        target = _inside(root, relative)
        stage = stage_path(target)
        if os.path.lexists(stage):  # not yet in place (a second run finds it gone)
            os.replace(stage, target)
            _step()
        touched.add(target.parent)
    for relative in deletes:
        target = _inside(root, relative)
        if os.path.lexists(target) and relative not in writes:
            os.unlink(target)
            _step()
        touched.add(target.parent)
    for folder in sorted(touched):
        _sync_folder(folder)
    os.unlink(root / JOURNAL)
    _sync_folder(root)
    _step()


def pending(root: str | os.PathLike[str]) -> bool:
    """Whether an interrupted change waits in ``root`` (two ``stat``: cheap for every read)."""
    return any(os.path.lexists(os.path.join(root, name)) for name in (JOURNAL, JOURNAL_TMP))


def recover(root: str | os.PathLike[str]) -> str | None:
    """Finish or take back a change interrupted in ``root``; what was done, or ``None``.

    Takes the map's lock (re-entrant), so a change still running in another
    process is waited for, not mistaken for an interrupted one. Raises
    :class:`OSError` when the files cannot be put right (a read-only folder)
    and :class:`ValueError` for a journal that is not ours.
    """
    if not pending(root):
        return None
    base = Path(root)
    with locked(base):
        if os.path.lexists(base / JOURNAL_TMP):  # cut while writing the journal: never in force
            os.unlink(base / JOURNAL_TMP)
        if not os.path.lexists(base / JOURNAL):  # none, or its change finished while we waited
            return None
        try:
            record = json.loads((base / JOURNAL).read_bytes().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"'{JOURNAL}' is not a journal debatemap wrote ({exc})") from None
        if not isinstance(record, dict) or record.get("state") not in ("staging", "commit"):
            raise ValueError(f"'{JOURNAL}' is not a journal debatemap wrote")
        parts: list[list[str]] = []
        for key in ("write", "delete", "folders"):
            entries = record.get(key)
            if not isinstance(entries, list) or not all(isinstance(x, str) for x in entries):
                raise ValueError(f"'{JOURNAL}' is not a journal debatemap wrote")
            parts.append(entries)
        for entries in parts:
            for relative in entries:
                _inside(base, relative)  # refuses before anything is touched
        writes, deletes, folders = parts
        if record["state"] == "commit":
            _roll_forward(base, writes, deletes, folders)
            return "finished an interrupted change"
        _roll_back(base, writes, deletes, folders)
        return "took back an interrupted change"

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

:func:`recover`, which every *writer* runs first, holding the map's lock (see
:func:`debatemap.edit.core.locked`), finishes a change whose journal says
``commit`` and takes back one that says ``staging`` (its stage files and new
folders go; no target was touched). Both are idempotent, so being killed while
recovering is safe too. The next change therefore starts from the map exactly as
it was before the interrupted one or exactly as it is after, never a mix.
Reading never recovers: a reader only reports that a change waits
(:func:`pending`), so ``check`` or ``build`` leave the folder as they found it.

A journal is obeyed only if this user's debatemap wrote it for this very folder:
it carries an HMAC (keyed by a secret kept outside the map, see :func:`_key`) over
its entries and the map's real path, and every stage file is named with the
journal's random nonce. A journal planted in a shared folder, committed to git or
copied from another map is refused and nothing is touched.

Every step of a change calls the ``step`` its caller gives (the map's
:class:`~debatemap.store.mapstore.MapStore` counts them and calls its crash hook):
a test has the process kill itself (SIGKILL) at step ``k``, and so proves the
claim above for every step rather than for the instants a random kill happens to hit.
This module keeps no state of its own: the lock, the count and the hook belong to the store.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from debatemap.store.contain import inside
from debatemap.store.write import write_synced

JOURNAL = ".debatemap-journal"
JOURNAL_TMP = ".debatemap-journal.tmp"  # a fixed name: a kill leaves nothing unnamed behind
STAGE_SUFFIX = ".debatemap-new"
TEMP_PREFIX = ".debatemap-"  # the one-file writer's temporary files (store.write)
KEY_FILE = "journal.key"
# What a write killed before its rename leaves: a one-file write's temporary file, or
# a journal's stage file (its nonce in the name); nothing else is ever swept.
_ORPHAN = re.compile(r"\.debatemap-[A-Za-z0-9_]{6,12}\.tmp|\..+\.[0-9a-f]{32}\.debatemap-new")
Step = Callable[[], None]  # called at every step of a change (see the module's note)


def no_step() -> None:
    """The ``step`` of a caller that watches no steps."""


@contextmanager
def locked(root: str | os.PathLike[str]) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the map folder (no lock file is left behind).

    Not re-entrant: a second ``flock`` on a fresh descriptor would wait for the
    first forever, so nesting is the store's business
    (:meth:`debatemap.store.mapstore.MapStore.locked`). Raises :class:`OSError`
    if the folder cannot be opened.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: exclusive create still guards new files
        fcntl = None  # type: ignore[assignment]
    descriptor = os.open(root, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
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


def _key_folder() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "debatemap"


def _key() -> bytes:
    """This user's secret for signing journals, made on first use (0600, outside any map).

    Falls back to a private folder in the system's temporary folder when the home
    folder cannot be written (a sandbox); a journal signed there and not found again
    is refused, which leaves the map as it is, never damaged.
    """
    for folder in (_key_folder(), Path(tempfile.gettempdir()) / f"debatemap-{os.getuid()}"):
        try:
            return _key_in(folder)
        except OSError:
            continue
    raise PermissionError(13, "no private place for the journal's key", str(_key_folder()))


def _key_in(folder: Path) -> bytes:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(13, "not a private folder", str(folder))
    path = folder / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    else:
        try:
            os.write(descriptor, secrets.token_bytes(32))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        key = os.read(descriptor, 64)
    finally:
        os.close(descriptor)
    if len(key) != 32:
        raise PermissionError(13, "a damaged key", str(path))
    return key


def _signature(root: Path, record: dict[str, object]) -> str:
    """The HMAC binding a journal's entries to this user and this map folder."""
    unsigned = {k: v for k, v in record.items() if k != "mac"}
    message = json.dumps([os.path.realpath(root), unsigned], sort_keys=True).encode("utf-8")
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def _write_journal(
    root: Path, state: str, nonce: str, writes: list[str], deletes: list[str], folders: list[str]
) -> None:
    """The journal, put in place whole: written beside it under a fixed name, then renamed."""
    record: dict[str, object] = {
        "state": state, "nonce": nonce, "write": writes, "delete": deletes, "folders": folders,
    }  # fmt: skip
    record["mac"] = _signature(root, record)
    write_synced(root / JOURNAL_TMP, json.dumps(record, indent=1).encode("utf-8"), 0o644)
    os.replace(root / JOURNAL_TMP, root / JOURNAL)
    _sync_folder(root)


def stage_path(target: Path, nonce: str) -> Path:
    """Where the new text of ``target`` waits until the change whose nonce it carries commits."""
    return target.parent / f".{target.name}.{nonce}{STAGE_SUFFIX}"


def write_stage(target: Path, text: str, nonce: str) -> None:
    """Write (and sync) the text that will replace or create ``target`` at the commit."""
    write_synced(stage_path(target, nonce), text.encode("utf-8"), _new_mode(target))


def _new_mode(target: Path) -> int:
    try:
        return os.stat(target).st_mode & 0o7777  # a replaced file keeps its permissions
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask; set straight back
        os.umask(umask)
        return 0o666 & ~umask


def _relative(root: Path, path: Path) -> str:
    # Real folders on both sides: a map reached through a symlink is still one map.
    if not inside(root, path, follow_last=False):
        raise ValueError(f"'{path}' is outside the map folder '{root}'")
    real = os.path.join(os.path.realpath(path.parent), path.name)
    return Path(os.path.relpath(real, os.path.realpath(root))).as_posix()


def _inside(root: Path, relative: object) -> Path:
    """A journal entry as a path, refusing anything that would lead outside the map, also
    through a symlinked folder (a planted journal could otherwise delete any file the user can)."""
    if not isinstance(relative, str) or relative.startswith("/") or ".." in relative.split("/"):
        raise ValueError(f"journal entry {relative!r} is not a path inside the map")
    path = root / relative
    if not inside(root, path, follow_last=False):
        raise ValueError(f"journal entry {relative!r} leads outside the map through a symlink")
    return path


def apply_change(
    root: Path, writes: Sequence[tuple[Path, str, bool]], deletes: Sequence[Path] = (), step: Step = no_step
) -> None:
    """Write every ``(path, text, new)`` and delete every path in ``deletes``, as one change.

    Call it holding :func:`locked`. A ``new`` file that already exists raises
    :class:`FileExistsError` before anything changed. Any :class:`OSError` before
    the commit point (a full disk while staging or while writing the journal)
    takes the change back, leaving no stage file behind, and goes on; one after
    the commit point is left for :func:`recover` to finish (the change is decided).
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
    nonce = secrets.token_hex(16)
    record = (
        [_relative(root, p) for p in targets],
        [_relative(root, p) for p in deletes],
        [_relative(root, f) for f in folders],
    )
    _write_journal(root, "staging", nonce, *record)
    step()
    try:
        for folder in folders:
            folder.mkdir()
        for path, text, new in writes:
            if new and os.path.lexists(path):
                raise FileExistsError(17, "File exists", str(path))
            if not new and not path.is_file():
                raise FileNotFoundError(2, "No such file", str(path))
            write_stage(path, text, nonce)
            step()
        for path in deletes:
            if not os.access(path.parent, os.W_OK):
                raise PermissionError(13, "Permission denied", str(path.parent))
        _write_journal(root, "commit", nonce, *record)  # the commit point
    except BaseException:
        _roll_back(root, nonce, *record)
        raise
    step()
    _roll_forward(root, nonce, *record, step)


def _remove_journal(root: Path) -> None:
    for name in (JOURNAL_TMP, JOURNAL):
        if os.path.lexists(root / name):
            os.unlink(root / name)
    _sync_folder(root)


def _roll_back(root: Path, nonce: str, writes: list[str], deletes: list[str], folders: list[str]) -> None:
    for relative in writes:
        stage = stage_path(_inside(root, relative), nonce)
        if os.path.lexists(stage):
            os.unlink(stage)
    for relative in reversed(folders):
        try:
            _inside(root, relative).rmdir()
        except OSError:  # not empty (someone else's file) or already gone
            pass
    _remove_journal(root)


def _roll_forward(
    root: Path, nonce: str, writes: list[str], deletes: list[str], folders: list[str], step: Step
) -> None:
    touched: set[Path] = {root}
    for relative in writes:
        target = _inside(root, relative)
        stage = stage_path(target, nonce)
        if os.path.lexists(stage):  # not yet in place (a second run finds it gone)
            os.replace(stage, target)
            step()
        touched.add(target.parent)
    for relative in deletes:
        target = _inside(root, relative)
        if os.path.lexists(target) and relative not in writes:
            os.unlink(target)
            step()
        touched.add(target.parent)
    for folder in sorted(touched):
        _sync_folder(folder)
    _remove_journal(root)
    step()


def pending(root: str | os.PathLike[str]) -> bool:
    """Whether an interrupted change waits in ``root`` (two ``stat``: cheap for every read)."""
    return any(os.path.lexists(os.path.join(root, name)) for name in (JOURNAL, JOURNAL_TMP))


def _not_ours(why: str = "") -> ValueError:
    return ValueError(f"'{JOURNAL}' is not a journal debatemap wrote here{why}; nothing was touched")


def _verified(root: Path) -> tuple[str, str, list[str], list[str], list[str]]:
    """The journal's state, nonce and entries, refusing anything this user's debatemap did not
    write for this folder (before a single file is touched)."""
    try:
        record = json.loads((root / JOURNAL).read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _not_ours(f" ({exc})") from None
    if not isinstance(record, dict) or record.get("state") not in ("staging", "commit"):
        raise _not_ours()
    nonce, mac = record.get("nonce"), record.get("mac")
    if not isinstance(nonce, str) or not re.fullmatch(r"[0-9a-f]{32}", nonce) or not isinstance(mac, str):
        raise _not_ours(" (it carries no signature)")
    parts: list[list[str]] = []
    for key in ("write", "delete", "folders"):
        entries = record.get(key)
        if not isinstance(entries, list) or not all(isinstance(x, str) for x in entries):
            raise _not_ours()
        parts.append(entries)
    if not hmac.compare_digest(mac, _signature(root, record)):
        raise _not_ours(" (its signature does not match: planted, copied or written by someone else)")
    for entries in parts:
        for relative in entries:
            _inside(root, relative)  # refuses before anything is touched
    return record["state"], nonce, *parts


def recover(root: str | os.PathLike[str], step: Step = no_step) -> str | None:
    """Finish or take back a change interrupted in ``root``; what was done, or ``None``.

    For writers only (reading never recovers), holding the map's lock
    (:func:`locked`), so a change still running in another process is waited
    for, not mistaken for an interrupted one. Raises :class:`OSError` when the
    files cannot be put right (a read-only folder) and :class:`ValueError` for a
    journal that is not ours.
    """
    if not pending(root):
        return None
    base = Path(root)
    if os.path.lexists(base / JOURNAL_TMP):  # cut while writing the journal: never in force
        os.unlink(base / JOURNAL_TMP)
    if not os.path.lexists(base / JOURNAL):  # none, or its change finished while we waited
        return None
    state, nonce, writes, deletes, folders = _verified(base)
    if state == "commit":
        _roll_forward(base, nonce, writes, deletes, folders, step)
        return f"finished a change that was interrupted ({len(writes)} written, {len(deletes)} deleted)"
    _roll_back(base, nonce, writes, deletes, folders)
    return "took back a change that was interrupted before it was decided (no file had changed)"


def sweep_orphans(root: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary and stage files that writes killed before their rename left behind.

    Call it holding :func:`locked` after :func:`recover`: no change is then under
    way, so every such file is an orphan. Only regular files named as debatemap
    names them are touched; symlinked folders are not followed.
    """
    removed: list[Path] = []
    folders = [str(root)]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif (
                entry.name.startswith(".")
                and _ORPHAN.fullmatch(entry.name)
                and entry.is_file(follow_symlinks=False)
            ):
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    continue
                removed.append(Path(entry.path))
    return sorted(removed)

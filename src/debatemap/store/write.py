"""The one atomic writer: node and registry files (for :mod:`debatemap.edit`), built files,
and the journal's synced files (:mod:`.journal`).

Every write goes to a fully written, synced temporary file beside its target
first, then into place by ``os.link`` (a new file, never overwriting) or
``os.replace`` (a changed file), so no reader ever sees half a file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _refuse(reason: int, message: str, path: Path) -> OSError:
    return OSError(reason, message, str(path))


def write_outputs(out_dir: str | os.PathLike[str], files: Mapping[str, bytes | str]) -> list[Path]:
    """Write each ``name -> content`` into ``out_dir``; return the paths.

    Text is written as UTF-8 with ``\\n`` line endings whatever the platform,
    so the same map gives byte-identical files everywhere. Every file is first
    written in full to a temporary file beside its target and only then renamed
    over it, so a failure part-way (a full disk, a folder where a file should be)
    leaves the earlier build's files as they were. Raises :class:`OSError`
    naming the path at fault.
    """
    base = Path(out_dir)
    if base.exists() and not base.is_dir():
        raise _refuse(errno.ENOTDIR, "the output folder is a file; give a folder", base)
    for name in files:
        if (base / name).is_dir():
            raise _refuse(errno.EISDIR, "a folder stands where this file must be written", base / name)
    base.mkdir(parents=True, exist_ok=True)
    mode = 0o666 & ~_umask()  # mkstemp makes 0600; built files are for sharing
    staged: list[tuple[str, Path]] = []
    try:
        for name in sorted(files):
            content = files[name]
            data = content.encode("utf-8") if isinstance(content, str) else content
            try:
                staged.append((_temporary(base, data, mode, prefix=f".{name}.", sync=False), base / name))
            except OSError as error:  # name the file, not the temporary file's random name
                reason = f"cannot write ({error.strerror})"
                raise _refuse(error.errno or errno.EIO, reason, base / name) from error
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [target for _, target in staged]


# --- map files (node files and registries) -----------------------------------


def write_synced(path: Path, data: bytes, mode: int) -> None:
    """``path`` holds ``data``, written in full and synced (created or truncated, never
    through a symlink): the journal's own files and stage files."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    try:
        os.fchmod(descriptor, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _temporary(
    directory: Path, content: bytes, mode: int | None = None, prefix: str = ".debatemap-", sync: bool = True
) -> str:
    """A fully written and synced temporary file in ``directory``.

    ``mode`` defaults to what the umask gives a new file (mkstemp's own 0600
    would make node files private to their writer).
    """
    handle, tmp = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    try:
        if mode is None:
            umask = os.umask(0)  # the only way to read the umask; set straight back
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            if sync:  # a built file can be built again; a map file is someone's work
                os.fsync(out.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def create_file(path: Path, content: str) -> None:
    """Create ``path`` with ``content`` atomically; fail if it already exists.

    The content is written to a temporary file first and then hard-linked into
    place, so a reader never sees a half-written node and a concurrent writer
    of the same name gets :class:`FileExistsError` instead of overwriting.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path.parent, content.encode("utf-8"))
    try:
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def replace_file(path: Path, content: str) -> None:
    """Replace ``path``'s content atomically (temporary file, then ``os.replace``).

    The file keeps its permissions.
    """
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    tmp = _temporary(path.parent, content.encode("utf-8"), mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise

"""Reading a file's bytes safely: regular files only, never more than the size cap.

A FIFO named ``*.yaml`` would make a plain ``open`` wait for ever for a writer, and a
device may never end; :func:`read_bytes` recognises both instead of reading them.
"""

from __future__ import annotations

import os
import stat

from debatemap import rules
from debatemap.model import Position, Problem

MAX_FILE_BYTES = 1024 * 1024


def read_bytes(path: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, Problem | None]:
    """The first ``limit + 1`` bytes of a regular file, or the DM030 problem.

    One byte more than ``limit`` is read, so a caller can tell a file that is too
    large without reading all of it.

    Only regular files (a symlink is followed) are read: reading a FIFO would
    wait forever for a writer, and a device may never end. Opening without
    blocking lets a FIFO be recognised instead of waited on.
    """
    try:  # os.open/os.read: a buffered file object costs more than the read
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        try:  # a socket cannot be opened at all: say what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        return None, unreadable(path, exc) if stat.S_ISREG(mode) else _not_regular(path, mode)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            return None, _not_regular(path, mode)
        raw = os.read(descriptor, limit + 1)
        while raw and len(raw) <= limit:  # short reads are allowed
            more = os.read(descriptor, limit + 1 - len(raw))
            if not more:
                break
            raw += more
    except OSError as exc:
        return None, unreadable(path, exc)
    finally:
        os.close(descriptor)
    return raw, None


def unreadable(path: str, error: OSError) -> Problem:
    return rules.UNREADABLE.at(Position(path), f"cannot read file: {error.strerror or error}")


_FILE_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _not_regular(path: str, mode: int) -> Problem:
    """DM030 for a path that is there but is not a regular file."""
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
    return rules.UNREADABLE.at(
        Position(path),
        f"cannot read file: it is {kind}, not a regular file",
        "a node file must be an ordinary file; remove it or give it a name not ending in .yaml",
    )

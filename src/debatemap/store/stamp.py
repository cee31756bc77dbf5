"""The one change detector: whether a file may have changed since it was last looked at.

Shared by the reader's cache (:func:`debatemap.store.reader.read_map` with ``cache``)
and the live server's fingerprint (:mod:`debatemap.serve.live`). Size and
modification time alone miss a same-size edit that keeps the old time, as
``cp -p``, ``rsync -t`` and ``tar`` make: the change time and the inode catch
those (no tool can set ctime back, and an atomic replace is a new inode). Where
even they can lie (a file changed twice within the file system's clock tick,
on a coarse-grained file system), a file stamped that recently also carries a
hash of its bytes, as git does for "racily clean" files.
"""

from __future__ import annotations

import hashlib
import os
import time

# A file whose times are this recent may be rewritten within the same tick unseen.
RACY_NS = 2_000_000_000
Stamp = tuple[int, int, int, int, bytes]
MISSING: Stamp = (-1, -1, -1, -1, b"")


def file_stamp(path: str, info: os.stat_result | None = None) -> Stamp:
    """``(size, mtime, ctime, inode, digest)`` of ``path``; :data:`MISSING` if it cannot be
    read. ``digest`` is empty unless the file's times are too recent to trust."""
    try:
        if info is None:
            info = os.stat(path)
        digest = b""
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS:
            with open(path, "rb") as handle:
                digest = hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return MISSING
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, digest)

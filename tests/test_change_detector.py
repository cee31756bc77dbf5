"""One change detector for the reader's cache and the live server: a same-size edit that keeps
the file's modification time (``cp -p``, ``rsync -t``, ``tar``) is seen by both."""

from __future__ import annotations

import os
import time

from debatemap.serve.live import files_fingerprint
from debatemap.store.reader import read_map
from debatemap.store.stamp import file_stamp


def _same_size_edit_keeping_mtime(path, old, new):
    assert len(old) == len(new)
    info = os.stat(path)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # what cp -p does
    assert os.stat(path).st_mtime_ns == info.st_mtime_ns and os.stat(path).st_size == info.st_size


def test_the_live_server_sees_a_same_size_edit_that_keeps_the_mtime(make_map):
    root = make_map()
    before = files_fingerprint(root)
    _same_size_edit_keeping_mtime(root / "legal" / "a.yaml", "An argument", "An Argument")
    assert files_fingerprint(root) != before


def test_the_readers_cache_sees_a_same_size_edit_that_keeps_the_mtime(make_map):
    root = make_map()
    cache: dict = {}
    debate, _ = read_map(root, cache=cache)
    assert debate.nodes["a"].title == "An argument"
    _same_size_edit_keeping_mtime(root / "legal" / "a.yaml", "An argument", "An Argument")
    debate, _ = read_map(root, cache=cache)
    assert debate.nodes["a"].title == "An Argument"


def _stat(ns: int) -> os.stat_result:
    """A stat result for an 11-byte file, inode 7, all three times at ``ns``."""
    seconds = ns // 10**9
    return os.stat_result((0o100644, 7, 1, 1, 0, 0, 11, seconds, seconds, seconds,
                           ns / 1e9, ns / 1e9, ns / 1e9, ns, ns, ns))  # fmt: skip


def test_a_recent_file_carries_a_hash_where_its_times_could_lie(tmp_path):
    """On a coarse clock, two writes in one tick leave size, times (and inode) alike."""
    path = tmp_path / "a.yaml"
    path.write_text("title: one\n", encoding="utf-8")
    now = time.time_ns()
    alike = _stat(now)
    first = file_stamp(str(path), alike)
    path.write_text("title: two\n", encoding="utf-8")
    assert file_stamp(str(path), alike) != first
    old = now - 10 * 10**9
    settled = _stat(old)
    assert file_stamp(str(path), settled)[4] == b""  # older files cost no read

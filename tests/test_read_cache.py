"""A long-running process (serve) re-reads only changed node files, and never misses a change."""

from __future__ import annotations

import os
import threading

from debatemap.edit import add_node, link
from debatemap.store.mapstore import MapStore
from debatemap.store.reader import read_map


def test_a_same_size_rewrite_with_the_old_mtime_is_still_read_again(make_map):
    root = make_map()
    path = root / "legal" / "a.yaml"
    cache: dict = {}
    first, _ = read_map(root, cache=cache)
    assert first.nodes["a"].title == "An argument"
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("An argument", "An ARGUMENT")
    path.write_text(text, encoding="utf-8")  # same size, and the mtime put back:
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # only ctime tells
    again, _ = read_map(root, cache=cache)
    assert again.nodes["a"].title == "An ARGUMENT"


def test_changes_from_threads_use_one_cache_and_see_each_others_files(make_map):
    root = make_map()
    store = MapStore(root, keep_cache=True)  # as serve makes one for its life
    errors: list[BaseException] = []

    def add(i: int) -> None:
        try:
            fields = {"title": f"Reason {i}", "text": "T", "perspective": "legal", "source": "s1",
                      "quote": "q", "supports": ["t"]}  # fmt: skip
            add_node(store, fields)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert store.cached_files >= 6  # the store kept the files it read
    link(store, "reason-0", "opposes", "reason-1")  # sees files other threads wrote
    debate, problems = read_map(root)
    assert {f"reason-{i}" for i in range(6)} <= set(debate.nodes)
    assert debate.nodes["reason-0"].opposes == ("reason-1",)
    assert not [p for p in problems if p.is_error]

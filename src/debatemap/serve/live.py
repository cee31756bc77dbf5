"""The map as it is on disk now, rebuilt when a file changes, pushed to every open page.

One :class:`LiveMap` per server (kept in ``app.state``, never a module global).
A rebuild reads and checks the map exactly as ``build`` does; a map with errors
keeps the last good picture and sends the problems instead, so a file saved
half-way shows ``file:line:col`` in the page rather than breaking it.

Rebuilds are coalesced: while one runs, any number of requests for another
(25 browsers adding at once, a burst of file events) make exactly one more,
which sees all of their changes. Unchanged files (same names and stamps, see
:mod:`debatemap.store.stamp`) cost a directory walk, not a rebuild.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread

from debatemap.model import Problem, Source
from debatemap.store.mapstore import MapStore
from debatemap.store.stamp import MISSING, Stamp, file_stamp

SUBSCRIBERS_MAX = 500  # open pages; past this a new one is refused (each holds a queue)
REBUILD_GAP = 0.1  # seconds between rebuilds while changes keep coming (the first one goes at once)
QUEUE_MAX = 4  # versions waiting for a slow page; older ones are dropped (only the newest matters)


@dataclass
class Picture:
    """What the page needs: the map data and the map's current problems (and, to render the
    page itself, the graph and its strength)."""

    data: dict[str, Any] | None
    problems: list[dict[str, Any]]
    graph: Any = None
    strength: dict[str, float] | None = None
    layout: Any = None
    sources: Mapping[str, Source] = field(default_factory=dict)  # for the quote picker


@dataclass
class LiveMap:
    """The picture of the map the server's store (:class:`~debatemap.store.mapstore.MapStore`)
    reads: one cache of node files for the server's writers and its rebuilds alike."""

    store: MapStore
    title: str
    version: int = 0
    picture: Picture = field(default_factory=lambda: Picture(None, []))
    message: bytes = b""
    _fingerprint: Fingerprint | None = None
    _pending: bool = False
    _built: float = 0.0
    _build_seconds: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _queues: set[asyncio.Queue[bytes | None]] = field(default_factory=set)

    @property
    def root(self) -> Path:
        return self.store.root

    # --- building --------------------------------------------------------------

    async def refresh(self) -> int:
        """Make the picture match the files; return the version that includes every change so far."""
        self._pending = True
        async with self._lock:
            if self._pending:
                # Right after a rebuild, wait a moment: the changes made meanwhile go into one
                # version, so 25 writers make a few versions a second, not one per change.
                # The gap grows with the map: rebuilding takes at most a third of the time.
                gap = max(REBUILD_GAP, 2 * self._build_seconds)
                await asyncio.sleep(max(0.0, self._built + gap - time.monotonic()))
                self._pending = False  # cleared only now: whoever asked before this is included
                fingerprint = await anyio.to_thread.run_sync(files_fingerprint, self.root)
                if fingerprint != self._fingerprint:
                    started = time.monotonic()
                    picture = await anyio.to_thread.run_sync(build_picture, self.store)
                    self._fingerprint = fingerprint
                    self._publish(picture)
                    self._built = time.monotonic()
                    self._build_seconds = self._built - started
            return self.version

    def _publish(self, picture: Picture) -> None:
        old = (self.picture.data, self.picture.problems)
        if self.version and (picture.data, picture.problems) == old:
            return
        if picture.data is None:  # errors: keep the last good map, show the problems
            last = self.picture
            picture = Picture(
                last.data, picture.problems, last.graph, last.strength, last.layout, last.sources
            )
        previous, self.picture = self.picture, picture
        self.version += 1
        self.message = b""  # the whole picture, made when a page connects (see full_message)
        message = delta_message(self.version, previous, picture)
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()  # a page that has missed one asks for the whole map instead
            queue.put_nowait(message)

    def full_message(self) -> bytes:
        if not self.message:
            self.message = event_message(self.version, self.picture)
        return self.message

    def snapshot(self) -> dict[str, Any]:
        return snapshot_of(self.version, self.picture)

    # --- pages listening -------------------------------------------------------

    def subscribe(self, reserved: bool = False) -> asyncio.Queue[bytes | None] | None:
        """A queue of new versions for one page; ``None`` when too many are open, unless
        ``reserved`` (the teacher's pages, which the students' can never push out)."""
        if len(self._queues) >= SUBSCRIBERS_MAX and not reserved:
            return None
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(QUEUE_MAX)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[bytes | None]) -> None:
        self._queues.discard(queue)

    def announce(self, event: str, value: dict[str, Any]) -> None:
        """Send every open page one event that is not a map version (the class was paused)."""
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
        message = f"event: {event}\ndata: {text}\n\n".encode("ascii")
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()  # a dropped version makes that page ask for the whole map
            queue.put_nowait(message)

    def close(self) -> None:
        """End every open event stream (the server is stopping)."""
        for queue in list(self._queues):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(None)

    async def watch(self, stop: asyncio.Event) -> None:
        """Refresh whenever a YAML file below the map folder changes (until ``stop``)."""
        from watchfiles import awatch

        async for _changes in awatch(
            self.root, watch_filter=_yaml_only, debounce=40, step=10, stop_event=stop,
            recursive=True, ignore_permission_denied=True,
        ):  # fmt: skip
            await self.refresh()


YAML_SUFFIXES = (".yaml", ".yml")  # as the reader (debatemap.store.reader) takes them


def _yaml_only(_change: Any, path: str) -> bool:
    name = os.path.basename(path)
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


Fingerprint = tuple[tuple[str, int, Stamp], ...]


def files_fingerprint(root: Path) -> Fingerprint:
    """Name, size and stamp (:func:`~debatemap.store.stamp.file_stamp`, the reader's cache's
    own change detector) of every YAML file below ``root``; each real folder is walked once,
    so a symlink loop (two links to ``.`` made 2^40 paths) ends."""
    found: list[tuple[str, int, Stamp]] = []
    seen = {os.path.realpath(root)}
    for folder, dirs, files in os.walk(root, followlinks=True):
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            real = os.path.realpath(os.path.join(folder, name))
            if real not in seen:
                seen.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                path = os.path.join(folder, name)
                stamp = file_stamp(path)
                if stamp != MISSING:
                    found.append((path, stamp[0], stamp))
    return tuple(sorted(found))


def build_picture(store: MapStore) -> Picture:
    """Read, check and lay out the map as ``build`` would (blocking: run it in a thread).

    Without the cyclic collector, as ``build`` makes its graph: a rebuild makes ~10^5 small
    containers and nothing cyclic, and beside the server's live picture and cache the
    collector's passes over them doubled a rebuild at 10,000 nodes (0.6 s -> 1.1 s CPU).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_picture(store)
    finally:
        if collecting:
            gc.enable()


def _build_picture(store: MapStore) -> Picture:
    from debatemap.graph.context import BuiltMap
    from debatemap.render.map.layout import compute_layout
    from debatemap.render.map.records import map_data
    from debatemap.validation.validate import validate

    debate, problems = store.read()
    problems += validate(debate)
    errors = [p for p in problems if p.is_error]
    if errors:
        return Picture(None, shown_problems(store.root, errors))
    built = BuiltMap(debate)
    graph, strength = built.graph, built.strength
    layout = compute_layout(graph, strength)
    return Picture(map_data(graph, layout, strength), [], graph, strength, layout, debate.sources)


def problem_json(problem: Problem, field_name: str | None = None) -> dict[str, Any]:
    """A problem as the page and ``window.debatemap.edit`` see it."""
    shown = problem.as_dict()
    if field_name:
        shown["field"] = field_name
    return shown


def shown_problems(root: Path, problems: list[Problem], field_of: Any = None) -> list[dict[str, Any]]:
    """Problems for a browser, paths relative to the map's parent (no teacher's home folder shown)."""
    base = root.resolve().parent
    shown = []
    for problem in problems:
        record = problem_json(problem, field_of(problem) if field_of else None)
        path = Path(problem.path)
        if path.is_absolute() and path.is_relative_to(base):
            record["path"] = path.relative_to(base).as_posix()
        shown.append(record)
    return shown


def snapshot_of(version: int, picture: Picture) -> dict[str, Any]:
    return {"version": version, "data": picture.data, "problems": picture.problems}


def _event(value: dict[str, Any]) -> bytes:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return b"event: map\ndata: " + text.encode("ascii") + b"\n\n"


def event_message(version: int, picture: Picture) -> bytes:
    """One server-sent event: ``event: map`` with the whole snapshot on one ``data:`` line."""
    return _event(snapshot_of(version, picture))


def delta_message(version: int, before: Picture, after: Picture) -> bytes:
    """What changed since ``version - 1``: nodes whose fields changed, nodes that only moved
    (``[x, y]``), removed ids, and the (small) rest whole. At 1,000 nodes a change is a few
    kilobytes of nodes instead of a megabyte; a page that missed a version asks for the whole map."""
    if before.data is None or after.data is None:
        return event_message(version, after)
    old = {n["id"]: n for n in before.data["nodes"]}
    changed, moved = [], {}
    for node in after.data["nodes"]:
        was = old.pop(node["id"], None)
        if was is None or _content(was) != _content(node):
            changed.append(node)
        elif (was["x"], was["y"]) != (node["x"], node["y"]):
            moved[node["id"]] = [node["x"], node["y"]]
    rest = {k: v for k, v in after.data.items() if k != "nodes"}
    delta = {"nodes": changed, "moved": moved, "removed": sorted(old), **rest}
    return _event({"version": version, "base": version - 1, "delta": delta, "problems": after.problems})


def _content(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if k not in ("x", "y")}


async def event_stream(live: LiveMap, queue: asyncio.Queue[bytes | None], since: int) -> AsyncIterator[bytes]:
    """The stream one page reads: the current version if it is newer than ``since``, then each new one."""
    try:
        if live.version > since:
            yield live.full_message()
        else:
            yield b": connected\n\n"
        while True:
            try:
                message = await asyncio.wait_for(queue.get(), 15)
            except asyncio.TimeoutError:
                yield b": keep-alive\n\n"  # proxies and browsers drop silent connections
                continue
            if message is None:
                return
            yield message
    finally:
        live.unsubscribe(queue)

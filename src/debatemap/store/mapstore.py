"""One map folder as an object: its lock, its reader's cache and its journal's crash hook.

Everything a change to a map needs to remember lives in a :class:`MapStore`,
never in a module: two stores (two maps, two servers, two tests) share nothing.
Who makes the store decides how it reads:

- the command line makes one per command (:func:`debatemap.cli.commands._editing.open_store`)
  that reads a large map on every core (``parallel``: forked workers, safe because
  the command runs no other thread) and keeps nothing for a next command;
- ``debatemap serve`` makes one for its whole life (``keep_cache``): its writers and
  its live picture re-read only the node files that changed (see :mod:`.stamp`),
  one thread at a time;
- a library caller passing a plain path gets a fresh store that reads in one
  process and keeps nothing (:meth:`MapStore.of`).

``crash_hook`` is for tests: the journal calls :meth:`MapStore.step` at every
step of a change of several files, and the hook, given the step's number, may
kill the process there (see ``tests/crashing_debatemap.py``). Production code
never sets it; nothing reads an environment variable to set it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from debatemap.model import DebateMap, Problem
from debatemap.store import journal
from debatemap.store.reader import FileCache, read_map

CrashHook = Callable[[int], None]  # called with the number of each journal step (1, 2, ...)


class MapStore:
    """The map folder ``root``, with what a process keeps about it between reads and writes.

    ``keep_cache``: keep the node files read (by stamp) between reads, for a
    long-running process. ``parallel``: read a large map in forked workers; only
    for a process that runs no other thread. ``crash_hook``: see the module's note.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        keep_cache: bool = False,
        parallel: bool = False,
        crash_hook: CrashHook | None = None,
    ) -> None:
        if keep_cache and parallel:
            raise ValueError(
                "a store keeps a cache for a threaded process or reads in forked workers, not both"
            )
        self.root = Path(root)
        self.parallel = parallel
        self.crash_hook = crash_hook
        self._cache: FileCache | None = {} if keep_cache else None
        self._cache_lock = threading.Lock()  # the cache is read and filled by one thread at a time
        self._lock = threading.RLock()  # this process's threads queue here; other processes on flock
        self._depth = 0  # how deep the thread holding _lock is nested in locked()
        self._steps = 0

    @classmethod
    def of(cls, where: MapAt) -> MapStore:
        """``where`` itself if it is a store, else a fresh store for that folder (reads in one
        process, keeps nothing): how the library's functions take either."""
        return where if isinstance(where, MapStore) else cls(where)

    def __repr__(self) -> str:
        kept = "" if self._cache is None else f", {len(self._cache)} files kept"
        return f"MapStore({str(self.root)!r}{kept})"

    # --- reading -------------------------------------------------------------------

    def read(self) -> tuple[DebateMap, list[Problem]]:
        """The map and the problems reading it found (:func:`~debatemap.store.reader.read_map`)."""
        if self._cache is None:
            return read_map(self.root, parallel=self.parallel)
        with self._cache_lock:
            return read_map(self.root, cache=self._cache)

    @property
    def cached_files(self) -> int:
        """How many node files the cache holds (0 for a store that keeps none)."""
        return 0 if self._cache is None else len(self._cache)

    # --- writing -------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[bool]:
        """Hold the map's lock; yields whether this is the outermost hold in this thread.

        Re-entrant: a change that reads, checks and writes under one hold may call
        code that takes it again. Threads of this process sharing the store queue
        on a thread lock, other processes on an exclusive ``flock`` of the folder
        (:func:`debatemap.store.journal.locked`). Raises :class:`OSError` if the
        folder cannot be opened.
        """
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield False
                finally:
                    self._depth -= 1
                return
            with journal.locked(self.root):
                self._depth = 1
                try:
                    yield True
                finally:
                    self._depth = 0

    def step(self) -> None:
        """Count one step of a change through the journal; the crash hook may stop here."""
        self._steps += 1
        if self.crash_hook is not None:
            self.crash_hook(self._steps)

    def apply_change(self, writes: Sequence[tuple[Path, str, bool]], deletes: Sequence[Path] = ()) -> None:
        """Several files written and deleted as one change (:func:`debatemap.store.journal.apply_change`).

        Hold :meth:`locked`."""
        journal.apply_change(self.root, writes, deletes, step=self.step)

    def recover(self) -> str | None:
        """Finish or take back a change a killed process left; what was done, or ``None``.

        Hold :meth:`locked` (see :func:`debatemap.store.journal.recover`)."""
        return journal.recover(self.root, step=self.step)

    def sweep_orphans(self) -> list[Path]:
        """Delete the temporary files killed writes left (hold :meth:`locked`, after :meth:`recover`)."""
        return journal.sweep_orphans(self.root)


MapAt = str | os.PathLike[str] | MapStore  # what the library's functions take for "the map"

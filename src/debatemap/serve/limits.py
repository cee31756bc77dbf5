"""Limits per session and per address, which the teacher's session never counts against.

One student must not be able to take what the class needs: every open page
holds an event stream (a queue and a connection), and every write takes the
map's lock for a rebuild. So each student session may hold a few streams and
make a few writes a minute, and each address a bounded number of both (a
class behind one address still fits). The teacher's session is counted in
none of them: whatever the students do, the teacher's page stays live and the
teacher can still write.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field

from debatemap.serve.store import Session

STREAMS_PER_SESSION = 4  # open pages of one student browser (a few tabs)
STREAMS_PER_CLIENT = 120  # open pages from one address (a class of 30 behind one address, 4 tabs each)
STREAMS_MAX = 500  # open student pages in all
WRITES_PER_MINUTE = 30  # changes one student session makes in a minute (one every two seconds)
WRITES_PER_CLIENT = 600  # changes from one address in a minute
WINDOW = 60.0


@dataclass
class Limits:
    _streams: Counter[str] = field(default_factory=Counter)  # by session digest
    _client_streams: Counter[str] = field(default_factory=Counter)
    _writes: dict[str, deque[float]] = field(default_factory=dict)

    def open_stream(self, session: Session) -> str | None:
        """Count a new event stream; the reason it is refused, or ``None``."""
        if session.teacher:
            return None
        if self._streams[session.digest] >= STREAMS_PER_SESSION:
            return f"this browser has {STREAMS_PER_SESSION} pages of the map open already; close one"
        if self._client_streams[session.client] >= STREAMS_PER_CLIENT:
            return "too many pages of the map are open from this address; close some"
        if sum(self._client_streams.values()) >= STREAMS_MAX:
            return "too many pages of the map are open; close some"
        self._streams[session.digest] += 1
        self._client_streams[session.client] += 1
        return None

    def close_stream(self, session: Session) -> None:
        if session.teacher:
            return
        for counter, key in ((self._streams, session.digest), (self._client_streams, session.client)):
            counter[key] -= 1
            if counter[key] <= 0:
                del counter[key]

    def write(self, session: Session, now: float | None = None) -> str | None:
        """Count a write; the reason it is refused (nothing counted then), or ``None``."""
        if session.teacher:
            return None
        now = time.monotonic() if now is None else now
        own, shared = self._recent("s:" + session.digest, now), self._recent("c:" + session.client, now)
        if len(own) >= WRITES_PER_MINUTE:
            return f"at most {WRITES_PER_MINUTE} changes a minute from one browser; wait a moment"
        if len(shared) >= WRITES_PER_CLIENT:
            return "too many changes from this address in the last minute; wait a moment"
        own.append(now)
        shared.append(now)
        return None

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._writes.setdefault(key, deque())
        while times and now - times[0] >= WINDOW:
            times.popleft()
        if len(self._writes) > 10_000:  # forget quiet keys, so a flood of addresses cannot grow this
            self._writes = {k: v for k, v in self._writes.items() if v and now - v[-1] < WINDOW}
            self._writes[key] = times
        return times

"""What a classroom server remembers between runs: sessions, who owns which claim, the join code.

Kept in SQLite (the standard library's ``sqlite3``) in a hidden file beside the
map's YAML, ``DIR/.debatemap-serve.sqlite``. ``check``, ``build`` and the file
watcher read only ``*.yaml`` files whose names do not start with a dot, so they
never see it. Why SQLite and not signed cookies: a signed cookie cannot be
taken back, and the teacher's list of who has joined, the owners of claims and
the pause switch are server state anyway; SQLite gives them one transaction
each, so a crash leaves every row before or after a change, never between.

Nothing secret is stored in the clear: a session is kept under the SHA-256 of
its cookie value (a 256-bit random string), so the file does not let anyone
log in. An *owner* is a random id given to each joined browser; it never
leaves the server (a page learns only which claims are its own), so one
student cannot learn another's. The file is created readable by its owner
only. If the map's folder cannot be written (a read-only checkout), the store
lives in memory and sessions last as long as the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = ".debatemap-serve.sqlite"
LIFETIME = 24 * 3600.0  # seconds a session (and the join code) lasts: a school day, with room
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT, teacher INTEGER NOT NULL,
    client TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS owners (node TEXT PRIMARY KEY, owner TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, made REAL NOT NULL);
"""


@dataclass
class Session:
    """One browser's session. ``owner`` marks what it adds; ``name`` is display only."""

    name: str | None = None  # the contributor name a classroom browser gave
    teacher: bool = False  # came in with the per-run token (or the one-time address), not the code
    owner: str = ""  # random, server-side only: who may change a claim
    client: str = ""  # the address it joined from (for the per-address limits)
    created: float = 0.0  # wall clock, so that it means the same after a restart
    digest: str = ""  # SHA-256 of the cookie value: the key in the store


def digest_of(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode("utf-8", "replace")).hexdigest()


class ClassStore:
    """Sessions, claim owners and settings; in a file, or in memory when ``path`` is ``None``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()  # editing runs in worker threads; one connection, one writer
        self._db = _connect(path)
        self.sessions: dict[str, Session] = {}
        now = time.time()
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE created < ?", (now - LIFETIME,))
        for digest, owner, name, teacher, client, created in self._db.execute(
            "SELECT digest, owner, name, teacher, client, created FROM sessions ORDER BY created"
        ):
            self.sessions[digest] = Session(name, bool(teacher), owner, client, created, digest)

    @classmethod
    def beside(cls, root: Path) -> ClassStore:
        """The store of the map in ``root``; in memory if the folder cannot hold it."""
        try:
            return cls(root / FILE_NAME)
        except (OSError, sqlite3.Error) as error:  # read-only folder, or a damaged file: left as it is
            print(f"debatemap serve: warning: sessions are kept in memory only ({root / FILE_NAME}: {error})",
                  file=sys.stderr)  # fmt: skip
            return cls(None)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:  # one transaction: committed whole or rolled back
            yield self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- sessions ----------------------------------------------------------------

    def add_session(self, session: Session) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
                (session.digest, session.owner, session.name, int(session.teacher), session.client,
                 session.created),
            )  # fmt: skip
        self.sessions[session.digest] = session

    def drop_sessions(self, digests: list[str]) -> None:
        with self._write() as db:
            db.executemany("DELETE FROM sessions WHERE digest = ?", [(d,) for d in digests])
        for digest in digests:
            self.sessions.pop(digest, None)

    def rename_session(self, session: Session, name: str) -> None:
        with self._write() as db:
            db.execute("UPDATE sessions SET name = ? WHERE digest = ?", (name, session.digest))
        session.name = name

    def expired(self, now: float | None = None) -> list[str]:
        limit = (now or time.time()) - LIFETIME
        return [d for d, s in self.sessions.items() if s.created < limit]

    # --- who owns which claim ------------------------------------------------------

    def owner_of(self, node: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT owner FROM owners WHERE node = ?", (node,)).fetchone()
        return str(row[0]) if row else None

    # An owner is recorded after the map's files are written. Should that fail (a full disk),
    # the change stands and the claim is the teacher's to change: said on stderr, not a refusal
    # of a change already made.

    def claim(self, node: str, owner: str | None) -> None:
        """``node`` was just added by ``owner`` (``None``: by the teacher, or by hand)."""
        try:
            with self._write() as db:
                if owner:
                    db.execute("INSERT OR REPLACE INTO owners VALUES (?, ?)", (node, owner))
                else:
                    db.execute("DELETE FROM owners WHERE node = ?", (node,))
        except sqlite3.Error as error:
            print(
                f"debatemap serve: warning: the owner of '{node}' was not recorded: {error}", file=sys.stderr
            )

    def renamed(self, old: str, new: str) -> None:
        try:
            with self._write() as db:
                db.execute("DELETE FROM owners WHERE node = ?", (new,))
                db.execute("UPDATE owners SET node = ? WHERE node = ?", (new, old))
        except sqlite3.Error as error:
            print(f"debatemap serve: warning: the owner of '{old}' did not follow it to '{new}': {error}",
                  file=sys.stderr)  # fmt: skip

    def forget(self, node: str) -> None:
        self.claim(node, None)

    def keep_only(self, nodes: set[str]) -> None:
        """Forget the owners of claims no longer in the map (removed by hand while stopped)."""
        with self._lock:
            known = [str(r[0]) for r in self._db.execute("SELECT node FROM owners")]
        gone = [n for n in known if n not in nodes]
        if gone:
            with self._write() as db:
                db.executemany("DELETE FROM owners WHERE node = ?", [(n,) for n in gone])

    def owned_by(self, owner: str) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT node FROM owners WHERE owner = ? ORDER BY node", (owner,))
            return [str(r[0]) for r in rows]

    def claims_per_owner(self) -> dict[str, int]:
        with self._lock:
            rows = self._db.execute("SELECT owner, COUNT(*) FROM owners GROUP BY owner")
            return {str(owner): int(count) for owner, count in rows}

    # --- settings: the join code, the pause switch -----------------------------------

    def setting(self, key: str, max_age: float | None = None) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value, made FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None or (max_age is not None and row[1] < time.time() - max_age):
            return None
        return str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?, ?)", (key, value, time.time()))


def new_owner() -> str:
    return secrets.token_urlsafe(12)


def _connect(path: Path | None) -> sqlite3.Connection:
    if path is None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        if not path.exists():  # created private: names and addresses of a class are personal data
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        db = sqlite3.connect(path, check_same_thread=False, timeout=5)
        db.execute("PRAGMA journal_mode=DELETE")
    db.executescript(_SCHEMA)
    return db

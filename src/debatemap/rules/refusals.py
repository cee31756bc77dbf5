"""The registry of ``serve``'s refusals: each reason word once, with its HTTP status.

Every refusal ``serve`` sends is ``{"problems": [{..., "code", "reason"}]}``: ``code`` is a
problem rule (:mod:`.codes`), ``reason`` a short fixed word a script or the page can test
(``paused``, ``name-taken``, ...). The server names a refusal from here
(``refusal(refusals.PAUSED, message, hint)``), so the word and the status come from one
place and the docs' table of reasons (:func:`refusals_markdown`) is generated from it.

A word is never renamed: the page and scripts test them. One word may be sent with two
statuses when the same limit is met per browser and for the whole server
(``too-many-pages``: 429 for this browser, 503 for the server).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """One reason ``serve`` refuses a request: its word, its HTTP status and when."""

    word: str
    status: int
    summary: str  # when it is sent, for the docs' table


_REGISTERED: list[Refusal] = []


def _refusal(word: str, status: int, summary: str) -> Refusal:
    refusal = Refusal(word, status, summary)
    _REGISTERED.append(refusal)
    return refusal


# fmt: off
BAD_REQUEST = _refusal("bad-request", 400, "the body is not valid JSON, not a JSON object, or a "
                       "field has the wrong shape")
BAD_NAME = _refusal("bad-name", 400, "no name given when joining or renaming")
NO_SESSION = _refusal("no-session", 400, "a script with the token has no browser session to name")
JOIN_FIRST = _refusal("join-first", 401, "class mode: this browser has not joined the class")
TOKEN_NEEDED = _refusal("token-needed", 401, "the request has neither the server's token nor a session")
WRONG_CODE = _refusal("wrong-code", 403, "the join code is not the one on the teacher's screen")
NOT_YOURS = _refusal("not-yours", 403, "class mode: the claim was added by another browser")
TEACHER_ONLY = _refusal("teacher-only", 403, "class mode: only the teacher may do this")
READ_ONLY = _refusal("read-only", 403, "the map is served with --read-only")
FORBIDDEN = _refusal("forbidden", 403, "another site's page, or a Host that is not the server's own")
NOT_FOUND = _refusal("not-found", 404, "no such address (or, outside class mode, no join page)")
NOT_CLASS = _refusal("not-class", 404, "a teacher's control, but the server is not in class mode")
NO_OPERATION = _refusal("no-operation", 404, "no editing operation of that name")
NO_TEXT = _refusal("no-text", 404, "the source has no text in the sources folder")
WRONG_METHOD = _refusal("wrong-method", 405, "the address takes another HTTP method")
NAME_TAKEN = _refusal("name-taken", 409, "class mode: another browser in the class uses that name")
TOO_LARGE = _refusal("too-large", 413, "the request or upload is over its size limit")
NOT_JSON = _refusal("not-json", 415, "the body is not sent as JSON (or an upload not as a form upload)")
UNREADABLE_DOCUMENT = _refusal("refused", 422, "an uploaded document cannot be read as text")
INVALID_CHANGE = _refusal("invalid-change", 422, "the editing layer refuses the change; the problems "
                          "are check's, with their codes")
PAUSED = _refusal("paused", 423, "class mode: the teacher has paused writing")
TOO_MANY_TRIES = _refusal("too-many-tries", 429, "too many wrong join codes from this address; "
                          "wait a minute")
TOO_MANY_JOINS = _refusal("too-many-joins", 429, "too many browsers joined from one address")
TOO_MANY_PAGES = _refusal("too-many-pages", 429, "this browser has too many live pages open")
TOO_MANY_WRITES = _refusal("too-many-writes", 429, "this browser changes the map too fast")
SERVER_ERROR = _refusal("server-error", 500, "our bug: reload the page to see what was saved")
CLASS_FULL = _refusal("class-full", 503, "the class has as many browsers as the server takes")
SERVER_PAGES_FULL = _refusal("too-many-pages", 503, "the server has as many live pages open as it takes")
# fmt: on

REFUSALS: tuple[Refusal, ...] = tuple(sorted(_REGISTERED, key=lambda r: (r.status, r.word)))

# What a refusal says when the web framework refuses before any route (no such address,
# another method); any other status it might use says "refused".
_BY_STATUS = {NOT_FOUND.status: NOT_FOUND, WRONG_METHOD.status: WRONG_METHOD}


def for_status(status: int) -> Refusal:
    """The refusal for a status the web framework chose (404, 405)."""
    return _BY_STATUS.get(status) or Refusal("refused", status, "a refusal of the web framework")


def refusals_markdown() -> str:
    """The docs' table of serve's refusal reasons: reason, HTTP status, when; by status."""
    rows = ["| reason | HTTP status | when |", "|---|---|---|"]
    rows += [f"| {r.word} | {r.status} | {r.summary.replace('|', chr(92) + '|')} |" for r in REFUSALS]
    return "\n".join(rows) + "\n"

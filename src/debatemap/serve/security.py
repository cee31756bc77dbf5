"""Who may read and write through ``debatemap serve``, and the checks on every request.

The model is Jupyter's local server's: a per-run secret in the address that
``serve`` prints, ``Host`` and ``Origin`` checked on every request, loopback
unless asked otherwise. Concretely:

* **Host** must name this server: a loopback name, or in class mode an IP
  address or this machine's own name. A page on ``evil.example`` whose name has
  been re-pointed at 127.0.0.1 (DNS rebinding) sends ``Host: evil.example``: 403.
* **Origin**, when the browser sends one, must be this server's own, and
  ``Sec-Fetch-Site`` must not say ``cross-site``: another site's page cannot
  read or post here, even from inside the classroom's network: 403.
* **A session** is needed for everything but the join page. The token in the
  printed address (``/?token=...``) or, in class mode, the join code typed on
  ``/join`` is exchanged once for a random session id in an ``HttpOnly``,
  ``SameSite=Strict`` cookie, and the address is cleaned at once (a redirect),
  so the secret stays out of history, ``Referer`` headers and the access log
  (which is off). Scripts may send the token as ``X-Debatemap-Token`` instead.
* Wrong join codes are rate-limited per client address; one address may join
  at most SESSIONS_PER_CLIENT browsers, and past it (or SESSIONS_MAX in all) a
  join is refused: no session is ever pushed out, the teacher's least of all.
* ``serve --open`` gives the browser a one-time address (``/open/CODE``, usable
  once within two minutes), never the token: a command line is visible to
  every user of the machine.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from debatemap import rules
from debatemap.model import Position
from debatemap.rules import refusals
from debatemap.rules.constraints import same_text_key
from debatemap.rules.refusals import Refusal
from debatemap.serve.store import LIFETIME, ClassStore, Session, digest_of, new_owner

# Session lives in .store now; it is still importable from here, as before.
__all__ = ["BODY_MAX", "TOKEN_HEADER", "BadRequest", "Guard", "RequestGuard", "Session", "lan_address",
           "machine_names", "read_json", "refusal"]  # fmt: skip

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BODY_MAX = 64 * 1024  # bytes: a node's longest fields (5,000-character text and quote) fit easily
SESSIONS_MAX = 2000
SESSIONS_PER_CLIENT = 100  # browsers per client address (a class behind one NAT address fits)
ONCE_SECONDS = 120.0  # how long the one-time address of ``serve --open`` can be used
JOIN_TRIES = 10  # wrong join codes per client address ...
JOIN_WINDOW = 60.0  # ... per this many seconds
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from a board
CODE_LENGTH = 6
TOKEN_HEADER = "x-debatemap-token"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

# Sent with every response (the page also carries its own CSP in a <meta>).
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
}
FRAME_CSP = "frame-ancestors 'none'"


@dataclass
class Guard:
    """The per-run secrets, the sessions and the host rules of one server.

    Sessions live in a :class:`~debatemap.serve.store.ClassStore` (beside the map, so they
    survive a restart; in memory until :meth:`attach` gives one). No session is ever pushed
    out by another: past a limit a new join is refused instead, and the teacher's sessions
    are counted in no limit of the students'.
    """

    port: int
    classroom: bool = False
    read_only: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    join_code: str = field(
        default_factory=lambda: "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    )
    extra_hosts: frozenset[str] = frozenset()
    store: ClassStore = field(default_factory=ClassStore)
    paused: bool = False  # the teacher has paused the students' writing
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _once: dict[str, float] = field(default_factory=dict)  # one-time opening codes, until when

    @property
    def cookie(self) -> str:
        # Cookies ignore ports: two servers on one machine must not overwrite each other's.
        return f"debatemap_{self.port}"

    @property
    def sessions(self) -> dict[str, Session]:
        return self.store.sessions

    def attach(self, store: ClassStore) -> None:
        """Keep sessions in ``store``; a join code younger than a session's life is kept too, so
        the code on the board and every joined browser still work after a restart."""
        self.store = store
        if self.classroom:
            kept = store.setting("join_code", LIFETIME)
            if kept and len(kept) == CODE_LENGTH and all(c in CODE_ALPHABET for c in kept):
                self.join_code = kept
            else:
                store.set_setting("join_code", self.join_code)
        self.paused = store.setting("paused") == "1"

    def pause(self, paused: bool) -> None:
        self.store.set_setting("paused", "1" if paused else "0")
        self.paused = paused

    # --- hosts and origins -------------------------------------------------------

    def host_allowed(self, host_header: str) -> bool:
        host = _host_name(host_header)
        if host is None:
            return False
        if host in LOOPBACK_NAMES:
            return True
        if not self.classroom:
            return False
        return host in self.extra_hosts or _is_ip(host)

    def origin_allowed(self, origin: str, host_header: str, scheme: str) -> bool:
        return origin.lower() == f"{scheme}://{host_header}".lower()

    # --- sessions ------------------------------------------------------------------

    def token_matches(self, candidate: str | None) -> bool:
        return bool(candidate) and hmac.compare_digest(str(candidate).encode(), self.token.encode())

    def code_matches(self, candidate: str) -> bool:
        typed = "".join(candidate.split()).upper()
        return self.classroom and hmac.compare_digest(typed.encode(), self.join_code.encode())

    def new_session(self, name: str | None = None, *, teacher: bool = False, client: str = "") -> str:
        """A new session's cookie value; :class:`BadRequest` if the limits say no.

        A student session is refused (never another pushed out) past SESSIONS_PER_CLIENT from
        one address or SESSIONS_MAX in all; the teacher's are counted in neither.
        """
        self._forget_expired()
        students = [s for s in self.sessions.values() if not s.teacher]
        if teacher:
            own = [s.digest for s in self.sessions.values() if s.teacher]
            if len(own) >= SESSIONS_MAX // 10:  # only the teacher's own oldest make room
                self.store.drop_sessions(own[: len(own) - SESSIONS_MAX // 10 + 1])
        elif sum(s.client == client for s in students) >= SESSIONS_PER_CLIENT:
            raise BadRequest(
                refusals.TOO_MANY_JOINS,
                f"at most {SESSIONS_PER_CLIENT} browsers can join from one address",
                "ask the teacher",
            )
        elif len(students) >= SESSIONS_MAX:
            raise BadRequest(refusals.CLASS_FULL, "the class is full", "ask the teacher")
        value = secrets.token_urlsafe(32)
        session = Session(name, teacher, new_owner(), client, time.time(), digest_of(value))
        self.store.add_session(session)
        return value

    def _forget_expired(self) -> None:
        gone = self.store.expired()
        if gone:
            self.store.drop_sessions(gone)

    def session(self, request: Request) -> Session | None:
        if self.token_matches(request.headers.get(TOKEN_HEADER)):
            return TOKEN_SESSION
        value = request.cookies.get(self.cookie)
        if not value:
            return None
        found = self.sessions.get(digest_of(value))
        if found is None or found.created < time.time() - LIFETIME:
            return None
        return found

    def name_taken(self, name: str, asking: Session | None) -> bool:
        """Whether another browser already shows this name (so no one can sign as someone else)."""
        wanted = same_text_key(name)
        return any(
            s is not asking and s.name is not None and same_text_key(s.name) == wanted
            for s in self.sessions.values()
        )

    def once(self) -> str:
        """A one-time code for ``/open/CODE``: what ``serve --open`` gives the browser, so the
        token itself never appears on a command line (where ``ps`` shows it to other users)."""
        now = time.monotonic()
        self._once = {c: t for c, t in self._once.items() if t > now}
        code = secrets.token_urlsafe(24)
        self._once[code] = now + ONCE_SECONDS
        return code

    def take_once(self, code: str) -> bool:
        for known in list(self._once):
            if hmac.compare_digest(known.encode(), code.encode("utf-8", "replace")):
                return self._once.pop(known) > time.monotonic()
        return False

    def join_blocked(self, client: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self._failures.get(client, []) if now - t < JOIN_WINDOW]
        self._failures[client] = recent
        return len(recent) >= JOIN_TRIES

    def join_failed(self, client: str) -> None:
        if len(self._failures) > SESSIONS_MAX:
            self._failures.clear()
        self._failures.setdefault(client, []).append(time.monotonic())


# Scripts that send the token as a header: the teacher, with no session of their own.
TOKEN_SESSION = Session(None, teacher=True, owner="", client="", created=float("inf"), digest="token")


def _host_name(host_header: str) -> str | None:
    """The name in a ``Host`` header, lower-cased, without port or IPv6 brackets."""
    host = host_header.strip().lower()
    if not host:
        return None
    if host.startswith("["):
        end = host.find("]")
        rest = host[end + 1 :] if end > 0 else ""
        if end <= 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None  # '[::1]evil.example': nothing but ':PORT' may follow the brackets
        return host[1:end]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def machine_names() -> frozenset[str]:
    """This machine's own names, which classroom browsers may use in ``Host``."""
    names = {socket.gethostname().lower()}
    names |= {f"{name}.local" for name in list(names)}
    try:
        names.add(socket.getfqdn().lower())
    except OSError:  # pragma: no cover - no resolver
        pass
    return frozenset(n for n in names if n)


def lan_address() -> str:
    """The address other machines on this network reach us at (no packet is sent)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: picks the outgoing interface only
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


class RequestGuard:
    """ASGI middleware: refuse a foreign ``Host`` or a cross-site request, add the safety headers."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host, origin = headers.get("host", ""), headers.get("origin")
        why = None
        if not self.guard.host_allowed(host):
            why = "this server answers only to its own address (Host refused)"
        elif origin is not None and not self.guard.origin_allowed(origin, host, scope.get("scheme", "http")):
            why = "requests from other sites are refused (Origin)"
        elif headers.get("sec-fetch-site") == "cross-site":
            why = "requests from other sites are refused (Sec-Fetch-Site)"
        if why:
            await refusal(refusals.FORBIDDEN, why)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.decode("latin-1").lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k not in present]
                if "content-security-policy" not in present:
                    extra.append((b"content-security-policy", FRAME_CSP.encode()))
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def refusal(
    refused: Refusal, message: str, hint: str | None = None, field: str | None = None
) -> JSONResponse:
    """A refused request, shaped like a refused change: ``{"problems": [...]}``.

    Every problem has the code of ``rules.IMPOSSIBLE_CHANGE`` (DM033) and a ``reason``, the
    short fixed word of ``refused`` that a script can test (``not-yours``, ``paused``, ...;
    :mod:`debatemap.rules.refusals` lists them all); the HTTP status is ``refused``'s too.
    The message names no one but the asker.
    """
    problem: dict[str, Any] = {
        **rules.IMPOSSIBLE_CHANGE.at(Position("<server>"), message, hint).as_dict(),
        "reason": refused.word,
    }
    if field:
        problem["field"] = field
    return JSONResponse({"problems": [problem]}, status_code=refused.status)


class BadRequest(Exception):
    def __init__(self, refused: Refusal, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.refused, self.message, self.hint = refused, message, hint


async def read_json(request: Request, limit: int = BODY_MAX) -> dict[str, Any]:
    """The request's JSON object; :class:`BadRequest` for anything else or anything too big."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise BadRequest(refusals.NOT_JSON, "send JSON (Content-Type: application/json)")
    declared = request.headers.get("content-length")
    if declared is not None and (not (declared.isascii() and declared.isdigit()) or len(declared) > 18
                                 or int(declared) > limit):  # fmt: skip
        raise BadRequest(refusals.TOO_LARGE, f"the request is larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadRequest(refusals.TOO_LARGE, f"the request is larger than {limit} bytes")
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[... nested deep
        raise BadRequest(refusals.BAD_REQUEST, "the request is not valid JSON") from None
    if not isinstance(value, dict):
        raise BadRequest(refusals.BAD_REQUEST, "the request must be a JSON object")
    return value

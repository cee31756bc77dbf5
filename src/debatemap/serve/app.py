"""The ``debatemap serve`` application: every route in one list, all state in ``app.state``.

``create_app(config)`` returns a Starlette app; nothing here is global, so a
test can run several servers side by side. The editing itself happens in
:mod:`debatemap.edit` (through :mod:`.editing`); the checks every request passes
are in :mod:`.security`; the live picture of the map is :mod:`.live`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from debatemap.model import Source
from debatemap.rules import refusals
from debatemap.serve import classroom, editing, pages
from debatemap.serve.limits import Limits
from debatemap.serve.live import LiveMap, event_stream
from debatemap.serve.security import BadRequest, Guard, RequestGuard, read_json, refusal
from debatemap.serve.sources import passages, source_text
from debatemap.serve.store import LIFETIME, ClassStore, Session
from debatemap.serve.upload import upload_source

NAME_MAX = 60  # characters of a contributor name


@dataclass(frozen=True)
class ServeConfig:
    root: Path
    sources_dir: Path
    port: int
    title: str = "Debate map"
    read_only: bool = False
    classroom: bool = False
    extra_hosts: frozenset[str] = frozenset()
    watch: bool = True
    join_base: str = ""  # the address students open, e.g. http://192.168.1.20:8765 ("" : the request's)


# --- helpers ------------------------------------------------------------------------


def _state(request: Request) -> tuple[ServeConfig, Guard, LiveMap]:
    state = request.app.state
    return state.config, state.guard, state.live


def _session(request: Request) -> Session | None:
    return _state(request)[1].session(request)


def _no_session(request: Request) -> Response:
    config = _state(request)[0]
    if config.classroom:
        return refusal(
            refusals.JOIN_FIRST, "join first", "open /join and type the code shown on the teacher's screen"
        )
    return refusal(
        refusals.TOKEN_NEEDED, "this server needs its token", "open the address that debatemap serve printed"
    )


def _set_session(response: Response, guard: Guard, ident: str) -> None:
    # Max-Age: a browser closed and opened again, or a server restarted, keeps its session.
    response.set_cookie(
        guard.cookie, ident, max_age=int(LIFETIME), httponly=True, samesite="strict", path="/"
    )


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


# --- pages ---------------------------------------------------------------------------


async def map_page(request: Request) -> Response:
    config, guard, live = _state(request)
    token = request.query_params.get("token")
    if token is not None:  # swap the secret in the address for a cookie, and clean the address
        if not guard.token_matches(token):
            return HTMLResponse(pages.message_page("Wrong token", pages.WRONG_TOKEN), status_code=403)
        response = RedirectResponse("/", status_code=303)
        _set_session(response, guard, guard.new_session(teacher=True, client=_client(request)))
        return response
    if _session(request) is None:
        if config.classroom:
            return RedirectResponse("/join", status_code=303)
        return HTMLResponse(pages.message_page("Token needed", pages.NEED_TOKEN), status_code=401)
    return HTMLResponse(await pages.map_page(request.app.state, live))


async def open_once(request: Request) -> Response:
    """``/open/CODE``: the one-time address ``serve --open`` gives the browser, for a cookie."""
    guard = _state(request)[1]
    if not guard.take_once(request.path_params["code"]):
        return HTMLResponse(pages.message_page("Address used", pages.USED_ONCE), status_code=403)
    response = RedirectResponse("/", status_code=303)
    _set_session(response, guard, guard.new_session(teacher=True, client=_client(request)))
    return response


async def join_page(request: Request) -> Response:
    if not _state(request)[0].classroom:
        return refusal(refusals.NOT_FOUND, "this server is not in class mode")
    return HTMLResponse(pages.join_page(_state(request)[0].title))


async def join(request: Request) -> Response:
    config, guard, _ = _state(request)
    if not config.classroom:
        return refusal(refusals.NOT_FOUND, "this server is not in class mode")
    client = _client(request)
    body = await read_json(request)
    # Checked after the last await: requests sent at once (or with their bodies held back)
    # must not all pass this check before the first wrong code is counted.
    if guard.join_blocked(client):
        return refusal(refusals.TOO_MANY_TRIES, "too many wrong codes; wait a minute")
    name = _name(body.get("name"))
    if not isinstance(body.get("code"), str) or not guard.code_matches(body["code"]):
        guard.join_failed(client)
        return refusal(
            refusals.WRONG_CODE,
            "that is not the join code",
            "type the code shown on the teacher's screen",
            "code",
        )
    known = guard.session(request)  # joining again from the same browser keeps what it added
    if guard.name_taken(name, known):
        return _name_taken()
    if known is not None and known.digest != "token":
        guard.store.rename_session(known, name)
        return JSONResponse({"ok": True, "name": name})
    response = JSONResponse({"ok": True, "name": name})
    _set_session(response, guard, guard.new_session(name, client=client))
    return response


def _name_taken() -> Response:
    return refusal(
        refusals.NAME_TAKEN,
        "someone in this class already uses that name",
        "add an initial or a number to yours",
        "name",
    )


def _name(value: Any) -> str:
    if not isinstance(value, str) or not " ".join(value.split()):
        raise _FieldError("give your name (it is recorded with what you add)", "name")
    name = " ".join(value.split())
    if len(name) > NAME_MAX or any(not c.isprintable() for c in name):
        raise _FieldError(f"a name is at most {NAME_MAX} printable characters", "name")
    return name


class _FieldError(Exception):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field


# --- the API -------------------------------------------------------------------------


async def session_info(request: Request) -> Response:
    """Who this browser is: its name, whether it is the teacher, and (a student) the ids of the
    claims it added, so the page offers Edit and Remove only there. No one else's owner id."""
    config, guard, live = _state(request)
    session = _session(request)
    if session is None:
        return _no_session(request)
    student = config.classroom and not session.teacher
    mine = guard.store.owned_by(session.owner) if student else None
    return JSONResponse({"name": session.name, "classroom": config.classroom, "readOnly": config.read_only,
                         "version": live.version, "teacher": not student, "mine": mine,
                         "paused": config.classroom and guard.paused})  # fmt: skip


async def set_name(request: Request) -> Response:
    """The name shown with what this browser adds; it changes no one's rights."""
    guard = _state(request)[1]
    session = _session(request)
    if session is None:
        return _no_session(request)
    name = _name((await read_json(request)).get("name"))
    if guard.name_taken(name, session):
        return _name_taken()
    if session.digest == "token":  # a script with the token header: no session to name
        return refusal(refusals.NO_SESSION, "a script with the token has no session to name")
    guard.store.rename_session(session, name)
    return JSONResponse({"ok": True, "name": session.name})


async def map_snapshot(request: Request) -> Response:
    if _session(request) is None:
        return _no_session(request)
    return JSONResponse(_state(request)[2].snapshot())


async def events(request: Request) -> Response:
    session = _session(request)
    if session is None:
        return _no_session(request)
    live, limits = _state(request)[2], request.app.state.limits
    refused = limits.open_stream(session)
    if refused:
        return refusal(refusals.TOO_MANY_PAGES, refused)
    queue = live.subscribe(reserved=session.teacher)
    if queue is None:
        limits.close_stream(session)
        return refusal(refusals.SERVER_PAGES_FULL, "too many pages are open")
    since = request.query_params.get("since", "0")
    # isdigit() alone takes '²' and 5,000-digit numbers, which int() refuses: a 500, not version 0
    known = int(since) if since.isascii() and since.isdigit() and len(since) < 19 else 0
    stream = _counted(event_stream(live, queue, known), limits, session)
    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream, media_type="text/event-stream", headers=headers)


async def _counted(stream: AsyncIterator[bytes], limits: Limits, session: Session) -> AsyncIterator[bytes]:
    try:
        async for chunk in stream:
            yield chunk
    finally:
        limits.close_stream(session)


def _sources_of(live: LiveMap) -> Mapping[str, Source]:
    return live.picture.sources


async def source_list(request: Request) -> Response:
    if _session(request) is None:
        return _no_session(request)
    config, _, live = _state(request)
    found = []
    sources = _sources_of(live)
    for ident in sorted(sources):
        text = await anyio.to_thread.run_sync(source_text, config.sources_dir, sources, ident)
        found.append({"id": ident, "title": sources[ident].title or ident, "hasText": text is not None})
    return JSONResponse({"sources": found})


async def source_passages(request: Request) -> Response:
    if _session(request) is None:
        return _no_session(request)
    config, _, live = _state(request)
    ident = request.path_params["source"]
    text = await anyio.to_thread.run_sync(source_text, config.sources_dir, _sources_of(live), ident)
    if text is None:
        return refusal(refusals.NO_TEXT, f"no text for source '{ident[:80]}' in the sources folder")
    words = request.query_params.get("q", "")
    if not words.strip():
        return JSONResponse({"id": text.id, "title": text.title, "text": text.text})
    found = await anyio.to_thread.run_sync(passages, text.text, words, text.first_line)
    return JSONResponse({"id": text.id, "title": text.title, "passages": found})


async def change(request: Request) -> Response:
    config, guard, live = _state(request)
    session = _session(request)
    if session is None:
        return _no_session(request)
    if config.read_only:
        return refusal(
            refusals.READ_ONLY, "this map is served read-only", "restart debatemap serve without --read-only"
        )
    operation = request.path_params["operation"]
    if operation not in editing.OPERATIONS:
        return refusal(
            refusals.NO_OPERATION, f"no operation '{operation[:40]}'", ", ".join(editing.OPERATIONS)
        )
    body = await read_json(request)
    # In a classroom a student changes only what they added; the teacher (token) anything.
    student = config.classroom and not session.teacher
    if student and guard.paused:
        return refusal(refusals.PAUSED, "the teacher has paused writing", "wait until the teacher resumes it")
    limited = request.app.state.limits.write(session)
    if limited:
        return refusal(refusals.TOO_MANY_WRITES, limited)
    who = editing.Who(session.name if config.classroom else None, student, session.owner, guard.store)
    try:
        result = await anyio.to_thread.run_sync(editing.run, operation, config.root, body, who)
    except editing.Refused as refused:
        default = refusals.INVALID_CHANGE if refused.status == 422 else refusals.BAD_REQUEST
        problems = [{"reason": default.word, **p} for p in refused.problems]  # nothing was written
        return JSONResponse({"problems": problems}, status_code=refused.status)
    version = await live.refresh()  # every open page gets the change before this answer leaves
    return JSONResponse({"ok": True, "result": result, "version": version})


async def source_upload(request: Request) -> Response:
    """A document uploaded as a new source (:mod:`.upload`): in class mode the teacher's only."""
    config, _, live = _state(request)
    teacher = classroom.require_teacher(request)
    if not isinstance(teacher, Session):
        return teacher
    if config.read_only:
        return refusal(
            refusals.READ_ONLY, "this map is served read-only", "restart debatemap serve without --read-only"
        )
    return await upload_source(request, config.root, live)


async def _errors(request: Request, exc: Exception) -> Response:
    if isinstance(exc, BadRequest):
        return refusal(exc.refused, exc.message, exc.hint)
    if isinstance(exc, HTTPException):  # no such route, or not with this method: JSON like the rest
        what = "no such address" if exc.status_code == 404 else f"not with {request.method}"
        return refusal(refusals.for_status(exc.status_code), what)
    if isinstance(exc, _FieldError):
        return refusal(refusals.BAD_NAME, exc.message, None, exc.field)
    # Anything else is our bug: say so in the same shape, without the traceback's details.
    return refusal(
        refusals.SERVER_ERROR,
        "the server failed on this request",
        "reload the page to see what was saved; if it happens again, report it",
    )


ROUTES = [
    Route("/", map_page, methods=["GET"]),
    Route("/open/{code}", open_once, methods=["GET"]),
    Route("/join", join_page, methods=["GET"]),
    Route("/api/join", join, methods=["POST"]),
    Route("/api/session", session_info, methods=["GET"]),
    Route("/api/name", set_name, methods=["POST"]),
    Route("/api/map", map_snapshot, methods=["GET"]),
    Route("/api/events", events, methods=["GET"]),
    Route("/api/sources", source_list, methods=["GET"]),
    Route("/api/sources/{source}", source_passages, methods=["GET"]),
    Route("/api/edit/{operation}", change, methods=["POST"]),
    Route("/api/upload-source", source_upload, methods=["POST"]),
    *classroom.ROUTES,
]


def create_app(config: ServeConfig, guard: Guard | None = None) -> Starlette:
    """The app for one map. ``guard`` (tokens, sessions) is made fresh unless given."""
    guard = guard or Guard(config.port, config.classroom, config.read_only, extra_hosts=config.extra_hosts)
    # Only a class needs its sessions and owners kept over a restart; any other serve keeps
    # them in memory, so that serving a map to read it leaves the folder as it was.
    keeps = config.classroom and not config.read_only
    guard.attach(ClassStore.beside(config.root) if keeps else ClassStore(None))
    live = LiveMap(config.root, config.title)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await live.refresh()
        if live.picture.data is not None:  # claims removed by hand while stopped have no owner now
            guard.store.keep_only({node["id"] for node in live.picture.data["nodes"]})
        stop = asyncio.Event()
        watcher = asyncio.create_task(live.watch(stop)) if config.watch else None
        try:
            yield
        finally:
            stop.set()
            live.close()  # the store stays open: every change is committed as it is made
            if watcher is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(watcher, 2)

    app = Starlette(
        routes=ROUTES,
        lifespan=lifespan,
        exception_handlers={
            BadRequest: _errors,
            _FieldError: _errors,
            HTTPException: _errors,
            Exception: _errors,
        },
    )
    app.state.config, app.state.guard, app.state.live = config, guard, live
    app.state.limits = Limits()
    app.state.page_cache = {}
    app.add_middleware(RequestGuard, guard=guard)
    return app

"""The teacher's side of a class: the join screen, who has joined, the pause switch.

Every route here answers the teacher only (a session from the token, or the
one-time address): a student gets 403 ``teacher-only`` and learns nothing of
the class from it. The list of who has joined gives names and how many claims
each added, never a session or owner id.
"""

from __future__ import annotations

import functools
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from debatemap.rules import refusals
from debatemap.serve.security import read_json, refusal
from debatemap.serve.store import Session


def require_teacher(request: Request) -> Session | Response:
    """The teacher's session, or the refusal to send: 401 without a session, 403 ``teacher-only``
    for a student. Outside class mode the one browser with the token is the teacher."""
    state = request.app.state
    session: Session | None = state.guard.session(request)
    if session is None:
        return refusal(refusals.JOIN_FIRST, "join first", "open the address debatemap serve printed")
    if state.config.classroom and not session.teacher:
        return refusal(refusals.TEACHER_ONLY, "only the teacher can do this", "ask the teacher")
    return session


def _teacher(request: Request) -> Session | Response:
    if not request.app.state.config.classroom:
        return refusal(
            refusals.NOT_CLASS, "this server is not in class mode", "restart debatemap serve with --class"
        )
    return require_teacher(request)


@functools.lru_cache(maxsize=8)
def join_qr(address: str) -> str:
    """The join address as a QR code, an SVG ``data:`` address the page shows in an ``<img>``."""
    import segno

    return str(segno.make(address, error="m").svg_data_uri(scale=8, border=2, dark="#000", light="#fff"))


def join_base(request: Request) -> str:
    configured: str = request.app.state.config.join_base
    # The Host header has passed the guard: it is this server's own name or address.
    return configured or f"{request.url.scheme}://{request.headers.get('host', '127.0.0.1')}"


def class_picture(request: Request) -> dict[str, Any]:
    guard = request.app.state.guard
    base = join_base(request)
    claims = guard.store.claims_per_owner()
    students = sorted((s for s in guard.sessions.values() if not s.teacher), key=lambda s: s.created)
    return {
        "join": f"{base}/join",
        "code": guard.join_code,
        "qr": join_qr(f"{base}/join?code={guard.join_code}"),
        "paused": guard.paused,
        "students": [{"name": s.name or "", "claims": claims.get(s.owner, 0)} for s in students],
    }


async def class_info(request: Request) -> Response:
    teacher = _teacher(request)
    if isinstance(teacher, Response):
        return teacher
    return JSONResponse(class_picture(request))


async def pause(request: Request) -> Response:
    """Pause (``{"paused": true}``) or resume the students' writing; every page hears it at once."""
    teacher = _teacher(request)
    if isinstance(teacher, Response):
        return teacher
    wanted = (await read_json(request)).get("paused")
    if not isinstance(wanted, bool):
        return refusal(refusals.BAD_REQUEST, "'paused' must be true or false", None, "paused")
    guard, live = request.app.state.guard, request.app.state.live
    guard.pause(wanted)
    live.announce("class", {"paused": wanted})
    return JSONResponse({"ok": True, "paused": wanted})


ROUTES = [
    Route("/api/class", class_info, methods=["GET"]),
    Route("/api/class/pause", pause, methods=["POST"]),
]

"""``POST /api/upload-source``: the teacher adds a source from a document, as ``add-source --from``.

A multipart form: ``id``, ``file`` (the document) and any of the source's fields
(``title``, ``author``, ...). The body is read with a cap (:data:`UPLOAD_MAX`)
before it is parsed, so a large or endless upload costs at most that much; the
document is extracted and written by the same code as the command
(:mod:`debatemap.extract`, :func:`debatemap.edit.add_source_from`), with the same
refusals. Who may upload is decided by the caller (the app's session checks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from debatemap import rules
from debatemap.edit import ChangeRefused, add_source_from
from debatemap.edit.input import input_problem
from debatemap.extract import MAX_DOCUMENT_BYTES, Unreadable, extract, too_large
from debatemap.extract.report import summary, warnings
from debatemap.rules import refusals
from debatemap.serve.editing import field_of
from debatemap.serve.live import LiveMap, shown_problems
from debatemap.serve.security import refusal

UPLOAD_MAX = 20 * 1024 * 1024  # bytes of a whole upload: a long report fits; the page says so
FIELDS = ("title", "author", "publisher", "date", "perspective", "url", "description")


async def upload_source(request: Request, root: Path, live: LiveMap) -> Response:
    """Extract the uploaded document and add it as a source; problems as JSON, like a change."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "multipart/form-data":
        return refusal(refusals.NOT_JSON, "send the document as a form upload (multipart/form-data)")
    body = await _capped_body(request)
    if body is None:
        return refusal(
            refusals.TOO_LARGE,
            too_large_upload(),
            "save only the part you quote, or use debatemap add-source --from",
        )
    try:
        form = await _replayed(request, body).form(max_files=1, max_fields=len(FIELDS) + 2)
    except HTTPException as exc:  # a malformed form, or more parts than a source has
        return refusal(refusals.BAD_REQUEST, f"the upload cannot be read: {exc.detail}")
    try:
        document_file = form.get("file")
        ident = form.get("id")
        if not isinstance(document_file, UploadFile) or not isinstance(ident, str):
            return refusal(refusals.BAD_REQUEST, "send the source's id and a file", None, "file")
        raw = await document_file.read()
        name = Path(document_file.filename or "upload").name
        flags = {key: value for key in FIELDS if isinstance(value := form.get(key), str) and value.strip()}
    finally:
        await form.close()
    try:
        result = await anyio.to_thread.run_sync(_add, root, ident, flags, raw, name)
    except Unreadable as exc:
        return refusal(refusals.UNREADABLE_DOCUMENT, f"{name}: {exc.message}", exc.hint, "file")
    except ChangeRefused as refused:
        problems = refused.problems or [input_problem(rules.IMPOSSIBLE_CHANGE, refused.reason)]
        found = shown_problems(root, list(problems), lambda p: field_of(p, "addSource"))
        shown = [{"reason": refusals.INVALID_CHANGE.word, **p} for p in found]  # as a refused change says
        return JSONResponse({"problems": shown}, status_code=422)
    version = await live.refresh()
    return JSONResponse({"ok": True, "result": ident, "version": version, **result})


def too_large_upload() -> str:
    return f"the upload is over the limit of {UPLOAD_MAX // 2**20} MiB"


def _add(root: Path, ident: str, flags: dict[str, str], raw: bytes, name: str) -> dict[str, Any]:
    if len(raw) > MAX_DOCUMENT_BYTES:  # cannot happen under UPLOAD_MAX; kept in case the caps change
        raise Unreadable(too_large(len(raw)))
    document = extract(raw, name)
    added = add_source_from(root, ident, flags, document, name)
    return {"report": summary(document), "warnings": warnings(document), "fields": added.fields}


async def _capped_body(request: Request) -> bytes | None:
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > UPLOAD_MAX):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > UPLOAD_MAX:
            return None
    return bytes(body)


def _replayed(request: Request, body: bytes) -> Request:
    """The request again, its body the bytes already read (Starlette parses the form from a stream)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)

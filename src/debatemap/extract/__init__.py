"""The readable text of a document: ``add-source --from`` and the serve page's upload.

:func:`read_document` takes a file a person has (a PDF, a saved web page, a Word
``.docx``, Markdown, plain text in any encoding) and returns a :class:`Document`:
its text as paragraphs separated by blank lines, ready to be a source text that
quotes are verified against, and the title, author, date and address the file
itself gives. What cannot be read is :class:`Unreadable`, with a message and a
hint for a person; nothing is written by this package.

Each format has its module and its maintained library (pypdfium2, trafilatura,
python-docx, markdown-it-py, charset-normalizer), imported only when a file of
that kind comes, so other commands start as fast as before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from debatemap.model import CONTROL_IN_VALUE
from debatemap.rules.constraints import MAX_SOURCE_TEXT_BYTES

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # a file to extract from: a long report with images fits


class Unreadable(Exception):
    """A document whose text cannot be had: ``message`` says why, ``hint`` what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Document:
    """What a document gave: ``text`` (paragraphs, a blank line between them, a final
    newline) and what it says about itself (``None`` where it says nothing)."""

    kind: str  # "PDF", "web page", "Word document", "Markdown file", "text file":
    # a noun that reads after "a" ("extracted from a Markdown file")
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    notes: tuple[str, ...] = field(default=())  # what extraction noticed or left out

    @property
    def sha256(self) -> str:
        """The SHA-256 of the text as written to the sources folder (UTF-8)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


def read_document(path: str | os.PathLike[str], name: str | None = None) -> Document:
    """The text of the file at ``path`` (at most :data:`MAX_DOCUMENT_BYTES`); ``name`` is the
    name it is known by (an upload's), default the path's."""
    where = Path(path)
    try:
        if not where.is_file():
            raise Unreadable(
                f"'{where}' is not a file", "give the path of a PDF, web page, .docx, .md or .txt"
            )
        size = where.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise Unreadable(too_large(size), "split the document, or save only the part you quote")
        with open(where, "rb") as stream:
            raw = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read '{where}': {exc.strerror or exc}") from None
    return extract(raw, name or where.name)


def too_large(size: int) -> str:
    return f"the file is {size / 2**20:.1f} MiB, over the limit of {MAX_DOCUMENT_BYTES // 2**20} MiB"


def extract(raw: bytes, name: str) -> Document:
    """The text of a document given as bytes; ``name`` (its file name) helps tell its kind."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise Unreadable(too_large(len(raw)), "split the document, or save only the part you quote")
    if not raw.strip():
        raise Unreadable("the file is empty", "check that it was saved completely")
    document = _reader(raw, name.lower())(raw)
    if not document.text.strip():
        raise Unreadable(f"no readable text found in this {document.kind}", "open it and check it has text")
    if len(document.text.encode("utf-8")) > MAX_SOURCE_TEXT_BYTES:
        raise Unreadable(
            f"its text is over the {MAX_SOURCE_TEXT_BYTES // 2**20} MiB a source text may be",
            "save only the part you quote",
        )
    return document


def _reader(raw: bytes, name: str) -> Callable[[bytes], Document]:
    head = raw[:1024].lstrip()
    if raw[:1024].find(b"%PDF-") >= 0:
        from debatemap.extract.pdf import read_pdf

        return read_pdf
    if raw.startswith(b"PK\x03\x04"):
        if name.endswith((".docx", ".docm")) or b"word/" in raw[:4096]:
            from debatemap.extract.word import read_docx

            return read_docx
        raise Unreadable("this is a zip archive, not a document", "give a PDF, web page, .docx, .md or .txt")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable("this is an old Word .doc file", "save it as .docx or PDF, then add that")
    lowered = head[:200].lower()
    if name.endswith((".html", ".htm", ".xhtml")) or lowered.startswith((b"<!doctype html", b"<html")):
        from debatemap.extract.web import read_html

        return read_html
    if name.endswith((".md", ".markdown")):
        from debatemap.extract.plain import read_markdown

        return read_markdown
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        from debatemap.extract.plain import looks_like_utf16

        if not looks_like_utf16(raw):
            raise Unreadable(
                "this is not a document debatemap can read (binary data)",
                "give a PDF, web page, .docx, .md or .txt",
            )
    from debatemap.extract.plain import read_text

    return read_text


def as_text(paragraphs: list[str]) -> str:
    """The text a source file holds: one paragraph a line, a blank line between them."""
    kept = [" ".join(p.split()) for p in paragraphs]
    return "\n\n".join(p for p in kept if p) + "\n" if any(kept) else ""


def clean_meta(value: object, limit: int = 300) -> str | None:
    """A metadata value as one tidy line, or ``None`` when it says nothing."""
    if value is None:
        return None
    text = " ".join(CONTROL_IN_VALUE.sub(" ", str(value)).split())  # a hostile file's escapes go
    if not text or text.lower() in {"untitled", "none", "unknown", "anonymous", "null"}:
        return None
    return text[:limit]

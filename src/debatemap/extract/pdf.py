"""PDF: the text layer, read with pypdf, made into paragraphs.

pypdf is pure Python (no binary to install), maintained, reads encrypted and
damaged files safely and gives the document's own title, author and date.
What it gives is lines as laid out on the page; :mod:`.clean` drops the running
headers, footers and page numbers, re-joins the lines and undoes hyphenation.
A PDF without a text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import re
from typing import Any

from debatemap.extract import Document, Unreadable, as_text, clean_meta
from debatemap.extract.clean import edges, line_key, normalise, paragraphs, running_lines

OCR_HINT = "run OCR on it first (for example: ocrmypdf scan.pdf text.pdf), then add the result"
_PRODUCER_TITLE = re.compile(r"^(microsoft (word|powerpoint) - |untitled)|\.(docx?|pdf|odt|rtf|tex)$", re.I)


def read_pdf(raw: bytes) -> Document:
    reader = _open(raw)
    pages: list[list[str]] = []
    try:
        for page in reader.pages:
            pages.append(normalise(page.extract_text() or "").split("\n"))
    except Exception as exc:  # noqa: BLE001 - a damaged page stream can raise anything inside pypdf
        raise Unreadable(
            f"the PDF is damaged: page {len(pages) + 1} cannot be read ({_short(exc)})",
            "open it in a PDF viewer and save (or print to PDF) a fresh copy",
        ) from None
    if not pages:
        raise Unreadable("the PDF has no pages", "check that it was saved completely")
    empty = sum(1 for lines in pages if not any(line.strip() for line in lines))
    if empty == len(pages) or _letters(pages) < 20 * len(pages) // 10:
        raise Unreadable("the PDF has no text layer: it looks like a scan (pictures of pages)", OCR_HINT)
    running = running_lines(pages)
    dropped = 0
    lines: list[str] = []
    for page in pages:
        at_edge = set(edges(page))
        for line in page:
            if line in at_edge and line_key(line) in running:
                dropped += 1
                continue
            lines.append(line)
    notes = []
    if dropped:
        notes.append(f"left out {dropped} running header, footer and page-number lines")
    if empty:
        notes.append(f"{empty} of {len(pages)} pages have no text (scanned pages need OCR)")
    title, author, date = _metadata(reader)
    text = as_text(paragraphs(lines))
    return Document("PDF", text, title, author, date, None, tuple(notes))


def _open(raw: bytes) -> Any:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        return reader
    except Unreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a broken file
        raise Unreadable(
            f"the PDF is damaged and cannot be read ({_short(exc)})",
            "open it in a PDF viewer and save (or print to PDF) a fresh copy",
        ) from None


def _decrypt(reader: Any) -> None:
    """Open a PDF encrypted only against changes (an empty password); refuse one that needs a password."""
    try:
        opened = reader.decrypt("")
    except Exception:  # noqa: BLE001 - an algorithm pypdf needs an extra package for
        opened = 0
    if not opened:
        raise Unreadable(
            "the PDF is encrypted: it needs a password to open",
            "open it with its password and save an unprotected copy (print to PDF), then add that",
        )


def _letters(pages: list[list[str]]) -> int:
    return sum(sum(c.isalnum() for c in line) for lines in pages for line in lines)


def _metadata(reader: Any) -> tuple[str | None, str | None, str | None]:
    try:
        info = reader.metadata
        if info is None:
            return None, None, None
        title = clean_meta(info.title)
        if title and _PRODUCER_TITLE.search(title):
            title = None  # "Microsoft Word - draft3.docx" is the producer's name for the file, not a title
        date = None
        created = info.creation_date
        if created is not None:
            date = created.date().isoformat()
        return title, clean_meta(info.author), date
    except Exception:  # noqa: BLE001 - a malformed Info dictionary: the text is still good
        return None, None, None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]

"""PDF: the text layer, read with pypdfium2, made into paragraphs.

pypdfium2 binds PDFium, the PDF engine of Chromium, shipped inside its wheel (nothing to
compile): it reads damaged and encrypted files safely, gives the document's own title,
author and date, and reads a page's text in milliseconds where pure-Python readers take a
quarter of a second (``benchmarks/README.md``). What it gives is lines as laid out on the
page; :mod:`.clean` drops the running headers, footers and page numbers, re-joins the lines
and undoes hyphenation. A PDF without a text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from debatemap.extract import Document, Unreadable, as_text, clean_meta
from debatemap.extract.clean import edges, line_key, normalise, paragraphs, running_lines

OCR_HINT = "run OCR on it first (for example: ocrmypdf scan.pdf text.pdf), then add the result"
FRESH_COPY = "open it in a PDF viewer and save (or print to PDF) a fresh copy"
_PRODUCER_TITLE = re.compile(r"^(microsoft (word|powerpoint) - |untitled)|\.(docx?|pdf|odt|rtf|tex)$", re.I)
_NOT_ALNUM = re.compile(r"[\W_]+")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
# PDFium is not thread-safe; serve extracts uploads in worker threads, one PDF at a time.
_PDFIUM = threading.Lock()


def read_pdf(raw: bytes) -> Document:
    with _PDFIUM:
        document = _open(raw)
        try:
            pages = _pages(document)
            title, author, date = _metadata(document)
        finally:
            document.close()
    if not pages:
        raise Unreadable("the PDF has no pages", "check that it was saved completely")
    empty = sum(1 for lines in pages if not any(lines))
    if _letters(pages) < 2 * len(pages):
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
    return Document("PDF", as_text(paragraphs(lines)), title, author, date, None, tuple(notes))


def _open(raw: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Unreadable("the PDF is encrypted: it needs a password to open",
                             "open it with its password and save an unprotected copy (print to PDF), "
                             "then add that") from None  # fmt: skip
        raise Unreadable(f"the PDF is damaged and cannot be read ({_short(exc)})", FRESH_COPY) from None


def _pages(document: Any) -> list[list[str]]:
    """Each page's lines, normalised (:func:`~debatemap.extract.clean.normalise`)."""
    pages = []
    for number in range(len(document)):
        try:
            page = document[number]
            text = page.get_textpage()
            content = text.get_text_range()
            text.close()
            page.close()
        except Exception as exc:  # noqa: BLE001 - a damaged page stream
            raise Unreadable(f"the PDF is damaged: page {number + 1} cannot be read ({_short(exc)})",
                             FRESH_COPY) from None  # fmt: skip
        pages.append(normalise(content).split("\n"))
    return pages


def _letters(pages: list[list[str]]) -> int:
    return sum(len(_NOT_ALNUM.sub("", "".join(lines))) for lines in pages)


def _metadata(document: Any) -> tuple[str | None, str | None, str | None]:
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001 - a malformed Info dictionary: the text is still good
        return None, None, None
    title = clean_meta(info.get("Title"))
    if title and _PRODUCER_TITLE.search(title):
        title = None  # "Microsoft Word - draft3.docx" is the producer's name for the file, not a title
    return title, clean_meta(info.get("Author")), _date(info.get("CreationDate"))


def _date(value: str | None) -> str | None:
    """A PDF date (``D:20240313101500+01'00'``) as ``2024-03-13`` (or ``2024-03``, ``2024``)."""
    match = _PDF_DATE.match(value or "")
    if match is None:
        return None
    return "-".join(part for part in match.groups() if part)


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]

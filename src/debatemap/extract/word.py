"""Word ``.docx`` files, with python-docx: body paragraphs and tables in order, and the
title, author and creation date of the document's properties. Headers, footers and
comments are not part of the body and stay out."""

from __future__ import annotations

import io
from typing import Any

from debatemap.extract import Document, Unreadable, as_text, clean_meta
from debatemap.extract.clean import normalise


def read_docx(raw: bytes) -> Document:
    import docx

    try:
        document: Any = docx.Document(io.BytesIO(raw))
        paragraphs = list(_blocks(document))
    except Exception as exc:  # noqa: BLE001 - a damaged archive or XML raises many kinds
        raise Unreadable(
            f"the Word file cannot be read ({' '.join(str(exc).split())[:160]})",
            "open it in a word processor and save it again as .docx",
        ) from None
    text = as_text([normalise(p).replace("\n", " ") for p in paragraphs])
    title = author = date = None
    try:
        props = document.core_properties
        title, author = clean_meta(props.title), clean_meta(props.author)
        date = props.created.date().isoformat() if props.created is not None else None
    except Exception:  # noqa: BLE001 - malformed properties: the text is still good
        pass
    if title is None:
        title = next(
            (
                p.text
                for p in document.paragraphs
                if p.style is not None and p.style.name in ("Title", "Heading 1") and p.text.strip()
            ),
            None,
        )
    return Document("Word document", text, clean_meta(title), author, date)


def _blocks(document: Any) -> Any:
    """Each paragraph's text, tables' cells included, in the order they appear."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                yield " | ".join(dict.fromkeys(c for c in cells if c))  # merged cells repeat
        else:
            yield block.text

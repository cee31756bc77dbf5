"""Saved web pages: the article, not the page around it, with trafilatura.

trafilatura is a maintained main-content extractor: it leaves out navigation,
cookie banners, asides, comment threads and footers by the page's structure,
and reads the page's own title, author, date and address (meta tags, JSON-LD,
the canonical link). We keep no rules of our own for what is debris.
"""

from __future__ import annotations

from typing import Any

from debatemap.extract import Document, Unreadable, as_text, clean_meta
from debatemap.extract.clean import normalise


def read_html(raw: bytes) -> Document:
    import trafilatura

    found: Any = None
    for recall in (False, True):  # a short page can fall under the precise mode's thresholds
        try:
            found = trafilatura.bare_extraction(
                raw, with_metadata=True, include_comments=False, include_tables=True, favor_recall=recall
            )
        except Exception as exc:  # noqa: BLE001 - a parser failure on hostile markup
            raise Unreadable(f"the web page cannot be read ({' '.join(str(exc).split())[:160]})") from None
        if found is not None and (found.text or "").strip():
            break
    if found is None or not (found.text or "").strip():
        raise Unreadable(
            "no article text found in this web page",
            "save the page again with the article open, or copy its text into a .txt file",
        )
    lines = normalise(found.text).split("\n")
    text = as_text([line for line in lines if line])
    url = clean_meta(found.url, 2000)
    if url is not None and not url.startswith(("https://", "http://")):
        url = None
    return Document(
        "web page", text, clean_meta(found.title), clean_meta(found.author), clean_meta(found.date), url
    )

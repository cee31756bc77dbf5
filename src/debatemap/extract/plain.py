"""Plain text in any encoding (charset-normalizer) and Markdown (markdown-it-py).

Plain text keeps its lines as they are: a person wrote them. Markdown becomes the
text a reader sees: markup, link targets and HTML tags go, headings and list
items become paragraphs; its title, author and date come from a YAML front
matter block, or the title from the first heading.
"""

from __future__ import annotations

import re
from typing import Any

from debatemap.extract import Document, Unreadable, as_text, clean_meta
from debatemap.extract.clean import normalise

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def decode(raw: bytes) -> str:
    """``raw`` as text: UTF-8 when it is, otherwise the encoding charset-normalizer finds."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        raise Unreadable(
            "the file's encoding cannot be recognised (it may be binary)", "save it as UTF-8 text"
        )
    # A short text often fits several single-byte encodings without a stray symbol ("naïve" in
    # cp1252 reads as "naďve" in cp1250), and the language guess that ranks them is weak on a few
    # lines: among the cleanest, Windows-1252, by far the most common of them, wins.
    tied = [m for m in results if m.chaos <= best.chaos]
    western = next((m for m in tied if m.encoding == "cp1252"), None)
    return str(western or best)


def looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte zero, for Latin text."""
    sample = raw[:4096]
    return sample[1::2].count(0) > 0.9 * len(sample[1::2]) or sample[0::2].count(0) > 0.9 * len(sample[0::2])


def read_text(raw: bytes) -> Document:
    lines = normalise(decode(raw)).split("\n")
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    text = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    return Document("text file", text)


def read_markdown(raw: bytes) -> Document:
    from markdown_it import MarkdownIt

    source = normalise(decode(raw))
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(source)
    if front:
        meta = _front_matter(front.group(1))
        source = source[front.end() :]
    tokens = MarkdownIt("commonmark").parse(source)
    paragraphs, heading = [], None
    for i, token in enumerate(tokens):
        if token.type == "inline":
            words = _inline(token.children or [])
            if i and tokens[i - 1].type == "heading_open" and heading is None and words.strip():
                heading = words
            paragraphs.append(words)
        elif token.type in ("fence", "code_block"):
            paragraphs.append(token.content)
    title = meta.get("title") or heading
    return Document(
        "Markdown file",
        as_text(paragraphs),
        clean_meta(title),
        clean_meta(meta.get("author")),
        clean_meta(meta.get("date")),
    )


def _inline(children: list[Any]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)  # its alt text
    return "".join(parts)


def _front_matter(block: str) -> dict[str, str]:
    """title/author/date of a front matter block, read as YAML; nothing when it is not plain YAML."""
    import yaml

    try:
        value = yaml.safe_load(block)
    except yaml.YAMLError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {key: str(value[key]) for key in ("title", "author", "date") if value.get(key) is not None}

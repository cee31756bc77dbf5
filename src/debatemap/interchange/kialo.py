"""Kialo's plain-text discussion export, in both layouts Kialo has written, and CSV.

The first layout::

    Discussion Title: Should sex work be decriminalised?

    1. Sex work should be decriminalised.
    1.1. Pro: Criminalisation stops workers reporting abuse.
    1.1.1. Con: Reporting is low for many reasons
    that this claim continues on its next line.
    1.2. Con: -> See 1.1.1.

- ``1.`` is the thesis (the discussion title becomes its question);
- ``1.1. Pro: ...`` supports and ``1.2. Con: ...`` opposes the claim whose
  path is its own minus the last segment;
- ``-> See 1.1.1.`` reuses that existing claim (it may come later in the
  file): the reused claim supports or opposes this line's parent;
- a line that does not start a claim continues the one before;
- ``[label](url)`` Markdown links become ``label (url)`` and backslash
  escapes (``\\[``, ``\\]``, ...) are resolved in the text, while the claim's
  exact words in the file are kept as its verbatim quote.

The second layout (Kialo's newer export) differs in ways all read here too::

    Discussion Name:
    Should sex work be decriminalised?

    1. Question: Should sex work be decriminalised?
    1.1. Thesis: Sex work should be decriminalised.
        1.1.1. Con:
        Reporting is low for many reasons [1].

    Sources:
    [1] https://example.org/report

- the title may stand on the line after ``Discussion Name:``; line ends may be CRLF;
- headers may be indented and the claim's text may start on the next line;
- ``1. Question:`` holds several theses (``1.1. Thesis:``, ``1.2. Thesis:``), each
  answering that question;
- ``[n]`` footnote marks refer to the numbered notes at the end: each claim keeps
  its notes at the end of its text, and the URLs in the notes are registered as
  sources (``graph.graph["cited"]``).

A CSV with a header naming a path column (``index``/``path``/``number``), a stance
column (``stance``/``type``) and a text column (``content``/``text``/``claim``) is read
as the same tree.

Kialo carries no ids, perspectives or sources: the importer makes ids from
titles and files claims under the perspective it is given (or ``unassigned``).
A claim's lines are kept as written (only the layout's indentation is removed),
so a map exported with :func:`debatemap.interchange.kialo_export.generate_kialo`
comes back with the same texts.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field

import networkx as nx

from debatemap.interchange import (
    InterchangeError,
    add_claim,
    add_relation,
    empty_graph,
    problem,
    read_text,
    short_title,
)
from debatemap.model import Problem
from debatemap.rules.constraints import slugify

_TITLE = re.compile(r"^Discussion (?:Title|Name):\s*(?P<title>.*?)\s*$")
_CLAIM = re.compile(
    r"^(?P<indent>[ \t]*)(?P<path>(?:\d+\.)+)(?:[ \t]+|$)"
    r"(?:(?P<stance>Pro|Con|Thesis|Question):[ \t]*)?(?P<text>.*)$"
)
_SEE = re.compile(r"^->\s*See\s+(?P<path>(?:\d+\.)+)\s*$")
_NOTE = re.compile(r"^\s*\[(?P<number>\d{1,6})\][:.]?\s+(?P<note>\S.*?)\s*$")
_NOTES_HEADING = re.compile(r"^\s*(?:Sources|References|Footnotes|Notes|Links)\s*:?\s*$", re.IGNORECASE)
_MARK = re.compile(r"(?<!\\)\[(?P<number>\d{1,6})\](?!\()")
_URL = re.compile(r"https?://[^\s<>()\[\]]+")


def _links(raw: str, urls: bool) -> str:
    r"""Replace every ``[label](url)`` link (``(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)``) in one pass.

    A regular expression tries every ``[`` afresh and rescans to the same ``]`` or
    ``)``, which is quadratic on a long line of ``[a](x``. Here a failed attempt skips
    to where its label ended (every ``[`` inside would end there too and fail alike),
    and a URL scan reuses the previous stop, so each character is read a bounded
    number of times.
    """
    out: list[str] = []
    done, start, stop = 0, raw.find("["), -1
    while start >= 0:
        escaped = start > 0 and raw[start - 1] == "\\"  # no link starts at "\["
        end = start + 1  # the label: escaped pairs, or anything but "]" and "\"
        while not escaped and end < len(raw) and raw[end] != "]":
            if raw[end] == "\\" and (end + 1 == len(raw) or raw[end + 1] == "\n"):
                break
            end += 2 if raw[end] == "\\" else 1
        if not escaped and raw.startswith("](", end):
            if stop <= end + 1:  # the first ")" or white space after "("
                stop = end + 2
                while stop < len(raw) and raw[stop] != ")" and not raw[stop].isspace():
                    stop += 1
            if stop > end + 2 and stop < len(raw) and raw[stop] == ")":
                label, url = raw[start + 1 : end], raw[end + 2 : stop]
                out += [raw[done:start], f"{label} ({url})" if urls or not label else label]
                done = end = stop + 1
        start = raw.find("[", end)
    return "".join(out) + raw[done:]


def clean_text(raw: str, urls: bool = True) -> str:
    """Claim text without Markdown link syntax or backslash escapes, spaces folded.

    A link becomes ``label (url)``, or just its label with ``urls=False`` (for titles).
    """
    return " ".join(re.sub(r"\\(.)", r"\1", _links(raw, urls)).split())


def claim_text(lines: list[str]) -> str:
    """A claim's text from its lines: links and escapes resolved, line breaks and spaces kept."""
    return "\n".join(re.sub(r"\\(.)", r"\1", _links(line, True)) for line in lines).strip()


def _parent(path: str) -> str:
    return path[: path[:-1].rfind(".") + 1]


@dataclass
class _Claim:
    path: str
    stance: str | None
    raw: list[str]
    line: int
    indent: str = ""
    notes: list[str] = field(default_factory=list)


def _notes_block(lines: list[str]) -> tuple[int, dict[str, str]]:
    """Where the trailing list of numbered notes starts, and the notes by number.

    The notes are the last lines of the file: ``[n] text`` lines (blank lines
    between them), perhaps under a ``Sources:`` heading. Found from the end, so
    a claim's own ``[1]`` mark is never taken for a note.
    """
    notes: dict[str, str] = {}
    start = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        stripped = lines[index].strip()
        note = _NOTE.match(stripped)
        if note and not _CLAIM.match(stripped):
            notes.setdefault(note["number"], note["note"])
            start = index
        elif not stripped:
            continue
        elif _NOTES_HEADING.match(stripped) and notes:
            start = index
            break
        else:
            break
    return start, notes


def _lines(text: str, path: str) -> tuple[str | None, list[_Claim], dict[str, str], list[Problem]]:
    """The title, one record per claim (continuation lines kept), the notes, and problems."""
    title: str | None = None
    wants_title = False
    claims: list[_Claim] = []
    problems: list[Problem] = []
    lines = text.split("\n")
    end, notes = _notes_block(lines)
    for number, line in enumerate(lines[:end], start=1):
        stripped = line.strip()
        heading = _TITLE.match(stripped)
        match = _CLAIM.match(line)
        if heading and title is None and not claims:
            title = heading["title"] or None
            wants_title = title is None  # "Discussion Name:" with the title on the next line
        elif wants_title and stripped and not match:
            title, wants_title = stripped, False
        elif match:
            first = [match["text"]] if match["text"].strip() else []
            claims.append(_Claim(match["path"], match["stance"], first, number, match["indent"]))
        elif claims and (stripped or claims[-1].raw):
            indent = claims[-1].indent
            claims[-1].raw.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
        elif stripped:
            hint = "a Kialo export starts with 'Discussion Title:' then '1. ...'"
            problems.append(problem(path, number, 1, "text before the first claim", hint))
    for claim in claims:
        while claim.raw and not claim.raw[-1].strip():
            claim.raw.pop()  # the blank lines between claims belong to none
    return title, claims, notes, problems


_CSV_COLUMNS = {
    "path": ("index", "path", "number", "id", "position"),
    "stance": ("stance", "type", "relation"),
    "text": ("content", "text", "claim", "statement"),
}


def _csv_claims(text: str, path: str) -> list[_Claim] | None:
    """Claims from a CSV whose header names a path and a text column, or ``None`` if not one."""
    first = text.split("\n", 1)[0]
    if "," not in first and ";" not in first:
        return None
    delimiter = "," if first.count(",") >= first.count(";") else ";"
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(rows, [])]
    where = {}
    for name, choices in _CSV_COLUMNS.items():
        found = [header.index(c) for c in choices if c in header]
        if found:
            where[name] = found[0]
    if "path" not in where or "text" not in where:
        return None
    claims = []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        cell = {name: row[i].strip() if i < len(row) else "" for name, i in where.items()}
        ident = cell["path"] if cell["path"].endswith(".") else cell["path"] + "."
        stance = cell.get("stance", "").capitalize() or None
        claims.append(_Claim(ident, stance, cell["text"].split("\n"), line))
    return claims


def _footnotes(claim: _Claim, notes: dict[str, str]) -> None:
    """Give a claim the notes its ``[n]`` marks refer to, each once, in mark order."""
    for mark in _MARK.finditer("\n".join(claim.raw)):
        note = notes.get(mark["number"])
        entry = f"[{mark['number']}] {note}"
        if note is not None and entry not in claim.notes:
            claim.notes.append(entry)


def _cited(notes: dict[str, str]) -> dict[str, dict[str, str]]:
    """The URL list as sources to register: id, title (the note) and url."""
    cited: dict[str, dict[str, str]] = {}
    for number in sorted(notes, key=int):
        for url in _URL.findall(notes[number]):
            ident = slugify(re.sub(r"^https?://(www\.)?", "", url), 60) or f"note-{number}"
            title = notes[number] if notes[number] != url else url
            cited.setdefault(ident, {"title": title, "url": url})
    return cited


def parse_kialo(text: str, path: str = "<kialo>") -> nx.DiGraph:
    """Read a Kialo export, either layout or CSV, into a graph (see the module doc)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Kialo writes CRLF
    rows = _csv_claims(text, path)
    if rows is None:
        title, claims, notes, problems = _lines(text, path)
    else:
        title, claims, notes, problems = None, rows, {}, []
    graph = empty_graph(title)
    graph.graph["generated_ids"] = True
    graph.graph["cited"] = _cited(notes)
    questions: dict[str, str] = {}  # "1. Question:" paths and their words
    links: list[tuple[str, str, str, int]] = []  # (reused path, relation, parent path, line)
    seen: set[str] = set()
    for claim in claims:
        where, line = claim.path, claim.line
        raw = "\n".join(claim.raw).strip()
        relation = {"Pro": "supports", "Con": "opposes"}.get(str(claim.stance))
        parent = _parent(where)
        if where in seen:
            problems.append(problem(path, line, 1, f"claim {where} appears twice"))
            continue
        seen.add(where)
        if claim.stance == "Question":
            questions[where] = claim_text(claim.raw) or title or ""
            continue
        if parent and parent not in graph and parent not in questions:
            problems.append(problem(path, line, 1, f"claim {where} has no parent claim {parent}"))
            continue
        under_question = parent in questions
        if parent and relation is None and not under_question:
            problems.append(
                problem(path, line, len(where) + 2, f"claim {where} is neither 'Pro:' nor 'Con:'")
            )
            continue
        see = _SEE.match(raw)
        if see:
            links.append((see["path"], str(relation), parent, line))
            continue
        if not raw:
            problems.append(problem(path, line, len(where) + 2, f"claim {where} has no text"))
            continue
        _footnotes(claim, notes)
        body = claim_text(claim.raw)
        if claim.notes:
            body += "\n\n" + "\n".join(claim.notes)
        is_thesis = not parent or (under_question and relation is None)
        question = questions.get(parent) or title or body
        add_claim(
            graph,
            where,
            kind="thesis" if is_thesis else "argument",
            title=short_title(clean_text(raw, urls=False)),
            text=body,
            question=question if is_thesis else None,
        )
        graph.nodes[where]["raw"] = raw  # the exact words, kept as the claim's quote
        graph.nodes[where]["line"] = line  # where problems with it point
        if parent and not is_thesis:
            add_relation(graph, where, relation, parent)  # type: ignore[arg-type]
    for reused, relation, parent, line in links:
        if reused not in graph:
            problems.append(problem(path, line, 1, f"'-> See {reused}' names no claim"))
        else:
            add_relation(graph, reused, relation, parent)
    if not claims and not problems:
        problems.append(
            problem(path, 1, 1, "no claims found", "a Kialo export has lines like '1.1. Pro: ...'")
        )
    if problems:
        raise InterchangeError(problems)
    return graph


def read_kialo(path: str | os.PathLike[str]) -> nx.DiGraph:
    """Read a Kialo export file (see :func:`parse_kialo`)."""
    return parse_kialo(read_text(path), str(path))

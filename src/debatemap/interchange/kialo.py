"""Kialo's plain-text discussion export.

The grammar read here::

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

Kialo carries no ids, perspectives or sources: the importer makes ids from
titles and files claims under the perspective it is given (or ``unassigned``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

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

_TITLE = re.compile(r"^Discussion Title:\s*(?P<title>.*\S)\s*$")
_CLAIM = re.compile(r"^(?P<path>(?:\d+\.)+)\s+(?:(?P<stance>Pro|Con|Thesis):\s*)?(?P<text>.*)$")
_SEE = re.compile(r"^->\s*See\s+(?P<path>(?:\d+\.)+)\s*$")
_LINK = re.compile(r"(?<!\\)\[(?P<label>(?:\\.|[^\]\\])*)\]\((?P<url>[^)\s]+)\)")


def clean_text(raw: str, urls: bool = True) -> str:
    """Claim text without Markdown link syntax or backslash escapes, spaces folded.

    A link becomes ``label (url)``, or just its label with ``urls=False`` (for titles).
    """
    linked = _LINK.sub(lambda m: f"{m['label']} ({m['url']})" if urls or not m["label"] else m["label"], raw)
    return " ".join(re.sub(r"\\(.)", r"\1", linked).split())


def _parent(path: str) -> str:
    return path[: path[:-1].rfind(".") + 1]


@dataclass
class _Claim:
    path: str
    stance: str | None
    raw: list[str]
    line: int


def _lines(text: str, path: str) -> tuple[str | None, list[_Claim], list[Problem]]:
    """The title and one record per claim line (continuations joined), with problems."""
    title: str | None = None
    claims: list[_Claim] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        heading = _TITLE.match(stripped)
        match = _CLAIM.match(stripped)
        if heading and title is None and not claims:
            title = heading["title"]
        elif match:
            claims.append(_Claim(match["path"], match["stance"], [match["text"]], number))
        elif stripped and claims:
            claims[-1].raw.append(stripped)
        elif stripped:
            hint = "a Kialo export starts with 'Discussion Title:' then '1. ...'"
            problems.append(problem(path, number, 1, "text before the first claim", hint))
    return title, claims, problems


def parse_kialo(text: str, path: str = "<kialo>") -> nx.DiGraph:
    """Read a Kialo plain-text export into a graph (see the module doc)."""
    title, claims, problems = _lines(text, path)
    graph = empty_graph(title)
    graph.graph["generated_ids"] = True
    links: list[tuple[str, str, str, int]] = []  # (reused path, relation, parent path, line)
    for claim in claims:
        where, line = claim.path, claim.line
        raw = " ".join(claim.raw).strip()
        relation = {"Pro": "supports", "Con": "opposes"}.get(str(claim.stance))
        parent = _parent(where)
        if where in graph:
            problems.append(problem(path, line, 1, f"claim {where} appears twice"))
            continue
        if parent and parent not in graph:
            problems.append(problem(path, line, 1, f"claim {where} has no parent claim {parent}"))
            continue
        if parent and relation is None:
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
        body = clean_text(raw)
        is_thesis = not parent
        add_claim(
            graph,
            where,
            kind="thesis" if is_thesis else "argument",
            title=short_title(clean_text(raw, urls=False)),
            text=body,
            question=(title or body) if is_thesis else None,
        )
        graph.nodes[where]["raw"] = raw  # the exact words, kept as the claim's quote
        graph.nodes[where]["line"] = line  # where problems with it point
        if parent:
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
    """Read a Kialo plain-text export file (see :func:`parse_kialo`)."""
    return parse_kialo(read_text(path), str(path))

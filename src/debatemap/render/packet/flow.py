"""The flow sheet: each major claim down the left, the expected responses across.

For each thesis, the rows are the thesis and the strongest arguments made
directly about it, for and against; the columns are the perspectives that
respond to those rows (at most ``MAX_COLUMNS`` on one sheet, so a landscape
page stays legible: more make a second sheet with the same rows, and a
question never takes more than ``MAX_SHEETS``), then empty columns for notes
during the debate. A cell lists the strongest claims from that perspective
that support (+) or oppose (−) the row's claim and counts the rest. Each sheet
is chosen to fit one landscape page (:mod:`debatemap.render.packet.fit`);
``--max-per-side`` asks for more rows. What is left out is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from debatemap.render.handout import model as hm
from debatemap.render.packet import fit
from debatemap.render.packet.model import Selection, premises, undercutters

MAX_COLUMNS = 4
MAX_SHEETS = 2  # per question: two landscape pages
PER_SIDE = 4  # rows for and rows against the thesis by default, fewer when they would not fit
PER_CELL = 2  # responses named in a cell; the rest are counted
NOTE_COLUMNS = ("Notes: first speeches", "Notes: rebuttals")
# Column widths as fractions of the page (packet.css: .claim-col 24%, .notes-col 15%).
CLAIM_WIDTH, NOTES_WIDTH = 0.24, 0.15
# Table lines the packet's title block takes on the first page (h1, subtitle, intro, note).
TITLE_BLOCK = 9.0


@dataclass(frozen=True)
class Response:
    title: str
    relation: str  # "supports" | "opposes" | "undercuts" (attacks the row's link, not its claim)


@dataclass(frozen=True)
class Column:
    """A perspective's column; its header agrees with the name ("Parents respond")."""

    name: str

    @property
    def header(self) -> str:
        return f"{self.name} {responds(self.name)}"


@dataclass(frozen=True)
class FlowRow:
    title: str
    perspective: str  # who makes the claim ("Thesis" for the thesis)
    relation: str  # how the claim bears on the thesis: "supports", "opposes" or "" for the thesis
    cells: tuple[tuple[Response, ...], ...]  # one per perspective column: the responses named
    unnamed: tuple[int, ...] = ()  # per column: responses counted, not named (the thesis row: none)
    counts: tuple[tuple[int, int], ...] = ()  # per column, the thesis row only: (for, against)
    parts: tuple[str, ...] = ()  # a premise group's parts (titles), which make one reason together


@dataclass(frozen=True)
class FlowSheet:
    question: str
    thesis: str
    part: int
    parts: int  # sheets for this question; after the first, only rows answered in their columns
    columns: tuple[Column, ...]
    rows: tuple[FlowRow, ...]
    unshown: int  # claims of the thesis's tree on none of its sheets
    more_rows: int  # arguments about the thesis directly that have no row
    silent: int  # perspectives that respond but have no column (beyond MAX_SHEETS sheets)


@dataclass(frozen=True)
class Flow:
    sheets: tuple[FlowSheet, ...]
    notes: tuple[str, ...]
    note: str


def build_flow(selection: Selection) -> Flow:
    note = (
        "Columns: the claim, then one column per perspective that responds to it, then room for notes. "
        "“+” marks a response that supports the claim on the left, “−” one that opposes it, “×” an "
        "undercut (it grants the claim but denies that it bears on the thesis). "
        f"At most {MAX_SHEETS} landscape pages a question"
        + (f", {selection.max_per_side} rows for and against at most." if selection.max_per_side else ".")
    )
    dropped = selection.dropped_note()
    note += " " + dropped if dropped else ""
    sheets: list[FlowSheet] = []
    for index, thesis in enumerate(selection.theses):
        sheets += thesis_sheets(selection, thesis, TITLE_BLOCK if index == 0 else 0.0)
    return Flow(tuple(sheets), NOTE_COLUMNS, note)


def responds(name: str) -> str:
    """``respond`` after a plural name ("Parents", "Police"), ``responds`` after a singular one.

    The last word decides, ignoring a bracketed remark ("Abolitionist (as
    reported)"): a plural ends in -s but not -ss, -us, -is or -ics ("Readers"
    but "Public health", "Ethics", "Analysis"), or is an irregular plural.
    """
    words = re.sub(r"\([^)]*\)", " ", name).split() or [name]
    last = words[-1].lower().strip(".,;:'’")
    plural = last in IRREGULAR_PLURALS or (
        last.endswith("s") and not last.endswith(("ss", "us", "is", "ics", "news", "'s", "’s"))
    )
    return "respond" if plural else "responds"


IRREGULAR_PLURALS = frozenset({"people", "police", "children", "women", "men", "staff", "clergy", "youth"})


def thesis_sheets(selection: Selection, thesis: str, title_block: float = 0.0) -> list[FlowSheet]:
    """The sheets for ``thesis``: the strongest rows that fit, on at most ``MAX_SHEETS`` pages.

    A row is a reason: one claim, or a premise group's parts together (one row).
    """
    view = selection.view
    direct = sorted(view.predecessors(thesis), key=selection.rank)
    limit = selection.max_per_side or PER_SIDE
    pro = reasons(selection, [a for a in direct if view.edges[a, thesis]["relation"] == "supports"], thesis)
    con = reasons(selection, [a for a in direct if view.edges[a, thesis]["relation"] == "opposes"], thesis)
    pro, con = pro[:limit], con[:limit]
    everything: list[Reason] = [(thesis,), *pro, *con]
    responders = {
        view.nodes[r].get("perspective") for c in everything for r, _ in about(selection, c, thesis)
    }
    columns = [p for p in selection.perspectives if p in responders]
    ranked = sorted(columns, key=lambda p: -sum(len(responses(selection, c, thesis, p)) for c in everything))
    kept = set(ranked[: MAX_COLUMNS * MAX_SHEETS])
    silent = len(columns) - len(kept)
    columns = [p for p in columns if p in kept]
    per_sheet = -(-len(columns) // MAX_SHEETS) if len(columns) > MAX_COLUMNS else MAX_COLUMNS
    chunks = [columns[i : i + per_sheet] for i in range(0, len(columns), per_sheet)] or [[]]
    per_cell = PER_CELL

    def sheets() -> list[FlowSheet]:
        rows = [((thesis,), "")] + [(a, "supports") for a in pro] + [(a, "opposes") for a in con]
        on_rows = {m for reason, _ in rows for m in reason}
        named = {
            r
            for reason, _ in rows
            for chunk in chunks
            for p in chunk
            for r in responses(selection, reason, thesis, p)[:per_cell]
        }
        unshown = len(nx.ancestors(view, thesis) - on_rows - named)
        more_rows = sum(1 for a in direct if a not in on_rows)
        return [
            FlowSheet(
                question=selection.question(thesis),
                thesis=selection.title(thesis),
                part=index,
                parts=len(chunks),
                columns=tuple(Column(selection.name(p)) for p in chunk),
                rows=tuple(
                    flow_row(selection, reason, thesis, relation, chunk, per_cell)
                    for reason, relation in rows
                    # Later sheets keep only the rows those perspectives answer; the first keeps all.
                    if index == 1
                    or not relation
                    or any(responses(selection, reason, thesis, p) for p in chunk)
                ),
                unshown=unshown,
                more_rows=more_rows,
                silent=silent,
            )
            for index, chunk in enumerate(chunks, start=1)
        ]

    budget = selection.paper.landscape_lines
    found = sheets()
    # Unless more was asked for, drop the weakest row of the longer side until every sheet fits
    # its page, keeping one row a side; then name fewer responses a cell.
    while selection.max_per_side is None and any(
        sheet_lines(s, selection.paper.landscape_mm) + (title_block if s.part == 1 else 0) > budget
        for s in found
    ):
        if len(pro) + len(con) > 2 or (len(pro) + len(con) > 1 and per_cell == 1):
            longer = pro if len(pro) > len(con) or not con else con
            longer.pop()
        elif per_cell > 1:
            per_cell -= 1
        else:
            break
        found = sheets()
    return found


Reason = tuple[str, ...]  # the claims of one reason: one, or a premise group's parts


def reasons(selection: Selection, ordered: list[str], target: str) -> list[Reason]:
    """``ordered`` as reasons for ``target``: a premise group's parts make one, at its strongest part."""
    taken: set[str] = set()
    found: list[Reason] = []
    for claim in ordered:
        if claim not in taken:
            members = tuple(m for m in premises(selection, claim, target) if m not in taken) or (claim,)
            taken.update(members)
            found.append(members)
    return found


ORDER = {"supports": 0, "opposes": 1, "undercuts": 2}


def about(selection: Selection, reason: Reason, target: str) -> list[tuple[str, str]]:
    """(claim, relation) for every claim that answers ``reason``: its parts' supporters and
    attackers, and the undercuts of its link to ``target`` (a thesis has none)."""
    view = selection.view
    found = [
        (r, view.edges[r, m]["relation"]) for m in reason for r in view.predecessors(m) if r not in reason
    ]
    if reason != (target,):
        found += [(u, "undercuts") for u in undercutters(selection, reason, target)]
    return list(dict.fromkeys(found))


def responses(selection: Selection, reason: Reason, target: str, perspective: str) -> list[tuple[str, str]]:
    """``perspective``'s answers to ``reason``: supporting first, then opposing, then undercuts."""
    view = selection.view
    mine = [
        (r, rel)
        for r, rel in about(selection, reason, target)
        if view.nodes[r].get("perspective") == perspective
    ]
    return sorted(mine, key=lambda pair: (ORDER[pair[1]], selection.rank(pair[0])))


def flow_row(
    selection: Selection, reason: Reason, target: str, relation: str, columns: list[str], per_cell: int
) -> FlowRow:
    view = selection.view
    data = view.nodes[reason[0]]
    cells: list[tuple[Response, ...]] = []
    unnamed: list[int] = []
    counts: list[tuple[int, int]] = []
    for perspective in columns:
        answers = responses(selection, reason, target, perspective)
        relations = [rel for _, rel in answers]
        counts.append((relations.count("supports"), relations.count("opposes")))
        if not relation:  # the thesis row counts its responses: the rows below name them
            cells.append(())
            unnamed.append(0)
            continue
        cells.append(tuple(Response(selection.title(r), rel) for r, rel in answers[:per_cell]))
        unnamed.append(max(0, len(answers) - per_cell))
    who = "Thesis" if data["kind"] == "thesis" else selection.name(data.get("perspective"))
    parts = tuple(selection.title(m) for m in reason) if len(reason) > 1 else ()
    return FlowRow(hm.words(data["title"]), who, relation, tuple(cells), tuple(unnamed), tuple(counts), parts)


def sheet_lines(sheet: FlowSheet, width_mm: float) -> float:
    """The printed height of a sheet in table lines (8 pt): heading, header row, rows, footnote."""
    own = max(1, len(sheet.columns))
    column_mm = width_mm * (1 - CLAIM_WIDTH - NOTES_WIDTH * len(NOTE_COLUMNS)) / own
    per_column = column_mm * fit.TABLE_CHARS_PER_MM
    per_claim = width_mm * CLAIM_WIDTH * fit.TABLE_CHARS_PER_MM
    heading = 2.5 + fit.lines(sheet.question, width_mm * 0.5) * 1.6 + (2.0 if sheet.part > 1 else 0.0)
    header = 0.4 + max([fit.lines(c.header, per_column) for c in sheet.columns] + [2]) * 0.9
    total = heading + header + 2.0  # the footnote under the table
    for row in sheet.rows:
        title = " ".join(row.parts) + " One reason in 0 parts:" if row.parts else row.title
        claim = (
            fit.lines("− " + title, per_claim)
            + len(row.parts) * 0.5
            + fit.lines(row.perspective + " · against the thesis", per_claim)
        )
        cells = [
            sum(fit.lines("− " + x.title, per_column) for x in cell) + (1 if more else 0) + 0.2 * len(cell)
            for cell, more in zip(row.cells, row.unnamed, strict=False)
        ]
        total += max([claim, 3.5, *cells]) + 0.4  # 13 mm at least a row; padding and rule
    return total

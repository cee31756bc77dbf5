"""The flow sheet: each major claim down the left, the expected responses across.

For each thesis, the rows are the thesis and the arguments made directly about
it; the columns are the perspectives that respond to those rows (at most
``MAX_COLUMNS`` on one sheet, so a landscape page stays legible: more make a
second sheet with the same rows), then empty columns for notes during the
debate. A cell lists the claims from that perspective that support (+) or
oppose (−) the row's claim. Deeper replies are counted, not shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from debatemap.render import handout_model as hm
from debatemap.render.packet_model import Selection

MAX_COLUMNS = 4
NOTE_COLUMNS = ("Notes: first speeches", "Notes: rebuttals")


@dataclass(frozen=True)
class Response:
    title: str
    relation: str  # "supports" | "opposes"


@dataclass(frozen=True)
class FlowRow:
    title: str
    perspective: str  # who makes the claim ("Thesis" for the thesis)
    relation: str  # how the claim bears on the thesis: "supports", "opposes" or "" for the thesis
    cells: tuple[tuple[Response, ...], ...]  # one per perspective column


@dataclass(frozen=True)
class FlowSheet:
    question: str
    thesis: str
    part: int
    parts: int  # sheets for this question; after the first, only rows answered in their columns
    columns: tuple[str, ...]  # perspective names
    rows: tuple[FlowRow, ...]
    unshown: int  # claims deeper in the thesis's tree than the sheet goes


@dataclass(frozen=True)
class Flow:
    sheets: tuple[FlowSheet, ...]
    notes: tuple[str, ...]
    note: str


def build_flow(selection: Selection) -> Flow:
    sheets: list[FlowSheet] = []
    for thesis in selection.theses:
        sheets += thesis_sheets(selection, thesis)
    note = (
        "Columns: the claim, then one column per perspective that responds to it, then room for notes. "
        "“+” marks a response that supports the claim on the left, “−” one that opposes it."
    )
    dropped = selection.dropped_note()
    return Flow(tuple(sheets), NOTE_COLUMNS, note + (" " + dropped if dropped else ""))


def thesis_sheets(selection: Selection, thesis: str) -> list[FlowSheet]:
    view = selection.view
    direct = [(a, view.edges[a, thesis]["relation"]) for a in view.predecessors(thesis)]
    direct.sort(key=lambda pair: (pair[1] != "supports", selection.rank(pair[0])))
    rows = [(thesis, "")] + direct
    responders = {view.nodes[r].get("perspective") for claim, _ in rows for r in view.predecessors(claim)}
    columns = [p for p in selection.perspectives if p in responders]
    shown = {thesis} | {c for c, _ in rows} | {r for c, _ in rows for r in view.predecessors(c)}
    unshown = len(nx.ancestors(view, thesis) - shown)
    chunks = [columns[i : i + MAX_COLUMNS] for i in range(0, len(columns), MAX_COLUMNS)] or [[]]
    return [
        FlowSheet(
            question=selection.question(thesis),
            thesis=selection.title(thesis),
            part=index,
            parts=len(chunks),
            columns=tuple(selection.name(p) for p in chunk),
            rows=tuple(
                flow_row(selection, claim, relation, chunk)
                for claim, relation in rows
                # Later sheets keep only the rows those perspectives answer; the first keeps all.
                if index == 1 or not relation or answered(view, claim, chunk)
            ),
            unshown=unshown,
        )
        for index, chunk in enumerate(chunks, start=1)
    ]


def answered(view: nx.DiGraph, claim: str, perspectives: list[str]) -> bool:
    return any(view.nodes[r].get("perspective") in perspectives for r in view.predecessors(claim))


def flow_row(selection: Selection, claim: str, relation: str, columns: list[str]) -> FlowRow:
    view = selection.view
    data = view.nodes[claim]
    cells = []
    for perspective in columns:
        answers = [r for r in view.predecessors(claim) if view.nodes[r].get("perspective") == perspective]
        answers.sort(key=lambda r: (view.edges[r, claim]["relation"] != "supports", selection.rank(r)))
        cells.append(tuple(Response(selection.title(r), view.edges[r, claim]["relation"]) for r in answers))
    who = "Thesis" if data["kind"] == "thesis" else selection.name(data.get("perspective"))
    return FlowRow(hm.words(data["title"]), who, relation, tuple(cells))

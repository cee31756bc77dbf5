"""What the brief leaves out, and saying so.

A reader must be able to trust that nothing of the map is missing silently:
theses on which the chosen perspectives say nothing are dropped with a note;
every argument of the selection is shown (as an entry, a rebuttal or a named
backer) or listed at the end, or, with ``--max-per-side``, counted; and the
clash and agreement sections name only claims the body shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import networkx as nx

from debatemap.graph.reasons import ancestors
from debatemap.render.handout import model as hm


def drop_empty(view: nx.DiGraph, theses: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(kept, dropped)``: a thesis nothing in ``view`` argues about is dropped."""
    dropped = [t for t in theses if t in view and not any(True for _ in view.in_edges(t))]
    return [t for t in theses if t not in dropped], dropped


def dropped_note(graph: nx.DiGraph, dropped: Sequence[str]) -> str:
    if not dropped:
        return ""
    names = "; ".join(
        f"“{hm.words(graph.nodes[t].get('question')) or hm.words(graph.nodes[t]['title'])}”" for t in dropped
    )
    return (
        f"Left out: {hm.plural(len(dropped), 'question')} on which the chosen perspectives make no "
        f"argument either way ({names})."
    )


def shown_in_body(sections: Iterable[hm.ThesisSection]) -> set[str]:
    """Ids of the arguments the thesis sections show: entries, rebuttals and named backers."""
    shown: set[str] = set()
    for section in sections:
        for _, entry in hm.thread(section.case_for.entries + section.case_against.entries):
            shown.add(entry.id)
            shown.update(b.id for b in entry.backers)
            shown.update(p.id for p in entry.parts + entry.undercuts)
    return shown


def account(
    graph: nx.DiGraph,
    view: nx.DiGraph,
    shown: set[str],
    capped: bool,
    perspectives: Sequence[str],
    rank: Callable[[str], tuple[float, str, str]],
    backer: Callable[[str], hm.Backer],
) -> tuple[tuple[hm.Backer, ...], str]:
    """The arguments to list at the end, and the sentence that accounts for every argument.

    Arguments of the chosen perspectives that bear on no thesis of the map at
    all would be in no brief; they are listed too.
    """
    arguments = [n for n, kind in view.nodes(data="kind") if kind == "argument"]
    rest = sorted((n for n in arguments if n not in shown), key=rank)
    theses = [n for n, kind in graph.nodes(data="kind") if kind == "thesis"]
    argued = set().union(*(ancestors(graph, t) for t in theses))
    loose = sorted(
        (
            n
            for n, data in graph.nodes(data=True)
            if data["kind"] == "argument" and n not in argued and data.get("perspective") in perspectives
        ),
        key=rank,
    )
    in_map = sum(1 for _, kind in graph.nodes(data="kind") if kind == "argument")
    outside = in_map - len(arguments) - len(loose)
    listed: tuple[hm.Backer, ...] = ()
    if not rest:
        note = f"This brief shows all {hm.plural(len(arguments), 'argument')} of its selection."
    elif capped:
        note = (
            f"This brief shows {len(arguments) - len(rest)} of the {len(arguments)} arguments of its "
            f"selection; the other {len(rest)} are left out by the limit on arguments per side "
            "(the map and the evidence cards have them all)."
        )
    else:
        note = (
            f"This brief shows {len(arguments) - len(rest)} of the {len(arguments)} arguments of its "
            f"selection above, as arguments, rebuttals or backers; the other {len(rest)}, which argue "
            "about those claims at a further remove, are listed here by title."
        )
        listed = tuple(backer(n) for n in rest)
    if loose and not capped:
        note += (
            f" Listed too: {hm.plural(len(loose), 'argument')} of these perspectives that "
            f"{'bears' if len(loose) == 1 else 'bear'} on no question of the map at all."
        )
        listed += tuple(backer(n) for n in loose)
    elif loose:
        outside += len(loose)
    if outside:
        note += (
            f" The map has {hm.plural(outside, 'more argument')} outside this selection "
            "(on other questions, from other perspectives, or answering claims of perspectives not chosen), "
            "not shown here."
        )
    return listed, note


def counted(graph: nx.DiGraph, view: nx.DiGraph, shown: set[str], perspectives: Sequence[str]) -> str:
    """The accounting sentence of a brief over its budget, which counts rather than lists."""
    arguments = sum(1 for _, kind in view.nodes(data="kind") if kind == "argument")
    kept = sum(1 for n in shown if n in view and view.nodes[n]["kind"] == "argument")
    in_map = sum(1 for _, kind in graph.nodes(data="kind") if kind == "argument")
    note = (
        f"This brief shows {kept:,} of the {arguments:,} arguments of its selection, the strongest on "
        f"each side of each question; the other {arguments - kept:,} are counted under each question "
        "and by perspective below, not listed, so that the brief stays a few pages long."
    )
    if in_map > arguments:
        note += (
            f" The map has {hm.plural(in_map - arguments, 'more argument')} outside this selection "
            "(on other questions, from other perspectives, or bearing on no question), not counted here."
        )
    return note

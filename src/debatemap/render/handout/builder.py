"""Turns nodes of the brief's view of the map into the records its templates show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from debatemap.render.handout import model as hm
from debatemap.render.handout.budget import Plan


class Builder:
    """Turns nodes of the handout's view of the map into the records the templates show."""

    def __init__(
        self,
        graph: nx.DiGraph,
        view: nx.DiGraph,
        max_per_side: int | None,
        strength: Mapping[str, float] | None = None,
        plan: Plan | None = None,
    ) -> None:
        self.graph, self.view = graph, view
        self.max_per_side = max_per_side
        self.plan = plan  # an over-budget brief's choice (debatemap.render.handout.budget)
        self.registry: dict[str, dict[str, Any]] = graph.graph.get("perspectives", {})
        self.citations = hm.Citations(graph.graph.get("sources", {}))
        self.ranker = hm.Ranker(graph, strength)
        self.rank = self.ranker.key(graph)

    def name(self, perspective: str | None) -> str:
        """A perspective's display name."""
        if perspective in self.registry:
            return hm.words(self.registry[perspective]["name"])
        return "no stated perspective"

    def backer(self, ident: str) -> hm.Backer:
        data = self.graph.nodes[ident]
        return hm.Backer(
            ident,
            hm.words(data["title"]),
            self.name(data.get("perspective")),
            self.citations.cite(data.get("source")),
        )

    def reasons(self, target: str, relation: str) -> list[tuple[str, str | None]]:
        """The reasons about ``target``: ``(argument, None)``, or ``(lead, key)`` once per premise group."""
        found: list[tuple[str, str | None]] = []
        groups = self.graph.graph.get("groups") or {}
        seen: set[str] = set()
        for ident in hm.arguments_about(self.view, target, relation):
            key = self.view.edges[ident, target].get("group")
            if key is None or key not in groups:
                found.append((ident, None))
            elif key not in seen:
                seen.add(key)
                found.append((groups[key]["members"][0], key))
        return sorted(found, key=self.reason_rank)

    def members(self, ident: str, group: str | None) -> list[str]:
        return list(self.graph.graph["groups"][group]["members"]) if group else [ident]

    def reason_rank(self, reason: tuple[str, str | None]) -> tuple[float, str, str]:
        """Strongest first; a premise group is as strong as its weakest member."""
        ident, group = reason
        score = min(self.ranker.scores.get(m, 0.0) for m in self.members(ident, group))
        return (-score, hm.words(self.graph.nodes[ident]["title"]).lower(), ident)

    def part(self, ident: str) -> hm.Part:
        data = self.graph.nodes[ident]
        return hm.Part(
            ident,
            hm.words(data["title"]),
            self.name(data.get("perspective")),
            hm.short_quote(data.get("quote"), hm.REPLY_QUOTE_WORDS),
            hm.words(data.get("speaker")) or None,
            self.citations.cite(data.get("source")),
        )

    def undercutters(self, ident: str, group: str | None, about: str | None) -> list[str]:
        """Who undercuts the link from this reason to ``about`` (strongest first)."""
        found = [
            u["source"]
            for u in self.graph.graph.get("undercuts") or ()
            if u["target"] == about
            and u["source"] in self.view  # a brief narrowed to some perspectives shows only theirs
            and (u["group"] == group if group else u["reason"] == ident and not u["group"])
        ]
        return sorted(found, key=self.rank)

    def entry(
        self,
        ident: str,
        relation: str,
        depth: int,
        path: frozenset[str],
        group: str | None = None,
        about: str | None = None,
    ) -> hm.Entry:
        """An argument (or a premise group, led by ``ident``) at ``depth`` (1 = directly about the
        thesis ``about``) with its parts, backers, undercuts and rebuttals below it."""
        data = self.view.nodes[ident] if ident in self.view else self.graph.nodes[ident]
        members = self.members(ident, group)
        cite = self.citations.cite(data.get("source"))
        parts = tuple(self.part(m) for m in members) if group else ()
        rebuttals: list[tuple[str, str | None, str]] = []  # (argument or lead, group, member it opposes)
        backers: list[str] = []
        for member in members:
            if member not in self.view:
                continue
            if depth < hm.REPLY_DEPTH:
                rebuttals += [(a, key, member) for a, key in self.reasons(member, "opposes")]
            backers += [b for b in hm.arguments_about(self.view, member, "supports") if b not in backers]
        backing = len(backers)
        if self.plan is not None:  # an over-budget brief shows only what its plan kept
            backers = [b for b in backers if (ident, b) in self.plan.backers]
            rebuttals = [r for r in rebuttals if (ident, r[0]) in self.plan.replies]
        # Backers, then undercuts, then replies: the citations are numbered in the order shown.
        named = tuple(self.backer(b) for b in sorted(backers, key=self.rank))
        undercuts = tuple(self.part(u) for u in self.undercutters(ident, group, about))
        return hm.Entry(
            id=ident,
            title=hm.words(data["title"]),
            text=hm.words(data["text"]),
            perspective=self.name(data.get("perspective")),
            colour=hm.colour(self.registry.get(data.get("perspective") or "", {}).get("colour")),
            quote=hm.short_quote(data.get("quote"), hm.QUOTE_WORDS if depth == 1 else hm.REPLY_QUOTE_WORDS),
            speaker=hm.words(data.get("speaker")) or None,
            cite=cite,
            score=min(self.ranker.scores.get(m, 0.0) for m in members),
            relation=relation,
            backers=named,
            backing=backing,
            parts=parts,
            undercuts=undercuts,
            # ``path`` stops a cycle of rebuttals (a opposes b opposes a) from nesting forever.
            replies=tuple(
                self.entry(a, "opposes", depth + 1, path | {a}, key, member)
                for a, key, member in rebuttals
                if a not in path
            ),
        )

    def side(self, thesis: str, relation: str) -> hm.Side:
        reasons = self.reasons(thesis, relation)
        shown = reasons[: self.max_per_side] if self.max_per_side else reasons
        if self.plan is not None:
            kept = set(self.plan.top.get((thesis, relation), ()))
            shown = [reason for reason in shown if reason[0] in kept]
        entries = tuple(self.entry(a, relation, 1, frozenset({thesis, a}), key, thesis) for a, key in shown)
        return hm.Side(entries, len(reasons) - len(shown))

    def section(self, thesis: str) -> hm.ThesisSection:
        data = self.view.nodes[thesis]
        title = hm.words(data["title"])
        question = hm.words(data.get("question")) or title + "?"
        case_for = self.side(thesis, "supports")
        return hm.ThesisSection(
            thesis, title, hm.words(data["text"]), question, case_for, self.side(thesis, "opposes")
        )

    def ordered_definitions(self) -> list[str]:
        definitions = [n for n, kind in self.view.nodes(data="kind") if kind == "definition"]
        ordered = sorted(definitions, key=lambda n: (hm.words(self.view.nodes[n]["title"]).lower(), n))
        return ordered if self.plan is None else ordered[: self.plan.definitions]

    def definition(self, ident: str) -> hm.Definition:
        data = self.view.nodes[ident]
        return hm.Definition(
            ident,
            hm.words(data["title"]),
            hm.words(data["text"]),
            self.name(data.get("perspective")),
            hm.short_quote(data.get("quote")),
            hm.words(data.get("speaker")) or None,
            self.citations.cite(data.get("source")),
        )

    def perspective_row(self, ident: str, shown: set[str] | None = None) -> hm.PerspectiveRow:
        """One row of "perspectives at a glance": core claims, then every source it draws on.

        With ``shown``, core claims come only from the arguments the body shows.
        """
        view, registered = self.view, self.registry[ident]
        own = [n for n, p in view.nodes(data="perspective") if p == ident]
        # Core claims are what the perspective puts most weight on: its top-ranked arguments
        # that argue directly about a thesis, then any others.
        arguments = [n for n in own if view.nodes[n]["kind"] == "argument" and (shown is None or n in shown)]
        direct = sorted(
            arguments,
            key=lambda n: (
                not any(view.nodes[t]["kind"] == "thesis" for t in view.successors(n)),
                self.rank(n),
            ),
        )
        drawn_on = {view.nodes[n].get("source") for n in own}
        drawn_on |= {s for s, data in self.citations.sources.items() if data.get("perspective") == ident}
        cited = sorted(
            (number, hm.words(self.citations.sources[s]["title"]))
            for s in sorted(s for s in drawn_on if s)
            if (number := self.citations.cite(s)) is not None
        )
        return hm.PerspectiveRow(
            ident,
            hm.words(registered["name"]),
            hm.colour(registered.get("colour")),
            hm.words(registered.get("description")),
            tuple(hm.words(view.nodes[n]["title"]) for n in direct[: hm.CORE_CLAIMS]),
            tuple((title, number) for number, title in cited),
        )

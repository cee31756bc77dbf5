"""Reading AIF JSON: AIFdb node sets, OVA3 downloads and corpus files such as QT30.

What is read, and how:

- I-nodes are claims, their ids made from ``nodeID`` (never from their text), so the
  same words said twice stay two claims;
- an RA node is a reason: one premise supports each conclusion; several premises
  form one premise group; a CA node the same for ``opposes``;
- a CA node whose conclusion is an RA or CA node attacks that inference: an undercut;
- speakers come from the dialogue layer: ``L -> YA -> I`` edges say who asserted a
  claim (the locution's ``personID`` named in ``participants``, else the ``Name:``
  that starts the locution's text);
- a claim that supports or attacks nothing but is argued about is a thesis; the rest
  are arguments (unless our own export says otherwise in its ``debatemap`` key).

Rephrases (MA), preferences (PA), dialogue nodes (L, TA, YA) and schemes that argue
about schemes other than undercuts have no place in the map: each kind is one located
warning, counted in the import summary. An OVA3 download wraps the AIF in
``{"AIF": {...}, "OVA": {...}, "text": ...}``; the ``AIF`` part is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx

from debatemap.interchange import (
    DATA_FIELDS,
    InterchangeError,
    add_claim,
    add_group,
    add_relation,
    add_undercut,
    as_text,
    empty_graph,
    problem,
    registry,
    short_title,
    warn,
    warning,
)
from debatemap.rules.constraints import slugify

_SCHEMES = {"RA": "supports", "CA": "opposes"}
_LEFT_OUT = {
    "MA": "rephrases (MA nodes)",
    "PA": "preferences (PA nodes)",
    "L": "locutions (L nodes, read for speakers)",
    "TA": "transitions (TA nodes)",
    "YA": "illocutions (YA nodes, read for speakers)",
    "RA about schemes": "supports of an inference (RA nodes about a scheme)",
    "CA about schemes": "attacks on a scheme the map cannot name",
}


def _load(text: str, path: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError([problem(path, exc.lineno, exc.colno, f"not JSON: {exc.msg}")]) from None
    except (ValueError, RecursionError) as exc:  # a number of 5,000 digits; arrays 100,000 deep
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        raise InterchangeError([problem(path, 1, 1, f"cannot read the JSON: {reason}")]) from None
    if isinstance(document, dict) and isinstance(document.get("AIF"), dict):
        document = document["AIF"]  # an OVA3 download
    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        hint = "AIF JSON is an object with 'nodes' and 'edges' lists (OVA3 puts it under 'AIF')"
        raise InterchangeError([problem(path, 1, 1, "not AIF JSON: no 'nodes' list", hint)])
    for key in ("edges", "locutions", "participants"):
        if document.get(key) is not None and not isinstance(document[key], list):
            raise InterchangeError([problem(path, 1, 1, f"not AIF JSON: '{key}' is not a list")])
    return document


def _lines_of(text: str, key: str) -> Iterator[int]:
    """The line of each ``"key"`` in the text, in order: where each node was written."""
    needle, line, start = f'"{key}"', 1, 0
    while (found := text.find(needle, start)) >= 0:
        line += text.count("\n", start, found)
        start = found + len(needle)
        yield line


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.document = _load(text, path)
        meta = self.document.get("debatemap")
        self.meta: dict[str, Any] = meta if isinstance(meta, dict) else {}
        self.graph = empty_graph(as_text(self.meta.get("title")))
        self.graph.graph["perspectives"] = registry(self.meta.get("perspectives"))
        self.graph.graph["sources"] = registry(self.meta.get("sources"))
        self.problems: list[Any] = []
        self.types: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # nodeID -> claim id
        self.lines: dict[str, int] = {}
        self.named_reason: dict[str, str] = {}
        self.explicit_kind: set[str] = set()
        self.into: dict[str, list[str]] = {}
        self.out_of: dict[str, list[str]] = {}
        self.text = text

    def left_out(self, kind: str, line: int, what: str) -> None:
        reason = _LEFT_OUT.get(kind, f"{kind} nodes")
        first = reason not in (self.graph.graph.get("dropped") or {})
        if first:  # one warning per kind of thing, every one counted
            message = f"{what}: {reason} have no place in the map and are left out"
            warn(self.graph, warning(self.path, line, 1, message), reason)
        else:
            self.graph.graph["dropped"][reason] += 1

    def nodes(self) -> None:
        lines = _lines_of(self.text, "nodeID")
        taken: set[str] = set()
        for index, node in enumerate(self.document["nodes"]):
            line = next(lines, 1)
            ident = as_text(node.get("nodeID")) if isinstance(node, dict) else None
            kind = node.get("type") if isinstance(node, dict) else None
            if ident is None or not isinstance(kind, str):
                self.problems.append(problem(self.path, line, 1, f"node #{index + 1} has no nodeID or type"))
                continue
            if ident in self.types:
                hint = "every node needs its own nodeID"
                self.problems.append(problem(self.path, line, 1, f"nodeID '{ident}' is used twice", hint))
                continue
            self.types[ident], self.lines[ident] = kind, line
            extra = node.get("debatemap")
            if kind == "CA" and isinstance(extra, dict) and isinstance(extra.get("from"), str):
                self.named_reason[ident] = extra["from"]  # which member's link our export undercuts
            if kind == "I":
                self.claim(node, ident, line, taken)
            elif kind not in _SCHEMES:
                self.left_out(kind, line, f"node '{ident}'")

    def claim(self, node: dict[str, Any], ident: str, line: int, taken: set[str]) -> None:
        extra: dict[str, Any] = node["debatemap"] if isinstance(node.get("debatemap"), dict) else {}
        words = node.get("text")
        if not isinstance(words, str) or not words.strip():
            message = f"I-node '{ident}' has no text and is left out"
            warn(self.graph, warning(self.path, line, 1, message), "claims with no text")
            return
        base = ident if extra and ident not in taken else slugify(ident, 60) or "claim"
        claim, number = base, 1
        while claim in taken:
            number += 1
            claim = f"{base}-{number}"
        taken.add(claim)
        self.ids[ident] = claim
        fields = {k: as_text(extra.get(k)) for k in DATA_FIELDS if k != "tags"}
        listed = extra.get("tags")
        tags = [str(t) for t in listed] if isinstance(listed, list) else []
        fields["title"] = fields["title"] or short_title(words) or claim
        if fields["kind"] is not None:
            self.explicit_kind.add(claim)
        add_claim(self.graph, claim, text=words.strip() if not extra else words, tags=tags, **fields)
        self.graph.nodes[claim]["line"] = line

    def edges(self) -> None:
        lines = _lines_of(self.text, "fromID")
        for edge in self.document.get("edges") or []:
            line = next(lines, 1)
            if not isinstance(edge, dict):
                continue
            a, b = as_text(edge.get("fromID")) or "", as_text(edge.get("toID")) or ""
            if a not in self.types or b not in self.types:
                missing = " and ".join(f"'{n}'" for n in (a, b) if n not in self.types)
                message = f"an edge from '{a}' to '{b}' names no node {missing} and is left out"
                warn(self.graph, warning(self.path, line, 1, message), "edges to missing nodes")
            elif self.types[a] == "I" and self.types[b] == "I":
                message = f"an edge joins two I-nodes '{a}' and '{b}' directly and is left out"
                hint = "AIF puts an RA or CA node between two claims"
                warn(self.graph, warning(self.path, line, 1, message, hint), "edges between two claims")
            else:
                self.into.setdefault(b, []).append(a)
                self.out_of.setdefault(a, []).append(b)

    def claims_of(self, nodes: list[str]) -> list[str]:
        """The claims among ``nodes``, each once, in the file's order (a group's lead first)."""
        return list(dict.fromkeys(self.ids[n] for n in nodes if n in self.ids))

    def schemes(self) -> None:
        undercuts = []
        for scheme, kind in sorted(self.types.items()):
            relation = _SCHEMES.get(kind)
            if relation is None:
                continue
            premises = self.claims_of(self.into.get(scheme, []))
            for conclusion in sorted(self.out_of.get(scheme, [])):
                if conclusion in self.ids and len(premises) > 1:
                    add_group(self.graph, relation, self.ids[conclusion], premises)
                elif conclusion in self.ids:
                    for premise in premises:
                        add_relation(self.graph, premise, relation, self.ids[conclusion])
                elif kind == "CA" and self.types.get(conclusion) in _SCHEMES:
                    undercuts.append((premises, conclusion, self.named_reason.get(scheme)))
                else:
                    where = f"{kind} node '{scheme}' argues about the {self.types.get(conclusion)} node"
                    self.left_out(f"{kind} about schemes", self.lines[scheme], where)
        for attackers, attacked, named in undercuts:
            reasons = self.claims_of(self.into.get(attacked, []))
            reason = self.ids.get(str(named)) if named in self.ids else reasons[0] if reasons else None
            for target in self.claims_of(self.out_of.get(attacked, [])):
                for attacker in attackers:
                    if reason is not None and attacker not in reasons:
                        add_undercut(self.graph, attacker, reason, target)

    def speakers(self) -> None:
        people: dict[str, str] = {}
        for person in self.document.get("participants") or []:
            if isinstance(person, dict) and as_text(person.get("participantID")) is not None:
                name = " ".join(str(person.get(k) or "").strip() for k in ("firstname", "surname")).strip()
                people[str(person["participantID"]).strip()] = name
        said_by: dict[str, str] = {}
        for locution in self.document.get("locutions") or []:
            if isinstance(locution, dict) and as_text(locution.get("nodeID")) is not None:
                person = as_text(locution.get("personID")) or ""
                said_by[str(locution["nodeID"]).strip()] = people.get(person) or ""
        texts = {
            str(n.get("nodeID")).strip(): n.get("text")
            for n in self.document["nodes"]
            if isinstance(n, dict) and n.get("type") == "L"
        }
        for ya, kind in sorted(self.types.items()):
            if kind != "YA":
                continue
            for locution in sorted(self.into.get(ya, [])):
                name = said_by.get(locution) or _speaker_in(texts.get(locution))
                for claim in self.claims_of(self.out_of.get(ya, [])):
                    if name and not self.graph.nodes[claim].get("speaker"):
                        self.graph.nodes[claim]["speaker"] = name

    def kinds(self) -> None:
        """A claim that supports or attacks nothing, but is argued about, is a thesis."""
        attacking = {u["source"] for u in self.graph.graph.get("undercuts") or []}
        for claim in self.graph.nodes:
            if claim in self.explicit_kind:
                continue
            argued_about = self.graph.in_degree(claim) > 0
            if self.graph.out_degree(claim) == 0 and claim not in attacking and argued_about:
                self.graph.nodes[claim]["kind"] = "thesis"


def _speaker_in(text: Any) -> str:
    """``Participant Rachel: A`` -> ``Participant Rachel``; ``CL : text`` -> ``CL``."""
    if not isinstance(text, str) or ":" not in text[:80]:
        return ""
    return " ".join(text.split(":", 1)[0].split())


def parse_aif(text: str, path: str = "<aif>") -> nx.DiGraph:
    """Read AIF JSON text into a graph (see the module doc); located errors for what it cannot."""
    reader = _Reader(text, path)
    reader.nodes()
    if reader.problems:
        raise InterchangeError(reader.problems)
    reader.edges()
    reader.schemes()
    reader.speakers()
    reader.kinds()
    own_export = any(
        isinstance(n, dict) and isinstance(n.get("debatemap"), dict) for n in reader.document["nodes"]
    )
    reader.graph.graph["generated_ids"] = False
    reader.graph.graph["own_export"] = own_export
    return reader.graph

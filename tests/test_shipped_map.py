"""The shipped debate map in ``arguments/`` meets the figures issues 3 and 11 ask for.

These tests read the YAML files directly with ``yaml.safe_load`` rather than
through the package, so they pin down the content of the map on its own and
fail as soon as an edit drops a figure below what the issues require: 5 to 9
theses, each argued on both sides or saying it is one-sided; perspectives that
are voices (each used, none a leftover topic); every node reaching a thesis;
comment quotes naming their commenter; no duplicated quote and no pair of
claims propping each other up.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

ARGUMENTS = Path(__file__).resolve().parent.parent / "arguments"
REGISTRIES = ("perspectives.yaml", "sources.yaml")
RELATIONS = ("supports", "opposes")

REQUIRED_PERSPECTIVES = {"legal", "public-health", "sex-worker-rights", "anti-trafficking"}
# Perspectives are voices; these were topics (or voices no source has) and must not come back.
RETIRED_PERSPECTIVES = {"law-enforcement", "economic-necessity"}
COMMENTS_SOURCE = "ditmore-comments"


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def perspectives() -> dict[str, Any]:
    return _load(ARGUMENTS / "perspectives.yaml")


@pytest.fixture(scope="module")
def sources() -> dict[str, Any]:
    return _load(ARGUMENTS / "sources.yaml")


@pytest.fixture(scope="module")
def nodes() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(ARGUMENTS.glob("**/*.yaml")):
        if path.parent == ARGUMENTS and path.name in REGISTRIES:
            continue
        node = _load(path)
        assert isinstance(node, dict), f"{path} is not a mapping"
        assert node["id"] not in found, f"duplicate id {node['id']}"
        assert node["id"] == path.stem, f"{path}: id {node['id']!r} differs from file name"
        found[node["id"]] = node
    return found


def _links(node: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A node's links as (from, relation, to): a premise group ('- to: T' with 'with: [...]')
    links each of its members to T; an undercut ('- from: R' 'to: T') is kept as
    (node, 'undercuts', T), since what it argues about is R's link to T."""
    found = []
    for relation in RELATIONS:
        for item in node.get(relation) or []:
            if isinstance(item, dict):
                found += [(member, relation, item["to"]) for member in [node["id"], *item["with"]]]
            else:
                found.append((node["id"], relation, item))
    found += [(node["id"], "undercuts", item["to"]) for item in node.get("undercuts") or []]
    return found


@pytest.fixture(scope="module")
def edges(nodes: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [edge for node in nodes.values() for edge in _links(node)]


def _of_kind(nodes: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [node for node in nodes.values() if node["kind"] == kind]


def _perspective(nodes: dict[str, dict[str, Any]], node_id: str) -> str | None:
    return nodes[node_id].get("perspective") if node_id in nodes else None


def _crosses(nodes: dict[str, dict[str, Any]], edge: tuple[str, str, str]) -> bool:
    """Both ends have a perspective and the perspectives differ (theses have none)."""
    origin, _, target = edge
    a, b = _perspective(nodes, origin), _perspective(nodes, target)
    return a is not None and b is not None and a != b


def test_map_has_five_to_nine_theses_each_with_a_question(nodes):
    theses = _of_kind(nodes, "thesis")
    assert 5 <= len(theses) <= 9
    for thesis in theses:
        assert str(thesis.get("question") or "").strip(), f"{thesis['id']} has no question"


def test_map_has_at_least_three_definitions(nodes):
    assert len(_of_kind(nodes, "definition")) >= 3


def test_map_has_at_least_ninety_arguments(nodes):
    assert len(_of_kind(nodes, "argument")) >= 90


def test_every_argument_and_definition_cites_a_known_source_and_perspective(nodes, sources, perspectives):
    for node in nodes.values():
        if node["kind"] == "thesis":
            continue
        assert node.get("source") in sources, f"{node['id']}: unknown source"
        assert node.get("perspective") in perspectives, f"{node['id']}: unknown perspective"
        assert str(node.get("quote") or "").strip(), f"{node['id']}: no quote"


def test_required_perspectives_are_registered(perspectives):
    assert REQUIRED_PERSPECTIVES <= set(perspectives)


def test_every_source_contributes_at_least_six_nodes(nodes, sources):
    counts = Counter(node.get("source") for node in nodes.values() if node["kind"] != "thesis")
    thin = {source: counts[source] for source in sources if counts[source] < 6}
    assert not thin, f"sources with fewer than 6 nodes: {thin}"


def test_every_perspective_is_a_voice_heard_at_least_three_times(nodes, perspectives):
    counts = Counter(node.get("perspective") for node in nodes.values() if node["kind"] != "thesis")
    thin = {p: counts[p] for p in perspectives if counts[p] < 3}
    assert not thin, f"perspectives with fewer than 3 nodes: {thin}"
    assert not RETIRED_PERSPECTIVES & set(perspectives), "a topic is registered as a perspective"


def test_every_edge_target_exists_and_no_node_targets_itself(nodes, edges):
    dangling = [(a, rel, b) for a, rel, b in edges if b not in nodes]
    assert not dangling, f"edges to unknown ids: {dangling}"
    assert not [a for a, _, b in edges if a == b], "a node targets itself"


def test_no_node_both_supports_and_opposes_the_same_target(nodes, edges):
    for node in nodes.values():
        mine = [(relation, to) for origin, relation, to in edges if origin == node["id"]]
        both = {to for relation, to in mine if relation == "supports"} & {
            to for relation, to in mine if relation == "opposes"
        }
        assert not both, f"{node['id']} both supports and opposes {sorted(both)}"


def test_no_node_is_isolated(nodes, edges):
    touched = {a for a, _, _ in edges} | {b for _, _, b in edges}
    isolated = sorted(set(nodes) - touched)
    assert not isolated, f"isolated nodes: {isolated}"


def test_map_has_about_one_link_per_node(nodes, edges):
    # Issue 22: a link that does not hold is removed, not kept for density (the map had 1.16
    # links per node before every link was reviewed; 1.07 after). What stays pinned is that
    # the map is a web, not a list: every claim argues about something (below), and on
    # average a little more than once.
    assert len(edges) / len(nodes) >= 1.0


def test_a_third_of_edges_between_arguments_cross_perspectives(nodes, edges):
    between = [e for e in edges if _perspective(nodes, e[0]) and _perspective(nodes, e[2])]
    crossing = [edge for edge in between if _crosses(nodes, edge)]
    assert len(crossing) * 3 >= len(between), f"{len(crossing)} of {len(between)} edges cross"


def test_both_supports_and_opposes_cross_perspectives(nodes, edges):
    relations = {edge[1] for edge in edges if _crosses(nodes, edge)}
    assert relations == set(RELATIONS)


def test_supports_form_no_cycle(nodes, edges):
    supported: dict[str, list[str]] = {}
    for origin, relation, target in edges:
        if relation == "supports":
            supported.setdefault(origin, []).append(target)
    done: set[str] = set()
    for start in nodes:
        if start in done:
            continue
        on_path: set[str] = set()
        stack = [(start, iter(supported.get(start, [])))]
        on_path.add(start)
        while stack:
            current, targets = stack[-1]
            following = next(targets, None)
            if following is None:
                stack.pop()
                on_path.discard(current)
                done.add(current)
                continue
            assert following not in on_path, f"support cycle through {current} -> {following}"
            if following not in done:
                on_path.add(following)
                stack.append((following, iter(supported.get(following, []))))


def test_comment_thread_has_voices_that_support_and_that_oppose(nodes, edges):
    comments = {n["id"] for n in nodes.values() if n.get("source") == COMMENTS_SOURCE}
    assert any(origin in comments and relation == "supports" for origin, relation, _ in edges)
    assert any(origin in comments and relation == "opposes" for origin, relation, _ in edges)


def test_every_argument_and_definition_reaches_a_thesis(nodes, edges):
    targets: dict[str, list[str]] = {}
    for origin, _, target in edges:
        targets.setdefault(origin, []).append(target)
    reached = {n for n, node in nodes.items() if node["kind"] == "thesis"}
    changed = True
    while changed:
        changed = False
        for origin, following in targets.items():
            if origin not in reached and reached & set(following):
                reached.add(origin)
                changed = True
    stranded = sorted(set(nodes) - reached)
    assert not stranded, f"nodes that reach no thesis: {stranded}"


def test_every_thesis_is_argued_three_times_a_side_or_says_it_is_one_sided_or_thin(nodes, edges):
    for thesis in _of_kind(nodes, "thesis"):
        sides = Counter(
            relation for _, relation, target in edges if target == thesis["id"] and relation in RELATIONS
        )
        if min(sides["supports"], sides["opposes"]) < 3:
            # It says so: one-sided (mostly one way) or thinly argued (few passages either way).
            said = thesis["text"].lower()
            assert "one-sided" in said or "thinly argued" in said, (thesis["id"], dict(sides))
        assert sides["supports"] + sides["opposes"] >= 3, (thesis["id"], dict(sides))


def test_comment_quotes_name_their_commenter_and_article_quotes_do_not(nodes):
    for node in nodes.values():
        if node["kind"] == "thesis":
            continue
        speaker = str(node.get("speaker") or "").strip()
        if node["source"] == COMMENTS_SOURCE:
            assert speaker, f"{node['id']}: a comment quote without its commenter"
        else:
            assert not speaker, f"{node['id']}: an article quote with a speaker {speaker!r}"


def _folded(quote: str) -> str:
    return " ".join(quote.replace("\u2019", "'").replace("\u2014", "-").lower().split())


def test_no_quote_repeats_or_contains_another_from_the_same_source(nodes):
    quoted = [(n["source"], _folded(n["quote"]), n["id"]) for n in nodes.values() if n.get("quote")]
    for source, quote, ident in quoted:
        for other_source, other, other_id in quoted:
            if ident != other_id and source == other_source:
                assert quote not in other, f"{ident} repeats part of {other_id}"


def test_no_two_nodes_support_each_other(edges):
    supports = {(origin, target) for origin, relation, target in edges if relation == "supports"}
    mutual = sorted((a, b) for a, b in supports if (b, a) in supports and a < b)
    assert not mutual, f"mutual supports: {mutual}"


REVIEW_NOTES = ARGUMENTS.parent / "docs" / "review" / "links.md"


def _units(nodes: dict[str, dict[str, Any]]) -> set[tuple[str, str, str]]:
    """The links as the review counts them: a premise group is one link, an undercut one."""
    found = set()
    for node in nodes.values():
        for relation in RELATIONS:
            for item in node.get(relation) or []:
                if isinstance(item, dict):
                    members = " + ".join([node["id"], *item["with"]])
                    found.add((members, f"{relation} (together)", item["to"]))
                else:
                    found.add((node["id"], relation, item))
        for item in node.get("undercuts") or []:
            found.add((node["id"], "undercuts", f"{item['from']} -> {item['to']}"))
    return found


def test_review_notes_judge_every_link_and_meet_the_issue_22_figures(nodes):
    """docs/review/links.md has one verdict per link of the map, no more, so a link added or
    changed without being reviewed fails here; and its verdicts meet the targets: no invalid
    link, at most 5 % weak."""
    text = REVIEW_NOTES.read_text(encoding="utf-8")
    table = text.split("## Every link", 1)[1]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    reviewed = {(row[1], row[2], row[3]) for row in rows}
    assert len(reviewed) == len(rows), "a link is judged twice"
    links = _units(nodes)
    assert reviewed == links, f"not reviewed: {sorted(links - reviewed)}; gone: {sorted(reviewed - links)}"
    verdicts = Counter(row[4] for row in rows)
    assert set(verdicts) <= {"valid", "weak", "invalid"}
    assert verdicts["invalid"] == 0
    assert verdicts["weak"] * 20 <= len(rows)

"""Contested claims, unanswered objections, common ground, the perspective matrix, counts."""

from __future__ import annotations

import json

import pytest

from cli_support import run_cli
from debatemap.graph import analysis
from debatemap.graph.analysis import (
    NO_PERSPECTIVE,
    common_ground,
    contested_claims,
    counts,
    perspective_matrix,
    summary,
    unanswered_claims,
)
from debatemap.graph.build import build_graph
from debatemap.model import DebateMap, Node, Perspective


def node(ident: str, perspective: str | None = None, supports=(), opposes=(), kind: str = "argument") -> Node:
    if perspective is None:
        kind = "thesis"
    return Node(
        id=ident,
        kind=kind,
        title=ident.upper(),
        perspective=perspective,
        supports=tuple(supports),
        opposes=tuple(opposes),
    )


def graph_of(*nodes: Node):
    perspectives = {p: Perspective(p, p.title(), "#000000") for p in ("legal", "health", "rights")}
    return build_graph(DebateMap({n.id: n for n in nodes}, perspectives, {}))


@pytest.fixture
def debate():
    # t: supported by l1 (legal), h1 (health); opposed by r1 (rights), r2 (rights), l2 (legal)
    # u: supported by l3; opposed by l4 (legal, same side as u's supporter)
    # r1 is answered by h2; r2 and l2 stand unanswered; l4 unanswered
    return graph_of(
        node("t"),
        node("u"),
        node("l1", "legal", supports=["t"]),
        node("h1", "health", supports=["t"]),
        node("r1", "rights", opposes=["t"]),
        node("r2", "rights", opposes=["t"]),
        node("l2", "legal", opposes=["t"]),
        node("h2", "health", opposes=["r1"], supports=["l1"]),
        node("l3", "legal", supports=["u"]),
        node("l4", "legal", opposes=["u"]),
    )


def test_contested_ranks_by_weaker_side_with_cross_perspective_attacks_weighted(debate):
    found = contested_claims(debate)
    assert [c.id for c in found] == ["t", "u"]
    t = found[0]
    assert t.supporters == ("h1", "l1")
    assert t.attackers == ("l2", "r1", "r2")
    # legal and health stand behind t; only the rights attacks cross perspectives
    assert t.cross_perspective_attackers == ("r1", "r2")
    # opposition 1 + 2 + 2 = 5, support 2 -> the weaker side is 2
    assert t.score == 2.0
    # u's attacker l4 is legal like u's supporter: weight 1, support 1
    assert found[1].cross_perspective_attackers == () and found[1].score == 1.0


def test_claims_with_only_one_side_are_not_contested():
    graph = graph_of(node("t"), node("a", "legal", supports=["t"]), node("b", "legal", supports=["t"]))
    assert contested_claims(graph) == []


def test_cross_weight_decides_between_equally_supported_claims():
    # x and y each have one supporter and one attacker; only y's attacker is from another side
    graph = graph_of(
        node("x"),
        node("y"),
        node("sx", "legal", supports=["x"]),
        node("ax", "legal", opposes=["x"]),
        node("sy", "legal", supports=["y"]),
        node("ay", "health", opposes=["y"]),
    )
    found = contested_claims(graph)
    assert [c.id for c in found] == ["y", "x"]
    assert found[0].score == found[1].score == 1.0  # tie on score broken by total weight (1 + 2 > 1 + 1)


def test_unanswered_lists_objections_nobody_opposed(debate):
    found = {u.id: u for u in unanswered_claims(debate)}
    # r1 counts too: h2's objection to it is itself unopposed
    assert set(found) == {"t", "u", "r1"}
    assert found["t"].unanswered_attackers == ("l2", "r2")
    assert found["t"].answered_attackers == ("r1",)
    assert found["u"].unanswered_attackers == ("l4",)
    assert found["r1"].unanswered_attackers == ("h2",)
    assert [u.id for u in unanswered_claims(debate)] == ["t", "r1", "u"]  # more open objections first


def test_fully_answered_claim_is_not_unanswered():
    graph = graph_of(node("t"), node("a", "legal", opposes=["t"]), node("b", "health", opposes=["a"]))
    assert [u.id for u in unanswered_claims(graph)] == ["a"]


def test_common_ground_needs_two_perspectives_and_no_opposition(debate):
    found = common_ground(debate)
    # t has legal and health behind it, but three arguments against: contested, not common ground
    assert [c.id for c in found] == ["l1"]
    # l1 is legal and supported by health's h2, and nothing opposes it
    assert found[0].perspectives == ("health", "legal") and found[0].attackers == ()
    assert "u" not in {c.id for c in found}  # only legal stands behind u


def test_the_shipped_report_never_lists_a_contested_claim_as_common_ground():
    from pathlib import Path

    from debatemap import build_graph, check

    graph = build_graph(check(Path(__file__).resolve().parent.parent / "arguments")[0])
    ground = {c.id for c in common_ground(graph)}
    assert ground  # the shipped map has claims every side supports
    assert not ground & {c.id for c in contested_claims(graph)}
    assert all(not c.attackers for c in common_ground(graph))


def test_perspective_matrix_counts_every_pair(debate):
    matrix = perspective_matrix(debate)
    assert sorted(matrix) == sorted(["health", "legal", "rights", NO_PERSPECTIVE])
    assert matrix["rights"][NO_PERSPECTIVE] == {"supports": 0, "opposes": 2}
    assert matrix["legal"][NO_PERSPECTIVE] == {"supports": 2, "opposes": 2}
    assert matrix["health"]["rights"] == {"supports": 0, "opposes": 1}
    assert matrix["health"]["legal"] == {"supports": 1, "opposes": 0}
    total = sum(cell[r] for row in matrix.values() for cell in row.values() for r in cell)
    assert total == debate.number_of_edges()


def test_counts_by_kind_and_perspective(debate):
    result = counts(debate)
    assert result["nodes"] == 10
    assert result["by_kind"] == {"thesis": 2, "argument": 8, "definition": 0}
    assert result["by_perspective"]["legal"]["argument"] == 4
    assert result["by_perspective"][NO_PERSPECTIVE]["thesis"] == 2
    assert result["edges"] == {"supports": 4, "opposes": 5}


def test_summary_is_json_ready_and_deterministic(debate):
    first = json.dumps(summary(debate), sort_keys=False)
    assert first == json.dumps(summary(debate), sort_keys=False)
    document = json.loads(first)
    assert document["strength"]["semantics"] == "DF-QuAD"
    assert set(document["strength"]["scores"]) == set(debate.nodes)
    grounded = document["grounded"]
    assert sorted(grounded["in"] + grounded["out"] + grounded["undecided"]) == sorted(debate.nodes)
    # h2 is unattacked, so it is in; r1 is attacked by it, so out
    assert "h2" in grounded["in"] and "r1" in grounded["out"]


def test_cross_weight_is_the_documented_constant():
    assert analysis.CROSS_PERSPECTIVE_WEIGHT > 1


# --- debatemap stats ------------------------------------------------------------

import subprocess  # noqa: E402


def stats(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("stats", *args)


def test_stats_json_matches_the_python_api(make_map):
    root = make_map(
        {
            "health/b.yaml": """\
        id: b
        kind: argument
        title: B
        text: B opposes a.
        perspective: health
        source: s1
        quote: "Q"
        opposes: [a]
        """
        }
    )
    result = stats(str(root), "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    from debatemap import build_graph, check

    expected = summary(build_graph(check(root)[0]))
    expected["strength"]["from_perspective"] = None
    assert document == json.loads(json.dumps(expected))
    # a (legal) is opposed by b (health), which nothing opposes
    assert [u["id"] for u in document["unanswered"]] == ["a"]
    assert document["strength"]["scores"]["a"] == pytest.approx(0.25)


def test_stats_text_labels_the_perspective_table_with_ids(make_map):
    root = make_map({"health/h.yaml": "id: h\nkind: argument\ntitle: H\ntext: T.\nperspective: health\n"
                     "source: s1\nquote: \"q\"\nopposes: [a]\n"})  # fmt: skip
    lines = stats(str(root)).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Supports/opposes between"))
    rows = {line.split()[0]: line for line in lines[start + 1 : start + 4]}
    assert rows["health"].endswith("legal 0/1")  # health's h opposes legal's a
    assert rows["legal"].endswith("(none) 1/0")  # legal's a supports the thesis
    assert "Common ground (0 claims supported" in "\n".join(lines)


def test_stats_text_shows_every_section(make_map):
    result = stats(str(make_map()))
    assert result.returncode == 0
    for heading in (
        "Nodes by perspective",
        "Supports/opposes between perspectives",
        "Most contested",
        "Unanswered objections",
        "Common ground",
        "Strength (DF-QuAD",
        "Grounded extension",
    ):
        assert heading in result.stdout


def test_stats_from_a_perspective_changes_base_scores(make_map):
    root = make_map()
    seen = json.loads(stats(str(root), "--format", "json", "--from-perspective", "legal").stdout)
    assert seen["strength"]["base_by_perspective"] == {"legal": 0.8}
    # a (legal, base 0.8) supports t (base 0.5): 0.5 + 0.5 * 0.8 = 0.9
    assert seen["strength"]["scores"]["t"] == pytest.approx(0.9)


@pytest.mark.parametrize("args", [["--base", "1.5"], ["--base", "x"], ["--top", "-1"]])
def test_stats_usage_errors_exit_2(make_map, args):
    result = stats(str(make_map()), *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_stats_refuses_an_unknown_perspective_with_a_hint_as_handout_does(make_map):
    result = stats(str(make_map()), "--from-perspective", "legl")
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert "unknown perspective 'legl' (did you mean 'legal'? known: health, legal)" in result.stderr


def test_stats_refuses_a_broken_map(make_map):
    result = stats(str(make_map({"legal/x.yaml": "id: x\nkind: argument\n"})))
    assert result.returncode == 1 and "DM005" in result.stderr and result.stdout == ""

"""Premise groups and undercuts (issue 19): reading, checking and the graph.

The example map ``tests/maps/groups_undercuts/`` uses both forms; other tests reuse it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from cli_support import run_cli
from conftest import node_validator
from debatemap import check
from debatemap.graph.build import build_graph
from debatemap.model import PremiseGroup, Undercut
from debatemap.store.reader import read_map

EXAMPLE = Path(__file__).resolve().parent / "maps" / "groups_undercuts"
SEEDS = Path("/work/shared/seeds")
LEAD = "lawfirm-prostitution-definition"
DISTINCT_IN_LAW = "prostitution-different-crime-in-law"
CHOICE = "sex-work-is-mostly-a-real-choice"
CHOICE_GROUP = f"opposes:{CHOICE}:few-dancers-like-the-work+welfare-reform-fails-mothers"
LAW_GROUP = f"supports:{DISTINCT_IN_LAW}:lawfirm-prostitution-definition+lawfirm-sex-trafficking-definition"

ATTRIBUTED = """\
id: {ident}
kind: argument
title: Argument {ident}
text: The argument in full.
perspective: legal
source: s1
quote: "A quoted sentence."
"""


def node(ident: str, links: str = "") -> str:
    return ATTRIBUTED.format(ident=ident) + links


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def codes_at(problems, name: str) -> list[tuple[str, int, int]]:
    return sorted((p.code, p.line, p.column) for p in problems if p.path.endswith(name))


def test_example_map_is_valid_and_holds_both_forms():
    debate, problems = check(EXAMPLE)
    assert problems == []
    assert debate.nodes[LEAD].groups == (
        PremiseGroup("supports", DISTINCT_IN_LAW, (LEAD, "lawfirm-sex-trafficking-definition")),
    )
    assert debate.nodes[LEAD].supports == ()  # plain ids only: the group is not one of them
    assert debate.nodes["not-wanting-the-job-is-common"].undercuts == (
        Undercut("not-wanting-the-job-is-common", "few-dancers-like-the-work", CHOICE),
    )
    assert debate.nodes[LEAD].groups[0].key == LAW_GROUP


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts live outside the repository")
def test_example_map_quotes_are_verbatim_in_the_seed_texts():
    result = run("check", str(EXAMPLE), "--sources-dir", str(SEEDS))
    assert result.returncode == 0, result.stdout
    assert "9 quotes verified" in result.stderr


def test_example_nodes_match_the_json_schema():
    for path in EXAMPLE.rglob("*.yaml"):
        if path.parent != EXAMPLE:
            node_validator().validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "links",
    [
        {"supports": [{"to": "t"}]},
        {"supports": [{"to": "t", "with": "b"}]},
        {"supports": [{"to": "t", "with": ["b"], "from": "c"}]},
        {"undercuts": [{"from": "b"}]},
        {"undercuts": ["b"]},
        {"undercuts": [{"from": "b", "to": "t", "relation": "supports"}]},
    ],
)
def test_schema_refuses_malformed_groups_and_undercuts(links):
    record = {"id": "a", "kind": "argument", "title": "A", "text": "T", "perspective": "legal",
              "source": "s1", "quote": "q", **links}  # fmt: skip
    with pytest.raises(jsonschema.ValidationError):
        node_validator().validate(record)


def test_graph_carries_groups_and_undercuts_as_the_design_says():
    debate, _ = read_map(EXAMPLE)
    graph = build_graph(debate)
    assert graph.edges[LEAD, DISTINCT_IN_LAW] == {"relation": "supports", "group": LAW_GROUP}
    assert graph.edges["lawfirm-sex-trafficking-definition", DISTINCT_IN_LAW]["group"] == LAW_GROUP
    assert "group" not in graph.edges["work-pays-bills-and-tuition", CHOICE]
    assert list(graph.graph["groups"]) == sorted([LAW_GROUP, CHOICE_GROUP])
    assert graph.graph["groups"][CHOICE_GROUP] == {
        "relation": "opposes",
        "target": CHOICE,
        "members": ["welfare-reform-fails-mothers", "few-dancers-like-the-work"],
    }
    assert graph.graph["undercuts"] == [
        {"source": "not-wanting-the-job-is-common", "reason": "few-dancers-like-the-work", "target": CHOICE,
         "relation": "opposes", "group": CHOICE_GROUP},
        {"source": "one-crime-can-lead-to-another", "reason": DISTINCT_IN_LAW,
         "target": "treat-sex-work-and-trafficking-as-distinct", "relation": "supports", "group": None},
    ]  # fmt: skip
    # An undercut attacks a link, not a claim: no edge from the undercutter.
    assert graph.out_degree("not-wanting-the-job-is-common") == 0


def test_a_map_without_groups_has_empty_registries(make_map):
    graph = build_graph(read_map(make_map())[0])
    assert graph.graph["groups"] == {} and graph.graph["undercuts"] == []
    assert all("group" not in data for _, _, data in graph.edges(data=True))


def test_parallel_reading_keeps_groups_and_undercuts(tmp_path, monkeypatch):
    from debatemap.store import reader

    root = tmp_path / "arguments"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.setattr(reader, "PARALLEL_THRESHOLD", 2)
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("needs fork")
    parallel, _ = read_map(root, parallel=True)
    serial, _ = read_map(root)
    assert parallel.nodes == serial.nodes
    assert parallel.nodes[LEAD].groups and parallel.nodes["one-crime-can-lead-to-another"].undercuts


# --- check: located problems -------------------------------------------------------------

B_GROUP = node("b", "supports:\n  - to: t\n    with: [c]\n")  # b + c support t, lines 8-10
C_GROUP_WITH = "supports:\n  - to: t\n    with: [{}]\n"
UNDERCUT = "undercuts:\n  - {{from: {}, to: {}}}\n"
UNDERCUT_TWICE = "undercuts:\n  - {from: b, to: a}\n  - {from: b, to: a}\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"legal/b.yaml": node("b", "supports:\n  - to: t\n    with: [b]\n")},
                     [("b.yaml", "DM045", 10, 12)], id="lead-repeated-in-with"),
        pytest.param({"legal/b.yaml": node("b", "supports:\n  - to: b\n    with: [c]\n")},
                     [("b.yaml", "DM045", 9, 9)], id="lead-is-target"),
        pytest.param({"legal/b.yaml": node("b", "supports:\n  - to: t\n    with: [c, c]\n")},
                     [("b.yaml", "DM045", 10, 15)], id="member-twice"),
        pytest.param({"legal/b.yaml": B_GROUP, "legal/c.yaml": node("c", C_GROUP_WITH.format("b"))},
                     [("c.yaml", "DM029", 9, 5)], id="same-group-written-twice"),
        pytest.param({"legal/b.yaml": B_GROUP, "legal/c.yaml": node("c", "opposes: [t]\n")},
                     [("b.yaml", "DM016", 10, 12)], id="member-opposes-what-its-group-supports"),
        pytest.param({"legal/b.yaml": B_GROUP, "legal/c.yaml": node("c", C_GROUP_WITH.format("e")),
                      "legal/e.yaml": node("e")},
                     [("c.yaml", "DM046", 9, 5)], id="member-in-two-groups"),
        pytest.param({"legal/b.yaml": B_GROUP, "legal/c.yaml": node("c", UNDERCUT.format("b", "t"))},
                     [("c.yaml", "DM048", 9, 5)], id="member-undercuts-its-own-group"),
        pytest.param({"legal/b.yaml": node("b", "supports: [t]\n"),
                      "legal/c.yaml": node("c", "supports: [t]\nundercuts:\n  - from: b\n    to: a\n")},
                     [("c.yaml", "DM047", 10, 5)], id="undercut-of-no-link"),
        pytest.param({"legal/b.yaml": node("b", "opposes: [a]\n"),
                      "legal/c.yaml": node("c", "supports: [t]\n" + UNDERCUT_TWICE)},
                     [("c.yaml", "DM029", 11, 5)], id="same-undercut-twice"),
        pytest.param({"legal/b.yaml": node("b", "supports: [t]\nundercuts:\n  - {from: c, to: b}\n"),
                      "legal/c.yaml": node("c", "opposes: [b]\n")},
                     [("b.yaml", "DM048", 10, 5)], id="undercut-of-a-link-into-itself"),
    ],
)  # fmt: skip
def test_check_locates_each_problem_of_groups_and_undercuts(make_map, files, expected):
    files = {
        "legal/c.yaml": node("c", "supports: [t]\n"),
        "legal/d.yaml": node("d", "supports: [t]\n"),
        **files,
    }
    root = make_map(files)
    _, problems = check(root)
    found = sorted((Path(p.path).name, p.code, p.line, p.column) for p in problems)
    assert found == expected, [p.format() for p in problems]


def test_a_member_that_alone_opposes_what_its_group_supports_is_named(make_map):
    root = make_map({"legal/b.yaml": B_GROUP, "legal/c.yaml": node("c", "opposes: [t]\n")})
    _, problems = check(root)
    assert (
        problems[0].message
        == "'c' both supports and opposes 't' ('c' opposes 't'; 'b' + 'c' support 't' together)"
    )


def test_undercut_of_a_link_into_the_undercutter_says_so(make_map):
    root = make_map(
        {"legal/b.yaml": node("b", "supports: [t]\nundercuts:\n  - {from: c, to: b}\n"),
         "legal/c.yaml": node("c", "opposes: [b]\n")}
    )  # fmt: skip
    _, problems = check(root)
    assert [p.message for p in problems] == ["'b' undercuts a link into itself ('c' opposes 'b')"]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ("supports:\n  - to: t\n", [("DM005", 9, 5)]),
        ("supports:\n  - to: t\n    with: c\n", [("DM007", 10, 11)]),
        ("supports:\n  - to: t\n    with: [c]\n    from: a\n", [("DM004", 11, 5)]),
        ("supports:\n  - to: [t]\n    with: [c]\n", [("DM007", 9, 9)]),
        ("supports:\n  - [t]\n", [("DM007", 9, 5)]),
        ("undercuts: c\n", [("DM007", 8, 12)]),
        ("undercuts:\n  - c\n", [("DM007", 9, 5)]),
        ("undercuts:\n  - from: a\n", [("DM005", 9, 5)]),
        ("undercuts:\n  - form: a\n    to: t\n", [("DM004", 9, 5), ("DM005", 9, 5)]),
    ],
)
def test_malformed_groups_and_undercuts_are_shape_errors(make_map, links, expected):
    root = make_map({"legal/b.yaml": node("b", links), "legal/c.yaml": node("c", "supports: [t]\n")})
    _, problems = check(root)
    assert codes_at(problems, "b.yaml") == expected, [p.format() for p in problems]


def test_hints_point_at_the_fix(make_map):
    root = make_map(
        {
            "legal/b.yaml": node("b", "supports:\n  - to: t\n    with: [c]\n    from: a\n"),
            "legal/c.yaml": node("c", "supports: [t]\nundercuts:\n  - {from: t, to: a}\n"),
        }
    )
    _, problems = check(root)
    hints = {p.code: p.hint for p in problems}
    assert "undercuts" in (hints["DM004"] or "")
    assert hints["DM047"] == "did you mean from: a, to: t?"


def test_group_of_one_suggests_the_plain_link(make_map):
    root = make_map({"legal/b.yaml": node("b", "supports:\n  - to: t\n    with: []\n")})
    _, problems = check(root)
    assert [(p.code, p.line, p.column) for p in problems] == [("DM044", 9, 5)]
    assert problems[0].hint is not None and "supports: [t]" in problems[0].hint


def test_unknown_ids_in_to_with_and_from_name_the_closest(make_map):
    root = make_map(
        {
            "legal/b.yaml": node(
                "b", "supports:\n  - to: tt\n    with: [a]\nundercuts:\n  - {from: aa, to: t}\n"
            )
        }
    )
    _, problems = check(root)
    found = [(p.code, p.line, p.column, p.hint) for p in problems]
    assert found == [
        ("DM014", 9, 9, "did you mean 't'?"),
        ("DM014", 12, 12, "did you mean 'a'?"),
    ]


def test_plain_link_duplicating_a_group_member_is_an_error_through_the_command(make_map):
    root = make_map({"legal/b.yaml": node("b", "supports:\n  - to: t\n    with: [a]\n")})
    result = run("check", str(root))
    assert result.returncode == 1
    assert (
        f"{root / 'legal' / 'b.yaml'}:10:12: error DM046 'a' supports 't' both alone and in a premise group"
        in (result.stdout)
    )
    assert "Traceback" not in result.stderr


def test_group_and_undercut_members_are_neither_isolated_nor_cut_off(make_map):
    root = make_map(
        {
            "legal/b.yaml": node("b", "supports:\n  - to: t\n    with: [c]\n"),
            "legal/c.yaml": node("c"),
            "legal/d.yaml": node("d", "undercuts:\n  - {from: b, to: t}\n"),
        }
    )
    _, problems = check(root)
    assert problems == []


def test_undercutter_of_a_link_that_reaches_no_thesis_is_warned(make_map):
    root = make_map(
        {
            "legal/b.yaml": node("b", "supports: [c]\n"),
            "legal/c.yaml": node("c"),
            "legal/d.yaml": node("d", "undercuts:\n  - {from: b, to: c}\n"),
        }
    )
    _, problems = check(root)
    assert sorted((Path(p.path).name, p.code) for p in problems) == [
        ("b.yaml", "DM041"),
        ("c.yaml", "DM041"),
        ("d.yaml", "DM041"),
    ]


def test_support_cycle_through_a_group_is_warned(make_map):
    root = make_map(
        {
            "legal/b.yaml": node("b", "supports:\n  - to: c\n    with: [a]\n"),
            "legal/c.yaml": node("c", "supports: [b, t]\n"),
        }
    )
    _, problems = check(root)
    assert [p.code for p in problems] == ["DM020"]


def test_definition_that_undercuts_a_link_is_warned(make_map):
    definition = (
        "id: e\nkind: definition\ntitle: E\ntext: A word means this.\nperspective: legal\nsource: s1\n"
    )
    definition += 'quote: "A quoted sentence."\nundercuts:\n  - {from: a, to: t}\n'
    root = make_map({"legal/e.yaml": definition})
    _, problems = check(root)
    assert [(Path(p.path).name, p.code, p.line, p.column) for p in problems] == [("e.yaml", "DM040", 9, 5)]


def test_definition_in_a_group_that_opposes_is_warned(make_map):
    definition = (
        "id: d\nkind: definition\ntitle: D\ntext: A word means this.\nperspective: legal\nsource: s1\n"
    )
    definition += 'quote: "A quoted sentence."\nopposes:\n  - to: t\n    with: [c]\n'
    root = make_map({"legal/d.yaml": definition, "legal/c.yaml": node("c")})
    _, problems = check(root)
    assert [(Path(p.path).name, p.code, p.line, p.column) for p in problems] == [("d.yaml", "DM040", 9, 5)]


def test_json_output_carries_the_new_codes(make_map):
    root = make_map({"legal/b.yaml": node("b", "supports:\n  - to: t\n    with: []\n")})
    result = run("check", str(root), "--format", "json")
    assert result.returncode == 1
    assert "DM044" in {p["code"] for p in json.loads(result.stdout)["problems"]}

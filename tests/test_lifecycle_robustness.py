"""edit, rename, remove and init hold what add and link hold: locked, contained, no traceback."""

from __future__ import annotations

import pytest

from debatemap import check, read_map
from debatemap.edit import ChangeRefused, edit_node, link, remove_node, rename_node
from edit_support import run, tree_digest
from fork_support import run_at_once

BODY = "kind: argument\ntitle: X\ntext: X.\nperspective: legal\nsource: s1\nquote: q\n"
HOSTILE = [
    b"caf\xe9",  # not UTF-8
    "\x1b]0;owned\x07",  # a terminal escape
    "x" * 100_000,
    "../../../etc/passwd",
    "-",
    "",
    "\u202eevil",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize(
    "command",
    [
        ["edit", "a", "--title", "{}"],
        ["edit", "{}", "--speaker", "S"],
        ["edit", "a", "--tags", "{}"],
        ["rename", "a", "{}"],
        ["rename", "{}", "b2"],
        ["remove", "{}"],
        ["init", "{}"],
        ["init", "fresh", "--question", "{}"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_hostile_values_are_refused_without_a_traceback(make_map, tmp_path, command, value):
    root = make_map({"legal/b.yaml": f"id: b\n{BODY}supports: [a]\n"})
    work = tmp_path / "work"  # init runs here, so '../' stays inside tmp_path
    work.mkdir()
    before = tree_digest(tmp_path)
    if command[0] == "init" and value == "../../../etc/passwd":
        value = "../outside-the-test"  # init makes the folder it is given, wherever that is
    args = [value if part == "{}" else part for part in command]
    if command[0] != "init":
        args += ["--arguments", str(root)]
    result = run(*args, cwd=work)
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\u202e" not in result.stdout + result.stderr
    if result.returncode == 0:  # only harmless values get through
        assert value in ("", "-", "../outside-the-test") or (
            command[:3] == ["edit", "a", "--title"] and "/" in value
        )
        assert command != ["rename", "a", "{}"]
    else:
        assert result.returncode in (1, 2)
        assert tree_digest(tmp_path) == before


def test_a_node_in_a_symlinked_folder_outside_the_map_is_read_not_changed(make_map, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "o.yaml").write_text(f"id: o\n{BODY}supports: [t]\n", encoding="utf-8")
    root = make_map()
    (root / "linked").symlink_to(outside, target_is_directory=True)
    assert "o" in read_map(root)[0].nodes
    before = tree_digest(outside)
    for change in (
        lambda: edit_node(root, "o", {"title": "Changed"}),
        lambda: rename_node(root, "o", "o2"),
        lambda: remove_node(root, "o"),
        lambda: link(root, "o", "opposes", "a"),
    ):
        with pytest.raises(ChangeRefused) as refused:
            change()
        # One code for one refusal, whichever command meets it: DM039, a path outside the map.
        assert refused.value.problems[0].code == "DM039"
    assert tree_digest(outside) == before


def test_concurrent_edits_of_one_node_lose_no_update(make_map):
    """Each process changes its own field of the same file; the lock keeps every change."""
    root = make_map()
    fields = [
        ("--title", "New title"),
        ("--text", "New text."),
        ("--speaker", "A speaker"),
        ("--tags", "policing"),
        ("--quote", "A new quote."),
    ]
    # One process each (forks of this one, fork_support), released at the same instant.
    results = run_at_once([["edit", "a", flag, value, "--arguments", str(root)] for flag, value in fields])
    assert [r.returncode for r in results] == [0] * len(fields), [r.stderr for r in results]
    node = read_map(root)[0].nodes["a"]
    assert (node.title, node.text, node.speaker, node.tags, node.quote) == (
        "New title",
        "New text.",
        "A speaker",
        ("policing",),
        "A new quote.",
    )


def test_a_rename_racing_links_leaves_a_valid_map(make_map):
    """A rename of 'a' while other processes link to 'a': each link lands before (and is
    renamed with it) or is refused after (no node 'a'); never a reference to a missing node."""
    others = {f"legal/n{i}.yaml": f"id: n{i}\n{BODY}supports: [t]\n" for i in range(6)}
    root = make_map(others)
    commands = [["rename", "a", "a2"]] + [["link", f"n{i}", "opposes", "a"] for i in range(6)]
    codes = [r.returncode for r in run_at_once([[*args, "--arguments", str(root)] for args in commands])]
    assert codes[0] == 0
    debate, problems = check(root)
    assert [p.format() for p in problems if p.is_error] == []
    linked = [i for i in range(6) if codes[i + 1] == 0]
    assert all(debate.nodes[f"n{i}"].opposes == ("a2",) for i in linked)
    assert all(debate.nodes[f"n{i}"].opposes == () for i in range(6) if i not in linked)

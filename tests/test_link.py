"""``debatemap link`` / ``unlink``: in-place edits that keep a hand-written file intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from debatemap import read_map
from debatemap.edit.nodes import ChangeRefused, link, unlink
from edit_support import assert_clean, run, tree_digest
from fork_support import run_at_once

HAND_WRITTEN = """\
# yaml-language-server: $schema=../../schema/node.schema.json
# Written by hand; every comment here must survive.
id: a          # the id
kind: argument
title:   An argument     # odd spacing kept
text: >-   # folded
  The argument in full,
  over two lines.
perspective: legal
source: 's1'            # single quotes kept
quote: "A quoted sentence."
supports:
    - t    # why it supports t
    # - old-target  (commented out, kept)
opposes: []   # nothing yet
tags: [policing]
# closing comment
"""

BODY = "kind: argument\ntitle: X\ntext: X.\nperspective: legal\nsource: s1\nquote: q\n"
OTHERS = {
    "legal/b.yaml": f"id: b\n{BODY}supports: [t]\n",
    "legal/c.yaml": f"id: c\n{BODY}supports: [t]\n",
    "legal/a.yaml": HAND_WRITTEN,
}


def comments(text: str) -> list[str]:
    return re.findall(r"#.*", text)


@pytest.fixture
def hand_map(make_map):
    return make_map(OTHERS)


def test_link_on_a_hand_commented_file_keeps_every_comment_and_line(hand_map):
    path = hand_map / "legal" / "a.yaml"
    result = run("link", "a", "opposes", "b", "--arguments", str(hand_map))
    assert result.returncode == 0, result.stdout + result.stderr
    new = path.read_text(encoding="utf-8")
    assert comments(new) == comments(HAND_WRITTEN)
    changed = [
        (old, line)
        for old, line in zip(HAND_WRITTEN.splitlines(), new.splitlines(), strict=True)
        if old != line
    ]
    assert changed == [("opposes: []   # nothing yet", "opposes: [b]   # nothing yet")]
    assert read_map(hand_map)[0].nodes["a"].opposes == ("b",)
    assert_clean(hand_map)


def test_link_appends_to_a_block_list_in_its_own_indentation(hand_map):
    path = hand_map / "legal" / "a.yaml"
    link(hand_map, "a", "supports", "c")
    new = path.read_text(encoding="utf-8")
    # Right after the last item: a comment below it may as well belong to the next key.
    assert "    - t    # why it supports t\n    - c\n    # - old-target  (commented out, kept)\n" in new
    assert new.replace("    - c\n", "", 1) == HAND_WRITTEN
    assert read_map(hand_map)[0].nodes["a"].supports == ("t", "c")


def test_unlink_removes_only_that_item_and_keeps_comments(hand_map):
    path = hand_map / "legal" / "a.yaml"
    link(hand_map, "a", "supports", "c")
    unlink(hand_map, "a", "supports", "t")
    new = path.read_text(encoding="utf-8")
    assert "- t" not in new and "    - c\n" in new
    assert set(comments(new)) == set(comments(HAND_WRITTEN)) - {"# why it supports t"}
    assert read_map(hand_map)[0].nodes["a"].supports == ("c",)


def test_unlink_of_the_last_item_leaves_an_empty_list(hand_map):
    path = hand_map / "legal" / "a.yaml"
    change = unlink(hand_map, "a", "supports", "t")
    assert change.written
    new = path.read_text(encoding="utf-8")
    assert "supports: []\n" in new
    assert read_map(hand_map)[0].nodes["a"].supports == ()
    link(hand_map, "a", "supports", "t")  # and back
    assert read_map(hand_map)[0].nodes["a"].supports == ("t",)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("supports: [t]\n", "supports: [t, b]\n"),
        ("supports: [ t ]  # c\n", "supports: [ t, b ]  # c\n"),
        ("supports:\n", "supports: [b]\n"),
        ("supports: ~   # none\n", "supports: [b]   # none\n"),
        ("", "supports: [b]\n"),
        ("supports: [ ]\n", "supports: [b]\n"),  # no stray space left inside
        ("supports: []  # none yet\n", "supports: [b]  # none yet\n"),
    ],
)
def test_link_handles_each_way_of_writing_a_list(make_map, before, after):
    head = "id: d\nkind: argument\ntitle: D\ntext: D.\nperspective: legal\nsource: s1\nquote: q\n"
    tail = "opposes: [a]\ntags: [x]\n"
    root = make_map({**OTHERS, "legal/d.yaml": head + before + tail})
    link(root, "d", "supports", "b")
    # A missing key goes before opposes, in the README's order.
    assert (root / "legal" / "d.yaml").read_text(encoding="utf-8") == head + after + tail
    assert read_map(root)[0].nodes["d"].supports[-1] == "b"


@pytest.mark.parametrize(
    ("before", "target", "after"),
    [
        ("[t, b, c]", "t", "[b, c]"),
        ("[t, b, c]", "b", "[t, c]"),
        ("[t, b, c]", "c", "[t, b]"),
        ("[b]", "b", "[]"),
        ("[b, t, b]", "b", "[t]"),
    ],
)
def test_unlink_from_a_flow_list(make_map, before, target, after):
    text = f"id: d\n{BODY}supports: {before}\n"
    root = make_map({**OTHERS, "legal/d.yaml": text})
    unlink(root, "d", "supports", target)
    assert (root / "legal" / "d.yaml").read_text(encoding="utf-8") == text.replace(before, after)


def test_crlf_line_endings_byte_order_mark_and_file_mode_are_kept(make_map):
    text = ("\ufeffid: d\n" + BODY).replace("\n", "\r\n")
    root = make_map({**OTHERS, "legal/d.yaml": None})
    path = root / "legal" / "d.yaml"
    path.write_bytes((text + "supports: [t]\r\n").encode("utf-8"))
    path.chmod(0o640)
    link(root, "d", "supports", "b")
    assert path.read_bytes() == (text + "supports: [t, b]\r\n").encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o640


def test_linking_twice_changes_nothing(hand_map):
    before = tree_digest(hand_map)
    result = run("link", "a", "supports", "t", "--arguments", str(hand_map))
    assert result.returncode == 0
    assert "already supports" in result.stderr
    assert tree_digest(hand_map) == before


REFUSED = {
    "unknown target": (("link", "a", "opposes", "bb"), "did you mean 'b'?"),
    "unknown source node": (("link", "aa", "opposes", "b"), "there is no node 'aa'"),
    "supports and opposes": (("link", "a", "opposes", "t"), "DM016"),
    "itself": (("link", "a", "opposes", "a"), "DM015"),
    "not linked": (("unlink", "a", "opposes", "b"), "'a' does not oppose 'b'"),
    "other relation": (("unlink", "a", "opposes", "t"), "it supports 't'"),
    "path in target": (("link", "a", "opposes", "../legal/b"), "path separators"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_link_exits_1_and_leaves_the_tree_byte_identical(hand_map, case):
    args, expected = REFUSED[case]
    before = tree_digest(hand_map)
    result = run(*args, "--arguments", str(hand_map))
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout
    assert "Traceback" not in result.stderr
    assert tree_digest(hand_map) == before
    with pytest.raises(ChangeRefused):
        (link if args[0] == "link" else unlink)(hand_map, *args[1:])
    assert tree_digest(hand_map) == before


def test_unknown_relation_is_a_usage_error_and_refused_by_the_api(hand_map):
    assert run("link", "a", "rebuts", "b", "--arguments", str(hand_map)).returncode == 2
    with pytest.raises(ChangeRefused) as refused:
        link(hand_map, "a", "rebuts", "b")
    assert "relation 'rebuts'" in refused.value.problems[0].message


def test_a_map_with_errors_can_be_linked_and_unlinked(make_map):
    broken = OTHERS["legal/c.yaml"].replace("source: s1", "source: nope")
    root = make_map({**OTHERS, "legal/c.yaml": broken})
    result = run("link", "a", "opposes", "b", "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "b" in read_map(root)[0].nodes["a"].opposes
    assert (root / "legal" / "c.yaml").read_text(encoding="utf-8") == broken


def test_a_link_that_adds_an_error_to_a_broken_map_is_refused(make_map):
    root = make_map({**OTHERS, "legal/c.yaml": OTHERS["legal/c.yaml"].replace("source: s1", "source: nope")})
    before = tree_digest(root)
    result = run("link", "a", "opposes", "a", "--arguments", str(root))
    assert result.returncode == 1
    assert "DM015" in result.stdout and "DM013" not in result.stdout
    assert tree_digest(root) == before


def test_concurrent_links_to_one_file_lose_no_update(make_map):
    """The lock around read-check-write: each process adds its own target to 'hub'."""
    spokes = {f"legal/s{i}.yaml": OTHERS["legal/b.yaml"].replace("id: b", f"id: s{i}") for i in range(6)}
    hub = f"id: hub\n{BODY}supports: [t]\n"
    root = make_map({**spokes, "legal/hub.yaml": hub})
    # Six processes (forks of this one, fork_support) released at the same instant.
    results = run_at_once([["link", "hub", "opposes", f"s{i}", "--arguments", str(root)] for i in range(6)])
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    assert sorted(read_map(root)[0].nodes["hub"].opposes) == [f"s{i}" for i in range(6)]
    assert_clean(root)


def test_link_output_names_the_file(hand_map):
    result = run("link", "a", "opposes", "c", "--arguments", str(hand_map))
    assert Path(result.stdout.strip()) == hand_map / "legal" / "a.yaml"

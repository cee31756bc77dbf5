"""``debatemap edit``, ``rename`` and ``remove``: the CLI and the Python API."""

from __future__ import annotations

import re

import pytest

from debatemap import check, read_map
from debatemap.edit import ChangeRefused, edit_node, remove_node, rename_node
from edit_support import assert_clean, run, tree_digest

HAND_WRITTEN = """\
# Written by hand; every comment here must survive.
id: a          # the id
kind: argument
title:   An argument     # odd spacing kept
text: >-   # folded
  The argument in full,
  over two lines.

# a comment between fields
perspective: legal
source: 's1'            # single quotes kept
quote: "A quoted sentence."
speaker: Someone   # who
supports:
    - t    # why it supports t
    # - old-target  (commented out, kept)
opposes: []   # nothing yet
tags: [policing]
# closing comment
"""

BODY = "kind: argument\ntitle: X\ntext: X.\nperspective: legal\nsource: s1\nquote: q\n"
OTHERS = {
    "legal/a.yaml": HAND_WRITTEN,
    "legal/b.yaml": f"id: b\n{BODY}supports: [t]\nopposes: [a]\n",
    "legal/c.yaml": f"id: c\n{BODY}supports:\n  - a   # c backs a\n  - t\n",
}


def comments(text: str) -> list[str]:
    return re.findall(r"#.*", text)


@pytest.fixture
def hand_map(make_map):
    return make_map(OTHERS)


# --- edit ------------------------------------------------------------------------


def test_edit_changes_only_the_fields_given_and_keeps_every_comment(hand_map):
    path = hand_map / "legal" / "a.yaml"
    result = run(
        "edit", "a", "--title", "A sharper title", "--perspective", "health", "--arguments", str(hand_map)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("legal/a.yaml")
    new = path.read_text(encoding="utf-8")
    assert comments(new) == comments(HAND_WRITTEN)
    old_lines, new_lines = HAND_WRITTEN.splitlines(), new.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [(o, n) for o, n in zip(old_lines, new_lines, strict=True) if o != n]
    assert changed == [
        ("title:   An argument     # odd spacing kept", "title: A sharper title     # odd spacing kept"),
        ("perspective: legal", "perspective: health"),
    ]
    node = read_map(hand_map)[0].nodes["a"]
    assert (node.title, node.perspective) == ("A sharper title", "health")
    assert path.exists()  # the file stays in its folder: folders are a convention
    assert_clean(hand_map)


def test_edit_replaces_a_folded_text_and_keeps_the_blank_line_and_comment_after_it(hand_map):
    change = edit_node(hand_map, "a", {"text": "A new text " * 12})
    node = read_map(hand_map)[0].nodes["a"]
    assert node.text == ("A new text " * 12).strip()
    assert "\n\n# a comment between fields\nperspective: legal" in change.text
    assert comments(change.text) == comments(HAND_WRITTEN)


def test_edit_removes_optional_fields_with_none_or_empty(hand_map):
    result = run("edit", "a", "--speaker", "", "--tags", "", "--arguments", str(hand_map))
    assert result.returncode == 0, result.stderr
    text = (hand_map / "legal" / "a.yaml").read_text(encoding="utf-8")
    assert "speaker" not in text and "tags:" not in text
    assert "# who" in text  # the comment on the removed line is kept on its own line
    node = read_map(hand_map)[0].nodes["a"]
    assert node.speaker is None and node.tags == ()
    edit_node(hand_map, "a", {"speaker": "A reader", "tags": ["policing", "law"]})
    node = read_map(hand_map)[0].nodes["a"]
    assert node.speaker == "A reader" and node.tags == ("policing", "law")
    edit_node(hand_map, "a", {"speaker": None})
    assert read_map(hand_map)[0].nodes["a"].speaker is None


def test_edit_adds_a_missing_field_in_readme_order(make_map):
    root = make_map()
    change = edit_node(root, "a", {"speaker": "A judge"})
    lines = change.text.splitlines()
    assert lines.index("speaker: A judge") == lines.index('quote: "A quoted sentence."') + 1


def test_edit_accepts_the_whole_node_back_when_only_editable_fields_differ(hand_map):
    """A form (the serve page) may send every field; id, kind and links as they are pass."""
    whole = {"id": "a", "kind": "argument", "supports": ["t"], "opposes": [], "title": "Renamed label"}
    change = edit_node(hand_map, "a", whole)
    assert change.written and change.node.title == "Renamed label"
    with pytest.raises(ChangeRefused) as refused:
        edit_node(hand_map, "a", {**whole, "supports": ["b"]})
    assert refused.value.problems[0].code == "DM004" and "link" in refused.value.problems[0].hint
    with pytest.raises(ChangeRefused):
        edit_node(hand_map, "a", ["title", "x"])  # type: ignore[arg-type]


def test_edit_with_nothing_new_writes_nothing(hand_map):
    before = tree_digest(hand_map)
    change = edit_node(hand_map, "a", {"perspective": "legal"})
    assert change.written is False
    assert tree_digest(hand_map) == before


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"quote": ""}, "DM005", "cannot be removed"),
        ({"title": None}, "DM005", "cannot be removed"),
        ({"perspective": "nowhere"}, "DM012", "unknown perspective 'nowhere'"),
        ({"source": "../../etc"}, "DM009", "not a slug"),
        ({"title": "x" * 201}, "DM031", "limit is 200"),
        ({"title": "bad\x1b[2J"}, "DM032", "control character"),
        ({"kind": "thesis"}, "DM004", "cannot change"),
        ({"id": "z"}, "DM004", "rename"),
        ({"tags": "not-a-list"}, "DM007", "list"),
        ({"title": 7}, "DM007", "must be text"),
    ],
)
def test_edit_refuses_bad_values_and_writes_nothing(hand_map, fields, code, words):
    before = tree_digest(hand_map)
    with pytest.raises(ChangeRefused) as refused:
        edit_node(hand_map, "a", fields)
    problem = refused.value.problems[0]
    assert problem.code == code
    assert words in problem.message + (problem.hint or "")
    assert tree_digest(hand_map) == before


def test_edit_cli_refusal_is_located_and_exits_1(hand_map):
    before = tree_digest(hand_map)
    result = run("edit", "a", "--source", "nope", "--arguments", str(hand_map))
    assert result.returncode == 1
    assert re.search(r"legal/a\.yaml:\d+:\d+: error DM013 unknown source 'nope'", result.stdout)
    assert "Traceback" not in result.stderr
    assert tree_digest(hand_map) == before


def test_edit_usage_errors_exit_2(hand_map):
    assert run("edit", "a", "--arguments", str(hand_map)).returncode == 2  # nothing to change
    assert run("edit", "--arguments", str(hand_map)).returncode == 2
    assert run("edit", "a", "--title", "T", "--arguments", str(hand_map / "none")).returncode == 2


def test_edit_a_thesis_question_cannot_go_but_an_arguments_can(make_map):
    root = make_map({"legal/a.yaml": f"id: a\n{BODY}question: Why?\nsupports: [t]\n"})
    with pytest.raises(ChangeRefused):
        edit_node(root, "t", {"question": ""})
    edit_node(root, "a", {"question": ""})
    assert read_map(root)[0].nodes["a"].question is None


def test_edit_reads_text_from_stdin(hand_map):
    result = run("edit", "a", "--text", "-", "--arguments", str(hand_map), stdin=b"Piped text.\n")
    assert result.returncode == 0, result.stderr
    assert read_map(hand_map)[0].nodes["a"].text == "Piped text."


def test_edit_a_flow_mapping_file_is_refused_with_a_hint(make_map):
    root = make_map({"legal/f.yaml": "{id: f, kind: argument, title: F, text: F., perspective: legal, "
                                     "source: s1, quote: q, supports: [t]}\n"})  # fmt: skip
    with pytest.raises(ChangeRefused) as refused:
        edit_node(root, "f", {"title": "G"})
    assert "flow mapping" in refused.value.problems[0].message
    assert refused.value.problems[0].hint == "edit the file by hand"


# --- rename ----------------------------------------------------------------------


def test_rename_changes_the_id_the_file_name_and_every_reference(hand_map):
    result = run("rename", "a", "core-claim", "--arguments", str(hand_map))
    assert result.returncode == 0, result.stdout + result.stderr
    written = result.stdout.split()
    assert written[0].endswith("legal/core-claim.yaml")
    assert sorted(w.rsplit("/", 1)[1] for w in written[1:]) == ["b.yaml", "c.yaml"]
    assert not (hand_map / "legal" / "a.yaml").exists()
    new = (hand_map / "legal" / "core-claim.yaml").read_text(encoding="utf-8")
    assert new == HAND_WRITTEN.replace("id: a          # the id", "id: core-claim          # the id")
    c = (hand_map / "legal" / "c.yaml").read_text(encoding="utf-8")
    assert "  - core-claim   # c backs a\n" in c
    debate = read_map(hand_map)[0]
    assert debate.nodes["b"].opposes == ("core-claim",)
    assert "a" not in debate.nodes
    assert_clean(hand_map)


def test_rename_to_a_taken_id_or_a_bad_one_is_refused(hand_map):
    before = tree_digest(hand_map)
    for new, code in (("b", "DM011"), ("Not A Slug", "DM009"), ("../../x", "DM009")):
        result = run("rename", "a", new, "--arguments", str(hand_map))
        assert result.returncode == 1
        assert code in result.stdout
    with pytest.raises(ChangeRefused) as refused:
        rename_node(hand_map, "missing", "m2")
    assert refused.value.problems[0].code == "DM014"
    assert tree_digest(hand_map) == before


def test_rename_does_not_list_a_target_twice(make_map):
    root = make_map(
        {"legal/b.yaml": f"id: b\n{BODY}supports: [a, t]\n", "legal/d.yaml": f"id: d\n{BODY}supports: [t]\n"}
    )
    edit_node(root, "b", {})  # nothing: a no-op edit is allowed
    rename_node(root, "d", "d2")
    (root / "legal" / "b.yaml").write_text(
        f"id: b\n{BODY}supports: [a, t]\nopposes: [d2]\n", encoding="utf-8"
    )
    rename_node(root, "t", "t2")
    debate = read_map(root)[0]
    assert debate.nodes["b"].supports == ("a", "t2")
    assert debate.nodes["a"].supports == ("t2",)


def test_rename_to_the_same_id_writes_nothing(hand_map):
    before = tree_digest(hand_map)
    assert rename_node(hand_map, "a", "a").written is False
    assert tree_digest(hand_map) == before


# --- remove ----------------------------------------------------------------------


def test_remove_is_refused_while_others_refer_to_it_listing_each(hand_map):
    before = tree_digest(hand_map)
    result = run("remove", "a", "--arguments", str(hand_map))
    assert result.returncode == 1
    assert re.search(r"legal/b\.yaml:\d+:\d+: error DM033 'b' opposes 'a'", result.stdout)
    assert re.search(r"legal/c\.yaml:\d+:\d+: error DM033 'c' supports 'a'", result.stdout)
    assert "--unlink" in result.stdout
    assert tree_digest(hand_map) == before
    with pytest.raises(ChangeRefused) as refused:
        remove_node(hand_map, "a")
    assert [p.code for p in refused.value.problems] == ["DM033", "DM033"]


def test_remove_with_unlink_takes_the_links_out_in_the_same_change(hand_map):
    result = run("remove", "a", "--unlink", "--arguments", str(hand_map))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(line.rsplit("/", 1)[1] for line in result.stdout.split()) == ["b.yaml", "c.yaml"]
    assert not (hand_map / "legal" / "a.yaml").exists()
    debate = read_map(hand_map)[0]
    assert debate.nodes["b"].opposes == () and debate.nodes["c"].supports == ("t",)
    assert (hand_map / "legal" / "c.yaml").read_text(encoding="utf-8").endswith("supports:\n  - t\n")
    assert_clean(hand_map)


def test_remove_a_node_nothing_refers_to(make_map):
    root = make_map({"legal/b.yaml": f"id: b\n{BODY}supports: [t]\n"})
    change = remove_node(root, "b")
    assert change.written and change.others == ()
    assert not (root / "legal" / "b.yaml").exists()
    with pytest.raises(ChangeRefused) as refused:
        remove_node(root, "b")
    assert refused.value.problems[0].code == "DM014"


# --- a map with errors can be repaired with the commands -----------------------------


def test_a_hand_deleted_node_is_repaired_with_remove_and_edit(make_map):
    """The issue's story: a file deleted by hand leaves dangling references."""
    root = make_map(
        {
            "legal/b.yaml": f"id: b\n{BODY}supports: [t, gone]\n",
            "legal/c.yaml": f"id: c\n{BODY.replace('source: s1', 'source: lost')}supports: [t]\n",
        }
    )
    assert {p.code for p in check(root)[1] if p.is_error} == {"DM014", "DM013"}
    # Fixing one error is allowed although another remains; adding one is not.
    assert run("unlink", "b", "supports", "gone", "--arguments", str(root)).returncode == 0
    refused = run("edit", "c", "--perspective", "nowhere", "--arguments", str(root))
    assert refused.returncode == 1 and "DM012" in refused.stdout and "DM013" not in refused.stdout
    assert run("edit", "c", "--source", "s1", "--arguments", str(root)).returncode == 0
    assert_clean(root)


def test_remove_unlink_repairs_references_to_a_broken_file(make_map):
    root = make_map({"legal/b.yaml": f"id: b\n{BODY}supports: [t, a]\n", "legal/a.yaml": "id: a\ntitle: [\n"})
    assert any(p.code == "DM001" for p in check(root)[1])
    remove = run("remove", "b", "--arguments", str(root))
    assert remove.returncode == 0, remove.stdout + remove.stderr
    assert not (root / "legal" / "b.yaml").exists()


def test_commands_on_a_missing_node_exit_1_and_suggest(hand_map):
    result = run("remove", "bb", "--arguments", str(hand_map))
    assert result.returncode == 1 and "there is no node 'bb'" in result.stdout
    assert "did you mean 'b'" in result.stdout


def test_edit_verifies_a_new_quote_against_the_source_text(make_map):
    root = make_map()
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text("A quoted sentence. Another sentence here.\n", encoding="utf-8")
    before = (root / "legal" / "a.yaml").read_bytes()
    with pytest.raises(ChangeRefused) as refused:
        edit_node(root, "a", {"quote": "Words nobody wrote."})
    assert [p.code for p in refused.value.problems] == ["DM025"]
    assert "Another sentence here." in (refused.value.problems[0].hint or "")
    assert (root / "legal" / "a.yaml").read_bytes() == before
    change = edit_node(root, "a", {"quote": "Another sentence here."})
    assert change.written and change.node.quote == "Another sentence here."

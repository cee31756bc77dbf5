"""One boundary for types: every entry point refuses a wrong shape with a problem, never a
TypeError or a 500; look-alike titles (zero-width characters, compatibility forms) are the
same title to the duplicate check."""

from __future__ import annotations

import json

import pytest

from debatemap.edit import ChangeRefused, add_node, edit_node
from edit_support import tree_digest
from test_serve_api import edit, served  # noqa: F401 - the served map fixture

NEW = {"title": "Raids push work out of sight", "text": "Raids move sex work where it cannot be seen.",
       "perspective": "legal", "source": "s1", "quote": "A quoted sentence.", "opposes": ["t"]}  # fmt: skip
SHAPES = [
    {"tags": [["policing"]]},
    {"supports": [["a"]]},
    {"opposes": [3.5]},
    {"supports": [1]},
    {"kind": ["argument"]},
    {"title": ["A title"]},
]


@pytest.mark.parametrize("wrong", SHAPES, ids=lambda w: json.dumps(w))
def test_add_node_refuses_a_wrong_shape_with_a_problem(make_map, wrong):
    root = make_map()
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused:
        add_node(root, {**NEW, **wrong})
    assert refused.value.problems and refused.value.problems[0].code in ("DM007", "DM009")
    assert tree_digest(root) == before


def test_add_node_refuses_fields_that_are_not_a_mapping(make_map):
    with pytest.raises(ChangeRefused) as refused:
        add_node(make_map(), ["title", "text"])  # type: ignore[arg-type]
    assert refused.value.problems[0].code == "DM002"


def test_edit_node_refuses_nested_tags(make_map):
    with pytest.raises(ChangeRefused) as refused:
        edit_node(make_map(), "a", {"tags": [["policing"]]})
    assert refused.value.problems[0].code in ("DM007", "DM009")


@pytest.mark.parametrize("wrong", SHAPES, ids=lambda w: json.dumps(w))
def test_serve_answers_a_wrong_shape_with_400_and_problems(served, wrong):  # noqa: F811
    client, root = served
    before = tree_digest(root)
    answer = edit(client, "add", {"fields": {**NEW, **wrong}})
    assert answer.status_code == 400, answer.text
    assert answer.json()["problems"][0]["code"] in ("DM007", "DM009")
    updated = edit(client, "update", {"id": "a", "fields": {"tags": [["policing"]]}})
    assert updated.status_code == 400, updated.text
    assert tree_digest(root) == before


@pytest.mark.parametrize(
    "look_alike",
    [
        "An\u200b argument",  # a zero-width space
        "\ufeffAn argument",  # a byte-order mark
        "An argu\u2060ment",  # a word joiner
        "Ａn argument",  # a full-width letter (NFKC)
    ],
)
def test_a_look_alike_title_is_refused_as_a_duplicate(make_map, look_alike):
    root = make_map()  # it holds 'a', titled "An argument"
    with pytest.raises(ChangeRefused) as refused:
        add_node(root, {**NEW, "title": look_alike})
    assert refused.value.problems[0].code == "DM033"
    assert "'a'" in refused.value.problems[0].message


def test_a_zero_width_space_is_not_stored_in_a_title(make_map):
    change = add_node(make_map(), {**NEW, "title": "Raids\u200b push work out of sight"})
    assert change.node is not None and change.node.title == "Raids push work out of sight"


def test_the_writer_refuses_every_character_the_reader_refuses():
    """One control-character rule: a value an editing command accepts never makes a file that
    ``check`` refuses (the bidi overrides once passed the writer and failed on reading)."""
    from debatemap.edit.input import bad_character
    from debatemap.model import CONTROL_IN_VALUE

    for code in [*range(0x3000), 0xFEFF, 0xFFFE, 0xFFFF]:
        char = chr(code)
        if CONTROL_IN_VALUE.match(char):
            assert bad_character(f"a{char}b", multiline=True), hex(code)
            assert bad_character(f"a{char}b", multiline=False), hex(code)

"""The fast path for flat node files never gives a different answer than libyaml.

:func:`debatemap.store.yamlflat.parse_flat` reads the common layout line by line
and must either return exactly what the full event parser returns (values,
types, key order and every position) or decline with ``None``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debatemap.store import yamlread
from debatemap.store.yamlflat import parse_flat as _parse_flat
from debatemap.store.yamlvalues import YList, YMap
from profiles import examples


def full_parse(text: str, monkeypatch) -> tuple[object, list]:  # type: ignore[no-untyped-def]
    with monkeypatch.context() as patch:
        patch.setattr(yamlread, "_parse_flat", lambda path, text: None)
        return yamlread.parse("n.yaml", text)


def same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, YMap) and isinstance(b, YMap):
        return (
            list(a) == list(b)
            and a.position == b.position
            and a.key_positions == b.key_positions
            and a.value_positions == b.value_positions
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, YList) and isinstance(b, YList):
        return (
            a.position == b.position
            and a.item_positions == b.item_positions
            and len(a) == len(b)
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    return a == b


KEYS = ["id", "title", "text", "tags", "on", "yes", "null", "a_b", "Title", "x1", "y"]
VALUES = [
    '"a b"', '"a # b: c"', '"a\\"b"', '""', "'a'", "'it''s'", "'a\"b'", "[]", "[ ]", "[a, b]", "[a,b]",
    "[ a , b ]", "[a, ]", "[no]", "[2024]", "[a-b, c1]", "[A]", "[a b]", ">-", ">", "|-", "plain text",
    "plain: x", "plain # c", "plain#x", "yes", "No", "NULL", "~", "123", "-a", "a - b", "a, b",
    "a [b] {c}", "a&b *c !d", "&x a", "*x", "!!str a", "a  b", "a ", "a\u00a0", "\u00e9", "a\u2028b",
    "a\x85b", "a\tb", "{a: b}", "a\ufeffb", '"a" # c', "'a'b", "",
]  # fmt: skip
CONTINUATIONS = ["  more words", "  more: x", "   deeper", "  ", "", "# c", " #c", "  - x", "---", "..."]

GOOD_VALUES = [
    '"a: b # c"',
    "'x y'",
    "[a, b-c]",
    "[]",
    ">-\n  folded: #1\n  text  ",
    "Plain words, (here) 'q' \"r\" [s]",
    "[n1 , n2]",
]
GOOD_KEYS = ["id", "kind", "title", "text", "tags", "supports", "quote", "a_b"]
FOLDED_LINES = ["  ab", "  cd ef  ", "  x\u201c: #", "  # z", " x", "   x", ""]

good_line = st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(GOOD_KEYS), st.sampled_from(GOOD_VALUES))
odd_line = st.one_of(
    st.builds(lambda k, sep, v: k + sep + v, st.sampled_from(KEYS), st.sampled_from([": ", ":", ":  "]),
              st.sampled_from(VALUES)),
    st.sampled_from(FOLDED_LINES + CONTINUATIONS),
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Mostly the layout the fast path takes, with a few near misses mixed in."""
    lines = draw(st.lists(good_line, max_size=6, unique_by=lambda line: line.split(":")[0]))
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(odd_line))
    newline = draw(st.sampled_from(["\n"] * 9 + ["\r\n"]))
    return newline.join("\n".join(lines).split("\n")) + (newline if draw(st.booleans()) else "")


@settings(
    max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents())
def test_fast_path_agrees_with_libyaml_or_declines(monkeypatch, text):  # type: ignore[no-untyped-def]
    flat = _parse_flat("n.yaml", text)
    if flat is None:
        return
    value, problems = full_parse(text, monkeypatch)
    assert problems == []
    assert same(flat, value), (text, dict(flat), value)


def test_the_layout_debatemap_writes_takes_the_fast_path(monkeypatch):  # type: ignore[no-untyped-def]
    text = (
        "# written by hand\nid: a\nkind: argument\ntitle: An argument, plainly\ntext: >-\n"
        "  The argument  \n  in full.\n\nquote: \"Said: 'so' # here\"\nsupports: [t, b-2]\n"
        "opposes: []\ntags: [ x ,y ]\nspeaker: 'A \"B\"'\n"
    )
    flat = _parse_flat("n.yaml", text)
    assert flat is not None and flat["text"] == "The argument   in full."
    value, problems = full_parse(text, monkeypatch)
    assert problems == [] and same(flat, value)


def test_anything_unusual_is_left_to_the_full_parser():
    for text in (
        "id: a\nid: b\n",  # duplicate key: the full parser reports it
        "id: &x a\n",  # anchor
        "id: !!str a\n",  # tag
        "on: a\n",  # YAML 1.1 boolean key
        "title: yes\n",  # boolean value
        "tags: [2024]\n",  # a number in a list
        "title: a\n  b\n",  # plain text continued on the next line
        "title: a\r\n",  # carriage return
        "text: >-\n  a\n   b\n",  # more indented line in a folded block
        "text: >-\n  a\n\n  b\n",  # blank line inside a folded block
        '"id": a\n',  # quoted key
        "title: a # comment\n",
        "",
    ):
        assert _parse_flat("n.yaml", text) is None, text

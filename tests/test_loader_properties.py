"""Property-based tests: random and mutated YAML never crashes or hangs the loader.

Whatever bytes a person (or an attacker) puts in a node file, reading it
either gives a record or reports problems with a position inside the file;
it never raises, and never takes long.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debatemap.store.records import node_from_yaml
from debatemap.store.yamlread import read_file
from profiles import examples

VALID = (
    b"id: a\nkind: argument\ntitle: An argument\ntext: >-\n  The argument in full.\n"
    b'perspective: legal\nsource: s1\nquote: "A quoted sentence."\nsupports: [t]\ntags: [x]\n'
)
YAML_PIECES = [
    b": ",
    b"- ",
    b"\n",
    b"  ",
    b"\t",
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a ",
    b"*a",
    b"!!str ",
    b"!x ",
    b"'",
    b'"',
    b"#",
    b"---\n",
    b"...\n",
    b"? ",
    b"|",
    b">-",
    b"%YAML 1.1\n",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"yes",
    b"null",
    b"~",
    b"2024-01-01",
    b"1e9",
    b"<<: ",
]


def read(raw: bytes):
    started = time.perf_counter()
    value, problems = read_file("n/a.yaml", raw)
    node = None
    if value is not None:
        node, more = node_from_yaml(value, "n/a.yaml")
        problems = problems + more
    assert time.perf_counter() - started < 2.0
    lines = raw.count(b"\n") + 1
    for problem in problems:
        assert problem.path == "n/a.yaml"
        assert 1 <= problem.line <= lines + 1
        assert problem.column >= 1
        assert problem.code.startswith("DM") and problem.message
    # Either a node came out, or something explains why not.
    assert node is not None or problems or value is None
    return node, problems


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw):
    read(raw)


@settings(max_examples=examples(300), deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises(text):
    read(text.encode("utf-8"))


@settings(max_examples=examples(400), deadline=None)
@given(st.data())
def test_mutated_valid_file_never_raises(data):
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.sampled_from(YAML_PIECES))
        if action == "insert":
            raw[at:at] = piece
        elif action == "delete":
            raw[at : at + data.draw(st.integers(1, 8))] = b""
        else:
            raw[at : at + len(piece)] = piece
    node, problems = read(bytes(raw))
    if node is not None:  # what was read is what the file says
        assert node.id and node.title and node.kind in ("thesis", "argument", "definition")


@settings(max_examples=examples(50), deadline=None)
@given(st.integers(2, 40), st.integers(2, 40))
def test_alias_bombs_are_refused_quickly(width, depth):
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, depth):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    node, problems = read("\n".join(lines).encode())
    assert node is None
    assert [p.code for p in problems] == ["DM023"]


@settings(max_examples=examples(30), deadline=None)
@given(st.integers(1, 5000))
def test_deep_nesting_is_reported_not_crashed(depth):
    node, problems = read(b"id: " + b"[" * depth + b"]" * depth)
    assert node is None and problems


def test_valid_file_reads_exactly():
    node, problems = read(VALID)
    assert problems == []
    assert node.text == "The argument in full."
    assert node.supports == ("t",) and node.tags == ("x",)
    assert node.where("quote").line == 8 and node.where("quote").column == 8


@settings(max_examples=examples(400), deadline=None)
@given(st.from_regex(r"[A-Za-z0-9.+~_-]{0,8}", fullmatch=True))
def test_plain_scalars_resolve_like_pyyaml(word):
    """Our fast path for plain scalars agrees with PyYAML's resolver (dates stay text)."""
    import datetime

    import yaml

    from debatemap.store.yamlread import parse

    value, problems = parse("w.yaml", f"key: {word}\n")
    if problems:
        return
    expected = yaml.safe_load(f"key: {word}\n")["key"]
    if isinstance(expected, (datetime.date, datetime.datetime)):
        assert value["key"] == word
    elif isinstance(expected, float) and expected != expected:  # NaN
        assert value["key"] != value["key"]
    else:
        assert value["key"] == expected and type(value["key"]) is type(expected)

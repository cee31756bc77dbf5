"""Differential and mutational fuzzing of the one YAML reader (a few seconds in CI).

Seeds are the real node files (the shipped map and the corpus); mutations splice
in what has broken readers before: scalars PyYAML resolves but cannot build
(``0x_``, ``2001-13-45``), explicit tags, non-ASCII text before a control
character (libyaml reports bytes, we report characters), bidi characters,
anchors, tabs, flow brackets. Properties:

- the reader is total: it returns a value or located problems, never raises;
- every position is a real place in the text, and a refused character is
  exactly where the problem says;
- the fast path, the full event parser and PyYAML agree on every value the
  reader accepts without problems.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debatemap.store import yamlread
from debatemap.store.reader import read_node_file
from debatemap.store.yamlflat import parse_flat
from debatemap.store.yamlvalues import YList, YMap
from profiles import examples

REPO = Path(__file__).resolve().parent.parent


def _seed_texts() -> list[str]:
    texts = []
    for path in sorted([*(REPO / "arguments").rglob("*.yaml"), *(REPO / "tests" / "corpus").rglob("*.yaml")]):
        if path.name in ("perspectives.yaml", "sources.yaml") or path.stat().st_size > 4000:
            continue
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:  # the corpus's not-UTF-8 case: bytes are fuzzed elsewhere
            continue
    return texts[:80]


SEEDS = _seed_texts()
HOSTILE = [
    "0x_", "0b_", "+0x_", "0o_", "2001-13-45", "1_000", "!!int abc", "!!float x", "!!bool maybe",
    "!!int 0x_", "!!str", "!!python/object:os.system", "&a ", "*a", "\u00e9\u00e9\u00e9", "\u4e2d\u6587",
    "\x01", "\x1b", "\x85", "\u2028", "\u202e", "\ufeff", "\t", "\r\n", ": ", "- ", "#", "[", "]", "{",
    "}", "'", '"', "\\", "\\x01", "\n  ", "\n", "---\n", "? ", "|", ">", "%YAML 1.1\n", "~", "null",
    "yes", ".inf", "-.nan", "1e3", "0777", "12:30:00",
]  # fmt: skip


def plain(value: Any) -> Any:
    if isinstance(value, YMap):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, YList):
        return [plain(v) for v in value]
    return value


def keys_as_text(value: Any) -> Any:
    """Mapping keys are names to us: the reader keeps them as text (``1: x`` has key '1')."""
    if isinstance(value, dict):
        return {str(k): keys_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys_as_text(v) for v in value]
    return value


class _TextDates(yaml.SafeLoader):
    """PyYAML as our reader reads: dates stay as written."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _check_positions(text: str, problems: list[Any]) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for problem in problems:
        assert 1 <= problem.line <= len(lines) + 1, (problem, len(lines))
        assert problem.column >= 1
        if problem.line <= len(lines):
            assert problem.column <= len(lines[problem.line - 1]) + 2, (problem, lines[problem.line - 1])
        if problem.code == "DM001" and problem.message.startswith("character U+"):
            char = chr(int(problem.message.split("U+")[1].split()[0], 16))
            assert lines[problem.line - 1][problem.column - 1] == char, problem


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    splices=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(HOSTILE)), min_size=1, max_size=4),
)
def test_mutated_files_give_a_value_or_located_problems_never_an_exception(tmp_path_factory, seed, splices):
    text = seed
    for where, piece in splices:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:]
    path = tmp_path_factory.mktemp("fuzz") / "a.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    value, problems = yamlread.read_file(str(path))
    assert value is not None or problems
    _check_positions(text.removeprefix("\ufeff"), problems)
    node, found = read_node_file(str(path))  # records too: no exception from any value
    assert node is not None or found


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    splices=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(HOSTILE)), min_size=1, max_size=3),
)
def test_fast_path_full_parser_and_pyyaml_agree(seed, splices):
    text = seed
    for where, piece in splices:
        at = int(where * len(text))
        text = text[:at] + piece + text[at:]
    full, full_problems = yamlread._parse("n.yaml", text)  # the event parser alone
    fast = parse_flat("n.yaml", text)
    if fast is not None:  # the fast path took it: the same values and positions
        assert full_problems == [] and plain(fast) == plain(full)
        assert fast.key_positions == full.key_positions and fast.value_positions == full.value_positions
    if full_problems or full is None:
        return
    try:
        expected = yaml.load(text, Loader=_TextDates)  # noqa: S506 - a safe loader subclass
    except (ValueError, KeyError, yaml.YAMLError):
        return  # PyYAML fails where we read text (0x_): nothing to compare
    if isinstance(expected, datetime.date):
        return
    assert plain(full) == keys_as_text(expected)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("id: a\ntitle: \u00e9\u00e9\u00e9\u00e9\x01\n", 2, 12),
        ("id: a\ntitle: \u4e2d\u6587\u4e2d\u6587\x1b\n", 2, 12),
        ("\u00e9: x\n\u00e9\u00e9: \x07y\n", 2, 5),
    ],
)
def test_refused_characters_after_non_ascii_text_are_where_they_are(tmp_path, text, line, column):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = yamlread.read_file(str(path))
    assert [(p.line, p.column) for p in problems] == [(line, column)]
    _check_positions(text, problems)

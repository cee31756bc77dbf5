"""One parser decides what a file says, for reading and for writing.

A trailing tab once passed ``check`` (libyaml) but crashed every command that
splices into the file (the pure-Python parser refused it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from debatemap.edit import yamlwrite
from debatemap.store.yamlread import read_file
from edit_support import run

CORPUS = Path(__file__).parent / "corpus"
TABBED = (
    "id: b\nkind: argument\ntitle: B\t\ntext: B.\t\nperspective: legal\n"
    "source: s1\nquote: q\nsupports: [a]\t\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ["link", "b", "opposes", "t"],
        ["unlink", "b", "supports", "a"],
        ["edit", "b", "--title", "Bee"],
        ["rename", "b", "bee"],
        ["remove", "a", "--unlink"],
    ],
)
def test_a_trailing_tab_that_check_accepts_is_accepted_by_every_writer(make_map, args):
    root = make_map({"legal/b.yaml": TABBED})
    assert run("check", str(root)).returncode == 0
    result = run(*args, "--arguments", str(root))
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert run("check", str(root)).returncode == 0


def _accepted_mappings() -> list[Path]:
    files = sorted(p for p in CORPUS.rglob("*.yaml"))
    assert files, "the fuzz corpus is missing"
    return files


@pytest.mark.parametrize("path", _accepted_mappings(), ids=lambda p: str(p.relative_to(CORPUS)))
@pytest.mark.parametrize("relation", ["supports", "opposes"])
def test_the_writer_splices_into_every_corpus_file_the_reader_accepts(path, relation):
    """Property over the fuzz corpus: what the reader reads as a mapping without a problem,
    the writer can splice into (or refuses as a layout, never with a parser error)."""
    value, problems = read_file(str(path))
    if problems or not isinstance(value, dict):
        return  # the reader refuses it; so does every command, with the reader's located problem
    text = path.read_bytes().decode("utf-8")
    for change in (yamlwrite.add_target, yamlwrite.remove_target):
        try:
            new = change(text, relation, "some-target")
        except yamlwrite.UnsupportedLayout:
            continue
        again, problems = read_file(str(path), new.encode("utf-8"))
        assert isinstance(again, dict), (path, new)

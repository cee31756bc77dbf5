"""A second import of the same file is refused, never doubling the map; ``--allow-duplicate``
imports anyway; a claim whose title is already in the map is named at its line."""

from __future__ import annotations

import pytest

from debatemap.edit import ChangeRefused
from debatemap.edit.importing import import_graph
from debatemap.interchange import parse
from edit_support import run, tree_digest
from interchange_support import empty_map, graph_at

EXPORT = """\
Discussion Title: Should sex work be decriminalised?

1. Sex work should be decriminalised.
1.1. Pro: Criminalisation stops workers reporting abuse to police.
1.2. Con: Decriminalisation expands the trade.
"""


@pytest.fixture
def imported(tmp_path):
    export = tmp_path / "decrim.txt"
    export.write_text(EXPORT, encoding="utf-8")
    root = empty_map(tmp_path / "arguments")
    first = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert first.returncode == 0, first.stderr
    return root, export


def test_the_same_file_again_is_refused_and_nothing_changes(imported):
    root, export = imported
    before = tree_digest(root)
    again = run("import", "--format", "kialo", str(export), "--arguments", str(root))
    assert again.returncode == 1
    assert "'decrim.txt' was imported before: source 'decrim-txt' is that file" in again.stderr
    assert "DM033" in again.stderr and "Traceback" not in again.stderr
    assert tree_digest(root) == before
    assert graph_at(root).number_of_nodes() == 3


def test_the_same_claims_under_another_file_name_are_named_at_their_lines(imported, tmp_path):
    root, export = imported
    copy = tmp_path / "copy.txt"
    copy.write_text(EXPORT, encoding="utf-8")
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused:
        import_graph(root, parse(EXPORT, "kialo", str(copy)), copy)
    lines = sorted((p.path, p.line, p.code) for p in refused.value.problems)
    assert lines == [(str(copy), 3, "DM033"), (str(copy), 4, "DM033"), (str(copy), 5, "DM033")]
    assert tree_digest(root) == before


def test_allow_duplicate_imports_again_on_purpose(imported):
    root, export = imported
    again = run("import", "--format", "kialo", str(export), "--arguments", str(root), "--allow-duplicate")
    assert again.returncode == 0, again.stderr
    assert graph_at(root).number_of_nodes() == 6

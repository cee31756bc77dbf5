"""The journal of changes of several files: finished, taken back, or refused when it is not ours."""

from __future__ import annotations

import json

import pytest

from debatemap import check
from debatemap.edit import ChangeRefused, edit_node
from debatemap.store import journal
from edit_support import run, tree_digest


def test_a_committed_change_is_finished_by_the_next_read(make_map):
    root = make_map()
    target = root / "legal" / "a.yaml"
    new = target.read_text(encoding="utf-8").replace("An argument", "Finished")
    journal.stage_path(target).write_text(new, encoding="utf-8")
    record = {"state": "commit", "write": ["legal/a.yaml"], "delete": ["theses/gone.yaml"], "folders": []}
    (root / journal.JOURNAL).write_text(json.dumps(record), encoding="utf-8")
    debate, problems = check(root)
    assert debate.nodes["a"].title == "Finished"
    assert not (root / journal.JOURNAL).exists() and not journal.stage_path(target).exists()
    assert [p for p in problems if p.is_error] == []


def test_an_uncommitted_change_is_taken_back_with_its_new_folders(make_map):
    root = make_map()
    before = tree_digest(root)
    (root / "newfolder").mkdir()
    target = root / "newfolder" / "x.yaml"
    journal.stage_path(target).write_text("id: x\n", encoding="utf-8")
    record = {"state": "staging", "write": ["newfolder/x.yaml"], "delete": [], "folders": ["newfolder"]}
    (root / journal.JOURNAL).write_text(json.dumps(record), encoding="utf-8")
    (root / journal.JOURNAL_TMP).write_text("half a journal", encoding="utf-8")
    result = run("check", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(root) == before


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"\xff\xfe",
        json.dumps(
            {"state": "commit", "write": ["../../outside.yaml"], "delete": [], "folders": []}
        ).encode(),
        json.dumps({"state": "commit", "write": ["/etc/passwd"], "delete": [], "folders": []}).encode(),
        json.dumps({"state": "maybe", "write": [], "delete": [], "folders": []}).encode(),
        json.dumps({"state": "commit", "write": [7], "delete": [], "folders": []}).encode(),
        json.dumps(["a list"]).encode(),
    ],
)
def test_a_journal_that_is_not_ours_is_reported_and_nothing_is_touched(make_map, tmp_path, content):
    root = make_map()
    (root / journal.JOURNAL).write_bytes(content)
    before = tree_digest(tmp_path)
    result = run("check", str(root))
    assert result.returncode == 1
    assert "DM030 an interrupted change cannot be finished" in result.stdout
    assert "Traceback" not in result.stderr
    with pytest.raises(ChangeRefused) as refused:
        edit_node(root, "a", {"title": "T"})
    assert refused.value.problems[0].code == "DM030"
    assert tree_digest(tmp_path) == before


@pytest.mark.parametrize("state", ["commit", "staging"])
def test_a_planted_journal_touches_nothing_outside_the_map_through_a_symlink(make_map, tmp_path, state):
    """A shared map holding a journal and a link to another folder: reading it once deleted
    the journal's 'delete' entries there (any file the user may delete)."""
    outside = tmp_path / "elsewhere"
    (outside / "empty").mkdir(parents=True)
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    root = make_map()
    (root / "escape").symlink_to(outside, target_is_directory=True)
    record = {"state": state, "write": [], "delete": ["escape/precious.txt"], "folders": ["escape/empty"]}
    (root / journal.JOURNAL).write_text(json.dumps(record), encoding="utf-8")
    before = tree_digest(outside)
    result = run("check", str(root))
    assert result.returncode == 1 and "leads outside the map" in result.stdout, result.stdout
    assert tree_digest(outside) == before and (outside / "empty").is_dir()


@pytest.mark.parametrize("content", ["", "{}\n", "# only a comment\n", "---\n"])
def test_an_empty_registry_is_a_valid_registry(make_map, content):
    root = make_map(
        {"perspectives.yaml": content, "sources.yaml": content, "theses/t.yaml": None, "legal/a.yaml": None}
    )
    _, problems = check(root)
    assert problems == []

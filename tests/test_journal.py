"""The journal of changes of several files: finished or taken back by the next writer only,
and refused when this user's debatemap did not write it for this folder."""

from __future__ import annotations

import errno
import json
import os
import shutil

import pytest

from debatemap import check
from debatemap.edit import ChangeRefused, WriteFailed, edit_node
from debatemap.edit.lifecycle import rename_node
from debatemap.store import journal
from edit_support import run, tree_digest

NONCE = "0123456789abcdef0123456789abcdef"


def _signed(root, state, writes=(), deletes=(), folders=()):
    """A journal as debatemap writes it (signed with this user's key, for ``root``)."""
    journal._write_journal(root, state, NONCE, list(writes), list(deletes), list(folders))


def _stage(root, relative, text):
    journal.stage_path(root / relative, NONCE).write_text(text, encoding="utf-8")


def _tree_and_times(root):
    """Every path below ``root`` with its bytes, mode and modification time (ns)."""
    seen = {}
    for folder, _, names in os.walk(root):
        for name in [".", *names]:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            body = open(path, "rb").read() if os.path.isfile(path) else b""
            seen[os.path.relpath(path, root)] = (body, info.st_mode, info.st_mtime_ns)
    return seen


def test_a_committed_change_is_finished_by_the_next_writer_and_not_by_a_read(make_map):
    root = make_map()
    target = root / "legal" / "a.yaml"
    _stage(root, "legal/a.yaml", target.read_text(encoding="utf-8").replace("An argument", "Finished"))
    _signed(root, "commit", ["legal/a.yaml"], ["theses/gone.yaml"])
    before = tree_digest(root)
    debate, problems = check(root)
    assert debate.nodes["a"].title != "Finished" and tree_digest(root) == before
    assert [p.code for p in problems] == ["DM030"] and problems[0].severity == "warning"
    result = run("recover", str(root))
    assert result.returncode == 0, result.stderr
    assert "finished a change that was interrupted" in result.stderr
    debate, problems = check(root)
    assert debate.nodes["a"].title == "Finished" and problems == []
    assert not (root / journal.JOURNAL).exists() and not journal.stage_path(target, NONCE).exists()


def test_an_uncommitted_change_is_taken_back_with_its_new_folders_by_an_edit(make_map):
    root = make_map()
    before = tree_digest(root)
    (root / "newfolder").mkdir()
    _stage(root, "newfolder/x.yaml", "id: x\n")
    _signed(root, "staging", ["newfolder/x.yaml"], [], ["newfolder"])
    (root / journal.JOURNAL_TMP).write_text("half a journal", encoding="utf-8")
    result = run("edit", "a", "--title", "Edited", "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "took back a change" in result.stderr
    after = tree_digest(root)
    assert set(after) == set(before) and after["legal/a.yaml"] != before["legal/a.yaml"]


UNSIGNED = {
    "state": "commit",
    "nonce": NONCE,
    "write": [],
    "delete": ["sources/untracked.txt"],
    "folders": [],
}


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"\xff\xfe",
        json.dumps(
            {"state": "commit", "write": ["../../outside.yaml"], "delete": [], "folders": []}
        ).encode(),
        json.dumps({"state": "maybe", "write": [], "delete": [], "folders": []}).encode(),
        json.dumps(["a list"]).encode(),
        json.dumps(UNSIGNED).encode(),  # a planted journal, well formed but not signed
        json.dumps({**UNSIGNED, "mac": "0" * 64}).encode(),  # signed by someone else
    ],
)
def test_a_journal_that_is_not_ours_is_refused_by_writers_and_only_reported_by_readers(
    make_map, tmp_path, content
):
    root = make_map()
    (root / "sources").mkdir(exist_ok=True)
    (root / "sources" / "untracked.txt").write_text("a source text git does not track", encoding="utf-8")
    (root / journal.JOURNAL).write_bytes(content)
    before = tree_digest(tmp_path)
    result = run("check", str(root))
    assert result.returncode == 0 and "DM030" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
    with pytest.raises(ChangeRefused) as refused:
        edit_node(root, "a", {"title": "T"})
    assert refused.value.problems[0].code == "DM030"
    assert "not a journal debatemap wrote here" in refused.value.problems[0].message
    result = run("recover", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert tree_digest(tmp_path) == before


def test_a_journal_copied_from_another_map_is_refused(make_map, tmp_path):
    root = make_map()
    _signed(root, "commit", [], ["legal/a.yaml"])
    other = tmp_path / "other"
    shutil.copytree(root, other)
    before = tree_digest(other)
    with pytest.raises(ChangeRefused):
        edit_node(other, "a", {"title": "T"})
    assert tree_digest(other) == before


@pytest.mark.parametrize("state", ["commit", "staging"])
def test_a_journal_touches_nothing_outside_the_map_through_a_symlink(make_map, tmp_path, state):
    outside = tmp_path / "elsewhere"
    (outside / "empty").mkdir(parents=True)
    (outside / "precious.txt").write_text("keep me", encoding="utf-8")
    root = make_map()
    (root / "escape").symlink_to(outside, target_is_directory=True)
    _signed(root, state, [], ["escape/precious.txt"], ["escape/empty"])
    before = tree_digest(outside)
    result = run("recover", str(root))
    assert result.returncode == 1 and "leads outside the map" in result.stdout, result.stdout
    assert tree_digest(outside) == before and (outside / "empty").is_dir()


def test_reading_commands_leave_the_folder_byte_identical(make_map, tmp_path):
    """A journal and a killed write's temporary files: every read leaves them, and their mtimes."""
    root = make_map()
    _stage(root, "legal/a.yaml", "id: a\n")
    _signed(root, "commit", ["legal/a.yaml"], ["theses/t.yaml"])
    (root / "legal" / ".debatemap-k1l2m3n4.tmp").write_text("half a node", encoding="utf-8")
    before = _tree_and_times(root)
    out = tmp_path / "out"
    for args in (
        ["check", str(root)],
        ["build", str(root), "-o", str(out), "--handout", "none"],
        ["stats", str(root)],
        ["export", "--format", "json", str(root), "-o", str(tmp_path / "map.json")],
    ):
        result = run(*args)
        assert "Traceback" not in result.stderr, (args, result.stderr)
        assert _tree_and_times(root) == before, args


def test_the_next_write_sweeps_the_temporary_files_a_killed_write_left(make_map):
    root = make_map()
    orphan = root / "legal" / ".debatemap-k1l2m3n4.tmp"
    orphan.write_text("half a node", encoding="utf-8")
    stage = root / "theses" / f".t.yaml.{NONCE}{journal.STAGE_SUFFIX}"
    stage.write_text("id: t\n", encoding="utf-8")
    mine = root / "legal" / ".notes.tmp"  # a hidden file debatemap did not name: left alone
    mine.write_text("mine", encoding="utf-8")
    result = run("edit", "a", "--title", "Edited", "--arguments", str(root))
    assert result.returncode == 0, result.stderr
    assert "removed 2 temporary file(s)" in result.stderr
    assert not orphan.exists() and not stage.exists() and mine.exists()


def test_a_full_disk_at_the_commit_point_of_a_rename_leaves_no_hidden_file(make_map, monkeypatch):
    root = make_map({"legal/b.yaml": "id: b\nkind: argument\ntitle: B\ntext: B.\nperspective: legal\n"
                     "source: s1\nquote: q\nsupports: [a]\n"})  # fmt: skip
    before = tree_digest(root)
    real_write = journal._write_journal

    def full_at_commit(root_, state, *rest):
        if state == "commit":
            raise OSError(errno.ENOSPC, "No space left on device", str(root_ / journal.JOURNAL_TMP))
        real_write(root_, state, *rest)

    monkeypatch.setattr(journal, "_write_journal", full_at_commit)
    with pytest.raises(WriteFailed):
        rename_node(root, "a", "renamed")
    assert tree_digest(root) == before  # no stage file, no journal


@pytest.mark.parametrize("read_only", [False, True])
def test_serving_a_map_to_read_it_leaves_the_folder_byte_identical(make_map, read_only):
    from starlette.testclient import TestClient

    from debatemap.serve.app import ServeConfig, create_app
    from debatemap.serve.security import Guard

    root = make_map()
    _stage(root, "legal/a.yaml", "id: a\n")
    _signed(root, "commit", ["legal/a.yaml"], ["theses/t.yaml"])
    (root / "legal" / ".debatemap-k1l2m3n4.tmp").write_text("half a node", encoding="utf-8")
    before = _tree_and_times(root)
    config = ServeConfig(root.resolve(), (root / "sources").resolve(), 8766, watch=False, read_only=read_only)
    guard = Guard(8766, read_only=read_only)
    with TestClient(create_app(config, guard), base_url="http://127.0.0.1:8766") as client:
        assert client.get(f"/?token={guard.token}").status_code == 200
        assert client.get("/api/map").status_code == 200
    assert _tree_and_times(root) == before

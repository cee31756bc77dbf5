"""Writes the disk refuses: every editing command and import changes nothing and says why.

We run as root, so ``chmod`` does not stop a write. Failures are simulated by
patching the writers :mod:`debatemap.edit` calls (in this process, or in a
child through a small ``-c`` wrapper), or made real with a regular file where
a folder should be, which stops even root.
"""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap import edit
from debatemap.edit import core as edit_core
from debatemap.edit.importing import import_graph
from debatemap.edit.nodes import WriteFailed, add_node, add_perspective, add_source, link, unlink
from debatemap.interchange.kialo import parse_kialo
from debatemap.store import journal
from edit_support import tree_digest

KIALO = """\
Discussion Title: Should sex work be decriminalised?

1. Sex work should be decriminalised.
1.1. Pro: Criminalisation stops workers reporting abuse.
"""

NODE = {
    "title": "Raids drive sex work underground",
    "text": "Police raids push sex work out of sight.",
    "perspective": "legal",
    "source": "s1",
    "quote": "A quoted sentence.",
}


def fail_writes(monkeypatch: pytest.MonkeyPatch, which: str, folder: str = "") -> None:
    """Make edit's writers fail as a full disk would.

    WHICH is "create", "replace" or "both"; FOLDER limits failing creates to one folder name.
    """
    create, stage = edit_core.create_file, journal.write_stage

    def full(path: Path, *rest: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    def failing_create(path: Path, text: str) -> None:
        if folder in ("", path.parent.name):
            full(path)
        create(path, text)

    def failing_stage(target: Path, text: str, *nonce: str) -> None:  # several files: the journal
        new = not target.exists()
        if (which in ("create", "both") and new and folder in ("", target.parent.name)) or (
            which in ("replace", "both") and not new
        ):
            full(target)
        stage(target, text, *nonce)

    if which in ("create", "both"):
        monkeypatch.setattr(edit_core, "create_file", failing_create)
    if which in ("replace", "both"):
        monkeypatch.setattr(edit_core, "replace_file", full)
    monkeypatch.setattr(journal, "write_stage", failing_stage)


def run_failing(
    monkeypatch: pytest.MonkeyPatch, which: str, *args: str, folder: str = ""
) -> subprocess.CompletedProcess[str]:
    """``debatemap ARGS`` (in this process, tests/cli_support.py) with its writes failing."""
    with monkeypatch.context() as patched:
        fail_writes(patched, which, folder)
        return run_cli(*args)


def deny_folder(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make creating files in any folder called ``name`` fail as an unwritable folder would."""
    original, stage = edit_core.create_file, journal.write_stage

    def create(path: Path, text: str) -> None:
        if path.parent.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path.parent))
        original(path, text)

    def staged(target: Path, text: str, *nonce: str) -> None:  # several files go through the journal
        if target.parent.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(target.parent))
        stage(target, text, *nonce)

    monkeypatch.setattr(edit_core, "create_file", create)
    monkeypatch.setattr(journal, "write_stage", staged)


def test_import_with_an_unwritable_theses_folder_changes_no_file(make_map, tmp_path, monkeypatch):
    root = make_map()
    source = tmp_path / "k.txt"
    source.write_text(KIALO, encoding="utf-8")
    deny_folder(monkeypatch, "theses")
    before = tree_digest(root)
    with pytest.raises(WriteFailed) as failed:
        import_graph(root, parse_kialo(KIALO, str(source)), source)
    assert "cannot write" in failed.value.reason and "Permission denied" in failed.value.reason
    assert "theses" in failed.value.reason
    # perspectives.yaml (new 'unassigned') and sources.yaml (new source) are back as they were,
    # and the argument file written before the thesis failed is gone again.
    assert tree_digest(root) == before


def test_cli_import_that_cannot_write_a_node_rolls_back_the_registries(make_map, tmp_path, monkeypatch):
    root = make_map()
    source = tmp_path / "k.txt"
    source.write_text(KIALO, encoding="utf-8")
    before = tree_digest(root)
    args = ["import", "--format", "kialo", str(source), "--arguments", str(root)]
    result = run_failing(monkeypatch, "create", *args, folder="theses")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "debatemap import: error: cannot write '" in result.stderr
    assert "No space left on device (nothing was changed)" in result.stderr
    assert tree_digest(root) == before


def test_cli_import_where_a_folder_is_a_regular_file_fails_cleanly(make_map, tmp_path):
    # No patching: a file named 'theses' stops mkdir even for root.
    root = make_map({"theses/t.yaml": None, "legal/a.yaml": None})
    (root / "theses").write_text("not a folder\n", encoding="utf-8")
    source = tmp_path / "k.txt"
    source.write_text(KIALO, encoding="utf-8")
    before = tree_digest(root)
    result = run_cli("import", "--format", "kialo", str(source), "--arguments", str(root))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "debatemap import: error: cannot write '" in result.stderr
    assert "Not a directory (nothing was changed)" in result.stderr
    assert tree_digest(root) == before


THESIS_U = "id: u\nkind: thesis\ntitle: U\ntext: U.\nquestion: Is U so?\n"
COMMANDS = {
    "add": ("create", ["add", *sum(([f"--{k}", v] for k, v in NODE.items()), [])]),
    "link": ("replace", ["link", "a", "supports", "u"]),
    "unlink": ("replace", ["unlink", "a", "supports", "t"]),
    "add-source": ("replace", ["add-source", "s2", "--title", "Another source"]),
    "add-perspective": ("replace", ["add-perspective", "p2", "--name", "P2", "--colour", "#112233"]),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_editing_command_reports_a_failed_write_without_a_traceback(make_map, command, monkeypatch):
    root = make_map({"theses/u.yaml": THESIS_U})
    which, args = COMMANDS[command]
    before = tree_digest(root)
    result = run_failing(monkeypatch, which, *args, "--arguments", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"debatemap {command}: error: cannot write '" in result.stderr
    assert "No space left on device (nothing was changed)" in result.stderr
    assert result.stdout == ""
    assert tree_digest(root) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda root: add_node(root, NODE),
        lambda root: link(root, "a", "supports", "u"),
        lambda root: unlink(root, "a", "supports", "t"),
        lambda root: add_source(root, "s2", {"title": "Another"}),
        lambda root: add_perspective(root, "p2", {"name": "P2", "colour": "#112233"}),
    ],
    ids=["add_node", "link", "unlink", "add_source", "add_perspective"],
)
def test_api_changes_raise_write_failed_naming_the_file(make_map, monkeypatch, change):
    root = make_map({"theses/u.yaml": THESIS_U})

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(edit_core, "create_file", full)
    monkeypatch.setattr(edit_core, "replace_file", full)
    monkeypatch.setattr(journal, "write_stage", full)
    before = tree_digest(root)
    with pytest.raises(WriteFailed) as failed:
        change(root)
    assert failed.value.reason.startswith("cannot write '")
    assert failed.value.reason.endswith("': No space left on device")
    assert str(root) in failed.value.path or failed.value.path.startswith(root.name)
    assert tree_digest(root) == before


def test_a_failure_midway_takes_back_the_files_already_written(make_map, monkeypatch):
    root = make_map()
    original = journal.write_stage  # two new files: one change through the journal
    calls: list[Path] = []

    def second_fails(path: Path, text: str, *nonce: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error", str(path))
        original(path, text, *nonce)

    monkeypatch.setattr(journal, "write_stage", second_fails)
    before = tree_digest(root)
    other = {**NODE, "id": "second", "title": "Second"}
    with pytest.raises(WriteFailed):
        edit.add_nodes(root, [NODE, other])
    assert len(calls) == 2 and calls[0].parent.name == "legal"
    assert tree_digest(root) == before  # the first file, written, was removed again

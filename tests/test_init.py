"""``debatemap init``: a new map that ``check`` passes at once, and never over an old one."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from debatemap import check, read_map
from debatemap.edit import ChangeRefused, add_node, add_perspective, add_source, init_map, link
from debatemap.validation.schema import schema_json
from edit_support import assert_clean, run, tree_digest


def test_init_writes_a_map_that_check_passes(tmp_path):
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "arguments"
    assert result.stdout.strip() == "arguments"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        "node.schema.json",
        "perspectives.yaml",
        "sources.yaml",
        "sources/README.txt",
    ]
    for registry in ("perspectives.yaml", "sources.yaml"):
        lines = (root / registry).read_text(encoding="utf-8").splitlines()
        assert all(line.startswith("#") or not line.strip() for line in lines)  # comments only
        assert any("debatemap add-" in line for line in lines)  # says how to add to it
    assert "sources.yaml" in (root / "sources" / "README.txt").read_text(encoding="utf-8")
    assert (root / "node.schema.json").read_text(encoding="utf-8") == schema_json()
    checked = run("check", cwd=tmp_path)
    assert checked.returncode == 0 and "no problems" in checked.stderr
    assert "debatemap add-perspective" in result.stderr  # says what to do next
    assert "debatemap add-source ID --from FILE" in result.stderr  # the easy way to a source


def test_init_with_a_question_writes_a_first_thesis_that_names_the_schema(tmp_path):
    result = run("init", "debate", "--question", "Should cities ban cars?", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "debate"
    thesis = root / "theses" / "should-cities-ban-cars.yaml"
    first_line = thesis.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../node.schema.json"
    assert (thesis.parent / "../node.schema.json").resolve().is_file()
    node = read_map(root)[0].nodes["should-cities-ban-cars"]
    assert (node.kind, node.question, node.title) == (
        "thesis",
        "Should cities ban cars?",
        "Should cities ban cars?",
    )
    _, problems = check(root)
    assert [p for p in problems if p.is_error] == []
    assert "--arguments debate" in result.stderr  # the next steps name the folder given


def test_init_api_with_thesis_and_text(tmp_path):
    root = init_map(
        tmp_path / "m", question="Should X be legal?", thesis="X should be legal", text="In full."
    )
    node = read_map(root)[0].nodes["x-should-be-legal"]
    assert (node.title, node.text, node.question) == ("X should be legal", "In full.", "Should X be legal?")


@pytest.mark.parametrize(
    "existing",
    [
        {"perspectives.yaml": "# mine\n"},
        {"sources.yaml": ""},
        {"legal/a.yaml": "id: a\n"},
        {"deep/er/b.yml": "x: 1\n"},
    ],
)
def test_init_refuses_a_folder_that_holds_a_map_and_writes_nothing(tmp_path, existing):
    root = tmp_path / "arguments"
    for name, content in existing.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    before = tree_digest(tmp_path)
    result = run("init", "--question", "Q?", cwd=tmp_path)
    assert result.returncode == 1
    assert "already holds a map" in result.stdout
    assert tree_digest(tmp_path) == before


def test_init_into_an_existing_folder_without_yaml_keeps_its_files(tmp_path):
    root = tmp_path / "arguments"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "report.txt").write_text("The text.\n", encoding="utf-8")
    before = tree_digest(root)
    with pytest.raises(ChangeRefused):
        init_map(root, question="\x1b[2J?")
    assert tree_digest(root) == before
    init_map(root)
    assert (root / "sources" / "report.txt").read_text(encoding="utf-8") == "The text.\n"
    assert (root / "sources" / "README.txt").is_file()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--question", "bad\x07?"], "DM032"),
        (["--question", "Q" * 501], "DM031"),
        (["--question", "Q" * 300 + "?"], "DM031"),
        (["--thesis", "A claim"], "DM017"),
    ],
)
def test_init_refuses_bad_input_before_making_any_folder(tmp_path, args, code):
    result = run("init", "new", *args, cwd=tmp_path)
    assert result.returncode == 1
    assert code in result.stdout and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_on_a_file_is_refused(tmp_path):
    (tmp_path / "arguments").write_text("not a folder\n", encoding="utf-8")
    result = run("init", cwd=tmp_path)
    assert result.returncode == 1 and "is a file, not a folder" in result.stdout


def test_every_editing_command_works_on_a_map_with_no_nodes(tmp_path):
    root = init_map(tmp_path / "arguments")
    add_perspective(root, "health", {"name": "Health", "colour": "#009E73"})
    add_source(root, "report", {"title": "A report", "perspective": "health"})
    add_node(root, {"kind": "thesis", "title": "T", "text": "T.", "question": "Is T so?"})
    add_node(root, {"title": "A", "text": "A.", "perspective": "health", "source": "report", "quote": "q"})
    link(root, "a", "supports", "t")
    assert_clean(root)
    assert (root / "perspectives.yaml").read_text(encoding="utf-8").startswith("# perspectives.yaml")


def test_add_perspective_and_add_source_create_missing_registries(tmp_path):
    root = tmp_path / "bare"
    root.mkdir()
    assert {p.code for p in check(root)[1]} == {"DM028"}
    result = run(
        "add-perspective", "health", "--name", "Health", "--colour", "#009E73", "--arguments", str(root)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "perspectives.yaml").read_text(encoding="utf-8").startswith("# perspectives.yaml")
    result = run("add-source", "report", "--title", "A report", "--arguments", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert_clean(root)
    assert read_map(root)[0].sources["report"].title == "A report"


def _at_terminal(cwd: Path, answers: list[bytes], *args: str) -> tuple[int, str]:
    """Run ``debatemap init ARGS`` with a pseudo-terminal, answering each prompt in turn."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "debatemap", "init", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    for answer in answers:
        deadline = time.monotonic() + 30
        while b": " not in seen:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, seen.decode(errors="replace")
            seen += os.read(master, 4096)
        seen = b""
        os.write(master, answer + b"\n")
    code = process.wait(timeout=60)
    try:
        while chunk := os.read(master, 4096):
            seen += chunk
    except OSError:
        pass
    os.close(master)
    return code, seen.decode(errors="replace")


def test_init_at_a_terminal_asks_for_the_question_and_the_thesis(tmp_path):
    code, shown = _at_terminal(tmp_path, [b"Should cities ban cars?", b"Cities should ban cars"])
    assert code == 0, shown
    node = read_map(tmp_path / "arguments")[0].nodes["cities-should-ban-cars"]
    assert node.question == "Should cities ban cars?"


def test_init_at_a_terminal_can_skip_the_thesis(tmp_path):
    code, shown = _at_terminal(tmp_path, [b""])
    assert code == 0, shown
    assert not (tmp_path / "arguments" / "theses").exists()
    assert "--kind thesis" in shown  # says how to add one later


def test_init_schema_is_valid_json(tmp_path):
    root = init_map(tmp_path / "m")
    assert json.loads((root / "node.schema.json").read_text(encoding="utf-8"))["type"] == "object"

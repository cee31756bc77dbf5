"""The examples of docs/ work on the shipped map, as a newcomer would type them.

(The README's own session runs in ``test_newcomer.py``; that every command the docs show
parses, in ``test_docs_fresh.py``.)
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap import check

REPO = Path(__file__).resolve().parent.parent
FORMAT = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
EDITING = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")


def block_after(heading: str, language: str, page: str = EDITING) -> str:
    """The first fenced block of ``language`` after the line ``heading`` in ``page``."""
    rest = page[page.index(heading) :]
    match = re.search(rf"```{language}\n(.*?)```", rest, re.S)
    assert match, f"no {language} block after {heading!r}"
    return match.group(1)


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped map in ``tmp/arguments``, with the working directory at ``tmp``."""
    shutil.copytree(REPO / "arguments", tmp_path / "arguments")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "arguments"


def errors_of(root: Path) -> list[str]:
    _, problems = check(root)
    return [p.format() for p in problems if p.is_error]


def test_the_example_node_is_valid(shipped: Path) -> None:
    text = block_after("A node:", "yaml", FORMAT)
    ident = re.search(r"^id: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    (next(shipped.rglob(f"{ident}.yaml"))).write_text(text, encoding="utf-8")
    assert errors_of(shipped) == []


def test_the_by_hand_example_is_valid(shipped: Path) -> None:
    text = block_after("## By hand", "yaml")
    ident = re.search(r"^id: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    (shipped / "sex-worker-rights" / f"{ident}.yaml").write_text(text, encoding="utf-8")
    assert errors_of(shipped) == []


def commands_in(block: str) -> list[tuple[list[str], list[str]]]:
    """Each ``$ debatemap ...`` command of a shell block (continuations joined) and its output lines."""
    found: list[tuple[list[str], list[str]]] = []
    for line in block.replace("\\\n", " ").splitlines():
        if line.startswith("$ debatemap ") or line.startswith("debatemap "):
            words = shlex.split(line.removeprefix("$ ").replace("[--arguments DIR]", ""))
            found.append((words[1:], []))
        elif found and line.strip():
            found[-1][1].append(line.strip())
    return found


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def test_the_add_link_and_unlink_examples_work(shipped: Path) -> None:
    ((add, printed),) = commands_in(block_after("## By command: `debatemap add`", "sh"))
    result = run(add)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == printed
    link_block = commands_in(block_after("## `debatemap link` and `unlink`", "sh"))
    assert [args[0] for args, _ in link_block] == ["link", "unlink"]
    for args, _ in link_block:
        result = run(args)
        assert result.returncode == 0, result.stdout + result.stderr
    assert errors_of(shipped) == []


def test_the_python_editing_example_runs(shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(block_after("## From Python", "python"), "docs/editing.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "raids-rarely-find-trafficked-people.yaml" in printed
    assert errors_of(shipped) == []


def test_the_quote_example_prints_what_the_readme_shows(shipped: Path, tmp_path: Path) -> None:
    ((args, printed),) = commands_in(block_after("## Finding a quote: `debatemap quote`", "sh"))
    # The seed texts stay out of the repository: a stand-in file holds the quoted line where it is.
    texts = tmp_path / "texts"
    texts.mkdir()
    wanted = printed[1]
    (texts / "002_1b00d23d01466317.txt").write_text("x.\n" * 38 + wanted + "\n", encoding="utf-8")
    args[args.index("--sources-dir") + 1] = str(texts)
    result = run(args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == printed

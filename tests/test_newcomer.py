"""A newcomer, with the README alone: from an empty folder to a built map of their own debate.

The README's "Start your own map" session runs here exactly as written, pasted into
``bash -e`` in an empty folder with ``debatemap`` on the PATH (as after the Quick
start's ``. .venv/bin/activate``). The examples in docs/editing.md for ``edit``,
``rename`` and ``remove`` run on a copy of the shipped map.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from debatemap import check, read_map

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
EDITING = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")


def section(heading: str, page: str = README) -> str:
    start = page.index(f"\n{heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start : end if end >= 0 else None]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``script`` as a person pasting it would, with the installed ``debatemap`` first on PATH."""
    scripts = Path(sys.executable).parent  # the virtual environment `. .venv/bin/activate` puts first
    assert (scripts / "debatemap").is_file(), "debatemap is not installed beside this Python"
    env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_quick_start_says_how_to_type_debatemap():
    quick = section("## Quick start")
    assert "make build" in quick and "make test" in quick  # its two commands stay
    assert ". .venv/bin/activate" in quick and ".venv/bin/debatemap" in quick
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -e ." in makefile  # `make build` installs the entry point into .venv
    assert 'debatemap = "debatemap.cli:main"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_a_newcomer_maps_their_own_debate_with_the_readme_session(tmp_path):
    (session,) = blocks(section("## Start your own map"), "sh")
    commands, in_text = [], False
    for line in session.splitlines():
        if in_text:  # the lines of a here-document are the source's text, not commands
            in_text = line != "EOF"
        elif line and not line.startswith(" "):
            commands.append(line.split()[0])
            in_text = "<<'EOF'" in line
    # Only what a newcomer has: debatemap itself, and making a folder and a text file.
    assert set(commands) <= {"debatemap", "mkdir", "cat"}, commands
    steps = [
        shlex.split(line)[1]
        for line in session.replace("\\\n", " ").splitlines()
        if line.startswith("debatemap ")
    ]
    for needed in ("init", "add-perspective", "add-source", "add", "link", "check", "build"):
        assert needed in steps, needed
    assert steps.index("init") == 0 and steps[-2:] == ["check", "build"]

    result = bash(session, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr

    (folder,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    root = folder / "arguments"
    for built in ("debate_map.html", "handout.md", "handout.html", "handout.pdf"):
        assert (folder / "output" / built).stat().st_size > 0, built
    debate, problems = check(root, sources_dir=root / "sources")  # quotes verified against the text
    assert [p.format() for p in problems if p.is_error] == []
    # Every node the session added is on the map, and the link made after the fact holds.
    added = re.findall(r'^debatemap add --title "([^"]+)"', session, re.M)
    assert sorted(n.title for n in debate.nodes.values() if n.kind == "argument") == sorted(added)
    linked = re.search(r"^debatemap link (\S+) (supports|opposes) (\S+)", session, re.M)
    assert linked and linked.group(3) in getattr(debate.nodes[linked.group(1)], linked.group(2))
    assert len(debate.theses()) == 1 and len(debate.perspectives) == 2 and len(debate.sources) == 1
    html = (folder / "output" / "debate_map.html").read_text(encoding="utf-8")
    assert all(title in html for title in added)
    again = bash("debatemap check", folder)
    assert again.returncode == 0 and "no problems" in again.stderr


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "arguments", tmp_path / "arguments")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "arguments"


def test_the_edit_rename_and_remove_examples_work_on_the_shipped_map(shipped):
    examples = blocks(section("## Changing a node: `edit`, `rename` and `remove`", EDITING), "sh")[0]
    result = bash(examples, shipped.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    debate = read_map(shipped)[0]
    assert "raids-drive-sex-work-underground" not in debate.nodes
    assert "raids-push-sex-work-underground" not in debate.nodes  # renamed, then removed
    _, problems = check(shipped)
    assert [p.format() for p in problems if p.is_error] == []


def test_the_python_lifecycle_example_runs(shipped):
    (example,) = [b for b in blocks(EDITING, "python") if "rename_node" in b]
    exec(compile(example, "docs/editing.md", "exec"), {})
    assert (shipped.parent / "my-map" / "perspectives.yaml").is_file()
    assert "raids-push-sex-work-underground" not in read_map(shipped)[0].nodes
    _, problems = check(shipped)
    assert [p.format() for p in problems if p.is_error] == []

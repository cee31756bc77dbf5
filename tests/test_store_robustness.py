"""Reading a map whose folder holds what a map should not: unreadable folders,
symlinked folders and loops, FIFOs and devices, control characters.

Tests run as root in CI, where ``chmod`` does not stop a read: unreadable
folders and files are simulated by making ``os.scandir``, ``os.stat`` and
``os.open`` refuse the paths, the way the kernel refuses an ordinary user.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from debatemap import cli
from debatemap.graph.build import build_graph
from debatemap.model import DebateMap, Node, Problem, terminal_safe
from debatemap.validation.validate import check

ESCAPES = "\x00\x01\x07\x1b\x7f\x85\x9b\u202a\u202e\u2066\u2069"
ARGUMENT = """\
id: {ident}
kind: argument
title: {title}
text: The argument in full.
perspective: legal
source: s1
quote: "A quoted sentence."
supports: [t]
"""


def _refuse(
    monkeypatch: pytest.MonkeyPatch, function: str, refused: set[str], below: Path | None = None
) -> None:
    """Make ``os.<function>`` raise EACCES for the paths in ``refused`` (and all below ``below``)."""
    real = getattr(os, function)
    normal = {os.path.normpath(p) for p in refused}

    def denied(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = os.path.normpath(os.fsdecode(path)) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if name in normal or (below is not None and name.startswith(str(below) + os.sep)):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, function, denied)


def _codes(problems: list[Problem]) -> list[tuple[str, str, str, int, int]]:
    return [(p.severity, p.code, p.path, p.line, p.column) for p in problems]


def _check_command(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["check", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. folders that cannot be listed -------------------------------------------


def test_unreadable_subfolder_is_an_error_not_missing_nodes(make_map, monkeypatch, capsys):
    root = make_map()
    _refuse(monkeypatch, "scandir", {str(root / "legal")})
    _, problems = check(root)
    assert ("error", "DM030", f"{root}/legal", 1, 1) in _codes(problems)
    folder = next(p for p in problems if p.code == "DM030")
    assert "Permission denied" in folder.message and "permissions" in (folder.hint or "")
    code, out, err = _check_command(root, capsys)
    assert code == 1 and f"{root}/legal:1:1: error DM030 cannot read folder" in out
    assert "ok:" not in err


def test_map_folder_that_cannot_be_listed_is_an_error(make_map, monkeypatch, capsys):
    # chmod 311: the registries can still be opened, but no node file can be found.
    root = make_map()
    _refuse(monkeypatch, "scandir", {str(root)})
    _, problems = check(root)
    assert _codes(problems) == [("error", "DM030", str(root), 1, 1)]
    code, out, err = _check_command(root, capsys)
    assert code == 1 and "ok: 0 nodes" not in err


def test_map_folder_without_any_permission_is_reported_without_a_traceback(make_map, monkeypatch, capsys):
    # chmod 000: nothing inside can even be looked at (Path.exists raised PermissionError).
    root = make_map()
    for function in ("scandir", "stat", "open"):
        _refuse(monkeypatch, function, {str(root)} if function == "scandir" else set(), below=root)
    _, problems = check(root)
    assert set(_codes(problems)) == {
        ("error", "DM030", str(root), 1, 1),
        ("error", "DM030", f"{root}/perspectives.yaml", 1, 1),
        ("error", "DM030", f"{root}/sources.yaml", 1, 1),
    }
    code, out, err = _check_command(root, capsys)
    assert code == 1 and "Traceback" not in err and "cannot read" in out


# --- 2. symlinked folders ---------------------------------------------------------


def _outside_folder(tmp_path: Path) -> Path:
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "e.yaml").write_text(ARGUMENT.format(ident="e", title="Elsewhere"))
    return outside


def test_symlinked_folder_is_read_with_paths_under_the_map(make_map, tmp_path):
    root = make_map()
    (root / "health").symlink_to(_outside_folder(tmp_path), target_is_directory=True)
    debate, problems = check(root)
    assert problems == [] and "e" in debate.nodes
    assert debate.nodes["e"].position.path == f"{root}/health/e.yaml"


def test_symlink_loop_is_reported_once_and_read_once(make_map, tmp_path):
    root = make_map()
    outside = _outside_folder(tmp_path)
    (outside / "loop").symlink_to(outside, target_is_directory=True)
    (root / "health").symlink_to(outside, target_is_directory=True)
    debate, problems = check(root)
    assert _codes(problems) == [("warning", "DM038", f"{root}/health/loop", 1, 1)]
    assert "already read" in problems[0].message and sorted(debate.nodes) == ["a", "e", "t"]


def test_symlink_back_into_the_map_is_not_read_twice(make_map):
    root = make_map()
    (root / "alias").symlink_to(root / "legal", target_is_directory=True)
    (root / "legal" / "up").symlink_to(root, target_is_directory=True)
    debate, problems = check(root)
    assert _codes(problems) == [
        ("warning", "DM038", f"{root}/alias", 1, 1),
        ("warning", "DM038", f"{root}/legal/up", 1, 1),
    ]
    assert all(p.code != "DM011" for p in problems) and sorted(debate.nodes) == ["a", "t"]


def test_adding_into_a_symlinked_folder_outside_the_map_is_refused(make_map, tmp_path):
    from debatemap.edit.nodes import ChangeRefused, add_node

    root = make_map()
    outside = _outside_folder(tmp_path)
    (root / "health").symlink_to(outside, target_is_directory=True)
    fields = {
        "title": "New",
        "text": "x",
        "perspective": "health",
        "source": "s1",
        "quote": "q",
        "supports": ["t"],
    }
    with pytest.raises(ChangeRefused) as refused:
        add_node(root, fields)
    assert any(p.code == "DM039" and "outside the map" in p.message for p in refused.value.problems)
    assert sorted(p.name for p in outside.iterdir()) == ["e.yaml"]


def test_linking_a_node_in_a_symlinked_folder_outside_the_map_is_refused(make_map, tmp_path):
    from debatemap.edit.nodes import ChangeRefused, link

    root = make_map()
    outside = _outside_folder(tmp_path)
    (root / "health").symlink_to(outside, target_is_directory=True)
    before = (outside / "e.yaml").read_bytes()
    try:
        with pytest.raises(ChangeRefused):
            link(root, "e", "opposes", "a")
    finally:
        assert (outside / "e.yaml").read_bytes() == before


# --- 3. files that are not regular files -----------------------------------------


def _check_in_subprocess(root: Path) -> subprocess.CompletedProcess[str]:
    """Run ``check`` in its own process: before the fix a FIFO made it wait forever."""
    return subprocess.run(
        [sys.executable, "-m", "debatemap", "check", str(root)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_fifo_named_yaml_is_an_error_not_a_hang(make_map):
    root = make_map()
    os.mkfifo(root / "legal" / "fifo.yaml")
    result = _check_in_subprocess(root)
    assert result.returncode == 1, result.stderr
    assert f"{root}/legal/fifo.yaml:1:1: error DM030 cannot read file: it is a FIFO" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_fifo_registry_is_an_error_not_a_hang(make_map):
    root = make_map({"sources.yaml": None})
    os.mkfifo(root / "sources.yaml")
    result = _check_in_subprocess(root)
    assert result.returncode == 1
    assert f"{root}/sources.yaml:1:1: error DM030" in result.stdout and "not a regular file" in result.stdout


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_symlink_to_a_device_is_not_read(make_map):
    root = make_map()
    (root / "legal" / "zero.yaml").symlink_to("/dev/zero")
    _, problems = check(root)
    assert _codes(problems) == [("error", "DM030", f"{root}/legal/zero.yaml", 1, 1)]
    assert "a device, not a regular file" in problems[0].message


def test_symlink_to_a_regular_file_is_read(make_map, tmp_path):
    root = make_map()
    target = tmp_path / "e.yaml"
    target.write_text(ARGUMENT.format(ident="e", title="Linked file"))
    (root / "legal" / "e.yaml").symlink_to(target)
    debate, problems = check(root)
    assert problems == [] and debate.nodes["e"].title == "Linked file"


# --- 4. control characters ----------------------------------------------------------


def test_control_characters_in_values_are_refused_where_they_are(make_map):
    root = make_map(
        {"legal/b.yaml": ARGUMENT.format(ident="b", title='"ok\\eend"').replace("[t]", '[t, "a\\x01"]')}
    )
    _, problems = check(root)
    found = [(p.code, p.line, p.column) for p in problems if p.code == "DM032"]
    assert found == [("DM032", 3, 8), ("DM032", 8, 15)]
    assert "\\x1b" in (problems[0].hint or "") and "'title'" in problems[0].message


def test_tabs_and_line_breaks_in_values_are_fine(make_map):
    text = ARGUMENT.format(ident="b", title="B").replace("The argument in full.", '"one\\ttwo\\nthree"')
    root = make_map({"legal/b.yaml": text})
    debate, problems = check(root)
    assert problems == [] and debate.nodes["b"].text == "one\ttwo\nthree"


@pytest.mark.parametrize("character", list(ESCAPES))
def test_every_forbidden_character_is_refused_in_a_registry(make_map, character):
    escape = f"\\x{ord(character):02x}" if ord(character) < 0x100 else f"\\u{ord(character):04x}"
    root = make_map({"perspectives.yaml": f'legal:\n  name: "Le{escape}gal"\n  colour: "#0072B2"\n'})
    _, problems = check(root)
    assert [(p.code, p.path, p.line, p.column) for p in problems] == [
        ("DM032", f"{root}/perspectives.yaml", 2, 9)
    ]
    assert escape in (problems[0].hint or "")


def test_hostile_value_reaches_the_terminal_escaped(make_map, capsys):
    hostile = "p\x1b]0;pwned\x07\x1b[2J\u202eevil"
    # Bypass the DM032 rule: the message must be safe on its own (defence in depth).
    problem = Problem(
        "m/a.yaml", 5, 14, "error", "DM012", f"unknown perspective '{hostile}'", f"not '{hostile}'"
    )
    line = problem.format()
    assert not any(c in line for c in ESCAPES + "\n\t")
    assert "p\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil" in line
    root = make_map(
        {
            "legal/b.yaml": ARGUMENT.format(ident="b", title="B").replace(
                "perspective: legal", 'perspective: "p\\e]0;pwned\\a\\e[2J"'
            )
        }
    )
    code, out, _ = _check_command(root, capsys)
    assert code == 1 and "\x1b" not in out and "\x07" not in out and "DM032" in out


def test_terminal_safe_leaves_ordinary_text_alone():
    text = "Raids drive sex work underground — « quoted » ünïcödé 中文"
    assert terminal_safe(text) is text


def test_stats_text_report_escapes_titles():
    from debatemap.cli.commands.stats import format_text
    from debatemap.graph.analysis import summary

    thesis = Node("t", "thesis", "Thesis\x1b[2J\u202e", question="Q?")
    argument = Node("a", "argument", "Arg\x07", perspective="legal", source="s", quote="q", opposes=("t",))
    debate = DebateMap({"t": thesis, "a": argument}, {}, {})
    graph = build_graph(debate)
    report = format_text(summary(graph, 0.5, None), graph.nodes, 0)
    assert "Thesis\\x1b[2J\\u202e" in report and "Arg\\x07" in report
    assert not any(c in report for c in ESCAPES)

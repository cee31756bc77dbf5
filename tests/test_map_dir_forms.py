"""Every command takes the map folder as DIR or as --arguments DIR; both, differing, is exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from edit_support import run


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["stats", "--top", "1"],
        ["export", "--format", "json"],
    ],
)
def test_reading_commands_take_both_forms(make_map, command):
    root = str(make_map())
    positional = run(*command, root)
    option = run(*command, "--arguments", root)
    both = run(*command, root, "--arguments", root)
    assert positional.returncode == option.returncode == both.returncode == 0, option.stderr
    assert positional.stdout == option.stdout == both.stdout


def test_build_takes_arguments_option(make_map, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--arguments", str(make_map()), "-o", str(out), "--handout", "none")
    assert result.returncode == 0, result.stderr
    assert (out / "debate_map.html").is_file()


def test_editing_commands_take_a_positional_dir_too(make_map):
    root = str(make_map())
    assert run("link", "a", "opposes", "t", root).returncode == 1  # a already supports t: refused, not usage
    added = run("add-perspective", "rights", root, "--name", "Rights", "--colour", "#123456")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "rights:" in (Path(root) / "perspectives.yaml").read_text()


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["stats"],
        ["link", "a", "supports", "t"],
        ["add-perspective", "x"],  # DIR right after the command's own positionals
    ],
)
def test_two_different_folders_are_a_usage_error(make_map, tmp_path, command):
    root = str(make_map())
    other = tmp_path / "other"
    other.mkdir()
    extra = ["--name", "X", "--colour", "#123456"] if command[0] == "add-perspective" else []
    result = run(*command, root, "--arguments", str(other), *extra)
    assert result.returncode == 2
    assert "given twice, differently" in result.stderr and "Traceback" not in result.stderr

"""Commands find the map the way git finds its repository, and say where it is when pointed
one level too high."""

from __future__ import annotations

from edit_support import run


def test_check_works_from_inside_the_map_folder_and_below_it(make_map):
    root = make_map()
    for where in (root, root / "legal"):
        result = run("check", cwd=where)
        assert result.returncode == 0, (where, result.stdout + result.stderr)


def test_stats_works_from_the_folder_that_holds_arguments(make_map):
    root = make_map()
    assert run("stats", cwd=root.parent).returncode == 0


def test_a_folder_holding_a_map_one_level_down_gets_a_did_you_mean(make_map, tmp_path):
    root = make_map()
    uniforms = tmp_path / "uniforms"
    uniforms.mkdir()
    root.rename(uniforms / "arguments")
    link = ["link", "a", "opposes", "t", "--arguments", "uniforms"]
    for args in (["check", "uniforms"], ["build", "uniforms"], link):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "did you mean 'uniforms/arguments'?" in result.stderr, result.stderr
        assert len((result.stdout + result.stderr).splitlines()) <= 3  # one message, not dozens


def test_no_folder_given_above_a_map_gets_a_did_you_mean(make_map, tmp_path):
    root = make_map()
    debate = tmp_path / "my-debate"
    debate.mkdir()
    root.rename(debate / "arguments")
    for args in (["check"], ["build"], ["stats"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "did you mean 'my-debate/arguments'?" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_no_map_anywhere_says_how_to_start_one(tmp_path):
    result = run("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "map directory 'arguments' does not exist" in result.stderr
    assert "or start one with debatemap init" in result.stderr, result.stderr


def test_edit_supports_says_to_use_link(make_map):
    root = make_map()
    result = run("edit", "a", "--supports", "t", "--arguments", str(root))
    assert result.returncode == 2
    assert "use 'debatemap link a supports TARGET_ID'" in result.stderr, result.stderr

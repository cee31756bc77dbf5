"""``debatemap check`` through the real command and the Python API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap import check


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def test_valid_map_has_no_problems(make_map):
    root = make_map()
    debate, problems = check(root)
    assert problems == []
    assert sorted(debate.nodes) == ["a", "t"]
    result = run("check", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_error_exits_1_with_position_and_did_you_mean(make_map):
    root = make_map({"legal/a.yaml": ARG_WITH_TYPO})
    result = run("check", str(root))
    assert result.returncode == 1
    line = next(out for out in result.stdout.splitlines() if "DM012" in out)
    assert line.startswith(f"{root / 'legal' / 'a.yaml'}:5:14: error DM012 ")
    assert "did you mean 'legal'?" in line
    assert "Traceback" not in result.stderr


def test_json_format_lists_every_problem(make_map):
    root = make_map({"legal/a.yaml": ARG_WITH_TYPO})
    result = run("check", str(root), "--format", "json")
    document = json.loads(result.stdout)
    assert document["errors"] == 1
    assert [p["code"] for p in document["problems"]] == ["DM012"]
    assert document["problems"][0]["line"] == 5


def test_warnings_alone_exit_0(make_map):
    root = make_map({"legal/b.yaml": ARG_ALONE})
    result = run("check", str(root))
    assert result.returncode == 0
    assert "warning DM019" in result.stdout


def test_missing_directory_is_a_usage_error(tmp_path):
    result = run("check", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_unknown_option_is_a_usage_error():
    assert run("check", "--frobnicate").returncode == 2


ARG_WITH_TYPO = """\
id: a
kind: argument
title: An argument
text: The argument in full.
perspective: legl
source: s1
quote: "A quoted sentence."
supports: [t]
"""

ARG_ALONE = """\
id: b
kind: argument
title: Alone
text: Connected to nothing.
perspective: legal
source: s1
quote: "Another sentence."
"""


def test_check_does_not_pay_for_networkx_or_the_renderers(make_map):
    """Only the command being run is imported: check starts in a fraction of a second."""
    root = make_map()
    code = (
        "import sys\nfrom debatemap.cli import main\n"
        f"status = main(['check', {str(root)!r}])\n"
        "print(status, sorted(m for m in ('networkx', 'jinja2', 'weasyprint') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "0 []", result.stdout + result.stderr


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("check", "build", "handout", "add", "link", "unlink", "add-source", "add-perspective",
                    "stats", "export", "import", "schema"):  # fmt: skip
        assert f"    {command}" in result.stdout


WARNING_ONLY = """\
id: lonely
kind: argument
title: Connected to nothing
text: A claim nobody links.
perspective: legal
source: s1
quote: "Alone."
"""


@pytest.mark.parametrize("command", ["build", "handout", "export", "stats"])
def test_commands_that_need_a_valid_map_refuse_a_broken_one_and_write_nothing(make_map, tmp_path, command):
    root = make_map({"legal/a.yaml": ARG_WITH_TYPO})
    out = tmp_path / "out"
    extra = {"build": ["-o", str(out)], "handout": ["-o", str(out)], "export": ["--format", "json"]}
    result = run(command, str(root), *extra.get(command, []))
    assert result.returncode == 1
    assert "DM012" in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert f"debatemap {command}: refused: the map has errors" in result.stderr
    assert not out.exists()
    # Data commands keep standard output for data: nothing but the refusal goes there.
    if command in ("export", "stats"):
        assert result.stdout == ""
    missing = run(command, str(tmp_path / "nowhere"), *extra.get(command, []))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


@pytest.mark.parametrize("command", ["export", "stats"])
def test_warnings_do_not_stop_data_commands_or_mix_into_their_data(make_map, command):
    root = make_map({"legal/lonely.yaml": WARNING_ONLY})
    args = ["--format", "json"]
    result = run(command, str(root), *args)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)  # the whole of stdout is the JSON document

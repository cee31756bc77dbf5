"""A problem a newcomer meets first says how to fix it, even when no close id or cause is known."""

from __future__ import annotations

from cli_support import run_cli

ARGUMENT = "id: b\nkind: argument\ntitle: B\ntext: B.\nperspective: legal\nsource: s1\nquote: q\n{link}\n"


def _problem_line(output: str, code: str) -> str:
    lines = [line for line in output.splitlines() if f" {code} " in line]
    assert lines, output
    return lines[0]


def test_a_tab_in_the_indentation_is_named_in_the_hint(make_map):
    root = make_map({"legal/b.yaml": ARGUMENT.format(link="supports:\n\t- a")})
    result = run_cli("check", str(root))
    assert result.returncode == 1
    line = _problem_line(result.stdout, "DM001")
    assert "legal/b.yaml:" in line
    assert "hint: indent with spaces" in line, line


def test_a_link_to_an_id_like_none_in_the_map_still_has_a_hint(make_map):
    root = make_map({"legal/b.yaml": ARGUMENT.format(link="supports: [zzzz-qqqq-xxxx]")})
    result = run_cli("check", str(root))
    assert result.returncode == 1
    line = _problem_line(result.stdout, "DM014")
    assert "(hint: correct the id, or add the node it names with debatemap add)" in line, line


def test_a_link_to_a_near_miss_still_suggests_the_close_id(make_map):
    root = make_map({"legal/b.yaml": ARGUMENT.format(link="supports: [aa]")})
    result = run_cli("check", str(root))
    line = _problem_line(result.stdout, "DM014")
    assert "did you mean 'a'?" in line, line

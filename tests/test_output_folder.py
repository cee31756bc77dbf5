"""``-o`` names the folder ``build`` and ``handout`` write into, never a file.

``handout --kind sac -o /tmp/sac.pdf`` used to make a *folder* ``sac.pdf/`` holding
``sac.md``, ``sac.html`` and ``sac.pdf``: a trap for anyone who reads ``-o`` as "the file".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_support import run_cli

SMALL = Path(__file__).parent / "maps" / "groups_undercuts"


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (("build", "--handout", "none"), "map.html"),
        (("build", "--handout", "none"), "Map.HTM"),
        (("handout", "--format", "md", "--kind", "sac"), "sac.pdf"),
        (("handout", "--format", "md"), "brief.md"),
    ],
)
def test_a_file_name_after_o_is_refused_and_nothing_is_written(
    tmp_path: Path, command: tuple[str, ...], name: str
) -> None:
    target = tmp_path / "out" / name
    result = run_cli(command[0], str(SMALL), "-o", str(target), *command[1:])
    assert result.returncode == 2
    assert "looks like a file name" in result.stderr
    assert f"write -o {tmp_path / 'out'} instead" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_existing_folder_with_such_a_name_is_still_taken(tmp_path: Path) -> None:
    folder = tmp_path / "site.html"
    folder.mkdir()
    result = run_cli("build", str(SMALL), "-o", str(folder), "--handout", "none")
    assert result.returncode == 0, result.stderr
    assert (folder / "debate_map.html").is_file()


def test_a_plain_folder_name_works_as_before(tmp_path: Path) -> None:
    result = run_cli("handout", str(SMALL), "-o", str(tmp_path / "lesson"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lesson" / "handout.md").is_file()

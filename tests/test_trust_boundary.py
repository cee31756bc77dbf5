"""Everything from outside is read by one safe reader: contained, regular files only, size-capped.

A hostile ``sources.yaml`` must not make ``check --sources-dir`` read a file
outside the sources folder (and print part of it as "closest passage"), hang on
a FIFO or exhaust memory on ``/dev/zero``; a hostile value must not crash the
reader; positions are characters, not bytes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cli_support import run_cli
from debatemap.rules.constraints import MAX_SOURCE_TEXT_BYTES
from debatemap.store.sourcetext import read_source_text
from debatemap.store.yamlread import read_file
from debatemap.validation.validate import check

SECRET = "TOP SECRET LINE that must never be printed."


def _sources(make_map, tmp_path: Path, file_value: str) -> tuple[Path, Path]:
    registry = (
        f's1:\n  title: "A source"\n  author: "not stated"\n  date: "not stated"\n'
        f"  perspective: legal\n  file: {file_value}\n"
    )
    root = make_map({"sources.yaml": registry})
    texts = tmp_path / "texts"
    texts.mkdir(exist_ok=True)
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    return root, texts


def _run_check(root: Path, texts: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("check", "--sources-dir", str(texts), str(root))


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "sub/../../secret.txt", ".hidden"])
def test_a_source_file_that_is_not_a_plain_name_is_refused(make_map, tmp_path, name):
    root, texts = _sources(make_map, tmp_path, f'"{name}"')
    result = _run_check(root, texts)
    assert result.returncode == 1 and " DM037 " in result.stdout
    assert SECRET not in result.stdout and "Traceback" not in result.stderr


def test_a_symlink_out_of_the_sources_folder_is_not_followed(make_map, tmp_path):
    root, texts = _sources(make_map, tmp_path, "s1.txt")
    (texts / "s1.txt").symlink_to(tmp_path / "secret.txt")
    result = _run_check(root, texts)
    assert result.returncode == 1 and " DM026 " in result.stdout
    assert "outside the sources folder" in result.stdout
    assert SECRET not in result.stdout


def test_a_device_is_not_read(make_map, tmp_path):
    root, texts = _sources(make_map, tmp_path, "s1.txt")
    (texts / "s1.txt").symlink_to("/dev/zero")
    result = _run_check(root, texts)  # would exhaust memory if read
    assert result.returncode == 1 and " DM026 " in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_does_not_hang_check(make_map, tmp_path):
    root, texts = _sources(make_map, tmp_path, "s1.txt")
    os.mkfifo(texts / "s1.txt")
    result = _run_check(root, texts)  # the timeout fails the test if it hangs
    assert result.returncode == 1 and "not a regular file" in result.stdout


def test_an_oversized_source_text_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(MAX_SOURCE_TEXT_BYTES + 10)
    text, why = read_source_text(tmp_path, "big.txt")
    assert text is None and why is not None and "over 10 MiB" in why


def test_a_plain_source_text_is_read(tmp_path):
    (tmp_path / "s1.txt").write_text("\ufeffHello.\n", encoding="utf-8")
    assert read_source_text(tmp_path, "s1.txt") == ("Hello.\n", None)


@pytest.mark.parametrize(
    "value",
    ["0x_", "0b_", "+0x_", "2001-13-45", "0o_", "1_000", "0x", "-0b", ".inf_", "1:_", "0_"],
)
def test_plain_scalars_pyyaml_cannot_construct_are_text(tmp_path, value):
    path = tmp_path / "a.yaml"
    path.write_text(f"id: a\nspeaker: {value}\n")
    document, problems = read_file(str(path))
    assert problems == [] and isinstance(document["speaker"], (str, int, float))


@pytest.mark.parametrize("value", ["!!int abc", "!!float x", "!!bool maybe", "!!int 0x_"])
def test_tagged_scalars_that_cannot_be_built_are_located_problems(tmp_path, value):
    path = tmp_path / "a.yaml"
    path.write_text(f"id: a\nspeaker: {value}\n")
    document, problems = read_file(str(path))
    assert document is None and [(p.code, p.line, p.column) for p in problems] == [("DM007", 2, 10)]


def test_a_hostile_scalar_in_one_file_hides_no_other_problem(make_map):
    odd = "id: b\nkind: argument\ntitle: B\ntext: B\nperspective: legl\nsource: s1\nquote: q\n"
    odd += "speaker: 0x_\nsupports: [t]\n"
    _, problems = check(make_map({"legal/b.yaml": odd}))
    assert [p.code for p in problems] == ["DM012"]


def test_reader_error_position_counts_characters_not_bytes(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("id: a\ntitle: \u00e9\u00e9\u00e9\u00e9\u00e9\x01x\n", encoding="utf-8")
    _, problems = read_file(str(path))
    assert [(p.line, p.column) for p in problems] == [(2, 13)]
    line = path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert line[problems[0].column - 1] == "\x01"

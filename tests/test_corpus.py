"""Every rule of ``check`` against a corpus of broken maps (tests/corpus/).

Each case must yield exactly the problems in its expected.txt, at the right
file, line and column, through the API and through the real command.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cli_support import run_cli
from corpus_support import CORPUS, assemble, cases, expected
from debatemap.store.yamlread import MAX_FILE_BYTES
from debatemap.validation import validate
from debatemap.validation.validate import check


def relative_lines(problems, root: Path) -> list[str]:
    return sorted(
        f"{Path(p.path).resolve().relative_to(root.resolve()).as_posix()}:{p.line}:{p.column} {p.code}"
        for p in problems
    )


@pytest.mark.parametrize("case", cases())
def test_corpus_case_reports_expected_problems(case, tmp_path):
    root, sources = assemble(case, tmp_path)
    _, problems = check(root, sources)
    assert relative_lines(problems, root) == expected(case)
    for problem in problems:
        assert problem.message and "\n" not in problem.message


@pytest.mark.parametrize("case", cases())
def test_corpus_case_through_the_command(case, tmp_path):
    root, sources = assemble(case, tmp_path)
    args = ["check", str(root)]
    if sources:
        args += ["--sources-dir", str(sources)]
    result = run_cli(*args)
    assert "Traceback" not in result.stderr
    wanted = expected(case)
    has_error = any(p.is_error for p in check(root, sources)[1])
    assert result.returncode == (1 if has_error else 0), result.stdout
    for entry in wanted:
        path, line, column, code = re.match(r"(.+):(\d+):(\d+) (DM\d+)", entry).groups()
        shown = f"{root / path}:{line}:{column}: "
        assert any(out.startswith(shown) and f" {code} " in out for out in result.stdout.splitlines()), entry


def test_every_error_case_fails_the_command(tmp_path):
    """At least one case per rule, and the error cases exit 1."""
    documented = set(re.findall(r"^(DM\d{3})\s", validate.__doc__ or "", re.M))
    covered = {c.split("-")[0] for c in cases()} | {"DM024", "DM030"}  # those two: tests below
    assert documented - covered == set()


def test_file_over_size_cap_is_refused_without_parsing(make_map):
    big = "id: big\nkind: argument\ntitle: Big\ntext: >-\n" + "  word\n" * (MAX_FILE_BYTES // 7 + 10)
    root = make_map({"legal/big.yaml": big})
    _, problems = check(root)
    assert [(p.code, p.line, p.column) for p in problems] == [("DM024", 1, 1)]
    assert problems[0].path.endswith("big.yaml")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_unreadable_file_is_reported(make_map):
    root = make_map()
    (root / "legal" / "gone.yaml").symlink_to(root / "legal" / "missing-target.yaml")
    _, problems = check(root)
    assert [p.code for p in problems] == ["DM030"]


def test_corpus_base_is_clean(tmp_path):
    import shutil

    shutil.copytree(CORPUS / "_base", tmp_path / "arguments")
    assert check(tmp_path / "arguments")[1] == []


def test_bom_and_crlf_values_are_read_exactly(tmp_path):
    root, _ = assemble("DM021-bom-and-crlf-are-fine", tmp_path)
    debate, _ = check(root)
    node = debate.nodes["b"]
    assert node.id == "b" and node.title == "BOM and CRLF" and node.supports == ("t",)


def test_parallel_read_gives_the_same_map_and_problems(tmp_path, monkeypatch):
    from debatemap.store import reader as store

    root, _ = assemble("DM008-duplicate-key", tmp_path)
    for i in range(30):  # enough files for several chunks
        (root / "legal" / f"n{i}.yaml").write_text(
            f"id: n{i}\nkind: argument\ntitle: N{i}\ntext: t\nperspective: legal\n"
            f'source: s1\nquote: "q"\nsupports: [{"t" if i == 0 else f"n{i - 1}"}]\n'
        )
    serial = check(root)
    monkeypatch.setattr(store, "PARALLEL_THRESHOLD", 2)
    parallel = check(root, parallel=True)
    assert parallel[1] == serial[1] and len(serial[1]) == 1
    assert list(parallel[0].nodes) == list(serial[0].nodes) and len(serial[0].nodes) == 33
    assert parallel[0].nodes == serial[0].nodes

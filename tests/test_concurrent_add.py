"""Several ``debatemap add`` runs at the same moment: nothing lost, nothing overwritten."""

from __future__ import annotations

import subprocess
from pathlib import Path

from debatemap import check, edit, read_map
from debatemap.edit import core as edit_core
from edit_support import tree_digest
from fork_support import run_at_once, run_forked


def add_at_once(
    root: Path, titles: list[str], perspectives: list[str] | None = None, extra: tuple[str, ...] = ()
) -> list[subprocess.CompletedProcess[str]]:
    """One ``debatemap add`` process per title, all released at the same instant."""
    commands = []
    for i, title in enumerate(titles):
        perspective = perspectives[i] if perspectives else "legal"
        commands.append(
            [
                "add",
                "--arguments",
                str(root),
                "--title",
                title,
                "--text",
                f"Text {i}.",
                "--perspective",
                perspective,
                "--source",
                "s1",
                "--quote",
                "A quoted sentence.",
                "--supports",
                "t",
                *extra,
            ]
        )
    return run_at_once(commands)


def new_files(root: Path, before: dict[str, str]) -> set[str]:
    return set(tree_digest(root)) - set(before)


def test_eight_concurrent_adds_leave_eight_valid_files_and_a_clean_check(make_map):
    root = make_map()
    before = tree_digest(root)
    titles = [f"Concurrent argument number {i}" for i in range(8)]
    results = add_at_once(root, titles)
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    assert len(new_files(root, before)) == 8
    assert sorted(Path(r.stdout.strip()).name for r in results) == sorted(
        f"concurrent-argument-number-{i}.yaml" for i in range(8)
    )
    debate, problems = check(root)
    assert [p for p in problems if p.is_error] == []
    assert len(debate.nodes) == 2 + 8
    assert run_forked(["check", str(root)]).returncode == 0
    # The untouched files are untouched.
    assert {k: v for k, v in tree_digest(root).items() if k in before} == before


def test_two_concurrent_adds_with_one_title_get_distinct_ids(make_map):
    root = make_map()
    before = tree_digest(root)
    results = add_at_once(root, ["Same title", "Same title"], extra=("--allow-duplicate",))
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sorted(Path(r.stdout.strip()).name for r in results) == ["same-title-2.yaml", "same-title.yaml"]
    assert len(new_files(root, before)) == 2
    assert set(read_map(root)[0].nodes) == {"a", "t", "same-title", "same-title-2"}


def test_two_concurrent_adds_of_one_title_without_the_flag_add_it_once(make_map):
    root = make_map()
    results = add_at_once(root, ["Same title", "same  TITLE"], ["legal", "health"])
    assert sorted(r.returncode for r in results) == [0, 1], [r.stderr for r in results]
    refused = next(r for r in results if r.returncode == 1)
    assert "DM033" in refused.stdout and "'same-title'" in refused.stdout
    assert set(read_map(root)[0].nodes) == {"a", "t", "same-title"}


def test_same_title_in_different_folders_never_duplicates_an_id(make_map):
    """Exclusive create alone cannot see legal/x.yaml vs health/x.yaml; the map lock does."""
    root = make_map()
    results = add_at_once(
        root, ["Same title"] * 4, ["legal", "health", "legal", "health"], ("--allow-duplicate",)
    )
    assert [r.returncode for r in results] == [0] * 4, [r.stderr for r in results]
    debate, problems = check(root)
    assert [p.format() for p in problems if p.is_error] == []
    assert {"same-title", "same-title-2", "same-title-3", "same-title-4"} <= set(debate.nodes)


def test_losing_a_file_name_to_a_half_written_file_overwrites_nothing(make_map, monkeypatch):
    """A hand-made file appears between the check and the write: nothing is overwritten."""
    root = make_map()
    real_create = edit_core.create_file
    intruder = "id: x\nkind: argument\n# written by someone else\n"

    def create_after_someone_else(path: Path, content: str) -> None:
        if path.name == "same-title.yaml" and not path.exists():
            path.write_text(intruder, encoding="utf-8")
        real_create(path, content)

    monkeypatch.setattr(edit_core, "create_file", create_after_someone_else)
    change = edit.add_node(
        root,
        {
            "title": "Same title",
            "text": "T.",
            "perspective": "legal",
            "source": "s1",
            "quote": "q",
            "supports": ["t"],
        },
    )
    # The retry re-reads the map, sees the other writer's unfinished file (an error that was
    # not this change's) and takes the next free name, leaving that file as it was.
    assert change.path == root / "legal" / "same-title-2.yaml"
    assert (root / "legal" / "same-title.yaml").read_text(encoding="utf-8") == intruder


def test_losing_a_file_name_to_a_valid_file_retries_with_the_next_suffix(make_map, monkeypatch):
    root = make_map()
    real_create = edit_core.create_file
    valid = (root / "legal" / "a.yaml").read_text(encoding="utf-8").replace("id: a", "id: same-title")

    def create_after_someone_else(path: Path, content: str) -> None:
        if path.name == "same-title.yaml" and not path.exists():
            path.write_text(valid, encoding="utf-8")
        real_create(path, content)

    monkeypatch.setattr(edit_core, "create_file", create_after_someone_else)
    change = edit.add_node(
        root,
        {
            "title": "Same title",
            "text": "T.",
            "perspective": "legal",
            "source": "s1",
            "quote": "q",
            "supports": ["t"],
        },
    )
    assert change.path.name == "same-title-2.yaml"
    assert (root / "legal" / "same-title.yaml").read_text(encoding="utf-8") == valid

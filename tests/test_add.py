"""``debatemap add`` through the real command and :func:`debatemap.edit.add_node`."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from debatemap import check, read_map
from debatemap.edit.nodes import ChangeRefused, add_node, add_nodes, plan_node
from debatemap.rules.constraints import SLUG
from edit_support import assert_clean, run, tree_digest

GOOD = {
    "title": "Raids drive sex work underground",
    "text": "Police raids push sex work out of sight.",
    "perspective": "legal",
    "source": "s1",
    "quote": "A quoted sentence.",
    "opposes": ["a"],
}
FLAGS = [
    "--title",
    GOOD["title"],
    "--text",
    GOOD["text"],
    "--perspective",
    "legal",
    "--source",
    "s1",
    "--quote",
    "A quoted sentence.",
    "--opposes",
    "a",
]


def test_add_writes_a_tidy_file_under_its_perspective(make_map):
    root = make_map()
    change = add_node(root, GOOD)
    assert change.path == root / "legal" / "raids-drive-sex-work-underground.yaml"
    assert change.path.read_text(encoding="utf-8") == (
        "id: raids-drive-sex-work-underground\n"
        "kind: argument\n"
        "title: Raids drive sex work underground\n"
        "text: Police raids push sex work out of sight.\n"
        "perspective: legal\n"
        "source: s1\n"
        'quote: "A quoted sentence."\n'
        "supports: []\n"
        "opposes: [a]\n"
    )
    assert_clean(root)


def test_long_text_is_a_folded_block_and_the_quote_stays_on_one_line(make_map):
    root = make_map()
    text = "Police raids find few trafficked people and push sex work out of sight. " * 4
    quote = "A quoted sentence. " * 10
    change = add_node(root, {**GOOD, "text": text, "quote": quote.strip()})
    lines = change.path.read_text(encoding="utf-8").splitlines()
    assert "text: >-" in lines
    assert max(len(line) for line in lines if not line.startswith("quote:")) <= 88
    assert f'quote: "{quote.strip()}"' in lines
    node = read_map(root)[0].nodes[change.node.id]
    assert node.text == text.strip()


TRICKY = [
    {"title": "Raids: do they 'rescue' anyone? #1"},
    {"title": "- yes"},
    {"title": "yes"},
    {"title": "null"},
    {"title": "2024"},
    {"title": 'He said "no" & left'},
    {"title": "Проституция и торговля людьми"},
    {"title": "性工作 ≠ 贩运"},
    {"title": "emoji 🙂 in a title"},
    {"text": "First paragraph.\n\nSecond paragraph\twith a tab.\n  indented line"},
    {"text": "trailing spaces   \ninside the text and a very long line " + "x" * 120},
    {"quote": 'line one\nline two: "quoted" \\ backslash'},
    {"quote": "'single' and \"double\" quotes ... and a # hash"},
    {"speaker": "Jane D."},
    {"tags": ["policing", "yes", "123"]},
]


@pytest.mark.parametrize("override", TRICKY, ids=[str(i) for i in range(len(TRICKY))])
def test_written_file_reads_back_to_exactly_the_values_given(make_map, override):
    root = make_map()
    change = add_node(root, {**GOOD, **override})
    debate, problems = read_map(root)
    assert [p for p in problems if p.is_error] == []
    node = debate.nodes[change.node.id]
    for key, value in {**GOOD, **override}.items():
        assert getattr(node, key) == (tuple(value) if isinstance(value, list) else value.strip()), key
    assert change.path.name == f"{node.id}.yaml" and SLUG.fullmatch(node.id)


def test_thesis_goes_into_theses(make_map):
    root = make_map()
    change = add_node(
        root,
        {"kind": "thesis", "title": "Sex work is work", "text": "In full.", "question": "Is sex work work?"},
    )
    assert change.path == root / "theses" / "sex-work-is-work.yaml"
    assert 'question: "Is sex work work?"' in change.path.read_text(encoding="utf-8")


def test_same_title_again_is_refused_naming_the_node(make_map):
    root = make_map()
    first = add_node(root, GOOD)
    before = tree_digest(root)
    for title in (GOOD["title"], "  " + GOOD["title"].upper().replace(" ", "   ") + " "):
        with pytest.raises(ChangeRefused) as refused:
            add_node(root, {**GOOD, "title": title})
        [problem] = refused.value.problems
        assert problem.code == "DM033" and f"'{first.node.id}'" in problem.message
        assert "--allow-duplicate" in (problem.hint or "")
    assert tree_digest(root) == before


def test_same_title_twice_with_allow_duplicate_gets_a_numbered_id(make_map):
    root = make_map()
    first = add_node(root, GOOD)
    second = add_node(root, GOOD, allow_duplicate=True)
    third = add_node(root, {**GOOD, "perspective": "health"}, allow_duplicate=True)
    assert [c.node.id for c in (first, second, third)] == [
        "raids-drive-sex-work-underground",
        "raids-drive-sex-work-underground-2",
        "raids-drive-sex-work-underground-3",
    ]
    assert third.path.parent.name == "health"
    assert_clean(root)


@pytest.mark.parametrize("title", ["!!! ??? ...", "🙂 ≠ 🙁", "2024"])
def test_titles_without_letters_still_get_valid_unique_ids(make_map, title):
    root = make_map()
    ids = [add_node(root, {**GOOD, "title": title}, allow_duplicate=True).node.id for _ in range(2)]
    assert all(SLUG.fullmatch(i) for i in ids)
    assert ids[0] != ids[1]
    assert ids[0].startswith("argument-")
    assert_clean(root)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Проституция и торговля людьми", "prostitutsiya-i-torgovlya-lyud-mi"),
        ("性工作 ≠ 贩运", "xinggongzuo-fanyun"),
        ("Prostitución: ¿trabajo?", "prostitucion-trabajo"),
        ("emoji 🙂 in a title", "emoji-in-a-title"),
    ],
)
def test_titles_in_other_scripts_get_readable_transliterated_ids(make_map, title, expected):
    root = make_map()
    change = add_node(root, {**GOOD, "title": title})
    assert change.node.id == expected and change.path.name == f"{expected}.yaml"
    assert_clean(root)


def test_add_nodes_adds_nodes_that_name_each_other_all_or_none(make_map):
    root = make_map()
    pair = [{**GOOD, "id": "x", "opposes": ["y"]}, {**GOOD, "id": "y", "supports": ["t"]}]
    changes = add_nodes(root, pair, allow_duplicate=True)
    assert [c.path.name for c in changes] == ["x.yaml", "y.yaml"]
    before = tree_digest(root)
    with pytest.raises(ChangeRefused):
        add_nodes(
            root, [{**GOOD, "id": "p"}, {**GOOD, "id": "q", "opposes": ["nowhere"]}], allow_duplicate=True
        )
    assert tree_digest(root) == before


def test_command_prints_the_path_and_the_map_stays_clean(make_map):
    root = make_map()
    result = run("add", "--arguments", str(root), *FLAGS, "--tags", "policing")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == root / "legal" / "raids-drive-sex-work-underground.yaml"
    assert "tags: [policing]" in path.read_text(encoding="utf-8")
    assert_clean(root)


def test_dry_run_prints_the_yaml_and_writes_nothing(make_map):
    root = make_map()
    before = tree_digest(root)
    result = run("add", "--arguments", str(root), *FLAGS, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert tree_digest(root) == before
    assert result.stdout == plan_node(root, GOOD).text
    assert result.stdout.startswith("id: raids-drive-sex-work-underground\n")


def test_text_can_come_from_stdin(make_map):
    root = make_map()
    flags = [f if f != GOOD["text"] else "-" for f in FLAGS]
    result = run("add", "--arguments", str(root), *flags, stdin="Ünïcode text\nover two lines\n".encode())
    assert result.returncode == 0, result.stderr
    node = read_map(root)[0].nodes["raids-drive-sex-work-underground"]
    assert node.text == "Ünïcode text\nover two lines"


def _with(flag: str, value: str | bytes) -> list[str | bytes]:
    flags: list[str | bytes] = list(FLAGS)
    if flag in flags:
        flags[flags.index(flag) + 1] = value
    else:
        flags += [flag, value]
    return flags


REFUSED = {
    "unknown perspective": (_with("--perspective", "legl"), "did you mean 'legal'?"),
    "unknown source": (_with("--source", "s11"), "did you mean 's1'?"),
    "unknown target": (_with("--opposes", "aa"), "did you mean 'a'?"),
    "empty title": (_with("--title", ""), "title"),
    "whitespace title": (_with("--title", " \t "), "title"),
    "dotdot perspective": (_with("--perspective", "../../etc"), "path separators"),
    "slash in target": (_with("--supports", "legal/a"), "path separators"),
    "slash in id": (_with("--id", "../evil"), "path separators"),
    "id taken": (_with("--id", "a"), "already used"),
    "control char in title": (_with("--title", "bell\x07"), "U+0007"),
    "escape in text": (_with("--text", "colour \x1b[31m"), "U+001B"),
    "line separator in title": (_with("--title", "a\u2028b"), "U+2028"),
    "long title": (_with("--title", "t" * 201), "limit is 200"),
    "long text": (_with("--text", "t" * 5001), "limit is 5000"),
    "long quote": (_with("--quote", "q" * 5001), "limit is 5000"),
    "bad utf-8 argument": (_with("--title", b"caf\xe9"), "not valid UTF-8"),
    "supports and opposes": (_with("--supports", "a"), "DM016"),
    "bad utf-8 on stdin": (_with("--text", "-"), "standard input is not valid UTF-8 (byte 0xff"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_command_exits_1_and_leaves_the_tree_byte_identical(make_map, tmp_path, case):
    root = make_map()
    flags, expected = REFUSED[case]
    before, around = tree_digest(root), tree_digest(tmp_path)
    result = run("add", "--arguments", str(root), *flags, stdin=b"caf\xff\n")
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root) == before
    assert tree_digest(tmp_path) == around  # nothing written beside the map either


USAGE = {
    "missing fields": (FLAGS[:2] + FLAGS[-2:], "missing --text, --perspective, --source, --quote"),
    "text and quote from stdin": (_with("--text", "-") + ["--quote", "-"], "only one of --text and --quote"),
}


@pytest.mark.parametrize("case", sorted(USAGE))
def test_usage_error_exits_2_and_leaves_the_tree_byte_identical(make_map, tmp_path, case):
    root = make_map()
    flags, expected = USAGE[case]
    before, around = tree_digest(root), tree_digest(tmp_path)
    result = run("add", "--arguments", str(root), *flags, stdin=b"some text\n")
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root) == before
    assert tree_digest(tmp_path) == around


def test_text_from_a_closed_stdin_is_a_usage_error(make_map):
    root = make_map()
    before = tree_digest(root)
    # Standard input closed as by `<&-`: Python starts with sys.stdin None.
    result = subprocess.run(
        [sys.executable, "-m", "debatemap", "add", "--arguments", str(root), *_with("--text", "-")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(0),
    )
    assert result.returncode == 2, result.stderr
    assert "standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(root) == before


@pytest.mark.parametrize(
    "case",
    [
        "unknown perspective",
        "dotdot perspective",
        "long title",
        "control char in title",
        "empty title",
        "unknown target",
        "slash in target",
    ],
)
def test_refused_api_call_raises_with_problems_and_writes_nothing(make_map, case):
    root = make_map()
    flags = [f for f in REFUSED[case][0] if isinstance(f, str)]
    fields = {flags[i][2:]: flags[i + 1] for i in range(0, len(flags), 2)}
    for key in ("supports", "opposes"):
        if key in fields:
            fields[key] = [fields[key]]
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused:
        add_node(root, fields)
    assert refused.value.problems and all(p.is_error for p in refused.value.problems)
    assert REFUSED[case][1] in " ".join(p.format() for p in refused.value.problems)
    assert tree_digest(root) == before


def test_text_that_was_not_utf8_is_refused_by_the_api(make_map):
    root = make_map()
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused:
        add_node(root, {**GOOD, "title": b"caf\xe9".decode("utf-8", "surrogateescape")})
    assert "not valid UTF-8 (byte 0xe9" in refused.value.problems[0].message
    assert tree_digest(root) == before


def test_a_map_with_errors_takes_a_change_that_adds_no_new_error(make_map):
    """A broken map can be worked on (and repaired) with the commands."""
    broken = "id: b\nkind: argument\ntitle: B\n"
    root = make_map({"legal/b.yaml": broken})
    result = run("add", "--arguments", str(root), *FLAGS)
    assert result.returncode == 0, result.stderr
    assert (root / "legal" / "raids-drive-sex-work-underground.yaml").is_file()
    assert (root / "legal" / "b.yaml").read_text(encoding="utf-8") == broken
    _, problems = check(root)
    assert {p.code for p in problems if p.is_error} == {"DM005", "DM018"}  # only b's, as before


def test_a_map_with_errors_refuses_a_change_that_adds_one_and_lists_only_it(make_map):
    root = make_map({"legal/b.yaml": "id: b\nkind: argument\ntitle: B\n"})
    before = tree_digest(root)
    flags = [f if f != "s1" else "nope" for f in FLAGS]
    result = run("add", "--arguments", str(root), *flags)
    assert result.returncode == 1
    assert "DM013 unknown source 'nope'" in result.stdout
    assert "legal/b.yaml" not in result.stdout  # the old errors are not the change's fault
    assert tree_digest(root) == before


def test_missing_map_folder_is_a_usage_error(tmp_path):
    result = run("add", "--arguments", str(tmp_path / "nowhere"), *FLAGS)
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- at a terminal --------------------------------------------------------------


class Terminal:
    """``debatemap add`` running with a pseudo-terminal as stdin, stdout and stderr."""

    def __init__(self, *args: str) -> None:
        import pty

        self.master, slave = pty.openpty()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "debatemap", "add", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(
                    f"waited for {text!r}; the terminal shows:\n{self.seen.decode(errors='replace')}"
                )
            try:
                self.seen += os.read(self.master, 4096)
            except OSError:  # the child closed the terminal
                raise AssertionError(
                    f"ended before {text!r}:\n{self.seen.decode(errors='replace')}"
                ) from None

    def send(self, answer: bytes) -> None:
        self.seen = b""
        os.write(self.master, answer + b"\n")

    def finish(self) -> tuple[int, str]:
        returncode = self.process.wait(timeout=60)
        try:
            while True:
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.seen += chunk
        except OSError:
            pass
        os.close(self.master)
        return returncode, self.seen.decode(errors="replace")


def test_prompts_at_a_terminal_offer_choices_and_did_you_mean(make_map):
    root = make_map()
    terminal = Terminal("--arguments", str(root), "--title", "Raids drive sex work underground")
    terminal.expect("text: ")
    terminal.send(b"   ")  # empty: asked again
    terminal.expect("text: ")
    terminal.send(b"Police raids push sex work out of sight.")
    terminal.expect("1) health")
    terminal.expect("perspective (number or id): ")
    terminal.send(b"2")
    terminal.expect("source (number or id): ")
    terminal.send(b"s11")
    terminal.expect("did you mean 's1'? [Y/n]: ")
    terminal.send(b"y")  # yes means the suggestion, not a perspective called 'y'
    terminal.expect("quote (verbatim from the source")
    terminal.send(b"A quoted sentence.")
    terminal.expect("supports (ids, or words from titles")
    terminal.send(b"zzqx")
    terminal.expect("no title has the words 'zzqx'")
    terminal.expect("supports (ids")
    terminal.send(b"")
    terminal.expect("opposes (ids")
    terminal.send(b"argument")  # a word from the title "An argument"
    terminal.expect("'argument' -> a: An argument")
    terminal.expect(f"write {root / 'legal' / 'raids-drive-sex-work-underground.yaml'}? [Y/n]: ")
    assert b"(not written yet)" in terminal.seen and b"opposes: [a]" in terminal.seen
    assert not (root / "legal" / "raids-drive-sex-work-underground.yaml").exists()
    terminal.send(b"y")
    returncode, screen = terminal.finish()
    assert returncode == 0, screen
    path = root / "legal" / "raids-drive-sex-work-underground.yaml"
    assert str(path) in screen
    node = read_map(root)[0].nodes["raids-drive-sex-work-underground"]
    assert (node.perspective, node.source, node.quote, node.opposes, node.supports) == (
        "legal",
        "s1",
        "A quoted sentence.",
        ("a",),
        (),
    )


def test_flag_with_a_typo_is_corrected_at_a_terminal(make_map):
    root = make_map()
    flags = [f if f != "legal" else "legl" for f in FLAGS]
    terminal = Terminal("--arguments", str(root), *flags)
    terminal.expect("did you mean 'legal'? [Y/n]: ")
    terminal.send(b"")
    terminal.expect("? [Y/n]: ")  # the preview, then: write it?
    terminal.send(b"")
    returncode, screen = terminal.finish()
    assert returncode == 0, screen
    assert read_map(root)[0].nodes["raids-drive-sex-work-underground"].perspective == "legal"


def test_invalid_utf8_answer_at_a_terminal_fails_clearly(make_map):
    root = make_map()
    before = tree_digest(root)
    terminal = Terminal("--arguments", str(root), "--title", "Raids")
    terminal.expect("text: ")
    terminal.send(b"caf\xe9")
    returncode, screen = terminal.finish()
    assert returncode == 1
    assert "not valid UTF-8" in screen and "Traceback" not in screen
    assert tree_digest(root) == before

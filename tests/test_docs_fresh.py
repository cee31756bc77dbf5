"""The README and docs/ stay true: generated pages fresh, every command and code documented,
every link leading somewhere, every command they show accepted by the command line.

The examples that change a map run in ``test_readme.py`` and ``test_newcomer.py``.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from debatemap.cli.docs import EXPLAINED, MissingBlock, fill, main, subcommands, write
from debatemap.cli.main import make_parser
from debatemap.rules.codes import RULES

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
PAGES = [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]


def shown(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def blocks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` without its fenced blocks, and the blocks as (language, body)."""
    outside: list[str] = []
    found: list[tuple[str, str]] = []
    language: str | None = None
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("```"):  # a list item's block is indented
            if language is None:
                language, body = line.lstrip()[3:].strip(), []
            else:
                found.append((language, "".join(body)))
                language = None
        elif language is None:
            outside.append(line)
        else:
            body.append(line)
    assert language is None, "a fenced block is never closed"
    return "".join(outside), found


def prose(text: str) -> str:
    """``text`` without its fenced blocks (a ``# comment`` in a shell block is no heading)."""
    return blocks(text)[0]


def test_generated_docs_are_what_the_code_says(tmp_path: Path) -> None:
    written = write(tmp_path, source=REPO)
    assert "docs/commands.md" in written and "docs/codes.md" in written
    stale = [f for f in written if shown(REPO / f) != shown(tmp_path / f)]
    assert stale == [], f"stale: {stale}; run `make docs` and commit the result"


def test_the_generator_writes_the_same_bytes_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    written = write(first, source=REPO)
    write(second, source=first)
    for relative in written:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_a_block_is_replaced_and_the_hand_written_text_around_it_kept() -> None:
    page = "# Title\n\nby hand\n<!-- codes:start (generated) -->\nold\n<!-- codes:end -->\nafter\n"
    assert fill(page, "codes", "new\n") == page.replace("old\n", "new\n")
    with pytest.raises(MissingBlock):
        fill("# Title\n", "codes", "new\n")


def test_a_page_that_lost_its_block_is_an_error_not_a_silent_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, source=REPO)
    (tmp_path / "docs" / "codes.md").write_text("# Problem codes\n", encoding="utf-8")
    assert main([str(tmp_path), "--check"]) == 1
    assert "docs/codes.md" in capsys.readouterr().err
    assert main([str(tmp_path)]) == 1  # and nothing half-written


def test_every_command_and_option_is_in_commands_md() -> None:
    page = shown(DOCS / "commands.md")
    for name, _, parser in subcommands(make_parser()):
        assert f"\n## {name}\n" in page, f"docs/commands.md lacks the command {name}"
        for action in parser._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help") and action.help != "==SUPPRESS==":
                    assert option in page.split(f"\n## {name}\n")[1].split("\n## ")[0], (name, option)


def test_every_argument_says_what_it_is_for() -> None:
    """``--help`` and commands.md show every argument with its meaning, never a bare name."""
    bare = [
        f"{name} {action.option_strings or action.dest}"
        for name, _, parser in subcommands(make_parser())
        for action in parser._actions
        if not action.help
    ]
    assert bare == []


def test_every_command_is_explained_in_prose() -> None:
    names = {name for name, _, _ in subcommands(make_parser())}
    assert set(EXPLAINED) == names, "add the command's page to EXPLAINED in debatemap/cli/docs.py"


def test_every_problem_code_is_in_codes_md() -> None:
    page = shown(DOCS / "codes.md")
    missing = [code for code in RULES if f'| <a id="{code.lower()}"></a>{code} |' not in page]
    assert missing == []


# --- links -------------------------------------------------------------------------


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: its text, lower case, punctuation dropped, spaces as '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its label
    kept = "".join(c for c in text.lower() if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = prose(shown(path))
    found: set[str] = set(re.findall(r"<a id=\"([^\"]+)\"", text))
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", text, re.M):
        anchor = github_anchor(heading)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        found.add(anchor if count == 0 else f"{anchor}-{count}")
    return found


def links(path: Path) -> list[str]:
    text = re.sub(r"`[^`\n]*`", "", prose(shown(path)))  # code spans show brackets literally
    return re.findall(r"\]\(([^)\s]+)\)", text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_to_a_file_and_anchor_that_exist(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):  # https:, mailto: leave the repository
            continue
        file_part, _, anchor = target.partition("#")
        destination = (page.parent / file_part).resolve() if file_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target}: no heading or anchor '{anchor}' in {destination.name}")
    assert broken == []


def test_the_link_checker_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Top `x`, y\n\n[a](page.md#top-x-y) [b](gone.md) [c](#nowhere)\n", encoding="utf-8")
    assert links(page) == ["page.md#top-x-y", "gone.md", "#nowhere"]
    assert anchors(page) == {"top-x-y"}


def test_every_docs_page_is_reachable_from_the_readme() -> None:
    linked = {(REPO / t.partition("#")[0]).resolve() for t in links(REPO / "README.md")}
    pages = {p.resolve() for p in DOCS.glob("*.md")}
    assert pages - linked == set()


def test_the_readme_stays_a_five_minute_read() -> None:
    readme = shown(REPO / "README.md")
    assert len(readme.splitlines()) <= 160
    for section in ("## Quick start", "## Start your own map", "## Where to go next"):
        assert f"\n{section}" in readme


# --- commands shown in the docs -------------------------------------------------------


def shown_commands(path: Path) -> list[str]:
    """Every whole ``debatemap ...`` command in ``path``'s code blocks and code spans.

    Synopses (``[DIR]``, ``ID...``, ``a|b``) say what may be typed, and a code span of a
    command's name alone names it; they are left out.
    """
    text = shown(path)
    lines: list[str] = []
    for language, body in blocks(text)[1]:
        if language in ("", "sh", "bash"):
            lines += body.replace("\\\n", " ").splitlines()
    lines += re.findall(r"`(debatemap [^`\s]+ [^`]+)`", prose(text))  # `debatemap edit` alone names it
    found = []
    for line in lines:
        line = line.strip().removeprefix("$ ")
        words = line.split(" ")
        if words[0] != "debatemap" or len(words) < 2 or words[1].isupper():  # debatemap COMMAND: error
            continue
        if not re.search(r"[\[|<>]|\.\.\.", line.split(" #")[0]):
            found.append(line)
    return found


def test_the_docs_show_commands() -> None:
    assert len([c for p in PAGES for c in shown_commands(p)]) > 20


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_command_the_docs_show_is_accepted(page: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused = []
    for command in shown_commands(page):
        words = shlex.split(command, comments=True)[1:]
        try:
            make_parser(words).parse_args(words)
        except SystemExit as leaving:
            if leaving.code not in (0, None):
                refused.append(f"{command}: {capsys.readouterr().err.strip().splitlines()[-1]}")
    assert refused == []


def test_the_check_summary_shown_is_what_check_prints_on_the_shipped_map() -> None:
    (example,) = re.findall(r"^ok: .*$", shown(DOCS / "checking.md"), re.M)
    result = subprocess.run(
        [sys.executable, "-m", "debatemap", "check", "arguments"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    printed = next(line for line in result.stderr.splitlines() if line.startswith("ok: "))
    assert example.split(" (texts are")[0] == printed.split(" (texts are")[0]


# --- code the docs name -------------------------------------------------------------

SRC = REPO / "src" / "debatemap"
PACKAGES = {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}


def named_code(path: Path) -> tuple[list[str], list[str]]:
    """The files (``render/layout.py``) and modules (``debatemap.graph.analysis``) ``path`` names."""
    spans = [" ".join(s.split()) for s in re.findall(r"`([^`]+)`", prose(shown(path)))]
    files = [s for s in spans if re.fullmatch(r"[\w./]+/\w+\.py", s) and "foo" not in s]
    dotted = [m for s in spans for m in re.findall(r"(?<![\w.])debatemap(?:\.\w+)+", s)]
    modules = [m for m in dotted if m.split(".")[1] in PACKAGES]  # not window.debatemap.firstDrawMs
    return files, modules


def code_file(name: str) -> Path:
    name = name.removeprefix("src/").removeprefix("debatemap/")
    return REPO / name if name.split("/")[0] in ("tests", "benchmarks") else SRC / name


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_file_and_module_the_docs_name_exists(page: Path) -> None:
    import importlib

    files, modules = named_code(page)
    missing = [f for f in files if not code_file(f).is_file()]
    for dotted in modules:
        parts = dotted.split(".")
        for cut in range(len(parts), 1, -1):  # the longest importable module, then its attributes
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attribute in parts[cut:]:
                found = getattr(found, attribute, None)
            if found is None:
                missing.append(dotted)
            break
        else:
            missing.append(dotted)
    assert missing == [], "the docs name code that is not there (moved? renamed?)"


def test_the_code_layout_names_every_package() -> None:
    layout = shown(DOCS / "development.md").split("## Code layout")[1]
    assert [p for p in sorted(PACKAGES) if f"`{p}/`" not in layout] == []


def synopses(path: Path) -> list[str]:
    """The ``debatemap CMD [--option X]...`` synopses of ``path`` (continuation lines joined)."""
    text = shown(path)
    found: list[str] = []
    for language, body in blocks(text)[1]:
        if language in ("", "sh"):
            for line in body.splitlines():
                line = line.strip().removeprefix("$ ")
                if line.startswith("debatemap "):
                    found.append(line)
                elif found and line.startswith("[") and language == "":  # a synopsis goes on
                    found[-1] += " " + line
    found += re.findall(r"`(debatemap [a-z-]+ [^`]*\[[^`]*)`", prose(text))
    return [s for s in found if "[" in s]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_option_a_synopsis_shows_is_the_commands_own(page: Path) -> None:
    parsers = {name: parser for name, _, parser in subcommands(make_parser())}
    wrong = []
    for synopsis in synopses(page):
        name = synopsis.split()[1]
        if name not in parsers:
            continue  # `debatemap add-source / add-perspective ...` and the like
        options = {o for a in parsers[name]._actions for o in a.option_strings}
        wrong += [
            f"{name} {flag}"
            for flag in re.findall(r"(?<![\w-])--?[a-z][\w-]*", synopsis)
            if flag not in options
        ]
    assert wrong == [], "a synopsis in the docs shows an option the command does not have"

"""``add`` and quotes: verified against the source text, searched at a terminal (a real pty,
through pexpect), refused with the closest passages otherwise; duplicate titles; emoji."""

from __future__ import annotations

import sys

import pexpect
import pytest

from debatemap import read_map
from debatemap.edit import ChangeRefused, add_node, plan_node
from debatemap.validation.texts import suggest_quote
from edit_support import run, tree_digest

TEXT = """\
Police raids push sex work out of sight and away from health services.
Workers then avoid reporting violence. That makes trafficking harder to find.
"""

FIELDS = {
    "title": "Raids push work out of sight",
    "text": "Raids make sex work less visible.",
    "perspective": "legal",
    "source": "s1",
    "quote": "Workers then avoid reporting violence.",
    "supports": ["t"],
}


@pytest.fixture
def texted(make_map):
    root = make_map({"legal/a.yaml": None, "theses/u.yaml": THESIS_U})
    (root / "sources").mkdir()
    (root / "sources" / "s1.txt").write_text(TEXT, encoding="utf-8")
    return root


THESIS_U = """\
id: u
kind: thesis
title: Another thesis about raids
text: Raids should end.
question: "Should raids end?"
"""


def spawn(root, *flags: str) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "debatemap", "add", "--arguments", str(root), *flags],
                          encoding="utf-8", timeout=30, dimensions=(50, 200))  # fmt: skip
    return child


def flags(**changed: str) -> list[str]:
    given = {**FIELDS, **changed}
    out: list[str] = []
    for key in ("title", "text", "perspective", "source", "quote"):
        out += [f"--{key}", given[key]]
    return out + ["--supports", "t"]


# --- verified when the text is there -------------------------------------------------------


def test_a_quote_not_in_the_text_is_refused_with_the_closest_passages(texted):
    before = tree_digest(texted)
    with pytest.raises(ChangeRefused) as refused:
        add_node(texted, {**FIELDS, "quote": "workers avoid reporting the violence"})
    [problem] = refused.value.problems
    assert problem.code == "DM025"
    assert 'line 2: "Workers then avoid reporting violence."' in (problem.hint or "")
    result = run("add", "--arguments", str(texted), *flags(quote="police raids push sex work out of site"))
    assert result.returncode == 1
    assert "DM025" in result.stdout and "line 1:" in result.stdout and "Traceback" not in result.stderr
    assert tree_digest(texted) == before


def test_a_verbatim_quote_is_accepted_and_sources_dir_overrides(texted, tmp_path):
    assert add_node(texted, FIELDS).written
    other = tmp_path / "texts"
    other.mkdir()
    (other / "s1.txt").write_text("Something else entirely.\n", encoding="utf-8")
    second = {**FIELDS, "title": "Another", "quote": "Something else entirely."}
    with pytest.raises(ChangeRefused):
        add_node(texted, second)
    assert add_node(texted, second, sources_dir=other).written
    result = run("add", "--arguments", str(texted), *flags(title="Third", quote="Something else entirely."),
                 "--sources-dir", str(other))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_a_text_the_quote_cannot_be_checked_and_is_taken(make_map):
    root = make_map()
    assert add_node(root, {**FIELDS, "quote": "Anything at all."}).written


# --- duplicates ----------------------------------------------------------------------------


def test_a_title_already_in_the_map_is_refused_through_the_command(texted):
    first = run("add", "--arguments", str(texted), *flags())
    assert first.returncode == 0, first.stdout
    again = run("add", "--arguments", str(texted), *flags(title="raids PUSH work   out of sight"))
    assert again.returncode == 1
    assert "DM033" in again.stdout and "'raids-push-work-out-of-sight'" in again.stdout
    forced = run("add", "--arguments", str(texted), *flags(title="Raids push work out of sight"),
                 "--allow-duplicate")  # fmt: skip
    assert forced.returncode == 0
    assert "raids-push-work-out-of-sight-2" in forced.stdout


# --- emoji stay characters ------------------------------------------------------------------


def test_an_emoji_is_written_as_itself_and_reads_back(texted):
    change = add_node(texted, {**FIELDS, "title": "🚫 No raids", "quote": TEXT.splitlines()[0]})
    written = change.path.read_text(encoding="utf-8")
    assert "🚫 No raids" in written and "\\U0001F6AB" not in written
    assert read_map(texted)[0].nodes[change.node.id].title == "🚫 No raids"
    dry = run("add", "--arguments", str(texted), *flags(title="Stop 🛑 now: please"), "--dry-run")
    assert "Stop 🛑 now: please" in dry.stdout


# --- at a terminal ----------------------------------------------------------------------------


def test_a_misremembered_quote_is_searched_and_a_passage_picked(texted):
    child = spawn(texted, *flags(quote="workers avoid reportng violence"))
    child.expect_exact("the closest passages:")
    child.expect_exact("1) line 2: Workers then avoid reporting violence.")
    child.expect_exact("number of the passage to quote, or the quote again: ")
    child.sendline("1")
    child.expect_exact("(not written yet)")
    child.expect_exact('quote: "Workers then avoid reporting violence."')
    child.expect_exact("? [Y/n]: ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    [node] = [n for n in read_map(texted)[0].nodes.values() if n.kind == "argument"]
    assert node.quote == "Workers then avoid reporting violence."


def test_words_from_a_title_offer_a_choice_when_several_claims_match(texted):
    child = spawn(texted, "--title", "New claim", "--text", "T.", "--perspective", "legal", "--source", "s1")
    child.expect_exact("quote (verbatim from the source, or words to search it for): ")
    child.sendline("That makes trafficking harder to find.")
    child.expect_exact("supports (ids, or words from titles")
    child.sendline("thesis")
    child.expect_exact("several claims match 'thesis':")
    child.expect_exact("1) t: A thesis")
    child.expect_exact("2) u: Another thesis about raids")
    child.expect_exact("which one (number): ")
    child.sendline("2")
    child.expect_exact("opposes (ids")
    child.sendline("")
    child.expect_exact("? [Y/n]: ")
    child.sendline("n")  # declined: nothing written
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "nothing written" in child.before
    assert set(read_map(texted)[0].nodes) == {"t", "u"}


def test_an_unknown_perspective_answered_yes_takes_the_suggestion(texted):
    child = spawn(texted, "--title", "New claim", "--text", "T.", "--source", "s1",
                  "--quote", "That makes trafficking harder to find.", "--supports", "t")  # fmt: skip
    child.expect_exact("perspective (number or id): ")
    child.sendline("legl")
    child.expect_exact("did you mean 'legal'? [Y/n]: ")
    child.sendline("y")
    child.expect_exact("? [Y/n]: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert read_map(texted)[0].nodes["new-claim"].perspective == "legal"


def test_plan_node_and_suggest_quote_are_the_api_the_prompts_use(texted):
    from debatemap.validation.texts import source_part

    part = source_part(texted, read_map(texted)[0], "s1")
    [best] = suggest_quote(part, "harder to find trafficking", limit=1)  # type: ignore[arg-type]
    assert (best.line, best.text) == (2, "That makes trafficking harder to find.")
    assert plan_node(texted, {**FIELDS, "quote": best.one_line()}).written is False

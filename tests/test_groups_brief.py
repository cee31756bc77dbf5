"""The brief shows a premise group as one numbered reason with its parts, an undercut beside
the reason it attacks (issue 19); exports carry a map with them without crashing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from debatemap.graph.build import build_graph
from debatemap.graph.reasons import ancestors
from debatemap.render.handout.brief import build_handout, render_html, render_markdown
from debatemap.store.reader import read_map

EXAMPLE = Path(__file__).resolve().parent / "maps" / "groups_undercuts"
CHOICE = "sex-work-is-mostly-a-real-choice"
DISTINCT = "treat-sex-work-and-trafficking-as-distinct"


@pytest.fixture(scope="module")
def handout():
    return build_handout(build_graph(read_map(EXAMPLE)[0]))


def section(handout, thesis):
    return next(s for s in handout.theses if s.id == thesis)


def test_a_group_is_one_entry_with_its_parts_in_order(handout):
    against = section(handout, CHOICE).case_against.entries
    (group,) = [e for e in against if e.parts]
    assert [p.id for p in group.parts] == ["welfare-reform-fails-mothers", "few-dancers-like-the-work"]
    assert len(against) == 2  # Amanda's objection and the group: two reasons, not three
    assert [u.id for u in group.undercuts] == ["not-wanting-the-job-is-common"]


def test_an_undercut_of_a_plain_link_sits_beside_that_reason(handout):
    (entry,) = section(handout, DISTINCT).case_for.entries
    assert entry.id == "prostitution-different-crime-in-law" and entry.parts == ()
    assert [u.id for u in entry.undercuts] == ["one-crime-can-lead-to-another"]


def test_undercutters_count_as_shown_and_as_arguing_about_a_question(handout):
    assert "shows all 7 arguments" in handout.accounting
    assert handout.unshown == ()
    assert "one-crime-can-lead-to-another" in ancestors(build_graph(read_map(EXAMPLE)[0]), DISTINCT)


def test_markdown_numbers_the_parts_and_labels_the_undercut(handout):
    text = render_markdown(handout)
    assert "- **One reason in 2 parts, which hold only together** (strength 0.50):\n" in text
    assert "  1. **US welfare reform lets mothers take minimum-wage jobs but not train**" in text
    assert "  2. **Her daughter says most strippers are single mothers and few like being there**" in text
    assert (
        "  - *Undercut* (grants the reason, denies that it bears on the claim): **One crime can easily"
        in text
    )
    assert "A reason in several parts counts once" in text


def test_html_shows_parts_as_a_numbered_list_and_escapes_them(tmp_path):
    root = tmp_path / "arguments"
    shutil.copytree(EXAMPLE, root)
    path = root / "lived-experience" / "few-dancers-like-the-work.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Her daughter says", "title: <script>x</script> Her daughter says"))
    html = render_html(build_handout(build_graph(read_map(root)[0])))
    assert '<ol class="parts">' in html and '<p class="undercut">' in html
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert ".undercut-label" in html  # its styles come only with it


def test_a_brief_without_groups_keeps_its_text(make_map):
    handout = build_handout(build_graph(read_map(make_map())[0]))
    assert "several parts" not in handout.how_to_read
    assert ".undercut-label" not in render_html(handout)


@pytest.mark.parametrize("form", ["argdown", "aif", "graphml", "json", "dot"])
def test_every_export_of_a_map_with_groups_runs(form, tmp_path):
    out = tmp_path / f"map.{form}"
    result = subprocess.run(
        [sys.executable, "-m", "debatemap", "export", "--format", form, str(EXAMPLE), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "few-dancers-like-the-work" in out.read_text(encoding="utf-8")


def test_build_writes_the_map_and_brief_of_a_map_with_groups(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "debatemap", "build", str(EXAMPLE), "-o", str(tmp_path), "--handout", "md"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "One reason in 2 parts" in (tmp_path / "handout.md").read_text(encoding="utf-8")
    assert (tmp_path / "debate_map.html").stat().st_size > 0

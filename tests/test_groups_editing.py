"""Editing premise groups and undercuts (issue 19): add, link, unlink, edit, rename, remove, serve."""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import browser_support
from cli_support import run_cli
from debatemap import check, edit
from debatemap.model import PremiseGroup, Undercut
from debatemap.serve.app import ServeConfig, create_app
from debatemap.serve.security import Guard
from edit_support import tree_digest
from fork_support import run_forked
from serve_support import running_server

browser = browser_support.browser
new_page = browser_support.new_page

EXAMPLE = Path(__file__).resolve().parent / "maps" / "groups_undercuts"
CHOICE = "sex-work-is-mostly-a-real-choice"
FEW = "few-dancers-like-the-work"
WELFARE = "welfare-reform-fails-mothers"
HOLLY = "not-wanting-the-job-is-common"
WORK = "work-pays-bills-and-tuition"
AMANDA = "most-women-lack-other-choice"


def run(*args: str, crash_at: int | None = None) -> subprocess.CompletedProcess[str]:
    """``debatemap ARGS``: in this process, or with ``crash_at=k`` in a forked child that
    kills itself at its k-th journal step (``tests/fork_support.py``)."""
    if crash_at is not None:
        return run_forked(args, crash_at=crash_at)
    return run_cli(*args)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "arguments"
    shutil.copytree(EXAMPLE, root)
    return root


def node_file(root: Path, ident: str) -> Path:
    (path,) = root.rglob(f"{ident}.yaml")
    return path


def errors(root: Path) -> list[str]:
    return [p.format() for p in check(root)[1] if p.is_error]


def test_link_with_writes_a_premise_group_and_keeps_the_rest_of_the_file(example):
    path = node_file(example, WORK)
    before = path.read_text(encoding="utf-8")
    edit.unlink(example, WORK, "supports", CHOICE)  # a claim is one reason: alone or in the group
    result = run("link", WORK, "supports", CHOICE, "--with", HOLLY, "--arguments", str(example))
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        f"supports: [{CHOICE}]\n", f"supports:\n  - to: {CHOICE}\n    with: [{HOLLY}]\n"
    )
    debate, problems = check(example)
    assert [p for p in problems if p.is_error] == []
    assert debate.nodes[WORK].groups == (PremiseGroup("supports", CHOICE, (WORK, HOLLY)),)
    again = run("link", WORK, "supports", CHOICE, "--with", HOLLY, "--arguments", str(example))
    assert again.returncode == 0 and "nothing changed" in again.stderr
    assert path.read_text(encoding="utf-8") == after


def test_unlink_with_removes_the_group_from_whichever_member_wrote_it(example):
    edit.unlink(example, HOLLY, "undercuts", CHOICE, reason=FEW)  # the group's undercut first
    change = edit.unlink(example, FEW, "opposes", CHOICE, together_with=[WELFARE])
    assert change.path == node_file(example, WELFARE)
    text = change.path.read_text(encoding="utf-8")
    assert "opposes: []" in text and "to:" not in text
    assert "# The mother's argument" in text  # a comment is never lost, even above a removed entry
    assert errors(example) == []


def test_unlinking_a_group_that_an_undercut_attacks_is_refused(example):
    before = tree_digest(example)
    result = run("unlink", WELFARE, "opposes", CHOICE, "--with", FEW, "--arguments", str(example))
    assert result.returncode == 1
    assert "DM047" in result.stdout and "nothing was written" in result.stderr
    assert tree_digest(example) == before


def test_link_undercuts_with_from_or_an_arrow(example):
    result = run("link", AMANDA, "undercuts", CHOICE, "--from", WORK, "--arguments", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    arrow = run("link", "one-crime-can-lead-to-another", "undercuts", f"{WELFARE}->{CHOICE}", str(example))
    assert arrow.returncode == 0, arrow.stdout + arrow.stderr
    debate, problems = check(example)
    assert [p for p in problems if p.is_error] == []
    assert Undercut(AMANDA, WORK, CHOICE) in debate.nodes[AMANDA].undercuts
    assert debate.nodes["one-crime-can-lead-to-another"].undercuts[-1] == Undercut(
        "one-crime-can-lead-to-another", WELFARE, CHOICE
    )
    text = node_file(example, AMANDA).read_text(encoding="utf-8")
    assert text.endswith(f"undercuts:\n  - from: {WORK}\n    to: {CHOICE}\ntags: [consent, economics]\n")
    gone = run("unlink", AMANDA, "undercuts", CHOICE, "--from", WORK, "--arguments", str(example))
    assert gone.returncode == 0
    assert "undercuts: []" in node_file(example, AMANDA).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["link", AMANDA, "undercuts", CHOICE, "--from", HOLLY], "DM047"),  # no link from Holly to the thesis
        (["link", AMANDA, "undercuts", CHOICE], "DM033"),  # which link?
        (["link", AMANDA, "supports", CHOICE, "--from", WORK], "DM033"),
        (["unlink", AMANDA, "undercuts", CHOICE, "--from", WORK], "DM033"),  # not there
        (["unlink", WORK, "supports", CHOICE, "--with", AMANDA], "DM033"),
        (["link", FEW, "undercuts", CHOICE, "--from", WELFARE], "DM048"),  # its own group
        (["link", AMANDA, "supports", CHOICE, "--with", WORK], "DM016"),
    ],
)
def test_wrong_group_and_undercut_links_are_refused_and_write_nothing(example, args, code):
    before = tree_digest(example)
    result = run(*args, "--arguments", str(example))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f" {code} " in result.stdout
    assert "Traceback" not in result.stderr
    assert tree_digest(example) == before


def test_a_plain_link_joins_a_list_that_holds_a_group(example):
    change = edit.link(
        example, "lawfirm-prostitution-definition", "supports", "treat-sex-work-and-trafficking-as-distinct"
    )
    text = change.path.read_text(encoding="utf-8")
    assert (
        "    with: [lawfirm-sex-trafficking-definition]\n  - treat-sex-work-and-trafficking-as-distinct\n"
        in text
    )
    assert "# A premise group: this definition" in text
    edit.unlink(
        example, "lawfirm-prostitution-definition", "supports", "treat-sex-work-and-trafficking-as-distinct"
    )
    assert change.path.read_text(encoding="utf-8") == (
        EXAMPLE / "legal" / "lawfirm-prostitution-definition.yaml"
    ).read_text(encoding="utf-8")


def test_add_writes_groups_and_undercuts(example):
    result = run(
        "add", "--arguments", str(example), "--title", "Disliking a job is not being forced into it",
        "--text", "A reader answers that many people dislike their work and still chose it.",
        "--perspective", "readers", "--source", "ditmore-comments",
        "--quote", "that could also have something to do with why some people dislike dancing",
        "--supports-together", CHOICE, HOLLY, "--undercuts", AMANDA, CHOICE,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    path = example / "readers" / "disliking-a-job-is-not-being-forced-into-it.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"supports:\n  - to: {CHOICE}\n    with: [{HOLLY}]\nopposes: []\n" in text
    assert f"undercuts:\n  - from: {AMANDA}\n    to: {CHOICE}\n" in text
    assert errors(example) == []


def test_add_through_python_takes_the_yaml_forms(example):
    change = edit.add_node(
        example,
        {"title": "Choice under pressure is still choice", "text": "Some say a pressured choice is a choice.",
         "perspective": "readers", "source": "ditmore-comments", "quote": "choice",
         "opposes": [{"to": AMANDA, "with": [WORK]}], "undercuts": [{"from": WELFARE, "to": CHOICE}]},
    )  # fmt: skip
    assert change.node is not None
    assert change.node.groups == (PremiseGroup("opposes", AMANDA, (change.node.id, WORK)),)
    assert change.node.undercuts == (Undercut(change.node.id, WELFARE, CHOICE),)


def test_edit_keeps_groups_and_undercuts(example):
    change = edit.edit_node(example, HOLLY, {"title": "Many people do not ideally want their job"})
    assert change.node is not None and change.node.undercuts == (Undercut(HOLLY, FEW, CHOICE),)
    assert "  # Holly does not deny" in change.path.read_text(encoding="utf-8")


def test_rename_renames_every_group_and_undercut(example):
    result = run("rename", FEW, "few-like-the-work", "--arguments", str(example))
    assert result.returncode == 0, result.stderr
    debate, problems = check(example)
    assert [p for p in problems if p.is_error] == []
    assert debate.nodes[WELFARE].groups == (PremiseGroup("opposes", CHOICE, (WELFARE, "few-like-the-work")),)
    assert debate.nodes[HOLLY].undercuts == (Undercut(HOLLY, "few-like-the-work", CHOICE),)
    result = run("rename", WELFARE, "welfare-fails-mothers", "--arguments", str(example))
    assert result.returncode == 0, result.stderr
    debate, _ = check(example)
    assert debate.nodes["welfare-fails-mothers"].groups[0].members == (
        "welfare-fails-mothers",
        "few-like-the-work",
    )
    rename_target = run("rename", CHOICE, "mostly-a-real-choice", "--arguments", str(example))
    assert rename_target.returncode == 0
    assert errors(example) == []
    assert "to: mostly-a-real-choice" in node_file(example, HOLLY).read_text(encoding="utf-8")


def test_remove_is_refused_while_groups_or_undercuts_name_the_node(example):
    before = tree_digest(example)
    result = run("remove", FEW, "--arguments", str(example))
    assert result.returncode == 1
    assert "is in the premise group" in result.stdout and f"'{HOLLY}' undercuts the link" in result.stdout
    assert tree_digest(example) == before


def test_remove_unlink_of_a_member_leaves_the_lead_a_plain_link(example):
    result = run("remove", FEW, "--unlink", "--arguments", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    debate, problems = check(example)
    assert [p for p in problems if p.is_error] == []
    assert debate.nodes[WELFARE].groups == () and debate.nodes[WELFARE].opposes == (CHOICE,)
    assert debate.nodes[HOLLY].undercuts == ()  # it attacked the link from the removed claim


def test_remove_unlink_of_a_lead_passes_the_group_on(example):
    edit.add_node(
        example,
        {"id": "third", "title": "A third member", "text": "T.", "perspective": "readers",
         "source": "ditmore-comments", "quote": "choice"},
    )  # fmt: skip
    text = node_file(example, WELFARE).read_text(encoding="utf-8")
    node_file(example, WELFARE).write_text(
        text.replace(f"with: [{FEW}]", f"with: [{FEW}, third]"), encoding="utf-8"
    )
    result = run("remove", WELFARE, "--unlink", "--arguments", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    debate, problems = check(example)
    assert [p for p in problems if p.is_error] == []
    assert debate.nodes[FEW].groups == (PremiseGroup("opposes", CHOICE, (FEW, "third")),)
    assert debate.nodes[HOLLY].undercuts == (Undercut(HOLLY, FEW, CHOICE),)  # still a link to attack


def test_remove_unlink_of_a_group_target_drops_the_group(example):
    result = run("remove", "prostitution-different-crime-in-law", "--unlink", "--arguments", str(example))
    assert result.returncode == 0, result.stdout + result.stderr
    debate, problems = check(example)
    assert [p for p in problems if p.is_error] == []
    assert debate.nodes["lawfirm-prostitution-definition"].groups == ()
    assert debate.nodes["one-crime-can-lead-to-another"].undercuts == ()


@pytest.mark.parametrize(
    "command",
    [["rename", FEW, "few-like-the-work"], ["remove", WELFARE, "--unlink"]],
    ids=["rename", "remove --unlink"],
)
def test_a_kill_at_any_step_leaves_the_map_before_or_after(tmp_path, command):
    def fresh(n: int) -> Path:
        root = tmp_path / f"copy-{n}" / "arguments"
        shutil.copytree(EXAMPLE, root)
        return root

    root = fresh(0)
    before = tree_digest(root)
    assert run(*command, "--arguments", str(root)).returncode == 0
    after = tree_digest(root)
    seen = set()
    for step in range(1, 60):
        root = fresh(step)
        killed = run(*command, "--arguments", str(root), crash_at=step)
        if killed.returncode == 0:
            assert tree_digest(root) == after
            break
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        run("recover", str(root))  # finishes or takes back the interrupted change (reads never write)
        state = tree_digest(root)
        assert state in (before, after), f"a mix after a kill at step {step}"
        seen.add("before" if state == before else "after")
    else:
        pytest.fail("the change never finished")
    assert seen == {"before", "after"}


def test_serve_links_groups_and_undercuts(example):
    config = ServeConfig(example.resolve(), (example / "sources").resolve(), 8766, watch=False)
    guard = Guard(8766)
    with TestClient(create_app(config, guard), base_url="http://127.0.0.1:8766") as client:
        client.get(f"/?token={guard.token}")
        edit.unlink(example, WORK, "supports", CHOICE)
        body = {"source": WORK, "relation": "supports", "target": CHOICE, "with": [HOLLY]}
        assert client.post("/api/edit/link", json=body).json()["result"] is True
        undercut = {"source": AMANDA, "relation": "undercuts", "target": CHOICE, "from": WORK}
        assert client.post("/api/edit/link", json=undercut).json()["result"] is True
        assert client.post("/api/edit/unlink", json=undercut).json()["result"] is True
        wrong = client.post("/api/edit/link", json={**undercut, "from": "one-crime-can-lead-to-another"})
        assert wrong.status_code == 422 and wrong.json()["problems"][0]["code"] == "DM047"
        bad = client.post("/api/edit/link", json={**body, "with": "not-a-list"})
        assert bad.status_code == 400
    debate, _ = check(example)
    assert debate.nodes[WORK].groups == (PremiseGroup("supports", CHOICE, (WORK, HOLLY)),)
    assert debate.nodes[AMANDA].undercuts == ()


@pytest.mark.browser
def test_the_served_page_links_groups_and_undercuts(example, new_page):
    edit.unlink(example, WORK, "supports", CHOICE)
    call = "async ([op, args]) => { try { return {ok: await window.debatemap.edit[op](...args)}; } catch (e) { return {problems: e}; } }"  # noqa: E501
    with running_server(example) as server:
        page = new_page()
        page.goto(server.address)
        page.wait_for_function("() => window.debatemap && window.debatemap.drawn && window.debatemap.edit")
        grouped = page.evaluate(call, ["link", [WORK, "supports", CHOICE, {"with": [HOLLY]}]])
        assert grouped == {"ok": True}
        wrong = page.evaluate(
            call, ["link", [AMANDA, "undercuts", CHOICE, {"from": "one-crime-can-lead-to-another"}]]
        )
        assert wrong["problems"][0]["code"] == "DM047"
        undercut = page.evaluate(call, ["link", [AMANDA, "undercuts", CHOICE, {"from": WORK}]])
        assert undercut == {"ok": True}
    debate, _ = check(example)
    assert debate.nodes[WORK].groups == (PremiseGroup("supports", CHOICE, (WORK, HOLLY)),)
    assert debate.nodes[AMANDA].undercuts == (Undercut(AMANDA, WORK, CHOICE),)

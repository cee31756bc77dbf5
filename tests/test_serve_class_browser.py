"""Class mode in real Chromium: the teacher's join screen, and students who see only what they may do."""

# ruff: noqa: F811 (the tests take fixtures imported from test_serve_browser)
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import browser_support
from classroom import join
from serve_support import RunningServer, running_server
from test_serve_browser import REASON, call, contexts, has_node, map_root, open_map  # noqa: F401

pytestmark = pytest.mark.browser
browser = browser_support.browser
SHOTS = Path(__file__).resolve().parent.parent / "benchmarks" / "work"


def toolbar(page: Any, ident: str) -> list[str]:
    page.evaluate("id => window.debatemap.select(id)", ident)
    page.locator("#details .serve-toolbar").wait_for(state="attached")
    return [b.strip() for b in page.locator("#details .serve-toolbar button").all_inner_texts()]


def student(contexts: Any, server: RunningServer, name: str) -> Any:
    page = join(contexts(), server, name)
    page.wait_for_function("() => document.getElementById('serve-status').textContent.indexOf('Live') === 0")
    # (a page without live.me, from before issue 20, goes on to show what it offers a student)
    page.wait_for_function("() => !window.debatemap.live.me || window.debatemap.live.me().loaded")
    return page


def test_the_teacher_projects_the_join_screen_sees_who_joined_and_pauses_writing(map_root, contexts) -> None:
    with running_server(map_root, classroom=True) as server:
        teacher = open_map(contexts(), server.address)
        teacher.get_by_role("button", name="Join screen").click()
        screen = teacher.locator("#class-screen")
        screen.wait_for(state="visible")
        teacher.wait_for_function("code => document.getElementById('class-code').textContent === code",
                                  arg=server.guard.join_code)  # fmt: skip
        assert teacher.locator("#class-address").inner_text().endswith("/join")
        teacher.wait_for_function("() => document.getElementById('class-qr').naturalWidth > 100")
        box = teacher.locator("#class-screen").bounding_box()
        assert box and box["width"] >= 1300 and box["height"] >= 850  # the whole window, for a projector
        assert "0 students have joined" in teacher.locator("#class-count").inner_text()
        ana = student(contexts, server, "Ana")
        teacher.wait_for_function(
            "() => document.getElementById('class-students').textContent.indexOf('Ana') >= 0", timeout=8000
        )
        SHOTS.mkdir(exist_ok=True)
        teacher.screenshot(path=str(SHOTS / "class-join-screen.png"))
        # The pause switch: the student's page says so at once and offers no buttons.
        teacher.locator("#class-pause").check()
        ana.wait_for_function(
            "() => document.getElementById('serve-status').textContent.indexOf('paused') >= 0", timeout=5000
        )
        assert toolbar(ana, "t") == []
        assert "paused" in ana.locator("#details .serve-toolbar").inner_text()
        refused = call(ana, "add", {**REASON, "supports": ["t"]})
        assert refused["problems"][0]["reason"] == "paused"
        teacher.locator("#class-pause").uncheck()
        ana.wait_for_function(
            "() => document.getElementById('serve-status').textContent.indexOf('paused') < 0", timeout=5000
        )
        assert "+ Reason for" in toolbar(ana, "t")
        teacher.keyboard.press("Escape")
        screen.wait_for(state="hidden")


def test_a_student_sees_edit_and_remove_only_on_their_own_claims_and_the_teacher_everywhere(
    map_root, contexts
) -> None:
    with running_server(map_root, classroom=True) as server:
        ana, ben = student(contexts, server, "Ana"), student(contexts, server, "Ben")
        anas = call(ana, "add", {**REASON, "title": "Ana's reason", "supports": ["t"]})["ok"]
        bens = call(ben, "add", {**REASON, "title": "Ben's reason", "supports": ["t"]})["ok"]
        has_node(ben, anas)
        others = toolbar(ben, anas)
        assert others == ["+ Reason for", "\u2212 Reason against"], others
        own = toolbar(ben, bens)
        assert {"Edit", "Remove\u2026", "Rename\u2026", "Link\u2026"} <= set(own), own
        assert toolbar(ben, "t") == ["+ Reason for", "\u2212 Reason against"]  # the teacher's thesis
        # A student's form offers no new perspective or source (only the teacher adds those).
        ben.get_by_role("button", name="+ Reason for").click()
        options = ben.locator("#serve-perspective option").all_inner_texts()
        assert options and not any("New" in o for o in options)
        assert not any("New" in o for o in ben.locator("#serve-source option").all_inner_texts())
        ben.keyboard.press("Escape")
        # Rename from the page: the claim keeps its owner under its new id.
        ben.evaluate("id => window.debatemap.select(id)", bens)
        ben.get_by_role("button", name="Rename\u2026").click()
        ben.fill("#serve-id", "bens-better")
        ben.get_by_role("button", name="Rename", exact=True).click()
        has_node(ben, "bens-better")
        ben.wait_for_function("() => window.debatemap.live.me().mine.indexOf('bens-better') >= 0")
        assert "Edit" in toolbar(ben, "bens-better")
        # The teacher may change anything, and Edit opens the form without asking for a name.
        teacher = open_map(contexts(), server.address)
        teacher.wait_for_function("() => window.debatemap.live.me && window.debatemap.live.me().teacher")
        assert "Remove\u2026" in toolbar(teacher, anas)
        teacher.get_by_role("button", name="Edit").click()
        teacher.locator("#serve-title").wait_for()
        assert teacher.locator("#serve-name").count() == 0
        assert not teacher.errors

"""Shared headless-Chromium fixture for browser tests (Playwright driving Debian's Chromium).

Use it from a test module with::

    import browser_support

    browser = browser_support.browser  # registers the fixtures in the test module
    new_page = browser_support.new_page

``browser`` is one Chromium per test session. Without ``/usr/bin/chromium`` the
tests that need it are skipped with the reason, except under ``CI=true``, where a
missing browser is a failure: CI must never pass by skipping the browser tests.
Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")

# Flags that keep Chromium from phoning home, so "no network request" is the page's doing.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    """Skip on a developer machine, fail in CI (where the browser must be installed)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)")
    pytest.skip(reason)


def launch(playwright: Any) -> Any:
    """Launch Debian's Chromium headless with the flags above."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


# One Playwright and one Chromium per test process, however many modules register the fixture
# (a second sync_playwright() inside the first fails): counted, closed by the last user.
_SHARED: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (skip or fail if it is missing)."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found; install Debian's chromium package to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed (pip install -e '.[test]')")
    if not _SHARED["users"]:
        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["chromium"] = launch(_SHARED["playwright"])
    _SHARED["users"] += 1
    try:
        yield _SHARED["chromium"]
    finally:
        _SHARED["users"] -= 1
        if not _SHARED["users"]:
            _SHARED.pop("chromium").close()
            _SHARED.pop("playwright").stop()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory for pages in fresh contexts, closed after the test.

    ``new_page(viewport={"width": 1280, "height": 800})`` returns a page; every
    console error and page error is recorded in ``page.errors`` (a list of str),
    every request URL in ``page.requests``.
    """
    contexts: list[Any] = []

    def make(**context_options: Any) -> Any:
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.requests = []
        page.on(
            "console",
            lambda m: page.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: page.requests.append(r.url))
        return page

    yield make
    for context in contexts:
        context.close()


def axe_script() -> str:
    """axe-core's script (from the axe-playwright-python package, which ships axe.min.js).

    Skipped on a developer machine without it, a failure under ``CI=true``.
    """
    try:
        import axe_playwright_python
    except ImportError:
        _unavailable("axe-playwright-python (axe-core) is not installed (pip install -e '.[test]')")
    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    if not script.is_file():
        _unavailable(f"{script} not found: the installed axe-playwright-python no longer ships axe-core")
    return script.read_text(encoding="utf-8")


def axe_violations(page: Any, serious: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core (WCAG 2.x A/AA and best practices) on ``page``; its serious and critical violations.

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern,
    so the page under test keeps its real CSP.
    """
    page.evaluate(axe_script())
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }"
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {v['nodes']}" for v in result if v["impact"] in serious
    ]


def settle(page: Any, frames: int = 10) -> None:
    """Wait until the page has drawn ``frames`` more animation frames.

    For a test that shows that nothing happens (no drift, no request, no script run):
    whatever would happen is given that many frames of the page's own loop to show
    itself, however slow the machine is, instead of a guessed number of milliseconds.
    """
    page.evaluate(
        "n => new Promise(done => { const step = () => (--n <= 0 ? done(true)"
        " : requestAnimationFrame(step)); requestAnimationFrame(step); })",
        frames,
    )

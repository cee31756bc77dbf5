"""A class adding claims at once through the served page: shared by the test and the benchmark.

``tests/test_serve_browser.py`` runs it with 3 students (in the suite, every run);
``benchmarks/bench_class_browsers.py`` with 25, as a stress test with its own time bound (CI runs it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from serve_support import RunningServer, running_server


def join(context: Any, server: RunningServer, name: str) -> Any:
    """A student's page: open the join address, give a name, wait for the editable map."""
    page = context.new_page()
    page.goto(f"{server.base}/join?code={server.guard.join_code}")
    assert "code=" not in page.url  # taken out of the address at once
    page.fill("#join-name", name)
    page.get_by_role("button", name="Join").click()
    page.wait_for_function("() => window.debatemap && window.debatemap.drawn && window.debatemap.edit")
    return page


def writers_add_at_once(
    map_root: Path, contexts: Callable[[], Any], *, writers: int, each: int, reason: dict[str, Any]
) -> float:
    """``writers`` students in their own browser contexts each add ``each`` claims, all at once.

    Asserts that nothing is lost (every claim answered, on disk, and in a page, credited
    to its student); returns the seconds from the first add to the last answer.
    """
    with running_server(map_root, classroom=True) as running:
        pages = [join(contexts(), running, f"Student {i}") for i in range(writers)]
        started = time.monotonic()
        for i, page in enumerate(pages):
            page.evaluate(
                """([i, each, fields]) => { window.run = (async () => {
                     const ids = [];
                     for (let k = 0; k < each; k++) {
                       const title = `Reason ${i}-${k}`;
                       ids.push(await window.debatemap.edit.add({...fields, title, supports: ['t']}));
                     }
                     return ids; })(); return true; }""",
                [i, each, reason],
            )
        made = [page.evaluate("window.run") for page in pages]
        elapsed = time.monotonic() - started
        assert sorted(len(ids) for ids in made) == [each] * writers
        files = list((map_root / "legal").glob("reason-*.yaml"))
        assert len(files) == writers * each
        pages[0].wait_for_function(
            "n => window.debatemap.data.nodes.length === n", arg=2 + writers * each, timeout=30_000
        )
        contributors = {
            n["contributor"] for n in pages[0].evaluate("window.debatemap.data.nodes") if "contributor" in n
        }
        assert contributors == {f"Student {i}" for i in range(writers)}
        last = writers - 1
        pages[last].evaluate(f"window.debatemap.select('reason-{last}-0')")
        assert f"Added by: Student {last}" in pages[last].locator("#details").inner_text()
        return elapsed

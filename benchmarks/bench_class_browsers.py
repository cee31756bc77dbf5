"""The class stress test: 25 browsers in class mode adding claims at once lose nothing.

    python benchmarks/bench_class_browsers.py [--writers 25] [--each 10] [--bound 240]

The same scenario as ``tests/test_serve_browser.py``'s three-student test
(``tests/classroom.py``), at a real class's size: the two-node test map is served in
class mode, 25 students join in their own headless Chromium contexts, and each adds
10 claims one after another, all at once. Exits 1 if a claim is lost (not answered,
not on disk, not in the page, or credited to the wrong student) or if all of them
took longer than ``--bound`` seconds; CI runs it (``.ci/run``) after the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

import browser_support  # noqa: E402
import classroom  # noqa: E402
from conftest import ARGUMENT, PERSPECTIVES, SOURCES, THESIS  # noqa: E402

REASON = {
    "title": "Raids push work out of sight",
    "text": "Raids move sex work where it cannot be seen.",
    "perspective": "legal",
    "source": "s1",
    "quote": "A quoted sentence.",
}


def write_map(folder: Path) -> Path:
    root = folder / "arguments"
    for name, content in {
        "perspectives.yaml": PERSPECTIVES,
        "sources.yaml": SOURCES,
        "theses/t.yaml": THESIS,
        "legal/a.yaml": ARGUMENT,
        "sources/s1.txt": "A quoted sentence.\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=25)
    parser.add_argument("--each", type=int, default=10)
    parser.add_argument("--bound", type=float, default=240.0, help="seconds all the adds may take")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    made: list[Any] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = browser_support.launch(playwright)

        def context() -> Any:
            made.append(browser.new_context(viewport={"width": 1400, "height": 900}))
            return made[-1]

        started = time.monotonic()
        try:
            elapsed = classroom.writers_add_at_once(
                write_map(Path(folder)), context, writers=args.writers, each=args.each, reason=REASON
            )
        except AssertionError as lost:
            print(f"FAIL: {args.writers} class browsers x {args.each} claims: {lost}")
            return 1
        finally:
            for open_context in made:
                open_context.close()
            browser.close()
    load = os.getloadavg()[0]
    print(
        f"{args.writers} class browsers x {args.each} claims: lost 0; all answered in {elapsed:.1f} s "
        f"({time.monotonic() - started:.1f} s with joining; bound {args.bound:.0f} s; "
        f"load average {load:.1f})"
    )
    if elapsed > args.bound:
        print(f"FAIL: over the bound of {args.bound:.0f} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared fixtures: small maps written into a temporary folder."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest

import profiles
from cli_support import run_cli
from debatemap.validation.schema import node_schema

profiles.load()

REPO = Path(__file__).resolve().parent.parent

PERSPECTIVES = """\
legal:
  name: Legal
  colour: "#0072B2"
  description: Criminal law.
health:
  name: Public health
  colour: "#009E73"
  description: Health and harm reduction.
"""

SOURCES = """\
s1:
  title: "A source"
  author: "not stated"
  date: "not stated"
  perspective: legal
  file: s1.txt
"""

THESIS = """\
id: t
kind: thesis
title: A thesis
text: The thesis in full.
question: "Is it so?"
"""

ARGUMENT = """\
id: a
kind: argument
title: An argument
text: The argument in full.
perspective: legal
source: s1
quote: "A quoted sentence."
supports: [t]
"""


# The heaviest test files, heaviest first (their share of a whole run's time, measured on
# 2026-12-03 after the speed-up; see benchmarks/README.md, "The test suite"). `make test` hands
# whole files to its two workers (--dist loadfile) in collection order (--no-loadscope-reorder;
# pytest-xdist's own order is by number of tests, which sent the few slow PDF and browser files
# last and left one worker running them alone). Heaviest first, the workers end on short files
# and finish together. Files not listed keep pytest's order, after these; a stale list only
# costs time.
HEAVIEST_FIRST = (
    "test_browser_page",
    "test_handout_pdf",
    "test_serve_browser",
    "test_packet_lesson",
    "test_browser_geometry",
    "test_browser_map",
    "test_serve_class_browser",
    "test_packet_pdf",
    "test_newcomer",
    "test_serve_class",
    "test_handout_budget",
    "test_crash_safety",
    "test_browser_api",
    "test_serve_api",
    "test_groups_editing",
    "test_serve_geometry",
    "test_layers",
    "test_serve_security",
    "test_packet",
    "test_map_html",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {f"{name}.py": place for place, name in enumerate(HEAVIEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file stays in order


@pytest.fixture
def make_map(tmp_path: Path) -> Callable[..., Path]:
    """Write a map: ``make_map({"legal/a.yaml": "..."})`` -> its folder.

    The registries and a valid thesis ``t`` and argument ``a`` are included
    unless overridden (pass ``None`` as content to leave a file out).
    """

    def write(files: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "arguments"
        contents: dict[str, str | bytes | None] = {
            "perspectives.yaml": PERSPECTIVES,
            "sources.yaml": SOURCES,
            "theses/t.yaml": THESIS,
            "legal/a.yaml": ARGUMENT,
        }
        contents.update(files or {})
        for name, content in contents.items():
            if content is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return write


@pytest.fixture(autouse=True, scope="session")
def _journal_key_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Journals are signed with a per-user key (debatemap.store.journal); keep the tests' key
    out of the real home folder. Commands run as subprocesses inherit it."""
    previous = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if previous is None:
        del os.environ["XDG_STATE_HOME"]
    else:
        os.environ["XDG_STATE_HOME"] = previous


@pytest.fixture(scope="session")
def shipped_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``debatemap build arguments -o OUT`` writes for the shipped map (map, brief, PDF).

    Built once per run: the first pytest-xdist worker to ask builds it into the run's shared
    temporary folder while holding a lock, and the other waits for it instead of building
    it again (the PDF takes seconds). Tests read it and never change it.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    out, built = shared / "shipped-output", shared / "shipped-output.json"
    with open(shared / "shipped-output.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not built.exists():
            result = run_cli("build", str(REPO / "arguments"), "-o", str(out))
            built.write_text(json.dumps([result.returncode, result.stderr]), encoding="utf-8")
        code, stderr = json.loads(built.read_text(encoding="utf-8"))
    assert code == 0, stderr
    return out


@functools.cache
def node_validator() -> jsonschema.protocols.Validator:
    """The node schema's validator, made once: ``jsonschema.validate`` checks the schema itself
    and builds a new validator at every call (25 ms; test_schema checks the schema once)."""
    schema = node_schema()
    return jsonschema.validators.validator_for(schema)(schema)

"""Changes of several files survive ``kill -9``: the next command finds the map before or after.

Two ways of killing a real ``debatemap`` process (a fork of the test process that runs the
command, see ``fork_support``: a separate process, started without the cost of a new interpreter):

- at every step of the change in turn: a crash hook on the command's store makes the
  process SIGKILL itself at its k-th journal step (see ``crashing_debatemap.py`` and
  :mod:`debatemap.store.mapstore`), for k = 1, 2, ... until a run gets through; and again
  while the next command is finishing the interrupted change;
- at random instants, with ``os.kill`` from outside after a random delay.

After each kill, ``debatemap recover`` (what every editing command does first) runs, and
every file and folder of the map, hidden ones included, must be byte for byte
as before the change or as after it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from debatemap.store.journal import JOURNAL, STAGE_SUFFIX
from edit_support import tree_digest
from fork_support import pid_of, run_forked, start_forked, wait

BODY = "kind: argument\ntitle: X\ntext: X.\nperspective: legal\nsource: s1\nquote: q\n"
KIALO = """\
Discussion Title: Should sex work be decriminalised?

1. Sex work should be decriminalised.
1.1. Pro: Criminalisation stops workers reporting abuse.
1.1.1. Con: Some workers report abuse anyway.
"""


def _template(make_map) -> Path:
    """A map where 'a' is named by four other files (two lists in one of them)."""
    return make_map(
        {
            "legal/b.yaml": f"id: b\n{BODY}supports: [a, t]\n",
            "legal/c.yaml": f"# c's own comment\nid: c\n{BODY}supports:\n  - a\nopposes: [b]\n",
            "health/d.yaml": f"id: d\n{BODY.replace('legal', 'health')}supports: [t]\nopposes: [a]\n",
            "legal/e.yaml": f"id: e\n{BODY}supports: [a]\nopposes: [d]\n",
        }
    )


def _command(name: str, root: Path, kialo: Path) -> list[str]:
    return {
        "rename": ["rename", "a", "renamed-claim", "--arguments", str(root)],
        "remove --unlink": ["remove", "a", "--unlink", "--arguments", str(root)],
        "import": ["import", "--format", "kialo", str(kialo), "--arguments", str(root)],
    }[name]


def _debatemap(args: list[str], crash_at: int | None = None) -> subprocess.CompletedProcess[str]:
    return run_forked(args, crash_at=crash_at)


@pytest.fixture
def maps(make_map, tmp_path):
    """Fresh copies of the template map; the states before and after a clean run of a command."""
    template = _template(make_map)
    kialo = tmp_path / "k.txt"
    kialo.write_text(KIALO, encoding="utf-8")
    copies = iter(range(10_000))

    def fresh() -> Path:
        copy = tmp_path / f"copy-{next(copies)}" / "arguments"
        shutil.copytree(template, copy)
        return copy

    def states(name: str) -> tuple[dict[str, str], dict[str, str]]:
        root = fresh()
        before = tree_digest(root)
        result = _debatemap(_command(name, root, kialo))
        assert result.returncode == 0, result.stderr
        after = tree_digest(root)
        assert after != before
        return before, after

    return fresh, states, kialo


@pytest.mark.parametrize("name", ["rename", "remove --unlink", "import"])
def test_a_kill_at_every_step_leaves_the_map_before_or_after(maps, name):
    fresh, states, kialo = maps
    before, after = states(name)
    seen = []
    for step in range(1, 200):
        root = fresh()
        killed = _debatemap(_command(name, root, kialo), crash_at=step)
        if killed.returncode == 0:
            assert tree_digest(root) == after
            break
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        _debatemap(["recover", str(root)])  # the next command finishes or takes back the change
        state = tree_digest(root)
        assert state in (before, after), f"a mix after a kill at step {step}"
        seen.append("before" if state == before else "after")
    else:
        pytest.fail("the change never finished")
    # Both sides of the commit point were hit, so the kills fell inside the change.
    assert "before" in seen and "after" in seen, seen


@pytest.mark.parametrize("name", ["rename", "remove --unlink"])
def test_a_kill_while_finishing_an_interrupted_change_is_safe_too(maps, name):
    fresh, states, kialo = maps
    before, after = states(name)
    # Find a step after the commit point: the first kill after which the map reads as 'after'.
    for step in range(1, 200):
        probe = fresh()
        assert _debatemap(_command(name, probe, kialo), crash_at=step).returncode == -signal.SIGKILL
        _debatemap(["recover", str(probe)])
        if tree_digest(probe) == after:
            break
    for recovery_step in range(1, 50):
        root = fresh()
        _debatemap(_command(name, root, kialo), crash_at=step)
        reader = _debatemap(["recover", str(root)], crash_at=recovery_step)  # killed while finishing
        _debatemap(["recover", str(root)])
        assert tree_digest(root) == after, f"recovery killed at its step {recovery_step}"
        if reader.returncode != -signal.SIGKILL:
            break


def test_init_killed_at_every_step_leaves_an_empty_folder_or_the_new_map(tmp_path):
    def attempt(crash_at: int | None) -> tuple[int, dict[str, str]]:
        root = tmp_path / f"try-{crash_at}"
        root.mkdir()
        result = _debatemap(["init", str(root), "--question", "Is it so?"], crash_at=crash_at)
        _debatemap(["recover", str(root)])
        return result.returncode, tree_digest(root)

    _, after = attempt(None)
    for step in range(1, 50):
        code, state = attempt(step)
        assert state in ({}, after), f"a mix after a kill at step {step}"
        if code == 0:
            break


def _mid_change(root: Path) -> bool:
    """Whether a killed change left its journal or a stage file: the kill landed inside it."""
    return any(
        path.name in (JOURNAL, JOURNAL + ".tmp") or path.name.endswith(STAGE_SUFFIX)
        for path in root.rglob("*")
    )


def _journals(root: Path) -> tuple[Path, Path]:
    """The journal's two names: the first file a change writes and the last it removes."""
    return root / JOURNAL, root / (JOURNAL + ".tmp")


def _running(started) -> bool:
    """Whether the child is still running (asked without reaping it: :func:`wait` does that)."""
    child = started[0]
    if isinstance(child, int):
        return os.waitid(os.P_PID, child, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
    return child.poll() is None


def _await_change(root: Path, started) -> None:
    """Return once the change in ``root`` is seen under way (its journal exists) or its command
    has ended (a change too quick to be seen)."""
    while _running(started) and not any(os.path.lexists(j) for j in _journals(root)):
        time.sleep(0.0005)  # leave the core to the command


def _change_length(fresh, kialo) -> float:
    """How long a rename's change lasts (its journal exists), the shortest of three watched runs.

    Most of a rename's time goes to reading and checking the map; the change itself is a short
    stretch near the end, shorter still where writes are fast (a RAM disk).
    """
    lengths = []
    for _ in range(3):
        root = fresh()
        started = start_forked(_command("rename", root, kialo))
        _await_change(root, started)
        begun = time.monotonic()
        while any(os.path.lexists(j) for j in _journals(root)) and _running(started):
            time.sleep(0.0005)
        lengths.append(time.monotonic() - begun)
        assert wait(started).returncode == 0
    return min(lengths)


def test_random_kills_from_outside_leave_the_map_before_or_after(maps):
    """SQLite-style: kill a real process at random instants, until enough kills land mid-change.

    A kill that lands before the change starts or after it ends proves nothing, so each
    kill is classed by what it left (a journal or a stage file means mid-change) before the
    next command repairs the map, and the test goes on until ``DEBATEMAP_KILL_RUNS`` kills
    (default 5) have landed mid-change; it fails if none did in 400 tries. Counting events
    rather than trusting a fixed number of tries keeps it meaningful on a slow machine. Three
    kills in four wait until the change is seen to start (its journal) and then strike at a
    random instant over its shortest watched length (:func:`_change_length`), where a kill
    can do harm; the fourth strikes anywhere in the run.
    """
    fresh, states, kialo = maps
    before, after = states("rename")
    wanted = int(os.environ.get("DEBATEMAP_KILL_RUNS", "5"))
    rng = random.Random(12)  # reproducible instants; the machine's speed varies anyway
    durations = []
    for _ in range(3):
        start = time.monotonic()
        assert _debatemap(_command("rename", fresh(), kialo)).returncode == 0
        durations.append(time.monotonic() - start)
    full = sorted(durations)[1]
    stretch = _change_length(fresh, kialo) + 0.001
    kills = {"before the change": 0, "mid-change": 0, "after the change": 0}
    outcomes = {"before": 0, "after": 0}
    for attempt in range(400):
        root = fresh()
        started = start_forked(_command("rename", root, kialo))
        if attempt % 4 == 3:  # every fourth kill at any instant of the run
            time.sleep(rng.uniform(0.0, 1.2) * full)
        else:  # the others at a random instant of the change, as long as it was seen to last
            _await_change(root, started)
            time.sleep(rng.uniform(0.0, stretch))
        os.kill(pid_of(started[0]), signal.SIGKILL)
        wait(started)
        inside = _mid_change(root)
        _debatemap(["recover", str(root)])  # the next command finishes or takes back the change
        state = tree_digest(root)
        assert state in (before, after), "a mix after a random kill"
        outcomes["before" if state == before else "after"] += 1
        if inside:
            kills["mid-change"] += 1
        else:
            kills["before the change" if state == before else "after the change"] += 1
        if kills["mid-change"] >= wanted:
            break
    print(kills, outcomes)
    assert kills["mid-change"] >= wanted, f"too few kills landed inside the change: {kills}"

"""Run the ``debatemap`` command in a forked copy of the test process instead of a new interpreter.

A new interpreter costs 0.2-0.5 s to start and import (more on a loaded machine); a fork of
the test process, which has imported everything already, starts in a few milliseconds. The
child is a real separate process: it can be killed with SIGKILL, it holds its own file locks,
and it ends with ``os._exit`` so nothing of pytest runs in it.

Forking a process that runs threads is safe only for a child that needs no lock another
thread may hold: here the test process has threads (pytest-xdist's channel, a test
server's, Playwright's), and the child runs only debatemap's code, whose modules are all
imported before (below), writes only to its own files, and ends with ``os._exit``; the
interpreter re-creates its own locks (import, GIL, logging) in the child. Without
``os.fork`` (not POSIX) a fresh interpreter runs the command instead: slower, same outcome.

    result = run_forked(["check", str(root)])
    results = run_at_once([["add", ...], ["add", ...]])   # released at the same instant
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import debatemap
from crashing_debatemap import kill_at
from debatemap.cli import main

# The commands import most of their modules when they run (so `check` starts fast); a child
# forked before those imports would pay for them at every run. Import them once, here.
WARM = ("cli", "edit", "graph", "interchange", "store", "validation")
for _module in pkgutil.walk_packages(debatemap.__path__, "debatemap."):
    if _module.name.split(".")[1] in WARM:
        importlib.import_module(_module.name)

CRASHING = Path(__file__).with_name("crashing_debatemap.py")  # the crash hook's entry point

# A child: its pid (forked) or its Popen (a fresh interpreter), and its stdout and stderr files.
Started = tuple["int | subprocess.Popen[bytes]", tuple[int, int]]


def _scratch() -> int:
    """A descriptor of an anonymous temporary file, for one output stream of a child."""
    with tempfile.TemporaryFile() as output:
        return os.dup(output.fileno())


def can_fork() -> bool:
    return hasattr(os, "fork")


# A fresh interpreter's version of the gate: import, say ready, wait for the gate to open.
STARTER = (
    "import os, sys\n"
    "from debatemap.cli import main\n"
    "ready, gate = int(sys.argv[1]), int(sys.argv[2])\n"
    "os.write(ready, b'x'); os.close(ready); os.read(gate, 1)\n"
    "sys.exit(main(sys.argv[3:]))\n"
)
Gate = tuple[int, int, int]  # (the end a child waits on, the end it says "ready" on, the gate's write end)


def _child(args: Sequence[str], crash_at: int | None, output: tuple[int, int], gate: Gate | None) -> None:
    """Run in the forked child: wait at the gate, run the command, never return."""
    code = 70
    try:
        os.dup2(output[0], 1)
        os.dup2(output[1], 2)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the child ends with os._exit
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        if gate is not None:
            os.close(gate[2])  # else the gate never reads as closed: this child would hold it open
            os.write(gate[1], b"x")
            os.read(gate[0], 1)  # returns when the parent closes the other end
        try:
            code = main(list(args), crash_hook=None if crash_at is None else kill_at(crash_at))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _spawn(args: Sequence[str], crash_at: int | None, gate: Gate | None) -> Started:
    descriptor = (_scratch(), _scratch())
    if can_fork():
        with warnings.catch_warnings():  # Python 3.12+ warns of threads; see the module's note
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _child(args, crash_at, descriptor, gate)
        return pid, descriptor
    command = [sys.executable, "-m", "debatemap", *args]
    if crash_at is not None:
        command = [sys.executable, str(CRASHING), str(crash_at), *args]
    if gate is not None:
        command = [sys.executable, "-c", STARTER, str(gate[1]), str(gate[0]), *args]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=descriptor[0],
        stderr=descriptor[1],
        pass_fds=gate[:2] if gate else (),
    )
    return process, descriptor


def _read(descriptor: int) -> str:
    os.lseek(descriptor, 0, os.SEEK_SET)
    with os.fdopen(descriptor, "rb") as output:
        return output.read().decode("utf-8", "replace")


def _finish(
    started: int | subprocess.Popen[bytes], descriptor: tuple[int, int]
) -> subprocess.CompletedProcess[str]:
    if isinstance(started, int):
        _, status = os.waitpid(started, 0)
        code = os.waitstatus_to_exitcode(status)
        args: object = "forked"
    else:
        code = started.wait(timeout=120)
        args = started.args
    return subprocess.CompletedProcess(args, code, _read(descriptor[0]), _read(descriptor[1]))


def run_forked(args: Sequence[str], crash_at: int | None = None) -> subprocess.CompletedProcess[str]:
    """``debatemap ARGS`` in a child process; ``crash_at=k`` kills it at its k-th journal step.

    The return code is negative for a signal, as :mod:`subprocess` gives it
    (``-signal.SIGKILL`` for a kill).
    """
    return _finish(*_spawn(args, crash_at, None))


def start_forked(args: Sequence[str]) -> Started:
    """Start ``debatemap ARGS`` without waiting; :func:`kill` or :func:`wait` for it."""
    return _spawn(args, None, None)


def pid_of(started: int | subprocess.Popen[bytes]) -> int:
    return started if isinstance(started, int) else started.pid


def wait(started: Started) -> subprocess.CompletedProcess[str]:
    return _finish(*started)


def run_at_once(commands: Sequence[Sequence[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command, hold them all at a gate, then release them at the same instant.

    Each child says it is ready (imports done) on one pipe and then waits on another;
    once all have said so, closing the gate's write end wakes them all, so the commands
    really overlap. Waiting for the event, not for a guessed delay, holds on a slow machine.
    """
    gate_read, gate_write = os.pipe()
    ready_read, ready_write = os.pipe()
    started = [_spawn(args, None, (gate_read, ready_write, gate_write)) for args in commands]
    os.close(ready_write)
    os.close(gate_read)
    said = b""
    while len(said) < len(commands):
        chunk = os.read(ready_read, len(commands))
        if not chunk:
            break  # a child died before saying it was ready: _finish reports it
        said += chunk
    os.close(ready_read)
    os.close(gate_write)  # every child's read returns now
    return [_finish(*pair) for pair in started]

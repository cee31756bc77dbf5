"""Run a ``debatemap`` command inside the test process, as ``python -m debatemap`` would run it.

A new interpreter costs 0.2-0.5 s of CPU to start and import debatemap (more on a loaded
machine), and the suite runs hundreds of commands. A test that is about what a command does
(its exit code, what it prints, what it writes) gets the same answer from
:func:`debatemap.cli.main.main` called here, with standard input, output and error swapped
for in-memory files and the working folder changed for the call:

    result = run_cli("check", str(root))
    assert result.returncode == 1 and "DM012" in result.stdout

The result is a :class:`subprocess.CompletedProcess` with text stdout and stderr, as
``subprocess.run(..., capture_output=True, text=True)`` gives. Standard input is never a
terminal (a pipe, empty unless ``stdin`` is given), as in the subprocess it replaces.

What a process would hide becomes louder here: an exception the command does not handle
propagates into the test (a subprocess would print a traceback and exit 1), so the test fails
with the traceback. Tests about the process itself (the ``python -m debatemap`` entry point,
signals, closed standard streams, locks held by another process, kills) keep starting one,
through ``subprocess`` or ``tests/fork_support.py``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from debatemap.cli.main import main

# A new interpreter's standard input and output use the error handler its locale gives
# ("surrogateescape" under C.UTF-8 or UTF-8 mode, else "strict"); this interpreter made
# that same choice for its own streams at start. Standard error is always "backslashreplace".
STREAM_ERRORS = getattr(sys.__stdout__, "errors", None) or "strict"


@contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for ``None``, remove) environment variables for the call, then put them back."""
    before = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _exit_code(stop: SystemExit) -> int:
    """The exit status ``sys.exit(code)`` gives a process (a message is printed, status 1)."""
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    print(stop.code, file=sys.stderr)
    return 1


def run_cli(
    *args: str | bytes | os.PathLike[str],
    cwd: Path | str | None = None,
    stdin: bytes | str = b"",
    env: Mapping[str, str | None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``debatemap ARGS`` in this process: its exit code and what it printed.

    ``bytes`` arguments are decoded as the interpreter decodes ``argv`` (undecodable bytes
    become surrogates). ``env`` sets variables for the call (``None`` removes one).
    """
    argv = [os.fsdecode(a) for a in args]
    raw_in = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    folder = os.getcwd()
    sys.stdin = io.TextIOWrapper(io.BytesIO(raw_in), encoding="utf-8", errors=STREAM_ERRORS)
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors=STREAM_ERRORS)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace")
    try:
        with _environment(env or {}):
            if cwd is not None:
                os.chdir(cwd)
            try:
                code = main(argv)
            except SystemExit as stop:
                code = _exit_code(stop)
            sys.stdout.flush()
            sys.stderr.flush()
            printed = out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")
    finally:
        os.chdir(folder)
        sys.stdin, sys.stdout, sys.stderr = saved
    return subprocess.CompletedProcess(["debatemap", *argv], code, *printed)

"""``debatemap`` that kills itself (SIGKILL) at the k-th step of a change: the crash tests' entry point.

    python tests/crashing_debatemap.py K ARGS...

runs ``debatemap ARGS`` in this process with a crash hook on the command's store
(:class:`debatemap.store.mapstore.MapStore`), which the journal calls at every step of a
change of several files. Production code has no such switch: only this test-only entry point
(and :mod:`fork_support`, which forks the test process instead) installs the hook.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence

from debatemap.cli import main as debatemap_main
from debatemap.store.mapstore import CrashHook


def kill_at(step: int) -> CrashHook:
    """A hook that kills the process, as ``kill -9`` would, when the change reaches ``step``."""

    def hook(reached: int) -> None:
        if reached == step:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


def main(argv: Sequence[str]) -> int:
    step, *args = argv
    return debatemap_main(args, crash_hook=kill_at(int(step)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

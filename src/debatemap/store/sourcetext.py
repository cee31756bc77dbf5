"""Reading a source's text: only a plain file inside the sources folder, size-capped.

``sources.yaml`` is untrusted like every other file of a map: its ``file:``
could say ``../../etc/passwd``, ``/dev/zero`` or name a FIFO. The text is read
only when the name is a plain file name, the file (symlinks followed) is inside
the sources folder, is a regular file and is no larger than
:data:`~debatemap.rules.constraints.MAX_SOURCE_TEXT_BYTES`.
"""

from __future__ import annotations

import os
from pathlib import Path

from debatemap.rules.constraints import MAX_SOURCE_TEXT_BYTES, file_name_problem
from debatemap.store.contain import inside
from debatemap.store.fileread import read_bytes


def read_source_text(sources_dir: str | os.PathLike[str], name: str) -> tuple[str | None, str | None]:
    """``(text, None)``, or ``(None, why)`` when the text cannot or may not be read."""
    wrong = file_name_problem(name)
    if wrong is not None:
        return None, wrong
    folder = Path(sources_dir)
    path = folder / name
    try:
        contained = inside(folder, path)
    except (OSError, RuntimeError) as exc:  # a symlink loop
        return None, f"cannot read source text {path}: {exc}"
    if not contained:
        return None, f"source text {path} leads outside the sources folder {folder}"
    raw, problem = read_bytes(str(path), MAX_SOURCE_TEXT_BYTES)
    if raw is None:
        reason = problem.message.removeprefix("cannot read file: ") if problem else "unreadable"
        return None, f"cannot read source text {path}: {reason}"
    if len(raw) > MAX_SOURCE_TEXT_BYTES:
        return None, f"source text {path} is over {MAX_SOURCE_TEXT_BYTES // (1024 * 1024)} MiB"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, f"source text {path} is not UTF-8"

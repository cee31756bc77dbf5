"""Reading a source's text: only a plain file inside the sources folder, size-capped.

``sources.yaml`` is untrusted like every other file of a map: its ``file:``
could say ``../../etc/passwd``, ``/dev/zero`` or name a FIFO. The text is read
only when the name is a plain file name, the file (symlinks followed) is inside
the sources folder, is a regular file and is no larger than
:data:`~debatemap.rules.constraints.MAX_SOURCE_TEXT_BYTES`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from debatemap.rules.constraints import MAX_SOURCE_TEXT_BYTES, file_name_problem
from debatemap.store.fileread import read_bytes


def read_source_text(sources_dir: str | os.PathLike[str], name: str) -> tuple[str | None, str | None]:
    """``(text, None)``, or ``(None, why)`` when the text cannot or may not be read."""
    wrong = file_name_problem(name)
    if wrong is not None:
        return None, wrong
    folder = Path(sources_dir)
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as exc:  # a symlink loop
        return None, f"cannot read source text {path}: {exc}"
    if not inside:
        return None, f"source text {path} leads outside the sources folder {folder}"
    raw, problem = read_bytes(str(path), MAX_SOURCE_TEXT_BYTES)
    if raw is None:
        reason = problem.message.removeprefix("cannot read file: ") if problem else "unreadable"
        return None, f"cannot read source text {path}: {reason}"
    if len(raw) > MAX_SOURCE_TEXT_BYTES:
        return None, f"source text {path} is over {MAX_SOURCE_TEXT_BYTES // (1024 * 1024)} MiB"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"source text {path} is not UTF-8"
    return (json_strings(text) if name.lower().endswith(".json") else None) or text, None


def json_strings(text: str) -> str | None:
    r"""The strings of a JSON document, decoded, one per line (``None`` if it is not JSON).

    An imported AIF or JSON file is the source of the claims read from it; their
    quotes are the decoded words (``\u2019`` is a right quote, ``\/`` a slash),
    so that is what they are checked against.
    """
    try:
        document: Any = json.loads(text)
    except (ValueError, RecursionError):
        return None
    found: list[str] = []
    pending = [document]
    while pending:  # without recursion: a file may nest deeply
        value = pending.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            pending.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            pending.extend(reversed(value))
    return "\n".join(found)

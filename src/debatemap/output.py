"""Writing built files: the one place that writes into ``output/``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_outputs(out_dir: str | os.PathLike[str], files: Mapping[str, bytes | str]) -> list[Path]:
    """Write each ``name -> content`` into ``out_dir`` atomically; return the paths.

    Text is written as UTF-8 with ``\\n`` line endings whatever the platform,
    so the same map gives byte-identical files everywhere.
    """
    base = Path(out_dir)
    base.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(files):
        content = files[name]
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = base / name
        handle, tmp = tempfile.mkstemp(dir=base, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; built files are for sharing
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        written.append(target)
    return written

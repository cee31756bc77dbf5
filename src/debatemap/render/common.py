"""What the map, the handout and the packet share: reading our own files, and plain words.

Each room of ``render`` (``map``, ``handout``, ``packet``) keeps its templates,
scripts and stylesheets in a ``templates`` folder beside its modules and reads
them through :func:`template_text`, so a wheel ships them as package data and
no room reads another's files by accident.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources


@functools.lru_cache(maxsize=64)
def template_text(package: str, name: str, folder: str = "templates") -> str:
    """The text of ``folder/name`` inside ``package`` (read once, then cached)."""
    return resources.files(package).joinpath(folder, name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The CSP source (``'sha256-...'``) that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def words(text: str | None) -> str:
    """``text`` with every run of whitespace (YAML folding, newlines) made one space."""
    return " ".join((text or "").split())


def stated(value: str | None) -> bool:
    """Whether a registry value says something (``not stated`` and blanks do not)."""
    return bool(words(value)) and words(value).lower() != "not stated"

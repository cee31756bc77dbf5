"""The one containment check: whether a path stays inside a folder once symlinks are followed.

Every place that must not reach outside the map (a node file to change, a journal
entry to finish, a source text to read) asks this, so a symlinked folder or a
``..`` is judged the same way everywhere.
"""

from __future__ import annotations

import os


def inside(folder: str | os.PathLike[str], path: str | os.PathLike[str], *, follow_last: bool = True) -> bool:
    """Whether ``path`` lies in ``folder`` (or is it), symlinks resolved on both sides.

    With ``follow_last=False`` a final symlink is judged where it stands, not where it
    points (deleting or replacing a link touches the link, not its target). A symlink
    loop raises :class:`OSError` (or :class:`RuntimeError` on older Pythons).
    """
    real_folder = os.path.realpath(folder, strict=False)
    if follow_last:
        real = os.path.realpath(path)
    else:
        head, name = os.path.split(os.fspath(path))
        real = os.path.join(os.path.realpath(head or "."), name)
    return os.path.commonpath([real_folder, real]) == real_folder

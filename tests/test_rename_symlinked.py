"""``rename`` of an id claimed by two files (a symlinked node) is refused: renaming one file
once left the other behind as a second node."""

from __future__ import annotations

import pytest

from debatemap.edit import ChangeRefused
from debatemap.edit.lifecycle import rename_node
from edit_support import run, tree_digest


@pytest.mark.parametrize("link", ["legal/alias.yaml", "health/a.yaml"])
def test_rename_of_a_node_with_a_symlinked_second_file_is_refused(make_map, link):
    root = make_map()
    (root / link).parent.mkdir(exist_ok=True)
    (root / link).symlink_to(root / "legal" / "a.yaml")
    before = tree_digest(root)
    with pytest.raises(ChangeRefused) as refused:
        rename_node(root, "a", "renamed")
    assert refused.value.problems[0].code == "DM011"
    assert "more than one file" in refused.value.problems[0].message
    result = run("rename", "a", "renamed", "--arguments", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert tree_digest(root) == before


def test_rename_of_a_node_whose_own_file_is_a_symlink_is_refused(make_map, tmp_path):
    root = make_map()
    real = root / "legal" / "a.yaml"
    kept = root / "legal" / "kept.txt"  # not a node file: the symlink is the node's only file
    real.rename(kept)
    real.symlink_to(kept)
    with pytest.raises(ChangeRefused):
        rename_node(root, "a", "renamed")
    assert real.is_symlink() and kept.is_file()

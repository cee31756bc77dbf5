"""Validated, locked, atomic changes to a map (see :mod:`.nodes` for the steps).

:mod:`.input` cleans values typed by a person, :mod:`.core` holds the lock and
commits a change, :mod:`.nodes` adds and links nodes, :mod:`.registry` grows
the registries, :mod:`.lifecycle` edits, renames and removes nodes, and
:mod:`.yamlwrite` and :mod:`.yamlfields` edit YAML text in place, keeping comments.
"""

from debatemap.edit.core import Change, ChangeRefused, WriteFailed, clean_map, commit
from debatemap.edit.fromdocument import SourceAdded, add_source_from
from debatemap.edit.lifecycle import edit_node, remove_node, rename_node
from debatemap.edit.newmap import init_map
from debatemap.edit.nodes import add_node, add_nodes, add_perspective, add_source, link, plan_node, unlink

__all__ = ["Change", "ChangeRefused", "WriteFailed", "add_node", "add_nodes", "add_perspective", "add_source"]
__all__ += [
    "SourceAdded",
    "add_source_from",
    "clean_map",
    "commit",
    "edit_node",
    "init_map",
    "link",
    "plan_node",
    "remove_node",
    "rename_node",
    "unlink",
]

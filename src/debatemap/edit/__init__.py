"""Validated, locked, atomic changes to a map (see :mod:`.nodes` for the steps).

:mod:`.input` cleans values typed by a person, :mod:`.core` holds the lock and
commits a change, :mod:`.nodes` adds and links nodes, :mod:`.registry` grows
the registries, :mod:`.yamlwrite` edits YAML text in place, keeping comments.
"""

from debatemap.edit.core import Change, ChangeRefused, WriteFailed, clean_map, commit
from debatemap.edit.nodes import add_node, add_nodes, add_perspective, add_source, link, plan_node, unlink

__all__ = ["Change", "ChangeRefused", "WriteFailed", "add_node", "add_nodes", "add_perspective", "add_source"]
__all__ += ["clean_map", "commit", "link", "plan_node", "unlink"]

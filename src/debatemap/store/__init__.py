"""The one boundary for untrusted input, and the one place that writes files.

Everything from outside (node files, registries, source texts, files to import)
is read here: :mod:`.fileread` reads bytes safely (regular files only, size
capped), :mod:`.yamlread` and :mod:`.yamlflat` parse YAML into values that
remember their position, :mod:`.records` turns those values into the plain
records of :mod:`debatemap.model`, and :mod:`.reader` reads a whole map folder.
:mod:`.write` is the atomic writer every command uses, :mod:`.journal` lands a change of
several files whole, and :mod:`.mapstore` holds one map folder as an object (its lock,
its reader's cache, a test's crash hook).
"""

from debatemap.store.reader import node_files, read_map

__all__ = ["node_files", "read_map"]

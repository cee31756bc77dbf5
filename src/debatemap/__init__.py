"""debatemap: map a contested public debate as a graph of arguments.

The Python API mirrors the command line::

    from debatemap import check, build_graph
    debate, problems = check("arguments", sources_dir="../shared/seeds")
    graph = build_graph(debate)
"""

from __future__ import annotations

__version__ = "0.1.0"

from debatemap.model import DebateMap, Node, Perspective, Position, Problem, Source
from debatemap.store.reader import read_map
from debatemap.validation.validate import check, validate


def __getattr__(name: str) -> object:
    # NetworkX takes a third of a second to import; `check` does not need it.
    if name == "build_graph":
        from debatemap.graph.build import build_graph

        return build_graph
    raise AttributeError(f"module 'debatemap' has no attribute {name!r}")


__all__ = [
    "DebateMap",
    "Node",
    "Perspective",
    "Position",
    "Problem",
    "Source",
    "build_graph",
    "check",
    "read_map",
    "validate",
    "__version__",
]

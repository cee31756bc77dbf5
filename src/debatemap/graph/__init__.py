"""The map as a NetworkX graph, and what it means.

:mod:`.build` builds the ``DiGraph``; :mod:`.analysis` (clash, common ground,
contested claims) and :mod:`.strength` (DF-QuAD, grounded semantics) are pure
functions of it.
"""

from debatemap.graph.build import build_graph, incoming

__all__ = ["build_graph", "incoming"]

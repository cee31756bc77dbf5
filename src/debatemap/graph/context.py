"""A checked map and what every output needs from it, each worked out once.

``build``, ``handout``, ``export``, ``stats`` and ``serve`` all start from a
map that passed ``check`` and need its graph, and most need the strength of
its claims. :class:`BuiltMap` holds the map and computes each of those on
first use, so no command wires the pipeline by hand or computes a stage twice
(the map page and the handout of one ``build`` share one strength).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from debatemap.graph.build import build_graph
from debatemap.graph.strength import dfquad_strength
from debatemap.model import DebateMap


@dataclass
class BuiltMap:
    """``debate`` (already checked) with its graph and DF-QuAD strength on demand.

    Examples
    --------
    >>> from debatemap import check
    >>> built = BuiltMap(check("arguments")[0])  # doctest: +SKIP
    >>> built.graph.number_of_nodes(), round(built.strength["decriminalise-selling-sex"], 2)  # doctest: +SKIP
    """

    debate: DebateMap

    @cached_property
    def graph(self) -> Any:
        """The NetworkX ``DiGraph`` of the map (:func:`~debatemap.graph.build.build_graph`)."""
        return build_graph(self.debate)

    @cached_property
    def strength(self) -> dict[str, float]:
        """DF-QuAD strength of every claim, base score 0.5."""
        return dict(dfquad_strength(self.graph))

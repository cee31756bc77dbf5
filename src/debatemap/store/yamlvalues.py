"""The values the YAML readers build: mappings and sequences that remember positions."""

from __future__ import annotations

from typing import Any

from debatemap.model import Position

# The only plain scalars starting with a letter that resolve to something other
# than text: YAML 1.1 booleans and nulls. Checking this set first spares the
# resolver's regular expressions for every key like "title" or "text".
BOOL_NULL_WORDS = frozenset(
    w
    for base in ("yes", "no", "true", "false", "on", "off", "null")
    for w in (base, base.capitalize(), base.upper())
)


class YMap(dict[str, Any]):
    """A mapping with the position of itself, its keys and its values."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.key_positions: dict[str, Position] = {}
        self.value_positions: dict[str, Position] = {}


class YList(list[Any]):
    """A sequence with the position of itself and of each item."""

    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position
        self.item_positions: list[Position] = []


__all__ = ["BOOL_NULL_WORDS", "YList", "YMap"]

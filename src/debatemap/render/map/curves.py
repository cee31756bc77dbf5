"""How deep an S-curve (the page's tree link) must run to stay inside its end boxes.

A tree link is a cubic Bezier from a box's centre to its parent's, both control
points half-way down (vertical at both ends). With ``u`` the curve parameter from
an end, it has moved ``offset * (3u^2 - 2u^3)`` sideways and
``depth * (1.5u - 1.5u^2 + u^3)`` down. The layout spaces rows so that a claim's
curves to its outermost arguments leave and enter their own boxes cleanly.
"""

from __future__ import annotations

import functools

STEPS = 4096  # shares of the sideways distance that are looked up (rounded down: deeper, safe)


def s_curve_depth(offset: float, half: float, band: float) -> float:
    """Least vertical distance for an S-curve to stay in its end boxes.

    While the curve is within ``band`` px of an end (inside that row of boxes), it
    must stay within ``half`` px of that end's centre, i.e. pass through the end's
    own box and no neighbour's, having moved ``offset`` px sideways in all.

    >>> s_curve_depth(50, 100, 40)  # never leaves its boxes' width: any depth will do
    0.0
    >>> round(s_curve_depth(400, 100, 40))
    110
    """
    if offset <= half:
        return 0.0
    # The entry for the next smaller share: a slightly deeper (safe) answer.
    return band / down_at(int(half / offset * STEPS))


@functools.lru_cache(maxsize=STEPS + 1)
def down_at(step: int) -> float:
    """:func:`curve_down` of ``step / STEPS``, worked out when first asked: a map uses a
    few hundred of the 4,097 steps, and the whole table cost 0.04 s on every build."""
    return curve_down(step / STEPS)


def curve_down(share: float) -> float:
    """How far down an S-curve is (as a share of its depth) when it has moved ``share`` sideways."""
    low, high = 0.0, 1.0
    for _ in range(40):  # 3u^2 - 2u^3 grows on [0, 1]
        mid = (low + high) / 2
        if 3 * mid * mid - 2 * mid**3 < share:
            low = mid
        else:
            high = mid
    return max(1e-9, 1.5 * low - 1.5 * low * low + low**3)

"""Cross-links routed around boxes, never through them.

A cross-link joins two claims that are not parent and child in the layout's
trees, often far apart. Drawn straight it would pass behind the boxes between
them, and each of those would seem to answer the other. So a cross-link runs
orthogonally through space that holds no box (see :mod:`debatemap.render.map.layout`):

- a *band* is the empty strip between two rows of boxes of a shelf (or above
  its first row, or below its last), as wide as the whole shelf;
- a *channel* is the empty strip between two trees of a shelf (or at a shelf's
  ends), as high as the shelf; two outer channels, left and right of everything,
  join the shelves.

A route leaves its source's box upwards or downwards into a band, runs along
it (to the target directly when the target borders the same band, else to a
channel, along it to the band beside the target, and along that), and enters
the target's box from above or below. Every run gets a *track* of its own in
its band or channel (greedy interval colouring), so no two routes share a
stretch of line, and each box side gives each route its own attachment point.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

TRACK = 7  # px between neighbouring tracks in a band or channel
PAD = 10  # px between a band's edge and its first track
CENTRE = 12  # px either side of a box's centre kept for its tree links
ROOM = 10  # px between a box's corner and its outermost attachment point


class ShelfLike(Protocol):
    roots: list[str]
    lefts: list[int]
    rights: list[int]
    rows: list[int]
    tall: list[int]
    top: int
    bottom: int


@dataclass
class _Route:
    source: str
    target: str
    up: bool  # the source is left through its top (the target is above it), else its bottom
    enters_top: bool  # the target is entered through its top
    band_a: tuple[int, int]  # (shelf, band) the route leaves into; band b lies below row b
    band_b: tuple[int, int] | None  # the band beside the target, if not band_a
    channel: tuple[Any, ...] | None  # ("shelf", shelf, index) or ("outer", "left"|"right")
    source_x: float = 0.0
    target_x: float = 0.0
    tracks: tuple[int, int, int] = (0, 0, 0)  # in band_a, channel, band_b
    # An undercut ends on a link, not a box: its last band's track y -> the point it ends at,
    # and the x range it may reach along that band.
    anchor: Callable[[float], tuple[float, float]] | None = None
    reach: tuple[float, float] = (0.0, 0.0)
    key: Hashable = None


def _colour(intervals: Sequence[tuple[float, float, int]]) -> tuple[dict[int, int], int]:
    """Greedy interval colouring: ``{item: track}`` and the number of tracks used."""
    assigned: dict[int, int] = {}
    busy: list[tuple[float, int]] = []  # (end, track) of runs still open
    free: list[int] = []
    used = 0
    for start, end, item in sorted(intervals):
        while busy and busy[0][0] < start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            track = heapq.heappop(free)
        else:
            track, used = used, used + 1
        assigned[item] = track
        heapq.heappush(busy, (end, track))
    return assigned, used


class Router:
    """Plans every cross-link's route before rows get their heights, then draws them.

    Usage: :meth:`add` each cross-link, :meth:`assign_tracks`, read
    :meth:`band_height` to space the rows, then :meth:`polylines`.
    """

    def __init__(
        self,
        shelves: Sequence[ShelfLike],
        node_shelf: dict[str, int],
        depth: dict[str, int],
        xs: dict[str, int],
        sizes: dict[str, tuple[int, int]],
        tree_gap: int,
    ) -> None:
        self.shelves, self.node_shelf, self.depth, self.xs, self.sizes = shelves, node_shelf, depth, xs, sizes
        self.gap = tree_gap
        self.routes: list[_Route] = []
        # Channel regions of each shelf, left to right: before, between and after its trees.
        self.channels: list[list[tuple[int, int]]] = []
        for shelf in shelves:
            regions = [(shelf.lefts[0] - tree_gap, shelf.lefts[0])]
            regions += [(shelf.rights[i - 1], shelf.lefts[i]) for i in range(1, len(shelf.lefts))]
            regions.append((shelf.rights[-1], shelf.rights[-1] + tree_gap))
            self.channels.append(regions)
        self.centres = [[(lo + hi) / 2 for lo, hi in regions] for regions in self.channels]
        self.right_edge = max((s.rights[-1] for s in shelves), default=0) + tree_gap
        self.band_tracks: dict[tuple[int, int], int] = defaultdict(int)
        self.channel_tracks: dict[tuple[Any, ...], int] = defaultdict(int)
        self.attach: dict[tuple[str, bool], list[tuple[float, int, bool]]] = defaultdict(list)
        self.room: dict[tuple[int, int], int] = {}  # px kept free at a band's bottom (group bars)
        self._by_key: dict[Hashable, _Route] = {}  # each cross-link's route, by (source, target)

    def add(self, source: str, target: str) -> None:
        """Plan the route of the cross-link ``source -> target`` (bands and channel)."""
        sa, da = self.node_shelf[source], self.depth[source]
        sb, db = self.node_shelf[target], self.depth[target]
        channel: tuple[Any, ...] | None = None
        if sa == sb and abs(da - db) <= 1:  # the two boxes border one band
            up, enters_top = db < da, db > da
            band_a, band_b = (sa, db if db < da else da), None
        else:
            up = (sb, db) < (sa, da)
            enters_top = not up
            band_a = (sa, da - 1 if up else da)
            band_b = (sb, db if up else db - 1)
            if sa == sb:
                channel = ("shelf", sa, self._nearest_channel(sa, self.xs[source], self.xs[target]))
            else:
                middle = (self.xs[source] + self.xs[target]) / 2
                channel = ("outer", "left" if middle < self.right_edge / 2 else "right")
        route = _Route(source, target, up, enters_top, band_a, band_b, channel, key=(source, target))
        self.routes.append(route)
        self._by_key[(source, target)] = route

    def add_undercut(
        self,
        source: str,
        band: tuple[int, int],
        reach: tuple[float, float],
        anchor: Callable[[float], tuple[float, float]],
        key: Hashable,
    ) -> None:
        """Plan a route from ``source`` to a point on a link that crosses ``band``, somewhere in
        ``reach`` (an x range); ``anchor`` gives that point for the track's y."""
        sa, da = self.node_shelf[source], self.depth[source]
        channel: tuple[Any, ...] | None = None
        if band[0] == sa and band[1] in (da - 1, da):  # the band borders the source's row
            up, band_a, band_b = band[1] == da - 1, band, None
        else:
            up = band < (sa, da)
            band_a, band_b = (sa, da - 1 if up else da), band
            middle = (reach[0] + reach[1]) / 2
            if band[0] == sa:
                channel = ("shelf", sa, self._nearest_channel(sa, self.xs[source], middle))
            else:
                channel = ("outer", "left" if middle < self.right_edge / 2 else "right")
        route = _Route(source, "", up, False, band_a, band_b, channel, anchor=anchor, reach=reach, key=key)
        self.routes.append(route)

    def add_undercut_of_link(self, source: str, link: tuple[str, str], key: Hashable) -> bool:
        """Plan a route from ``source`` to the middle of the cross-link ``link``'s first run (along
        the band it leaves its source into), like any other route; False if ``link`` has no route."""
        attacked = self._by_key.get(link)
        if attacked is None:
            return False
        ends = [self.xs[link[0]], self._channel_x(attacked.channel) if attacked.channel else self.xs[link[1]]]
        half = max(self.sizes[link[0]][0], self.sizes[link[1]][0]) / 2
        reach = (min(ends) - half, max(ends) + half)  # wherever the run's ends are attached

        def on_run(_y: float) -> tuple[float, float]:
            end = attacked.target_x
            if attacked.channel:
                end = self._channel_x(attacked.channel, attacked.tracks[1])
            return (attacked.source_x + end) / 2, self._track_y(attacked.band_a, attacked.tracks[0])

        self.add_undercut(source, attacked.band_a, reach, on_run, key)
        return True

    def _nearest_channel(self, shelf: int, x1: float, x2: float) -> int:
        """The channel a route from x1 to x2 goes out of its way least to reach (nearest x1)."""
        centres = self.centres[shelf]
        lo, hi = min(x1, x2), max(x1, x2)
        best, best_cost = 0, float("inf")
        for at in {bisect.bisect_left(centres, x1) - 1, bisect.bisect_left(centres, x1),
                   bisect.bisect_left(centres, x2) - 1, bisect.bisect_left(centres, x2)}:  # fmt: skip
            if 0 <= at < len(centres):
                c = centres[at]
                cost = max(0.0, lo - c, c - hi) * 2 + abs(c - x1) * 1e-3
                if cost < best_cost:
                    best, best_cost = at, cost
        return best

    def _channel_x(self, channel: tuple[Any, ...], track: int | None = None) -> float:
        """A channel's centre, or the x of one of its tracks."""
        if channel[0] == "outer":
            step = PAD + TRACK * (track or 0)
            return float(-self.gap - step if channel[1] == "left" else self.right_edge + step)
        lo, hi = self.channels[int(channel[1])][int(channel[2])]
        if track is None:
            return (lo + hi) / 2
        count = self.channel_tracks[channel]
        spacing = min(TRACK, (hi - lo - 2 * PAD) / max(1, count))
        return (lo + hi) / 2 + (track - (count - 1) / 2) * spacing

    def assign_tracks(self) -> None:
        """Attachment points on each box side, then a track for every run."""
        for number, route in enumerate(self.routes):
            if route.anchor is not None:  # an undercut: attached at its source only
                away = sum(route.reach) / 2 if route.channel is None else self._channel_x(route.channel)
                self.attach[(route.source, route.up)].append((away, number, True))
                continue
            away = self.xs[route.target] if route.channel is None else self._channel_x(route.channel)
            back = self.xs[route.source] if route.channel is None else self._channel_x(route.channel)
            self.attach[(route.source, route.up)].append((away, number, True))
            self.attach[(route.target, route.enters_top)].append((back, number, False))
        for (ident, _side), ends in self.attach.items():
            centre, width = self.xs[ident], self.sizes[ident][0]
            for offset, (_, number, leaving) in zip(_slots(width, len(ends)), sorted(ends), strict=True):
                if leaving:
                    self.routes[number].source_x = centre + offset
                else:
                    self.routes[number].target_x = centre + offset
        band_runs: dict[tuple[int, int], list[tuple[float, float, int]]] = defaultdict(list)
        channel_runs: dict[tuple[Any, ...], list[tuple[float, float, int]]] = defaultdict(list)
        order = self._band_order()
        for number, route in enumerate(self.routes):
            if route.channel is None:
                if route.anchor is not None:
                    run = _span(route.source_x, route.reach[0], number * 2, route.reach[1])
                    band_runs[route.band_a].append(run)
                else:
                    band_runs[route.band_a].append(_span(route.source_x, route.target_x, number * 2))
                continue
            lo, hi = self._channel_span(route.channel)
            band_runs[route.band_a].append(_span(route.source_x, lo, number * 2, hi))
            assert route.band_b is not None
            if route.anchor is not None:
                far = (min(lo, route.reach[0]), max(hi, route.reach[1]))
                band_runs[route.band_b].append(_span(far[0], far[0], number * 2 + 1, far[1]))
            else:
                band_runs[route.band_b].append(_span(route.target_x, lo, number * 2 + 1, hi))
            first, last = sorted((order[route.band_a], order[route.band_b]))
            channel_runs[route.channel].append((first, last, number))
        band_track: dict[int, int] = {}
        for band, runs in band_runs.items():
            assigned, self.band_tracks[band] = _colour(runs)
            band_track.update(assigned)
        for channel, runs in channel_runs.items():
            assigned, self.channel_tracks[channel] = _colour(runs)
            for number, track in assigned.items():
                route = self.routes[number]
                route.tracks = (band_track[number * 2], track, band_track.get(number * 2 + 1, 0))
        for number, route in enumerate(self.routes):
            if route.channel is None:
                route.tracks = (band_track[number * 2], 0, 0)

    def _channel_span(self, channel: tuple[Any, ...]) -> tuple[float, float]:
        if channel[0] == "outer":
            x = self._channel_x(channel, 0)
            return (x - 10_000_000, x) if channel[1] == "left" else (x, x + 10_000_000)
        lo, hi = self.channels[channel[1]][channel[2]]
        return float(lo), float(hi)

    def _band_order(self) -> dict[tuple[int, int], int]:
        """Every band's place from the top of the map down (for runs along channels)."""
        order: dict[tuple[int, int], int] = {}
        for number, shelf in enumerate(self.shelves):
            for band in range(-1, len(shelf.tall)):
                order[(number, band)] = len(order)
        return order

    def band_height(self, shelf: int, band: int) -> int:
        """Room the band needs for its tracks (0 if no route runs along it)."""
        count = self.band_tracks.get((shelf, band), 0)
        return (count * TRACK + 2 * PAD if count else 0) + self.room.get((shelf, band), 0)

    def _track_y(self, band: tuple[int, int], track: int) -> float:
        shelf = self.shelves[band[0]]
        b = band[1]
        top = shelf.top if b < 0 else shelf.rows[b] + shelf.tall[b] / 2
        bottom = shelf.bottom if b == len(shelf.rows) - 1 else shelf.rows[b + 1] - shelf.tall[b + 1] / 2
        bottom -= self.room.get(band, 0)
        count = self.band_tracks[band]
        return (top + bottom) / 2 + (track - (count - 1) / 2) * TRACK

    def polylines(self, positions: dict[str, tuple[int, int]]) -> dict[Hashable, list[tuple[int, int]]]:
        """Each route's points, from the source's centre level to the target's (or the point on
        the link an undercut ends at), by the key it was added with."""
        lines: dict[Hashable, list[tuple[int, int]]] = {}
        for route in self.routes:
            ya, xa = positions[route.source][1], route.source_x
            first = self._track_y(route.band_a, route.tracks[0])
            points: list[tuple[float, float]] = [(xa, ya), (xa, first)]
            last = first
            if route.channel is not None and route.band_b is not None:
                x = self._channel_x(route.channel, route.tracks[1])
                last = self._track_y(route.band_b, route.tracks[2])
                points += [(x, first), (x, last)]
            if route.anchor is not None:
                end = route.anchor(last)
                points.append((end[0], last))
                if end[1] != last:  # onto a cross-link's run, from its side
                    points.append(end)
            else:
                points += [(route.target_x, last), (route.target_x, positions[route.target][1])]
            lines[route.key] = _rounded(points)
        return lines


def _span(x: float, end: float, item: int, far: float | None = None) -> tuple[float, float, int]:
    """An interval from ``x`` to a channel ``[end, far]`` (or to ``end``), with a little room."""
    ends = (x, end) if far is None else (x, end, far)
    return min(ends) - 2, max(ends) + 2, item


def _slots(width: int, count: int) -> list[float]:
    """Offsets from a box's centre for ``count`` attachments on one side, clear of its centre."""
    usable = width / 2 - ROOM
    spots = []
    for i in range(count):
        offset = -usable + (i + 0.5) * 2 * usable / count
        if abs(offset) < CENTRE:
            offset = CENTRE if offset >= 0 else -CENTRE
        spots.append(offset)
    return spots


def _rounded(points: Iterable[tuple[float, float]]) -> list[tuple[int, int]]:
    return [(round(x), round(y)) for x, y in points]

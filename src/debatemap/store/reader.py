"""The argument store: the only module that reads or writes ``arguments/``.

Reading turns every YAML file into immutable records (see :mod:`.records` and
:mod:`.model`) and reports each problem with its file, line and column; a large
map is read by two processes. Writing is atomic and never overwrites a file it
was asked to create.
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import operator
import os
from itertools import repeat
from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.model import DebateMap, Node, Position, PremiseGroup, Problem, Undercut
from debatemap.store import journal
from debatemap.store.records import (
    PERSPECTIVES_FILE,
    REGISTRIES,
    SOURCES_FILE,
    node_from_yaml,
    perspectives_from_yaml,
    sources_from_yaml,
)
from debatemap.store.stamp import MISSING, Stamp, file_stamp
from debatemap.store.yamlread import read_file


def node_files(root: Path) -> list[str]:
    """Every node file below ``root``, as paths to show a person, in a stable order.

    See :func:`find_node_files`, which also says which folders could not be read.
    """
    return find_node_files(root)[0]


def find_node_files(root: Path) -> tuple[list[str], list[Problem]]:
    """Every node file below ``root`` in a stable order, and the folders that could not be read.

    Registries at the top level and hidden folders are left out. A symlinked
    folder is read as if its files were in the map (paths stay as shown under
    the map), unless it leads back into the map or to a folder already read
    (a loop): that one is skipped with a DM038 warning. A folder that cannot be
    listed is a DM030 error: its nodes would otherwise vanish without a word.
    Paths are built as strings: on a 10,000-node map, pathlib objects cost a second.
    """
    base = display_path(root)
    real_root = os.path.realpath(root)
    visited = {real_root}  # real paths of the folders read, to read none twice
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []

    def shown(folder: str) -> str:
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        return base if relative == "." else f"{base}/{relative}"

    def unreadable(error: OSError) -> None:
        where = shown(error.filename) if error.filename is not None else base
        reason = error.strerror or str(error)
        problems.append(
            rules.UNREADABLE.at(
                Position(where),
                f"cannot read folder: {reason}",
                "check the folder's permissions: it must be readable and searchable",
            )
        )

    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        # Sorted, so which of two links to one folder is read does not depend on the disk.
        visible = [d for d in sorted(subfolders) if not d.startswith(".")]
        subfolders[:] = [d for d in visible if _follow(folder, d, real_root, visited, shown, problems)]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                continue
            if not prefix and name in REGISTRIES:
                continue
            found.append((prefix + name, name))
    found.sort()
    return [f"{base}/{relative}" for relative, _ in found], problems


def _follow(
    folder: str, name: str, real_root: str, visited: set[str], shown: Any, problems: list[Problem]
) -> bool:
    """Whether to read the subfolder ``name`` of ``folder``, noting its real path in ``visited``.

    A folder whose real path was read already (a loop, two links to one folder)
    or a symlink back into the map (its files are read where they are) is
    reported and skipped: every node file is read once.
    """
    path = os.path.join(folder, name)
    real = os.path.realpath(path)
    if os.path.islink(path) and (real == real_root or real.startswith(real_root + os.sep)):
        why = "leads back into the map folder"
    elif real in visited:
        why = "leads to a folder already read (a loop, or two links to one folder)"
    else:
        visited.add(real)
        return True
    problems.append(
        rules.FOLDER_TWICE.at(
            Position(shown(path)),
            f"symlinked folder {why}; not read again",
            "remove the link: every node file should be reachable once",
        )
    )
    return False


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working directory when below it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:  # outside the working directory: show it in full
        return str(absolute)


def _read_registry(root: Path, name: str) -> tuple[Any, str, list[Problem]]:
    path = root / name
    shown = display_path(path)
    try:
        os.stat(path)
        missing = False
    except (FileNotFoundError, NotADirectoryError):
        missing = True
    except OSError:  # there but not reachable (permissions, a loop): read_file says why
        missing = False
    if missing:
        return (
            None,
            shown,
            [
                rules.REGISTRY_MISSING.at(
                    Position(shown),
                    f"the map has no {name}",
                    f"create {shown}; docs/format.md says what goes in it",
                )
            ],
        )
    value, problems = read_file(shown)
    return value, shown, problems


def read_node_file(shown: str) -> tuple[Node | None, list[Problem]]:
    """Read one node file: the record, or ``None`` and the problems that explain why."""
    value, problems = read_file(shown)
    if problems and value is None:
        return None, problems
    if value is None:
        return None, [
            rules.EMPTY_FILE.at(
                Position(shown),
                "file is empty",
                "write a node (docs/format.md shows one), or delete the file",
            )
        ]
    try:
        node, found = node_from_yaml(value, shown)
    except Exception as exc:  # noqa: BLE001 - one odd file must not hide every other problem
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        return None, [
            *problems,
            rules.YAML_SYNTAX.at(Position(shown), f"node could not be read ({message})"),
        ]
    return node, problems + found


def _read_node_files(paths: list[str]) -> list[tuple[Node | None, list[Problem]]]:
    return [read_node_file(shown) for shown in paths]


# Below this many files a second process costs more than it saves.
PARALLEL_THRESHOLD = 2000

# Node's fields in constructor order; the last two hold positions.
_NODE_FIELDS = tuple(f.name for f in dataclasses.fields(Node))
assert _NODE_FIELDS[-2:] == ("position", "positions")
_node_values = operator.attrgetter(*_NODE_FIELDS[:-2])
# Premise groups and undercuts are records; marshal carries them as plain tuples.
_GROUPS = _NODE_FIELDS.index("groups")
_UNDERCUTS = _NODE_FIELDS.index("undercuts")
_problem_values = operator.attrgetter(*(f.name for f in dataclasses.fields(Problem)))
_new_tuple = tuple.__new__


def _encode(results: list[tuple[Node | None, list[Problem]]]) -> bytes:
    """Results as plain tuples in :mod:`marshal`'s format, for a worker to send back.

    Pickling dataclasses and named tuples costs about as much as reading the
    files did; plain tuples of text and numbers cost a fraction of that.
    (``map`` over built-in functions keeps the per-position work in C.)
    """
    compact: list[tuple[Any, ...]] = []
    for node, problems in results:
        found = tuple(map(_problem_values, problems))
        if node is None:
            compact.append((None, found))
            continue
        positions = node.positions
        where = (tuple(node.position), tuple(positions), tuple(map(tuple, positions.values())))
        values = _node_values(node)
        if node.groups or node.undercuts:
            values = (
                *values[:_GROUPS],
                tuple((g.relation, g.target, g.members) for g in node.groups),
                tuple((u.source, u.reason, u.target) for u in node.undercuts),
                *values[_UNDERCUTS + 1 :],
            )
        compact.append((values, where, found))
    return marshal.dumps(compact)


def _decode(data: bytes) -> list[tuple[Node | None, list[Problem]]]:
    """The results :func:`_encode` sent, as records again."""
    results: list[tuple[Node | None, list[Problem]]] = []
    for entry in marshal.loads(data):
        problems = [Problem(*found) for found in entry[-1]]
        if entry[0] is None:
            results.append((None, problems))
            continue
        values, (where, keys, positions), _ = entry
        at = dict(zip(keys, map(_new_tuple, repeat(Position), positions), strict=True))
        if values[_GROUPS] or values[_UNDERCUTS]:
            values = (
                *values[:_GROUPS],
                tuple(PremiseGroup(*group) for group in values[_GROUPS]),
                tuple(Undercut(*undercut) for undercut in values[_UNDERCUTS]),
                *values[_UNDERCUTS + 1 :],
            )
        node = Node(*values, _new_tuple(Position, where), at)  # type: ignore[call-arg]
        results.append((node, problems))
    return results


def _read_encoded(paths: list[str]) -> bytes:
    return _encode(_read_node_files(paths))


def _read_cached(paths: list[str], cache: FileCache) -> list[tuple[Node | None, list[Problem]]]:
    """Node files read again only when their stamp changed (see :mod:`.stamp`)."""
    results = []
    for shown in paths:
        stamp = file_stamp(shown)
        entry = cache.get(shown)
        if entry is None or entry[0] != stamp or stamp == MISSING:
            entry = (stamp, read_node_file(shown))
            cache[shown] = entry
        results.append(entry[1])
    for gone in set(cache) - set(paths):
        del cache[gone]
    return results


def _read_all(paths: list[str], parallel: bool) -> list[tuple[Node | None, list[Problem]]]:
    """Read node files, on every core when ``parallel`` and the map is large.

    Parsing YAML is CPU-bound and files are independent, so a large map is
    split into contiguous chunks read by forked workers while this process
    reads the first chunk; results keep the files' order. Workers send their
    results back as plain tuples (see :func:`_encode`). Only the CLI asks
    for this: forking is unsafe in a program that runs threads.
    """
    workers = min(os.cpu_count() or 1, 8)
    if not parallel or workers < 2 or len(paths) < PARALLEL_THRESHOLD:
        return _read_node_files(paths)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return _read_node_files(paths)
    size = -(-len(paths) // workers)
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork").Pool(len(chunks) - 1) as pool:
        pending = pool.map_async(_read_encoded, chunks[1:])
        results = _read_node_files(chunks[0])
        for data in pending.get():
            results.extend(_decode(data))
    return results


def _unfinished(base: Path) -> list[Problem]:
    """A warning when a killed change left its journal; reading leaves it to the next writer
    (see :mod:`.journal`), so a read never changes the folder."""
    if not journal.pending(base):
        return []
    shown = display_path(base / journal.JOURNAL)
    return [
        rules.UNREADABLE.warning_at(
            Position(shown),
            "a change was interrupted here and is not finished; the map may read as half changed",
            "run 'debatemap recover' (or any editing command) to finish or take it back",
        )
    ]


FileCache = dict[str, tuple[Stamp, tuple[Node | None, list[Problem]]]]


def read_map(
    root: str | os.PathLike[str], parallel: bool = False, cache: FileCache | None = None
) -> tuple[DebateMap, list[Problem]]:
    """Read every file of the map at ``root``; return the map and the problems found.

    Files with problems are left out of the map, so later checks see only
    well-formed records; duplicate ids keep the first file (in path order).
    ``parallel`` reads large maps on every core (see :func:`_read_all`).
    ``cache`` (a dict kept by the caller, e.g. ``debatemap serve`` between
    rebuilds) skips node files whose stamp (:func:`.stamp.file_stamp`) is unchanged.
    """
    base = Path(root)
    problems: list[Problem] = _unfinished(base)
    value, shown, found = _read_registry(base, PERSPECTIVES_FILE)
    problems += found
    perspectives, found = perspectives_from_yaml(value, shown)
    problems += found
    value, shown, found = _read_registry(base, SOURCES_FILE)
    problems += found
    sources, found = sources_from_yaml(value, shown)
    problems += found

    paths, found = find_node_files(base)
    problems += found
    nodes: dict[str, Node] = {}
    # Reading makes a few hundred thousand small containers that all stay
    # alive; the cyclic collector would scan them again and again for nothing
    # (they form no cycles), which costs about a fifth of the reading time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        results = _read_all(paths, parallel) if cache is None else _read_cached(paths, cache)
    finally:
        if collecting:
            gc.enable()
    for node, found in results:
        problems += found
        if node is None:
            continue
        if node.id in nodes:
            problems.append(
                rules.DUPLICATE_ID.at(
                    node.where("id"),
                    f"id '{node.id}' is already used by {nodes[node.id].position.path}",
                    "ids must be unique across the map; rename one of them",
                )
            )
            continue
        nodes[node.id] = node
    return DebateMap(nodes=nodes, perspectives=perspectives, sources=sources, root=str(base)), problems

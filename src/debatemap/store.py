"""The argument store: the only module that reads or writes ``arguments/``.

Reading turns every YAML file into immutable records (see :mod:`.model`) and
reports each problem of shape (unknown keys, wrong types, missing fields, bad
ids) with its file, line and column. Writing is atomic and never overwrites a
file it was asked to create.
"""

from __future__ import annotations

import dataclasses
import difflib
import gc
import marshal
import operator
import os
import re
import tempfile
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path
from typing import Any

from .model import KINDS, DebateMap, Node, Perspective, Position, Problem, Source
from .yamlread import YList, YMap, read_file

PERSPECTIVES_FILE = "perspectives.yaml"
SOURCES_FILE = "sources.yaml"
REGISTRIES = (PERSPECTIVES_FILE, SOURCES_FILE)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

NODE_TEXT_FIELDS = ("id", "kind", "title", "text", "perspective", "source", "quote", "question", "speaker")
NODE_LIST_FIELDS = ("supports", "opposes", "tags")
NODE_FIELDS = NODE_TEXT_FIELDS + NODE_LIST_FIELDS
PERSPECTIVE_FIELDS = ("name", "colour", "description")
SOURCE_FIELDS = ("title", "author", "publisher", "date", "perspective", "file", "url", "description")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest of ``choices`` to ``word``, if any is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean (yes/no/true/false/on/off are booleans in YAML)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (YMap, dict)):
        return "a mapping"
    if isinstance(value, (YList, list)):
        return "a list"
    if value is None:
        return "nothing"
    return "text"


class _Fields:
    """Checks the keys and values of one YAML mapping, collecting problems."""

    def __init__(self, mapping: YMap, allowed: tuple[str, ...], what: str) -> None:
        self.mapping = mapping
        self.problems: list[Problem] = []
        self.what = what
        for key in mapping:
            if key not in allowed:
                self.problems.append(
                    Problem.at(
                        mapping.key_positions[key],
                        "error",
                        "DM004",
                        f"unknown key '{key}' in {what}",
                        did_you_mean(key, allowed) or f"allowed keys: {', '.join(allowed)}",
                    )
                )

    def where(self, key: str) -> Position:
        return self.mapping.value_positions.get(key, self.mapping.position)

    def text(self, key: str, required: bool = False) -> str | None:
        """A text field; ``None`` when absent, empty or of the wrong type."""
        if key not in self.mapping:
            if required:
                self.problems.append(
                    Problem.at(
                        self.mapping.position,
                        "error",
                        "DM005",
                        f"missing required field '{key}' in {self.what}",
                        f"add a line '{key}: ...'",
                    )
                )
            return None
        value = self.mapping[key]
        if isinstance(value, str):
            if not value.strip():
                if required:
                    self.problems.append(
                        Problem.at(self.where(key), "error", "DM006", f"field '{key}' is empty")
                    )
                return None
            return value
        if value is None:
            if required:
                self.problems.append(Problem.at(self.where(key), "error", "DM006", f"field '{key}' is empty"))
            return None
        hint = "put the value in quotes" if isinstance(value, (bool, int, float)) else None
        self.problems.append(
            Problem.at(
                self.where(key),
                "error",
                "DM007",
                f"field '{key}' must be text, found {_describe(value)}",
                hint,
            )
        )
        return None

    def text_list(self, key: str) -> tuple[tuple[str, ...], dict[str, Position]]:
        """A list of texts; positions keyed ``key[i]``."""
        if key not in self.mapping or self.mapping[key] is None:
            return (), {}
        value = self.mapping[key]
        if not isinstance(value, YList):
            hint = f"write it as a list: {key}: [{value}]" if isinstance(value, str) else None
            self.problems.append(
                Problem.at(
                    self.where(key),
                    "error",
                    "DM007",
                    f"field '{key}' must be a list, found {_describe(value)}",
                    hint,
                )
            )
            return (), {}
        items: list[str] = []
        positions: dict[str, Position] = {}
        for item, where in zip(value, value.item_positions, strict=True):
            if not isinstance(item, str) or not item.strip():
                self.problems.append(
                    Problem.at(
                        where,
                        "error",
                        "DM007",
                        f"items of '{key}' must be non-empty text, found {_describe(item)}",
                    )
                )
                continue
            positions[f"{key}[{len(items)}]"] = where
            items.append(item.strip())
        return tuple(items), positions


def _slug_problem(ident: str, where: Position, what: str) -> Problem | None:
    if SLUG.match(ident) and len(ident) <= MAX_ID_LENGTH:
        return None
    suggestion = slugify(ident)
    return Problem.at(
        where,
        "error",
        "DM009",
        f"{what} '{ident}' is not a slug (lowercase a-z, 0-9 and '-', at most {MAX_ID_LENGTH} characters)",
        f"did you mean '{suggestion}'?" if suggestion else None,
    )


def slugify(text: str, max_length: int = MAX_ID_LENGTH) -> str:
    """Lowercase ASCII slug of ``text``; empty when nothing Latin remains."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def node_from_yaml(value: Any, path: str) -> tuple[Node | None, list[Problem]]:
    """Build a :class:`Node` from one parsed file, reporting every shape problem."""
    if not isinstance(value, YMap):
        return None, [
            Problem(
                path,
                1,
                1,
                "error",
                "DM002",
                f"a node file must be a mapping of fields, found {_describe(value)}",
                "start with 'id: ...' on the first line",
            )
        ]
    fields = _Fields(value, NODE_FIELDS, "a node")
    texts = {
        key: fields.text(key, required=key in ("id", "kind", "title", "text")) for key in NODE_TEXT_FIELDS
    }
    lists: dict[str, tuple[str, ...]] = {}
    positions: dict[str, Position] = dict(value.value_positions)
    for key in NODE_LIST_FIELDS:
        lists[key], item_positions = fields.text_list(key)
        positions.update(item_positions)
    problems = fields.problems
    ident, kind = texts["id"], texts["kind"]
    if ident is not None:
        ident = ident.strip()
        bad = _slug_problem(ident, fields.where("id"), "id")
        if bad:
            problems.append(bad)
        name = path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        if stem != ident:
            problems.append(
                Problem.at(
                    fields.where("id"),
                    "error",
                    "DM010",
                    f"id '{ident}' does not match the file name '{name}'",
                    f"rename the file to '{ident}.yaml' or set id: {stem}",
                )
            )
    if kind is not None and kind not in KINDS:
        problems.append(
            Problem.at(
                fields.where("kind"),
                "error",
                "DM027",
                f"kind '{kind}' is not one of {', '.join(KINDS)}",
                did_you_mean(kind, KINDS),
            )
        )
        kind = None
    if kind == "thesis" and "question" in value and texts["question"] is None:
        if isinstance(value["question"], (str, type(None))):
            problems.append(
                Problem.at(fields.where("question"), "error", "DM006", "field 'question' is empty")
            )
    elif kind == "thesis" and "question" not in value:
        problems.append(
            Problem.at(
                value.position,
                "error",
                "DM017",
                "a thesis needs the 'question' it answers",
                'add e.g. question: "Should sex work be decriminalised?"',
            )
        )
    if kind in ("argument", "definition"):
        for key in ("perspective", "source", "quote"):
            if key not in value:
                problems.append(
                    Problem.at(
                        value.position,
                        "error",
                        "DM018",
                        f"an {kind} needs a '{key}'" if kind == "argument" else f"a {kind} needs a '{key}'",
                        "every argument is attributed: its perspective, its source"
                        " and a short verbatim quote",
                    )
                )
            elif texts[key] is None and isinstance(value[key], (str, type(None))):
                problems.append(Problem.at(fields.where(key), "error", "DM006", f"field '{key}' is empty"))
    for key in ("tags",):
        for i, tag in enumerate(lists[key]):
            bad = _slug_problem(tag, positions[f"{key}[{i}]"], "tag")
            if bad:
                problems.append(bad)
    if ident is None or kind is None or texts["title"] is None or any(p.is_error for p in problems):
        return None, problems
    node = Node(
        id=ident,
        kind=kind,
        title=" ".join(texts["title"].split()),
        text=(texts["text"] or "").strip(),
        perspective=texts["perspective"],
        source=texts["source"],
        quote=texts["quote"],
        question=texts["question"],
        speaker=texts["speaker"],
        supports=lists["supports"],
        opposes=lists["opposes"],
        tags=lists["tags"],
        position=value.position,
        positions=positions,
    )
    return node, problems


def _registry_entries(
    value: Any, path: str, what: str
) -> tuple[list[tuple[str, YMap, Position]], list[Problem]]:
    if value is None:
        return [], []
    if not isinstance(value, YMap):
        return [], [
            Problem(
                path,
                1,
                1,
                "error",
                "DM002",
                f"{Path(path).name} must be a mapping of {what} ids to their fields",
            )
        ]
    entries: list[tuple[str, YMap, Position]] = []
    problems: list[Problem] = []
    for ident, fields in value.items():
        where = value.key_positions[ident]
        bad = _slug_problem(ident, where, f"{what} id")
        if bad:
            problems.append(bad)
            continue
        if not isinstance(fields, YMap):
            problems.append(
                Problem.at(
                    value.value_positions[ident],
                    "error",
                    "DM007",
                    f"{what} '{ident}' must be a mapping of fields, found {_describe(fields)}",
                )
            )
            continue
        entries.append((ident, fields, where))
    return entries, problems


def perspectives_from_yaml(value: Any, path: str) -> tuple[dict[str, Perspective], list[Problem]]:
    entries, problems = _registry_entries(value, path, "perspective")
    result: dict[str, Perspective] = {}
    for ident, mapping, where in entries:
        fields = _Fields(mapping, PERSPECTIVE_FIELDS, f"perspective '{ident}'")
        name = fields.text("name", required=True)
        colour = fields.text("colour", required=True)
        description = fields.text("description") or ""
        if colour is not None and not COLOUR.match(colour.strip()):
            fields.problems.append(
                Problem.at(
                    fields.where("colour"),
                    "error",
                    "DM027",
                    f"colour '{colour}' is not a hex colour",
                    'write it as "#RRGGBB", in quotes',
                )
            )
            colour = None
        problems.extend(fields.problems)
        # A flawed entry is still registered (the error above blocks any build),
        # so that nodes naming it are not reported as unknown a second time.
        result[ident] = Perspective(
            ident,
            (name or ident).strip(),
            (colour or "#999999").strip().upper(),
            description.strip(),
            where,
            dict(mapping.value_positions),
        )
    return result, problems


def sources_from_yaml(value: Any, path: str) -> tuple[dict[str, Source], list[Problem]]:
    entries, problems = _registry_entries(value, path, "source")
    result: dict[str, Source] = {}
    for ident, mapping, where in entries:
        fields = _Fields(mapping, SOURCE_FIELDS, f"source '{ident}'")
        title = fields.text("title", required=True)
        optional = {key: fields.text(key) for key in SOURCE_FIELDS[1:]}
        problems.extend(fields.problems)
        result[ident] = Source(
            id=ident,
            title=(title or ident).strip(),
            author=(optional["author"] or "not stated").strip(),
            publisher=(optional["publisher"] or "not stated").strip(),
            date=(optional["date"] or "not stated").strip(),
            perspective=optional["perspective"],
            file=optional["file"],
            url=optional["url"],
            description=optional["description"],
            position=where,
            positions=dict(mapping.value_positions),
        )
    return result, problems


def node_files(root: Path) -> list[str]:
    """Every node file below ``root``, as paths to show a person, in a stable order.

    Registries at the top level and hidden folders are left out. Paths are
    built as strings: on a 10,000-node map, pathlib objects cost a second.
    """
    base = _display(root)
    found: list[tuple[str, str]] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            if not name.endswith((".yaml", ".yml")) or name.startswith("."):
                continue
            if not prefix and name in REGISTRIES:
                continue
            found.append((prefix + name, name))
    found.sort()
    return [f"{base}/{relative}" for relative, _ in found]


def _display(path: Path) -> str:
    """A path as a person would type it: relative to the working directory when below it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:  # outside the working directory: show it in full
        return str(absolute)


def _read_registry(root: Path, name: str) -> tuple[Any, str, list[Problem]]:
    path = root / name
    shown = _display(path)
    if not path.exists():
        return (
            None,
            shown,
            [
                Problem(
                    shown,
                    1,
                    1,
                    "error",
                    "DM028",
                    f"the map has no {name}",
                    f"create {shown}; see the README for its format",
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
            Problem(
                shown,
                1,
                1,
                "error",
                "DM003",
                "file is empty",
                "write a node (see the README) or delete the file",
            )
        ]
    node, found = node_from_yaml(value, shown)
    return node, problems + found


def _read_node_files(paths: list[str]) -> list[tuple[Node | None, list[Problem]]]:
    return [read_node_file(shown) for shown in paths]


# Below this many files a second process costs more than it saves.
PARALLEL_THRESHOLD = 2000

# Node's fields in constructor order; the last two hold positions.
_NODE_FIELDS = tuple(f.name for f in dataclasses.fields(Node))
assert _NODE_FIELDS[-2:] == ("position", "positions")
_node_values = operator.attrgetter(*_NODE_FIELDS[:-2])
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
        compact.append((_node_values(node), where, found))
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
        node = Node(*values, _new_tuple(Position, where), at)  # type: ignore[call-arg]
        results.append((node, problems))
    return results


def _read_encoded(paths: list[str]) -> bytes:
    return _encode(_read_node_files(paths))


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


def read_map(root: str | os.PathLike[str], parallel: bool = False) -> tuple[DebateMap, list[Problem]]:
    """Read every file of the map at ``root``; return the map and the problems found.

    Files with problems are left out of the map, so later checks see only
    well-formed records; duplicate ids keep the first file (in path order).
    ``parallel`` reads large maps on every core (see :func:`_read_all`).
    """
    base = Path(root)
    problems: list[Problem] = []
    value, shown, found = _read_registry(base, PERSPECTIVES_FILE)
    problems += found
    perspectives, found = perspectives_from_yaml(value, shown)
    problems += found
    value, shown, found = _read_registry(base, SOURCES_FILE)
    problems += found
    sources, found = sources_from_yaml(value, shown)
    problems += found

    nodes: dict[str, Node] = {}
    # Reading makes a few hundred thousand small containers that all stay
    # alive; the cyclic collector would scan them again and again for nothing
    # (they form no cycles), which costs about a fifth of the reading time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        results = _read_all(node_files(base), parallel)
    finally:
        if collecting:
            gc.enable()
    for node, found in results:
        problems += found
        if node is None:
            continue
        if node.id in nodes:
            problems.append(
                Problem.at(
                    node.where("id"),
                    "error",
                    "DM011",
                    f"id '{node.id}' is already used by {nodes[node.id].position.path}",
                    "ids must be unique across the map; rename one of them",
                )
            )
            continue
        nodes[node.id] = node
    return DebateMap(nodes=nodes, perspectives=perspectives, sources=sources, root=str(base)), problems


# --- writing ---------------------------------------------------------------


def _temporary(directory: Path, content: bytes, mode: int | None = None) -> str:
    """A fully written and synced temporary file in ``directory``.

    ``mode`` defaults to what the umask gives a new file (mkstemp's own 0600
    would make node files private to their writer).
    """
    handle, tmp = tempfile.mkstemp(dir=directory, prefix=".debatemap-", suffix=".tmp")
    try:
        if mode is None:
            umask = os.umask(0)  # the only way to read the umask; set straight back
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def create_file(path: Path, content: str) -> None:
    """Create ``path`` with ``content`` atomically; fail if it already exists.

    The content is written to a temporary file first and then hard-linked into
    place, so a reader never sees a half-written node and a concurrent writer
    of the same name gets :class:`FileExistsError` instead of overwriting.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path.parent, content.encode("utf-8"))
    try:
        os.link(tmp, path)
    finally:
        os.unlink(tmp)


def replace_file(path: Path, content: str) -> None:
    """Replace ``path``'s content atomically (temporary file, then ``os.replace``).

    The file keeps its permissions.
    """
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    tmp = _temporary(path.parent, content.encode("utf-8"), mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise

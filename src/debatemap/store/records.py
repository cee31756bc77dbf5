"""Records from YAML values: nodes, perspectives and sources, with every problem of shape.

What :mod:`.yamlread` parsed becomes the immutable records of :mod:`.model`. Each
problem of shape (unknown keys, wrong types, missing or empty fields, bad ids) is
reported with the file, line and column of the value at fault. Reading and writing
files is :mod:`.store`'s job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from debatemap import rules
from debatemap.model import KINDS, Node, Perspective, Position, PremiseGroup, Problem, Source, Undercut
from debatemap.rules.constraints import (
    LINE_RANGE_HINT,
    MAX_ID_LENGTH,
    did_you_mean,
    file_name_problem,
    is_colour,
    is_slug,
    line_range,
    slugify,
    url_problem,
)
from debatemap.store.links import describe, read_links
from debatemap.store.yamlvalues import YList, YMap

PERSPECTIVES_FILE = "perspectives.yaml"
SOURCES_FILE = "sources.yaml"
REGISTRIES = (PERSPECTIVES_FILE, SOURCES_FILE)
SOURCE_TEXTS = "sources"  # the folder beside the registries that holds the source texts


NODE_TEXT_FIELDS = (
    "id", "kind", "title", "text", "perspective", "source", "quote", "question", "speaker", "contributor",
)  # fmt: skip
NODE_LIST_FIELDS = ("supports", "opposes", "tags")
# supports/opposes may also hold premise groups, and undercuts attacks on links (see .links)
NODE_FIELDS = NODE_TEXT_FIELDS + NODE_LIST_FIELDS + ("undercuts",)
PERSPECTIVE_FIELDS = ("name", "colour", "description")
SOURCE_FIELDS: tuple[str, ...] = (
    "title",
    "author",
    "publisher",
    "date",
    "perspective",
    "file",
    "url",
    "description",
)
SOURCE_FIELDS += ("lines", "start", "end")  # the part of the file the source is, when not all of it
SOURCE_FIELDS += ("original", "extracted", "sha256")  # provenance of a text made by add-source --from


class _Fields:
    """Checks the keys and values of one YAML mapping, collecting problems."""

    def __init__(self, mapping: YMap, allowed: tuple[str, ...], what: str) -> None:
        self.mapping = mapping
        self.problems: list[Problem] = []
        self.what = what
        for key in mapping:
            if key not in allowed:
                self.problems.append(
                    rules.UNKNOWN_KEY.at(
                        mapping.key_positions[key],
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
                    rules.MISSING_FIELD.at(
                        self.mapping.position,
                        f"missing required field '{key}' in {self.what}",
                        f"add a line '{key}: ...'",
                    )
                )
            return None
        value = self.mapping[key]
        if isinstance(value, str):
            if not value.strip():
                if required:
                    self.problems.append(rules.EMPTY_FIELD.at(self.where(key), f"field '{key}' is empty"))
                return None
            return value
        if value is None:
            if required:
                self.problems.append(rules.EMPTY_FIELD.at(self.where(key), f"field '{key}' is empty"))
            return None
        hint = "put the value in quotes" if isinstance(value, (bool, int, float)) else None
        self.problems.append(
            rules.WRONG_TYPE.at(
                self.where(key),
                f"field '{key}' must be text, found {describe(value)}",
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
                rules.WRONG_TYPE.at(
                    self.where(key),
                    f"field '{key}' must be a list, found {describe(value)}",
                    hint,
                )
            )
            return (), {}
        items: list[str] = []
        positions: dict[str, Position] = {}
        for item, where in zip(value, value.item_positions, strict=True):
            if not isinstance(item, str) or not item.strip():
                self.problems.append(
                    rules.WRONG_TYPE.at(
                        where,
                        f"items of '{key}' must be non-empty text, found {describe(item)}",
                    )
                )
                continue
            positions[f"{key}[{len(items)}]"] = where
            items.append(item.strip())
        return tuple(items), positions


def _slug_problem(ident: str, where: Position, what: str) -> Problem | None:
    if is_slug(ident):
        return None
    suggestion = slugify(ident)
    return rules.NOT_A_SLUG.at(
        where,
        f"{what} '{ident}' is not a slug (lowercase a-z, 0-9 and '-', at most {MAX_ID_LENGTH} characters)",
        f"did you mean '{suggestion}'?" if suggestion else None,
    )


def node_from_yaml(value: Any, path: str) -> tuple[Node | None, list[Problem]]:
    """Build a :class:`Node` from one parsed file, reporting every shape problem."""
    if not isinstance(value, YMap):
        return None, [
            rules.NOT_A_MAPPING.at(
                Position(path),
                f"a node file must be a mapping of fields, found {describe(value)}",
                "start with 'id: ...' on the first line",
            )
        ]
    fields = _Fields(value, NODE_FIELDS, "a node")
    texts = {
        key: fields.text(key, required=key in ("id", "kind", "title", "text")) for key in NODE_TEXT_FIELDS
    }
    positions: dict[str, Position] = dict(value.value_positions)
    lists, item_positions = fields.text_list("tags")
    positions.update(item_positions)
    links = read_links(value)
    positions.update(links.positions)
    problems = fields.problems + links.problems
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
                rules.ID_NOT_FILE_NAME.at(
                    fields.where("id"),
                    f"id '{ident}' does not match the file name '{name}'",
                    f"rename the file to '{ident}.yaml' or set id: {stem}",
                )
            )
    if kind is not None and kind not in KINDS:
        problems.append(
            rules.UNKNOWN_KIND.at(
                fields.where("kind"),
                f"kind '{kind}' is not one of {', '.join(KINDS)}",
                did_you_mean(kind, KINDS),
            )
        )
        kind = None
    if kind == "thesis" and "question" in value and texts["question"] is None:
        if isinstance(value["question"], (str, type(None))):
            problems.append(rules.EMPTY_FIELD.at(fields.where("question"), "field 'question' is empty"))
    elif kind == "thesis" and "question" not in value:
        problems.append(
            rules.THESIS_WITHOUT_QUESTION.at(
                value.position,
                "a thesis needs the 'question' it answers",
                'add e.g. question: "Should sex work be decriminalised?"',
            )
        )
    if kind in ("argument", "definition"):
        for key in ("perspective", "source", "quote"):
            if key not in value:
                problems.append(
                    rules.UNATTRIBUTED.at(
                        value.position,
                        f"an {kind} needs a '{key}'" if kind == "argument" else f"a {kind} needs a '{key}'",
                        "every argument is attributed: its perspective, its source"
                        " and a short verbatim quote",
                    )
                )
            elif texts[key] is None and isinstance(value[key], (str, type(None))):
                problems.append(rules.EMPTY_FIELD.at(fields.where(key), f"field '{key}' is empty"))
    for i, tag in enumerate(lists):
        bad = _slug_problem(tag, positions[f"tags[{i}]"], "tag")
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
        contributor=texts["contributor"],
        supports=links.plain["supports"],
        opposes=links.plain["opposes"],
        tags=lists,
        groups=tuple(PremiseGroup(relation, to, (ident, *others)) for relation, to, others in links.groups),
        undercuts=tuple(Undercut(ident, reason, to) for reason, to in links.undercuts),
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
            rules.NOT_A_MAPPING.at(
                Position(path),
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
                rules.WRONG_TYPE.at(
                    value.value_positions[ident],
                    f"{what} '{ident}' must be a mapping of fields, found {describe(fields)}",
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
        if colour is not None and not is_colour(colour.strip()):
            fields.problems.append(
                rules.BAD_COLOUR.at(
                    fields.where("colour"),
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
        for key, rule, why in (
            ("url", rules.BAD_URL, url_problem),
            ("file", rules.BAD_FILE_NAME, file_name_problem),
        ):
            value = optional[key]
            wrong = why(value.strip()) if value is not None else None
            if wrong is not None:
                hint = "start it with https://" if key == "url" else "name a file in the sources folder"
                fields.problems.append(rule.at(fields.where(key), wrong, hint))
                optional[key] = None  # never used as a link or a path
        problems.extend(fields.problems)
        lines = optional["lines"]
        if lines is not None and line_range(lines) is None:
            problems.append(
                rules.BAD_SOURCE_PART.at(
                    fields.where("lines"),
                    f"source '{ident}': lines '{lines}' is not a range of line numbers",
                    LINE_RANGE_HINT,
                )
            )
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
            lines=lines,
            start=optional["start"],
            end=optional["end"],
            original=optional["original"],
            extracted=optional["extracted"],
            sha256=optional["sha256"],
            position=where,
            positions=dict(mapping.value_positions),
        )
    return result, problems

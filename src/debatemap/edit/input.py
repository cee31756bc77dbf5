"""Check and tidy what a person (or an importer) asks :mod:`.edit` to write.

These checks come before the map is even read: every id is a slug (so no
``../`` or path separator can steer a file outside the map), no value holds
control characters or bytes that were not UTF-8, and no value is longer than
its cap. Problems point at ``<input>``, since nothing has a file yet.

Codes used beyond ``check``'s: DM031 value too long, DM032 control character
or text that was not valid UTF-8, DM033 change that cannot be made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from debatemap import rules
from debatemap.model import KINDS, REFUSED_IN_LINE, REFUSED_IN_TEXT, DebateMap, Position, Problem
from debatemap.rules import Rule
from debatemap.rules.constraints import (
    LIMITS,
    LINE_RANGE_HINT,
    MAX_ID_LENGTH,
    SOURCE_TITLE_LIMIT,
    did_you_mean,
    file_name_problem,
    is_colour,
    is_slug,
    line_range,
    same_text_key,
    slugify,
    url_problem,
    without_invisible,
)
from debatemap.store.records import NODE_FIELDS

INPUT = "<input>"
MULTILINE = ("text", "quote")  # the only fields where line breaks and tabs are kept
_LIMIT_HINTS = {
    "title": "keep the title a short label and put the detail in 'text'",
    "quote": "quote the key sentence or two; '...' joins fragments",
}


def input_problem(rule: Rule, message: str, hint: str | None = None, label: str = INPUT) -> Problem:
    """A problem with the input itself (it has no file or line yet): always an error,
    since the editing commands refuse what ``check`` may only warn about (DM031)."""
    return rule.error_at(Position(label), message, hint)


def slug_problem(what: str, value: Any, label: str = INPUT) -> Problem | None:
    """DM009 unless ``value`` is a slug; says so plainly when it looks like a path."""
    if is_slug(value):
        return None
    if not isinstance(value, str):
        return input_problem(rules.WRONG_TYPE, f"{what} must be text", label=label)
    pathlike = any(part in value for part in ("/", "\\", ".."))
    note = "; path separators and '..' are not allowed" if pathlike else ""
    suggestion = slugify(value)
    return input_problem(
        rules.NOT_A_SLUG,
        f"{what} '{value}' is not a slug"
        f" (lowercase a-z, 0-9 and '-', at most {MAX_ID_LENGTH} characters){note}",
        f"did you mean '{suggestion}'?" if suggestion else None,
        label,
    )


def bad_character(value: str, multiline: bool) -> str | None:
    """Why ``value`` cannot be stored, naming its first offending character: the reader's
    own rule (:data:`~debatemap.model.CONTROL_IN_VALUE`), see :data:`~debatemap.model.REFUSED_IN_TEXT`."""
    found = (REFUSED_IN_TEXT if multiline else REFUSED_IN_LINE).search(value)
    if found is None:
        return None
    char, i = found.group(), found.start() + 1
    if "\ud800" <= char <= "\udfff":  # how Python carries bytes that were not UTF-8 (surrogateescape)
        byte = ord(char) - 0xDC00
        shown = f"byte 0x{byte:02x}" if 0x80 <= byte <= 0xFF else f"U+{ord(char):04X}"
        return f"is not valid UTF-8 ({shown} at character {i})"
    return f"contains the control character U+{ord(char):04X} at character {i}"


def clean_text(
    key: str, value: Any, label: str = INPUT, limit: int | None = None
) -> tuple[str | None, list[Problem]]:
    """``value`` stripped (and a title's spaces folded), or ``None`` if empty."""
    if value is None:
        return None, []
    if not isinstance(value, str):
        return None, [
            input_problem(
                rules.WRONG_TYPE, f"field '{key}' must be text, found {type(value).__name__}", label=label
            )
        ]
    multiline = key in MULTILINE
    text = value.replace("\r\n", "\n").strip() if multiline else value.strip()
    bad = bad_character(text, multiline)
    if bad:
        hint = (
            "only line breaks and tabs are allowed, and only in text and quote" if "control" in bad else None
        )
        return None, [input_problem(rules.CONTROL_CHARACTER, f"field '{key}' {bad}", hint, label)]
    if key == "title":
        text = " ".join(without_invisible(text).split())  # the reader folds a title's spaces too
    cap = limit or LIMITS.get(key, 200)
    if len(text) > cap:
        message = f"field '{key}' is {len(text)} characters long; the limit is {cap}"
        return None, [input_problem(rules.TOO_LONG, message, _LIMIT_HINTS.get(key), label)]
    return text or None, []


def clean_list(key: str, value: Any, label: str) -> tuple[list[str], list[Problem]]:
    if value is None:
        return [], []
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        return [], [input_problem(rules.WRONG_TYPE, f"field '{key}' must be a list of ids", label=label)]
    items = [item.strip() if isinstance(item, str) else item for item in value]
    problems = [p for p in (slug_problem(f"'{key}' item", item, label) for item in items) if p]
    if problems:  # a nested list or a number is a problem, never a TypeError further on
        return [], problems
    return list(dict.fromkeys(items)), []  # a repeated id adds nothing


def clean_reasons(key: str, value: Any, label: str) -> tuple[list[Any], list[Problem]]:
    """``supports``/``opposes``: plain ids, and premise groups ``{"to": ID, "with": [ID, ...]}``."""
    if not isinstance(value, (list, tuple)) or not any(isinstance(item, Mapping) for item in value):
        return clean_list(key, value, label)
    plain, problems = clean_list(key, [i for i in value if not isinstance(i, Mapping)], label)
    groups: list[dict[str, Any]] = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        problems += _unknown_keys(item, ("to", "with"), label)
        target = item.get("to")
        target = target.strip() if isinstance(target, str) else target
        bad = slug_problem(f"'{key}' group's 'to'", target, label)
        others, found = clean_list("with", item.get("with"), label)
        if not others and not found:
            found.append(
                input_problem(
                    rules.GROUP_OF_ONE, "a premise group needs 'with': the other members", None, label
                )
            )
        problems += ([bad] if bad else []) + found
        groups.append({"to": target, "with": others})
    return [*plain, *groups], problems


def clean_undercuts(value: Any, label: str) -> tuple[list[dict[str, str]], list[Problem]]:
    """``undercuts``: the links ``{"from": REASON, "to": TARGET}`` a node attacks."""
    if value is None:
        return [], []
    if isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)):
        return [], [
            input_problem(rules.WRONG_TYPE, "field 'undercuts' must be a list of {from, to}", label=label)
        ]
    cleaned: list[dict[str, str]] = []
    problems: list[Problem] = []
    for item in value:
        if not isinstance(item, Mapping):
            problems.append(
                input_problem(rules.WRONG_TYPE, "items of 'undercuts' must be {from, to}", label=label)
            )
            continue
        problems += _unknown_keys(item, ("from", "to"), label)
        ends = {k: str(item.get(k)).strip() for k in ("from", "to")}
        problems += [p for p in (slug_problem(f"undercut's '{k}'", item.get(k), label) for k in ends) if p]
        if ends not in cleaned:
            cleaned.append(ends)
    return cleaned, problems


def _unknown_keys(fields: Mapping[str, Any], allowed: tuple[str, ...], label: str) -> list[Problem]:
    return [
        input_problem(rules.UNKNOWN_KEY, f"unknown field '{key}'", did_you_mean(str(key), allowed), label)
        for key in fields
        if key not in allowed
    ]


ATTRIBUTION = ("perspective", "source", "quote")  # missing one is DM018, not DM005


def _missing(key: str, label: str, rule: Rule = rules.MISSING_FIELD, why: str = "") -> Problem:
    return input_problem(rule, f"missing required field '{key}'{why}", None, label)


def clean_node(fields: Mapping[str, Any], label: str = INPUT) -> tuple[dict[str, Any], list[Problem]]:
    """The node's fields, tidied, and every problem with them.

    ``kind`` defaults to ``argument``. Empty optional fields are dropped.
    """
    if not isinstance(fields, Mapping):
        return {}, [
            input_problem(
                rules.NOT_A_MAPPING, f"a node must be a mapping of fields, found {type(fields).__name__}"
            )
        ]
    problems = _unknown_keys(fields, NODE_FIELDS, label)
    record: dict[str, Any] = {}
    kind = fields.get("kind") or "argument"
    if not isinstance(kind, str):
        problems.append(
            input_problem(rules.WRONG_TYPE, f"field 'kind' must be text, found {type(kind).__name__}")
        )
        kind = "argument"
    elif kind not in KINDS:
        problems.append(
            input_problem(
                rules.UNKNOWN_KIND,
                f"kind '{kind}' is not one of {', '.join(KINDS)}",
                did_you_mean(str(kind), KINDS),
                label,
            )
        )
    record["kind"] = kind
    for key in ("id", "perspective", "source"):
        if fields.get(key) is not None:
            value = fields[key].strip() if isinstance(fields[key], str) else fields[key]
            bad = slug_problem(key, value, label)
            problems += [bad] if bad else []
            record[key] = value
    required = ["title", "text"] + (["question"] if kind == "thesis" else ["perspective", "source", "quote"])
    for key in ("title", "text", "quote", "question", "speaker", "contributor"):
        value, found = clean_text(key, fields.get(key), label)
        problems += found
        if value is not None:
            record[key] = value
        elif fields.get(key) is not None and not found and key in required:
            problems.append(
                input_problem(rules.EMPTY_FIELD, f"field '{key}' is empty or only spaces", None, label)
            )
    for key in ("supports", "opposes", "tags"):
        items, found = (
            clean_reasons(key, fields.get(key), label)
            if key != "tags"
            else clean_list(key, fields.get(key), label)
        )
        problems += found
        if items:
            record[key] = items
    undercuts, found = clean_undercuts(fields.get("undercuts"), label)
    problems += found
    if undercuts:
        record["undercuts"] = undercuts
    for key in required:
        if key not in record and not any(f"'{key}'" in p.message for p in problems):
            why = f" (every {kind} has one)" if kind in KINDS else ""
            problems.append(
                _missing(key, label, rules.UNATTRIBUTED if key in ATTRIBUTION else rules.MISSING_FIELD, why)
            )
    return record, problems


def clean_registry(
    ident: Any, fields: Mapping[str, Any], allowed: tuple[str, ...], required: tuple[str, ...], what: str
) -> tuple[dict[str, str], list[Problem]]:
    """Fields of a new perspective or source, tidied, and their problems."""
    problems = _unknown_keys(fields, allowed, INPUT)
    bad = slug_problem(f"{what} id", ident.strip() if isinstance(ident, str) else ident)
    problems += [bad] if bad else []
    record: dict[str, str] = {}
    for key in allowed:
        limit = SOURCE_TITLE_LIMIT if (what, key) == ("source", "title") else None
        value, found = clean_text(key, fields.get(key), INPUT, limit)
        problems += found
        if value is not None:
            record[key] = value
        elif key in required and not found:
            problems.append(_missing(key, INPUT))
    return record, problems


def clean_perspective(ident: Any, fields: Mapping[str, Any]) -> tuple[dict[str, str], list[Problem]]:
    record, problems = clean_registry(
        ident, fields, ("name", "colour", "description"), ("name", "colour"), "perspective"
    )
    colour = record.get("colour")
    if colour is not None and not is_colour(colour):
        problems.append(
            input_problem(rules.BAD_COLOUR, f"colour '{colour}' is not a hex colour", 'write it as "#RRGGBB"')
        )
    return record, problems


def clean_source(ident: Any, fields: Mapping[str, Any]) -> tuple[dict[str, str], list[Problem]]:
    allowed: tuple[str, ...] = ("title", "author", "publisher", "date", "perspective", "file", "url")
    allowed += ("description", "lines", "start", "end", "original", "extracted", "sha256")
    record, problems = clean_registry(ident, fields, allowed, ("title",), "source")
    if "lines" in record and line_range(record["lines"]) is None:
        not_range = f"lines '{record['lines']}' is not a range of line numbers"
        problems.append(input_problem(rules.BAD_SOURCE_PART, not_range, LINE_RANGE_HINT))
    if "perspective" in record:
        bad = slug_problem("perspective", record["perspective"])
        problems += [bad] if bad else []
    name = record.get("file")
    wrong = file_name_problem(name) if name is not None else None
    if wrong is not None:
        hint = "path separators and names starting with '.' are not allowed"
        problems.append(input_problem(rules.BAD_FILE_NAME, wrong, hint))
    url = record.get("url")
    wrong = url_problem(url) if url is not None else None
    if wrong is not None:  # it becomes a link in the handout: no javascript: or data: addresses
        problems.append(input_problem(rules.BAD_URL, wrong, "start it with https://"))
    return record, problems


def title_key(title: str) -> str:
    """What makes two titles the same claim (see :func:`~debatemap.rules.constraints.same_text_key`)."""
    return same_text_key(title)


def duplicate_titles(debate: DebateMap, records: list[dict[str, Any]]) -> list[tuple[int, Problem]]:
    """``(i, DM033)`` for each record ``i`` whose title a node of ``debate`` already has,
    naming that node's id.

    Records added together are not compared with each other: they are the claims
    of one file, where the same words said twice (two speakers, two places in a
    debate) are two claims, each with its own id.
    """
    seen = {title_key(node.title): node.id for node in sorted(debate.nodes.values(), key=lambda n: n.id)}
    found: list[tuple[int, Problem]] = []
    for i, record in enumerate(records):
        key = title_key(record["title"])
        if key in seen:
            other = seen[key]
            message = f"the map already has a node titled '{record['title']}': '{other}'"
            hint = f"link to '{other}' instead (debatemap link), or give --allow-duplicate to add another"
            found.append((i, input_problem(rules.IMPOSSIBLE_CHANGE, message, hint)))
    return found


__all__ = ["INPUT", "LIMITS", "MULTILINE", "SOURCE_TITLE_LIMIT", "clean_node", "clean_perspective"]
__all__ += ["clean_registry", "clean_source", "clean_text", "input_problem", "slug_problem"]
__all__ += ["duplicate_titles", "title_key"]

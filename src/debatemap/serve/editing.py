"""The editing operations of ``window.debatemap.edit``, each through :mod:`debatemap.edit`.

The page's buttons and scripts outside the project call the same eight
operations. Each one is a plain function of the map folder and the request's
JSON here, run in a worker thread; the editing layer checks the input, takes
the map's lock, validates the map as it would be and writes atomically, or
refuses with problems and writes nothing. This module adds only what a
browser needs: which form field each problem concerns, and paths shown
relative to the map's parent folder (a classroom sees no teacher's home folder).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from debatemap import edit, rules
from debatemap.edit.core import ChangeRefused
from debatemap.edit.input import INPUT, input_problem
from debatemap.model import Problem
from debatemap.rules import refusals
from debatemap.serve.live import problem_json, shown_problems
from debatemap.serve.store import ClassStore

# Fields a problem can be about, as the forms name them; the first one its message names wins.
FIELDS = ("title", "text", "perspective", "source", "quote", "question", "speaker", "tags", "kind",
          "contributor", "supports", "opposes", "undercuts", "relation", "target", "name", "colour",
          "description", "author", "publisher", "date", "file", "url", "id")  # fmt: skip
_NAMED = re.compile(r"(?:field|item) '(\w+)'|'(\w+)' item")
_ID = re.compile(r"\b(?:perspective|source) id '")
_WORD = re.compile(r"\b(" + "|".join(FIELDS) + r")\b")


_SHAPE_RULES = (rules.NOT_A_MAPPING, rules.WRONG_TYPE)  # a wrong shape is 400, not 422


@dataclass(frozen=True)
class Who:
    """The browser asking: its contributor name in a classroom (``None`` elsewhere), whether
    it is a student (joined with the code), who may change only their own claims, and its
    owner id, recorded with what it adds in ``owners`` (the server's store)."""

    contributor: str | None = None
    student: bool = False
    owner: str | None = None
    owners: ClassStore | None = None


def _own(root: Path, ident: str, who: Who, doing: str) -> None:
    """Refuse a student's change to a claim another browser added (or nobody, like a thesis).

    Ownership is the owner id of the browser that added the claim, kept by the server
    (never the contributor name, which anyone may type). The refusal names no one.
    """
    if not who.student:
        return
    if who.owners is None or not who.owner or who.owners.owner_of(ident) != who.owner:
        refused = input_problem(
            rules.IMPOSSIBLE_CHANGE,
            f"in class mode you can {doing} only the claims you added",
            "add a reason for or against it instead, or ask the teacher",
        )
        raise Refused(
            [{**problem_json(refused), "reason": refusals.NOT_YOURS.word}], refusals.NOT_YOURS.status
        )


def _teacher_only(who: Who, doing: str) -> None:
    if who.student:
        refused = input_problem(
            rules.IMPOSSIBLE_CHANGE, f"in class mode only the teacher can {doing}", "ask the teacher"
        )
        raise Refused(
            [{**problem_json(refused), "reason": refusals.TEACHER_ONLY.word}], refusals.TEACHER_ONLY.status
        )


class Refused(Exception):
    def __init__(self, problems: list[dict[str, Any]], status: int = 422) -> None:
        super().__init__("refused")
        self.problems, self.status = problems, status


def field_of(problem: Problem, operation: str = "add") -> str | None:
    """The form field a problem concerns, read from its message (``None``: the whole form)."""
    ident = _ID.search(problem.message)
    if ident and operation in ("addSource", "addPerspective"):
        return "id"  # "perspective id 'X' is not a slug": the new entry's own id
    named = _NAMED.search(problem.message)
    if named:
        return named.group(1) or named.group(2)
    word = _WORD.search(problem.message)
    return word.group(1) if word else None


def _text(body: Mapping[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise Refused([problem_json(input_problem(rules.WRONG_TYPE, f"'{key}' must be text"), key)], 400)
    return value


def _fields(body: Mapping[str, Any]) -> dict[str, Any]:
    value = body.get("fields", {})
    if not isinstance(value, dict):
        raise Refused([problem_json(input_problem(rules.WRONG_TYPE, "'fields' must be an object"))], 400)
    return value


def add(root: Path, body: Mapping[str, Any], who: Who) -> str:
    fields = _fields(body)
    if who.contributor is not None:  # in a classroom the name comes from the session, not the form
        fields = {**fields, "contributor": who.contributor}
    change = edit.add_node(root, fields)
    assert change.node is not None
    if who.owners is not None:  # a student's claim is theirs; anyone else's (the teacher's) no one's
        who.owners.claim(change.node.id, who.owner if who.student else None)
    return change.node.id


def update(root: Path, body: Mapping[str, Any], who: Who) -> str:
    ident, fields = _text(body, "id"), _fields(body)
    if "contributor" in fields:
        bad = input_problem(rules.IMPOSSIBLE_CHANGE, "who added a claim is recorded once and not edited")
        raise Refused([problem_json(bad, "contributor")])
    _own(root, ident, who, "edit")
    edit.edit_node(root, ident, fields)
    return ident


def remove(root: Path, body: Mapping[str, Any], who: Who) -> bool:
    _own(root, _text(body, "id"), who, "remove")
    edit.remove_node(root, _text(body, "id"), unlink=body.get("unlink") is True)
    if who.owners is not None:
        who.owners.forget(_text(body, "id"))
    return True


def rename(root: Path, body: Mapping[str, Any], who: Who) -> str:
    old, new = _text(body, "old"), _text(body, "new")
    _own(root, old, who, "rename")
    edit.rename_node(root, old, new)
    if who.owners is not None and new != old:
        who.owners.renamed(old, new)  # after the files: a refused rename changes no owner
    return new


def _link_options(body: Mapping[str, Any]) -> dict[str, Any]:
    """``with`` (ids: a premise group) and ``from`` (the reason of an undercut link), if given."""
    together = body.get("with")
    if together is None:
        together = []
    if not isinstance(together, list) or not all(isinstance(i, str) for i in together) or len(together) > 100:
        raise Refused(
            [problem_json(input_problem(rules.WRONG_TYPE, "'with' must be a list of ids"), "with")], 400
        )
    reason = body.get("from")
    if reason is not None and not isinstance(reason, str):
        raise Refused([problem_json(input_problem(rules.WRONG_TYPE, "'from' must be text"), "from")], 400)
    return {"together_with": together, "reason": reason}


def link(root: Path, body: Mapping[str, Any], who: Who) -> bool:
    _own(root, _text(body, "source"), who, "link from")  # a link is written in its source's file
    options = _link_options(body)
    edit.link(root, _text(body, "source"), _text(body, "relation"), _text(body, "target"), **options)
    return True


def unlink(root: Path, body: Mapping[str, Any], who: Who) -> bool:
    _own(root, _text(body, "source"), who, "unlink from")
    options = _link_options(body)
    edit.unlink(root, _text(body, "source"), _text(body, "relation"), _text(body, "target"), **options)
    return True


def add_source(root: Path, body: Mapping[str, Any], who: Who) -> bool:
    # A source names a file in the sources folder, which the quote picker then reads: only the
    # teacher may say which files those are (a student could otherwise read, or probe for, any).
    _teacher_only(who, "add sources")
    edit.add_source(root, _text(body, "id"), _fields(body))
    return True


def add_perspective(root: Path, body: Mapping[str, Any], who: Who) -> bool:
    _teacher_only(who, "add perspectives")
    edit.add_perspective(root, _text(body, "id"), _fields(body))
    return True


# The operations, by the names ``window.debatemap.edit`` gives them.
OPERATIONS: dict[str, Callable[[Path, Mapping[str, Any], Who], str | bool]] = {
    "add": add,
    "update": update,
    "remove": remove,
    "rename": rename,
    "link": link,
    "unlink": unlink,
    "addSource": add_source,
    "addPerspective": add_perspective,
}


def run(operation: str, root: Path, body: Mapping[str, Any], who: Who) -> str | bool:
    """Carry out one operation (blocking); :class:`Refused` with shown problems if it is not made."""
    try:
        return OPERATIONS[operation](root, body, who)
    except ChangeRefused as refused:
        problems = refused.problems or [input_problem(rules.IMPOSSIBLE_CHANGE, refused.reason)]
        fields = lambda problem: field_of(problem, operation)  # noqa: E731
        # A value of the wrong shape (a list where text goes, a nested list) is a bad request;
        # a well-formed change the map cannot take is unprocessable.
        shape = any(any(rule.reported(p) for rule in _SHAPE_RULES) and p.path == INPUT for p in problems)
        raise Refused(shown_problems(root, list(problems), fields), 400 if shape else 422) from None

"""Ask at a terminal for what ``debatemap add`` was not given.

Only used when standard input is a terminal. Answers are read as bytes and
decoded strictly, so a terminal in a non-UTF-8 locale gets a clear error
rather than mangled text. Prompts go to stderr: stdout stays for the path.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import IO

from debatemap.cli.commands._editing import InputError, decode_input
from debatemap.edit.input import clean_text, slug_problem
from debatemap.model import DebateMap
from debatemap.rules.constraints import did_you_mean

TRIES = 5  # then give up: a script feeding a terminal should not loop forever


class Prompter:
    """Questions about one new node, with the map at hand for choices and hints."""

    def __init__(
        self, debate: DebateMap, answers: IO[bytes] | None = None, out: IO[str] | None = None
    ) -> None:
        self.debate = debate
        self.answers = answers if answers is not None else sys.stdin.buffer
        self.out = out if out is not None else sys.stderr
        self.asked = False  # only someone already answering questions is asked for links too

    def say(self, message: str) -> None:
        self.out.write(message + "\n")
        self.out.flush()

    def line(self, label: str) -> str:
        self.asked = True
        self.out.write(f"{label}: ")
        self.out.flush()
        raw = self.answers.readline()
        if not raw:
            raise InputError("input ended before every field was given")
        return decode_input(raw.rstrip(b"\r\n"), "the answer")

    def text(self, key: str, label: str) -> str:
        """A required text field, asked again until it is acceptable."""
        for _ in range(TRIES):
            value, problems = clean_text(key, self.line(label))
            if value is not None:
                return value
            self.say(problems[0].message if problems else f"{key} cannot be empty")
        raise InputError(f"no usable {key} after {TRIES} tries")

    def choice(self, what: str, options: Mapping[str, str]) -> str:
        """One id from ``options`` (id -> description), by number or by id."""
        ids = sorted(options)
        if not ids:
            raise InputError(f"the map has no {what} yet; add one first (debatemap add-{what})")
        for number, ident in enumerate(ids, 1):
            self.say(f"  {number:>3}) {ident}  {options[ident]}")
        for _ in range(TRIES):
            answer = self.line(f"{what} (number or id)").strip()
            if answer.isdigit() and 1 <= int(answer) <= len(ids):
                return ids[int(answer) - 1]
            if answer in options:
                return answer
            hint = did_you_mean(answer, ids)
            self.say(f"unknown {what} '{answer}'" + (f"; {hint}" if hint else ""))
        raise InputError(f"no {what} chosen after {TRIES} tries")

    def known(self, what: str, given: str, options: Mapping[str, str], choose: bool = True) -> str:
        """``given`` if it is one of ``options``; else offer the closest, then a choice.

        With ``choose`` False (nodes: too many to list) an unknown id the
        person does not correct is kept, and validation refuses it later.
        """
        if given in options:
            return given
        close = did_you_mean(given, options)
        if close:
            suggestion = close.split("'")[1]
            answer = self.line(f"unknown {what} '{given}'; did you mean '{suggestion}'? [Y/n]")
            if answer.strip().lower() in ("", "y", "yes"):
                return suggestion
        elif choose:
            self.say(f"unknown {what} '{given}'")
        return self.choice(what, options) if choose else given

    def targets(self, label: str) -> list[str]:
        """Node ids separated by spaces or commas; each unknown one is asked about."""
        for _ in range(TRIES):
            answer = self.line(f"{label} (ids separated by spaces, Enter for none)")
            ids = [part for part in answer.replace(",", " ").split() if part]
            bad = next((i for i in ids if slug_problem("id", i) or i not in self.debate.nodes), None)
            if bad is None:
                return ids
            hint = did_you_mean(bad, self.debate.nodes)
            self.say(f"there is no node '{bad}'" + (f"; {hint}" if hint else ""))
        raise InputError(f"no usable ids after {TRIES} tries")

    def fill(self, fields: dict[str, object]) -> None:
        """Ask for every required field ``fields`` lacks, in the order of a node file."""
        kind = str(fields.get("kind") or "argument")
        for key in ("title", "question", "text") if kind == "thesis" else ("title", "text"):
            if not fields.get(key):
                fields[key] = self.text(key, key)
        if kind != "thesis":
            perspectives = {k: p.name for k, p in self.debate.perspectives.items()}
            given = fields.get("perspective")
            fields["perspective"] = (
                self.known("perspective", str(given), perspectives)
                if given
                else self.choice("perspective", perspectives)
            )
            sources = {
                k: f"{s.title} ({s.perspective or 'no perspective'})" for k, s in self.debate.sources.items()
            }
            given = fields.get("source")
            fields["source"] = (
                self.known("source", str(given), sources) if given else self.choice("source", sources)
            )
            if not fields.get("quote"):
                fields["quote"] = self.text("quote", "quote (verbatim from the source)")
        titles = {k: n.title for k, n in self.debate.nodes.items()}
        for relation in ("supports", "opposes"):
            given_ids: list[str] = fields.get(relation) or []  # type: ignore[assignment]
            fields[relation] = [self.known("node", i, titles, choose=False) for i in given_ids]
        if self.asked and not fields["supports"] and not fields["opposes"]:
            fields["supports"] = self.targets("supports")
            fields["opposes"] = self.targets("opposes")

"""Ask at a terminal for what ``debatemap add`` was not given.

Only used when standard input is a terminal. Answers are read as bytes and
decoded strictly, so a terminal in a non-UTF-8 locale gets a clear error
rather than mangled text. Prompts go to stderr: stdout stays for the path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import IO

from debatemap.cli.commands._editing import InputError, decode_input
from debatemap.cli.commands._pick import ask_quote, pick_nodes
from debatemap.edit.input import clean_text
from debatemap.model import DebateMap, terminal_safe
from debatemap.rules.constraints import did_you_mean

TRIES = 5  # then give up: a script feeding a terminal should not loop forever


class Prompter:
    """Questions about one new node, with the map at hand for choices and hints."""

    def __init__(
        self,
        debate: DebateMap,
        answers: IO[bytes] | None = None,
        out: IO[str] | None = None,
        *,
        root: str | os.PathLike[str] | None = None,
        sources_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.debate = debate
        self.answers = answers if answers is not None else sys.stdin.buffer
        self.out = out if out is not None else sys.stderr
        self.asked = False  # only someone already answering questions is asked for links too
        self.root = root  # with it, quotes are checked against the source texts as they are typed
        self.sources_dir = sources_dir

    def say(self, message: str) -> None:
        self.out.write(terminal_safe(message) + "\n")
        self.out.flush()

    def yes(self, question: str) -> bool:
        """A yes/no answer; Enter means yes."""
        for _ in range(TRIES):
            answer = self.line(f"{question} [Y/n]").strip().lower()
            if answer in ("", "y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self.say("answer y or n")
        raise InputError(f"no yes or no after {TRIES} tries")

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
            close = did_you_mean(answer, ids)
            if close is None:
                self.say(f"unknown {what} '{answer}'")
                continue
            suggestion = close.split("'")[1]
            if self.yes(f"unknown {what} '{answer}'; did you mean '{suggestion}'?"):
                return suggestion
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
            if self.yes(f"unknown {what} '{given}'; did you mean '{suggestion}'?"):
                return suggestion
        elif choose:
            self.say(f"unknown {what} '{given}'")
        return self.choice(what, options) if choose else given

    def targets(self, label: str) -> list[str]:
        """Nodes by id or by words from their titles, separated by commas; see :mod:`._pick`."""
        for _ in range(TRIES):
            answer = self.line(f"{label} (ids, or words from titles; commas between; Enter for none)")
            chosen = pick_nodes(self, answer)
            if chosen is not None:
                return chosen
        raise InputError(f"no usable nodes after {TRIES} tries")

    def quote(self, source: str, given: str | None = None) -> str:
        """A quote that is in ``source``'s text, where that text is present: a quote not
        found verbatim is searched for, and the closest passages are offered to pick from."""
        return ask_quote(self, source, given)

    def confirm(self, path: str, text: str) -> bool:
        """Show the file about to be written, and ask before writing it."""
        self.say(f"--- {path} (not written yet)")
        for row in text.splitlines():
            self.say(f"  {row}")
        return self.yes(f"write {path}?")

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
            fields["quote"] = self.quote(str(fields["source"]), fields.get("quote"))  # type: ignore[arg-type]
        titles = {k: n.title for k, n in self.debate.nodes.items()}
        for relation in ("supports", "opposes"):
            given_ids: list[str] = fields.get(relation) or []  # type: ignore[assignment]
            fields[relation] = [self.known("node", i, titles, choose=False) for i in given_ids]
        if self.asked and not fields["supports"] and not fields["opposes"]:
            fields["supports"] = self.targets("supports")
            fields["opposes"] = self.targets("opposes")

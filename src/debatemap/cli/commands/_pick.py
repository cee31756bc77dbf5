"""Helping a person at a terminal name what they mean: nodes by words from their titles,
and quotes by searching the source's text. Used by :class:`._prompts.Prompter`, so ``add``
and ``edit`` ask the same way."""

from __future__ import annotations

import os
from typing import Protocol

from debatemap.cli.commands._editing import InputError
from debatemap.edit.input import clean_text, slug_problem, title_key
from debatemap.model import DebateMap
from debatemap.validation.texts import SourceText, source_part, suggest_quote


class Asker(Protocol):
    """What these helpers need of :class:`._prompts.Prompter` (a protocol, so the two
    modules do not import each other)."""

    debate: DebateMap
    root: str | os.PathLike[str] | None
    sources_dir: str | os.PathLike[str] | None

    def say(self, message: str) -> None: ...

    def line(self, label: str) -> str: ...

    def text(self, key: str, label: str) -> str: ...


SHOWN = 9  # choices listed at once; more means the words are too vague
TRIES = 5


def pick_nodes(prompter: Asker, answer: str) -> list[str] | None:
    """The node ids ``answer`` names, or ``None`` (after saying why) to ask again.

    Ids may be separated by spaces or commas. Anything else is words from a title,
    one claim per comma: a single match is taken, several are offered to choose from.
    """
    nodes = prompter.debate.nodes
    tokens = answer.replace(",", " ").split()
    if all(t in nodes for t in tokens):
        return tokens
    chosen: list[str] = []
    for entry in (part.strip() for part in answer.split(",")):
        if not entry:
            continue
        ident = entry if entry in nodes else _one_node(prompter, entry)
        if ident is None:
            return None
        chosen.append(ident)
    return chosen


def _one_node(prompter: Asker, words: str) -> str | None:
    nodes = prompter.debate.nodes
    wanted = title_key(words).split()
    matches = sorted(
        ident
        for ident, node in nodes.items()
        if all(w in title_key(node.title) or w in ident for w in wanted)
    )
    if not matches:
        from rapidfuzz import fuzz, process

        titles = {ident: node.title for ident, node in nodes.items()}
        found = process.extract(words, titles, scorer=fuzz.WRatio, limit=SHOWN, score_cutoff=60)
        matches = [ident for _, _, ident in found]
        if not matches:
            hint = "" if slug_problem("id", words) else " and no node has that id"
            prompter.say(f"no title has the words '{words}'{hint}")
            return None
    if len(matches) == 1:
        prompter.say(f"  '{words}' -> {matches[0]}: {nodes[matches[0]].title}")
        return matches[0]
    if len(matches) > SHOWN:
        prompter.say(f"{len(matches)} titles have the words '{words}'; give more words or an id")
        return None
    prompter.say(f"several claims match '{words}':")
    for number, ident in enumerate(matches, 1):
        prompter.say(f"  {number}) {ident}: {nodes[ident].title}")
    for _ in range(TRIES):
        answer = prompter.line("which one (number)").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(matches):
            return matches[int(answer) - 1]
        prompter.say(f"give a number from 1 to {len(matches)}")
    raise InputError(f"no claim chosen after {TRIES} tries")


def ask_quote(prompter: Asker, source: str, given: str | None) -> str:
    """A quote for ``source``: found verbatim in its text when the text is present."""
    quote = given or prompter.text("quote", "quote (verbatim from the source, or words to search it for)")
    if prompter.root is None:
        return quote
    text = source_part(prompter.root, prompter.debate, source, prompter.sources_dir)
    if not isinstance(text, SourceText):
        return quote  # no text to check against: check will say the quote is unverified
    for _ in range(TRIES):
        if text.has(quote):
            return quote
        passages = suggest_quote(text, quote, 5)
        if passages:
            prompter.say(f"not in the text of '{source}' word for word; the closest passages:")
            for number, passage in enumerate(passages, 1):
                prompter.say(f"  {number}) line {passage.line}: {passage.one_line()}")
            answer = prompter.line("number of the passage to quote, or the quote again").strip()
            if answer.isdigit() and 1 <= int(answer) <= len(passages):
                return passages[int(answer) - 1].one_line()
        else:
            prompter.say(f"nothing like it in the text of '{source}' ({text.path.name})")
            answer = prompter.line("the quote again, or other words to search for").strip()
        value, problems = clean_text("quote", answer)
        if value is None:
            prompter.say(problems[0].message if problems else "the quote cannot be empty")
            continue
        quote = value
    raise InputError(
        f"no quote found in the text of '{source}' after {TRIES} tries "
        f"(debatemap quote {source} WORDS... searches it)"
    )

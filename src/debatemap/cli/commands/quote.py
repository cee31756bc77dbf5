"""``debatemap quote``: find the passages of a source's text that match some remembered words."""

from __future__ import annotations

import argparse
import json
import sys

from debatemap.cli.commands._common import map_dir_or_usage_error
from debatemap.cli.commands._editing import add_arguments_option
from debatemap.model import terminal_safe
from debatemap.rules.constraints import did_you_mean
from debatemap.store.reader import read_map
from debatemap.validation.quotes import Passage
from debatemap.validation.texts import SourceText, Unavailable, source_part, suggest_quote

MAX_LIMIT = 50


def _limit(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"give a whole number from 1 to {MAX_LIMIT}, not {text!r}")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "quote",
        help="find the passages of a source's text that match some words, ready to paste",
        description="Search the text of source SOURCE_ID for WORDS, as you remember them (typos, "
        "other word order and missing words are fine), and print the closest passages verbatim, "
        "best first, each with its line number: copy one as --quote. The text is found as check "
        "finds it: in --sources-dir, else in DIR/sources/, cut to the source's lines/start/end.",
    )
    parser.add_argument("source_id", metavar="SOURCE_ID", help="an id from sources.yaml")
    parser.add_argument("words", metavar="WORDS", nargs="+", help="the words you remember")
    add_arguments_option(parser, positional=False)
    parser.add_argument(
        "--sources-dir", metavar="DIR", help="folder of the source texts (default: DIR/sources)"
    )
    parser.add_argument(
        "--limit",
        type=_limit,
        default=5,
        metavar="N",
        help=f"at most N passages (default 5, up to {MAX_LIMIT})",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (each passage on one line, under its file and line number) or json",
    )
    parser.set_defaults(run=run)


def _error(message: str, hint: str | None = None) -> int:
    print(f"debatemap quote: error: {terminal_safe(message)}", file=sys.stderr)
    if hint:
        print(f"  hint: {terminal_safe(hint)}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    root = map_dir_or_usage_error(args.arguments)
    if root is None:
        return 2
    if args.sources_dir is not None and map_dir_or_usage_error(args.sources_dir, "sources directory") is None:
        return 2
    debate, _ = read_map(root)  # problems elsewhere in the map do not stop a search
    found = source_part(root, debate, args.source_id, args.sources_dir)
    if found is None:
        hint = did_you_mean(args.source_id, debate.sources) or (
            f"sources: {', '.join(sorted(debate.sources))}" if debate.sources else "the map has no sources"
        )
        return _error(f"there is no source '{args.source_id}' in {root}/sources.yaml", hint)
    if isinstance(found, Unavailable):
        if found.problem is None:  # a file: that is not a plain name (check reports it, DM037)
            return _error(f"source '{args.source_id}' has {found.reason}", "see debatemap check")
        return _error(found.problem.message, found.problem.hint)
    words = " ".join(args.words)
    passages = suggest_quote(found, words, args.limit)
    if args.format == "json":
        document = [{"line": p.line, "score": p.score, "quote": p.one_line()} for p in passages]
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        _print(found, passages)
    if not passages:
        return _error(
            f"no passage of '{args.source_id}' ({found.path.name}) matches '{words}'",
            "try fewer or other words, as they appear in the text",
        )
    return 0


def _print(found: SourceText, passages: list[Passage]) -> None:
    for number, passage in enumerate(passages):
        if number:
            print()
        print(f"{found.path.name}, line {passage.line} ({passage.score:.0f}% match):")
        print(terminal_safe(passage.one_line()))

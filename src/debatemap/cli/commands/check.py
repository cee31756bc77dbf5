"""``debatemap check``: validate the whole map and print every problem."""

from __future__ import annotations

import argparse
import json
import sys

from debatemap import rules
from debatemap.cli.commands._common import add_map_dir, map_dir_or_usage_error
from debatemap.cli.main import print_problems
from debatemap.model import Problem
from debatemap.rules.codes import RULES, matches
from debatemap.store.quoterecord import RECORD_FILE, write_record
from debatemap.validation.validate import check_map

FORMATS = ("text", "json", "github", "sarif")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "check",
        help="validate the map and print every problem",
        description="Validate the map. Quotes are verified against the source texts wherever they "
        "are present: in --sources-dir when given, otherwise in DIR/sources/. Quotes whose text is "
        "missing are counted and reported; --require-sources makes a missing text an error.",
    )
    add_map_dir(parser)
    parser.add_argument(
        "--sources-dir",
        metavar="DIR",
        help="folder of the sources' text files (default: DIR/sources); every text must be there",
    )
    parser.add_argument(
        "--require-sources",
        action="store_true",
        help=f"a source whose text is missing is an error ({rules.SOURCE_TEXT_MISSING.code}), "
        "so every quote is verified",
    )
    parser.add_argument(
        "--record-quotes",
        action="store_true",
        help=f"write {RECORD_FILE}: which quotes were found in which text (its SHA-256) and when, "
        "so copies of the map without the texts still show them as verified",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (one line each), json, github (Actions annotations) or sarif (code scanning)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODE",
        help=f"report only these codes or prefixes ({rules.QUOTE_NOT_FOUND.code}, DM02); "
        "repeat or separate with commas",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE",
        help="do not report these codes or prefixes; repeat or separate with commas",
    )
    parser.add_argument("--explain", metavar="CODE", help="print what a problem code means, and exit")
    parser.set_defaults(run=run)


def _codes(values: list[str]) -> list[str] | None:
    """The codes/prefixes given, or ``None`` after printing why one is unknown."""
    codes = [c.strip().upper() for v in values for c in v.split(",") if c.strip()]
    for code in codes:
        if not any(known.startswith(code) for known in RULES):
            print(f"debatemap check: error: no problem code starts with '{code}'", file=sys.stderr)
            return None
    return codes


def filter_problems(problems: list[Problem], select: list[str], ignore: list[str]) -> list[Problem]:
    return [
        p
        for p in problems
        if (not select or matches(p.code, select)) and not (ignore and matches(p.code, ignore))
    ]


def run(args: argparse.Namespace) -> int:
    if args.explain is not None:
        rule = RULES.get(args.explain.strip().upper())
        if rule is None:
            print(f"debatemap check: error: unknown problem code '{args.explain}'", file=sys.stderr)
            return 2
        print(f"{rule.code} {rule.name} ({rule.severity})\n{rule.summary}\n\n{rule.explanation}")
        return 0
    select, ignore = _codes(args.select), _codes(args.ignore)
    if select is None or ignore is None:
        return 2
    root = map_dir_or_usage_error(args.directory)
    if root is None:
        return 2
    if args.sources_dir is not None and map_dir_or_usage_error(args.sources_dir, "sources directory") is None:
        return 2
    found = check_map(root, args.sources_dir, parallel=True, require_sources=args.require_sources)
    if args.record_quotes:  # the record is refreshed, so it cannot be out of date
        found.problems = [p for p in found.problems if not rules.QUOTE_RECORD_STALE.reported(p)]
    problems, quotes = filter_problems(found.problems, select, ignore), found.quotes
    errors = sum(p.is_error for p in problems)
    if args.record_quotes:
        if any(p.is_error for p in found.problems):
            print(f"debatemap check: {RECORD_FILE} not written: the map has errors", file=sys.stderr)
        elif found.record is None or not (found.record["quotes"] or (root / RECORD_FILE).exists()):
            print(f"debatemap check: {RECORD_FILE} not written: no quote found in a present text "
                  f"(texts are looked for in {found.sources_dir}/)", file=sys.stderr)  # fmt: skip
        else:
            path = write_record(root, found.record)
            count = len(found.record["quotes"])
            print(f"recorded {count} verified quote{'s' * (count != 1)} in {path}", file=sys.stderr)
    if args.format in ("github", "sarif"):
        from debatemap import __version__
        from debatemap.render.problems import github_annotations, sarif

        report = github_annotations(problems) if args.format == "github" else sarif(problems, __version__)
        sys.stdout.write(report)
        return 1 if errors else 0
    if args.format == "json":
        document = {
            "errors": errors,
            "warnings": len(problems) - errors,
            "problems": [p.as_dict() for p in problems],
            "quotes": quotes.as_dict(),
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 1 if errors else 0
    print_problems(problems, args.format)
    note = quotes.summary()
    if quotes.unverified:
        note += (
            f" (texts are looked for in {found.sources_dir}/; put them there or give --sources-dir; "
            "--require-sources makes this an error)"
        )
    if not problems:
        print(f"ok: {len(found.debate.nodes)} nodes checked, no problems; {note}", file=sys.stderr)
    else:
        print(note, file=sys.stderr)
    return 1 if errors else 0

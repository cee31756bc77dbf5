"""``debatemap check``: validate the whole map and print every problem."""

from __future__ import annotations

import argparse
import json
import sys

from debatemap.cli.commands._common import add_map_dir, map_dir_or_usage_error
from debatemap.cli.main import print_problems
from debatemap.validation.validate import check_map


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
        help="a source whose text is missing is an error (DM026), so every quote is verified",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_dir_or_usage_error(args.directory)
    if root is None:
        return 2
    if args.sources_dir is not None and map_dir_or_usage_error(args.sources_dir, "sources directory") is None:
        return 2
    found = check_map(root, args.sources_dir, parallel=True, require_sources=args.require_sources)
    problems, quotes = found.problems, found.quotes
    errors = sum(p.is_error for p in problems)
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

"""``debatemap check``: validate the whole map and print every problem."""

from __future__ import annotations

import argparse
import sys

from debatemap.cli.commands._common import add_map_dir, map_dir_or_usage_error
from debatemap.cli.main import print_problems
from debatemap.validation.validate import check


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("check", help="validate the map and print every problem")
    add_map_dir(parser)
    parser.add_argument(
        "--sources-dir",
        metavar="DIR",
        help="folder of the sources' text files: verify every quote appears verbatim",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_dir_or_usage_error(args.directory)
    if root is None:
        return 2
    if args.sources_dir is not None and map_dir_or_usage_error(args.sources_dir, "sources directory") is None:
        return 2
    debate, problems = check(root, args.sources_dir, parallel=True)
    print_problems(problems, args.format)
    errors = sum(p.is_error for p in problems)
    if args.format == "text" and not problems:
        quotes = " and every quote" if args.sources_dir else ""
        print(f"ok: {len(debate.nodes)} nodes{quotes} checked, no problems", file=sys.stderr)
    return 1 if errors else 0

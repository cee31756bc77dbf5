"""``debatemap import``: add the claims of a Kialo, Argdown, AIF or JSON file to the map."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debatemap.cli.commands._editing import add_arguments_option, command_store
from debatemap.cli.main import print_problems
from debatemap.edit.importing import import_graph
from debatemap.edit.nodes import ChangeRefused, WriteFailed
from debatemap.interchange import IMPORT_FORMATS, InterchangeError, parse, read_text, summary


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "import",
        help="add the claims of a Kialo, Argdown, AIF or JSON file to the map",
        description="Read FILE and add every claim in it to the map, all or nothing, through the same "
        "validated writer as 'debatemap add'. FILE is registered as a source and each claim's own "
        "words are its quote. Without --perspective, claims keep the perspective the file gives "
        "them or go under 'unassigned' (added to perspectives.yaml if missing).",
    )
    parser.add_argument("--format", choices=IMPORT_FORMATS, required=True, help="the format FILE is in")
    parser.add_argument("file", metavar="FILE", help="the file to import (at most 20 MiB)")
    add_arguments_option(parser)
    parser.add_argument("--perspective", metavar="ID", help="put every imported claim under this perspective")
    parser.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="import even if the file was imported before or its claims' titles are in the map already",
    )
    parser.add_argument(
        "--sources-dir", metavar="DIR", help="folder of the source texts quotes are verified against"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not Path(args.file).is_file():
        print(f"debatemap: error: '{args.file}' is not a file", file=sys.stderr)
        return 2
    if not Path(args.arguments).is_dir():
        print(f"debatemap: error: map directory '{args.arguments}' does not exist", file=sys.stderr)
        return 2
    try:
        graph = parse(read_text(args.file), args.format, args.file)
        changes = import_graph(
            command_store(args, args.arguments),
            graph,
            args.file,
            args.perspective,
            allow_duplicate=args.allow_duplicate,
            sources_dir=args.sources_dir,
        )
    except InterchangeError as refused:
        print_problems(refused.problems, stream=sys.stderr)
        print("debatemap: error: nothing imported", file=sys.stderr)
        return 1
    except WriteFailed as failed:
        print(f"debatemap import: error: {failed.reason} (nothing was changed)", file=sys.stderr)
        return 1
    except ChangeRefused as refused:
        print_problems(refused.problems, stream=sys.stderr)
        print(f"debatemap: error: {refused.reason}; nothing imported", file=sys.stderr)
        return 1
    print_problems(graph.graph.get("warnings") or [], stream=sys.stderr)
    for change in changes:
        print(f"added {change.path}")
    claims = "claim" if len(changes) == 1 else "claims"
    print(f"imported {len(changes)} {claims} from {args.file}: {summary(graph)}", file=sys.stderr)
    return 0

"""``debatemap add-source``: add a source to sources.yaml."""

from __future__ import annotations

import argparse

from debatemap import edit
from debatemap.cli.commands._editing import add_arguments_option, map_root, refused, written

OPTIONAL = {
    "author": "its author, or 'not stated'",
    "publisher": "its publisher, or 'not stated'",
    "date": "its date as the source shows it",
    "perspective": "the perspective it speaks for (an id from perspectives.yaml)",
    "file": "its text file in the map's sources/ folder (quotes are verified against it)",
    "url": "where it can be read (http or https)",
    "description": "one line about it",
    "lines": "only these lines of the file are this source, e.g. '12-80' or '33-' (to the end)",
    "start": "this source starts at this text of the file",
    "end": "and ends with this text",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "add-source",
        help="add a source to sources.yaml",
        description="Append a source to sources.yaml; the rest of the file is kept byte for byte.",
    )
    parser.add_argument("id", metavar="ID", help="a slug: lowercase a-z, 0-9 and '-'")
    parser.add_argument("--title", required=True, help="the source's title")
    for key, help_text in OPTIONAL.items():
        parser.add_argument(f"--{key}", help=help_text)
    add_arguments_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    fields = {"title": args.title, **{key: getattr(args, key) for key in OPTIONAL}}
    try:
        return written(edit.add_source(root, args.id, fields))
    except edit.ChangeRefused as refusal:
        return refused("add-source", refusal)

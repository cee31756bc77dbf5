"""``debatemap add-perspective``: add a perspective to perspectives.yaml."""

from __future__ import annotations

import argparse

from debatemap import edit
from debatemap.cli.commands._editing import add_arguments_option, command_store, map_root, refused, written


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "add-perspective",
        help="add a perspective to perspectives.yaml",
        description="Append a perspective to perspectives.yaml; the rest of the file is kept byte for byte.",
    )
    parser.add_argument("id", metavar="ID", help="a slug: lowercase a-z, 0-9 and '-'")
    parser.add_argument("--name", required=True, help="the name shown in the legend")
    parser.add_argument(
        "--colour",
        "--color",
        dest="colour",
        required=True,
        metavar='"#RRGGBB"',
        help="its colour on the map; pick colour-blind-safe ones",
    )
    parser.add_argument("--description", help="one line saying who argues from it")
    add_arguments_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    fields = {"name": args.name, "colour": args.colour, "description": args.description}
    try:
        return written(edit.add_perspective(store, args.id, fields))
    except edit.ChangeRefused as refusal:
        return refused("add-perspective", refusal)

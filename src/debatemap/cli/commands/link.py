"""``debatemap link``: make one node support or oppose another, editing its file in place.

Two forms extend the plain one (GUIDE section 5: extend, never break):
``link A supports C --with B`` (A and B support C together: a premise group, in
A's file) and ``link X undercuts C --from A`` (X attacks the link from A to C; the
quoted single argument ``'A->C'`` says the same). ``unlink`` takes the same forms.
"""

from __future__ import annotations

import argparse
import sys

from debatemap import edit
from debatemap.cli.commands._editing import add_arguments_option, command_store, map_root, refused, written
from debatemap.model import RELATIONS

UNDERCUTS = "undercuts"


def add_link_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source_id", metavar="SOURCE_ID", help="the node whose file changes")
    parser.add_argument(
        "relation",
        choices=(*RELATIONS, UNDERCUTS),
        help="supports or opposes; undercuts (with --from) attacks the link from --from to TARGET_ID",
    )
    parser.add_argument(
        "target_id",
        metavar="TARGET_ID",
        help="the node it supports or opposes (for undercuts: the link's end)",
    )
    parser.add_argument(
        "--with",
        dest="together_with",
        action="append",
        default=[],
        metavar="ID",
        help="a node that is ONE reason together with SOURCE_ID (a premise group; repeatable)",
    )
    parser.add_argument(
        "--from",
        dest="reason",
        metavar="ID",
        help="for undercuts: the reason whose link to TARGET_ID is attacked",
    )
    add_arguments_option(parser)


def _undercut_target(args: argparse.Namespace) -> None:
    """``undercuts 'A->C'`` is ``undercuts C --from A``."""
    if args.relation == UNDERCUTS and args.reason is None and "->" in args.target_id:
        args.reason, _, args.target_id = (part.strip() for part in args.target_id.partition("->"))


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "link",
        help="make SOURCE_ID support or oppose TARGET_ID",
        description="Add TARGET_ID to SOURCE_ID's supports or opposes list. Only that list changes: "
        "comments and formatting elsewhere in the file are kept byte for byte. "
        "'link A supports C --with B' makes A and B one reason for C together (a premise group); "
        "'link X undercuts C --from A' makes X attack the link from A to C.",
    )
    add_link_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, adding: bool = True) -> int:
    command = "link" if adding else "unlink"
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    _undercut_target(args)
    change_links = edit.link if adding else edit.unlink
    try:
        change = change_links(
            store,
            args.source_id,
            args.relation,
            args.target_id,
            together_with=args.together_with,
            reason=args.reason,
        )
    except edit.ChangeRefused as refusal:
        return refused(command, refusal)
    if not change.written:
        what = f"'{args.target_id}'"
        if args.together_with:
            what += f" together with {', '.join(args.together_with)}"
        if args.reason:
            what = f"the link from '{args.reason}' to '{args.target_id}'"
        print(f"'{args.source_id}' already {args.relation} {what}; nothing changed", file=sys.stderr)
        return 0
    return written(change)

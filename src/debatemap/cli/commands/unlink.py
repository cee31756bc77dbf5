"""``debatemap unlink``: remove a supports or opposes link, editing the file in place."""

from __future__ import annotations

import argparse

from debatemap.cli.commands import link


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "unlink",
        help="remove TARGET_ID from SOURCE_ID's supports or opposes",
        description="Remove TARGET_ID from SOURCE_ID's supports or opposes list, keeping the rest "
        "of the file byte for byte. With --with, remove the premise group of those members; "
        "with 'undercuts TARGET_ID --from ID', remove that undercut.",
    )
    link.add_link_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return link.run(args, adding=False)

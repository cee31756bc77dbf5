"""``debatemap edit``: change fields of one node, keeping its file's comments and layout."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from debatemap import edit
from debatemap.cli.commands._editing import (
    InputError,
    UsageError,
    add_arguments_option,
    command_store,
    input_failed,
    map_root,
    read_stdin,
    refused,
    written,
)

TEXT_FLAGS = ("title", "text", "perspective", "source", "quote", "question", "speaker")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "edit",
        help="change fields of a node (its comments and layout are kept)",
        description="Change the given fields of node ID, editing its file in place: comments, "
        "key order and the other values stay byte for byte. Give an empty value (--speaker '') "
        "to remove an optional field (speaker, tags, question of a non-thesis), and '-' as "
        "--text or --quote to read it from stdin. A new --perspective leaves the file in its "
        "folder. Change the id with 'rename', links with 'link'/'unlink'.",
    )
    parser.add_argument("id", metavar="ID", help="the node to change")
    add_arguments_option(parser)
    parser.add_argument("--title", help="short label shown on the map (at most 200 characters)")
    parser.add_argument("--text", help="the claim in full ('-': read from stdin)")
    parser.add_argument("--perspective", metavar="ID", help="an id from perspectives.yaml")
    parser.add_argument("--source", metavar="ID", help="an id from sources.yaml")
    parser.add_argument("--quote", help="a verbatim quote from the source ('-': read from stdin)")
    parser.add_argument("--question", help="the question a thesis answers ('' removes it elsewhere)")
    parser.add_argument("--speaker", help="who says it inside the source ('' removes it)")
    parser.add_argument(
        "--tags", action="append", metavar="TAG", help="the node's tags, replacing the old ones "
        "(repeatable; --tags '' removes them all)",
    )  # fmt: skip
    for relation in ("supports", "opposes"):  # not edit's to change: say which command is
        parser.add_argument(f"--{relation}", action=_UseLink, nargs="*", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


class _UseLink(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option: str | None = None) -> None:  # fmt: skip
        relation = (option or "--supports").lstrip("-")
        parser.error(
            f"edit does not change links: use 'debatemap link {namespace.id} {relation} TARGET_ID' "
            f"(and 'debatemap unlink' to remove one)"
        )


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {key: getattr(args, key) for key in TEXT_FLAGS if getattr(args, key) is not None}
    if args.tags is not None:
        fields["tags"] = [tag for tag in args.tags if tag != ""]
    from_stdin = [key for key in ("text", "quote") if fields.get(key) == "-"]
    if len(from_stdin) > 1:
        raise UsageError("only one of --text and --quote can be read from stdin ('-')")
    if from_stdin:
        fields[from_stdin[0]] = read_stdin()
    if not fields:
        raise UsageError("say what to change: --title, --text, --perspective, --source, --quote, "
                         "--question, --speaker or --tags")  # fmt: skip
    return fields


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    try:
        change = edit.edit_node(store, args.id, _fields(args))
    except InputError as exc:
        return input_failed("edit", exc)
    except edit.ChangeRefused as refusal:
        return refused("edit", refusal)
    if not change.written:
        print(f"'{args.id}' already has those values; nothing changed", file=sys.stderr)
        return 0
    return written(change)

"""``debatemap add``: add a thesis, argument or definition as a new YAML file."""

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
from debatemap.cli.commands._prompts import Prompter
from debatemap.model import KINDS
from debatemap.store.reader import display_path

TEXT_FLAGS = ("title", "text", "kind", "perspective", "source", "quote", "question", "speaker", "id")
LIST_FLAGS = ("supports", "opposes", "tags")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "add",
        help="add a thesis, argument or definition (asks for missing fields at a terminal)",
        description="Add a node as arguments/<perspective>/<id>.yaml (theses in arguments/theses/). "
        "The id is made from the title. At a terminal, missing fields are asked for; "
        "otherwise they must all be given. Give '-' as --text or --quote to read it from stdin.",
    )
    add_arguments_option(parser)
    parser.add_argument("--title", help="short label shown on the map (at most 200 characters)")
    parser.add_argument("--text", help="the claim in full, in neutral words ('-': read from stdin)")
    parser.add_argument("--kind", choices=KINDS, help="default: argument")
    parser.add_argument("--perspective", metavar="ID", help="an id from perspectives.yaml")
    parser.add_argument("--source", metavar="ID", help="an id from sources.yaml")
    parser.add_argument("--quote", help="a short verbatim quote from the source ('-': read from stdin)")
    parser.add_argument("--question", help="for a thesis: the question it answers")
    parser.add_argument("--speaker", help="who says it inside the source, if not its author")
    parser.add_argument("--id", help="the id to use instead of one made from the title")
    for relation in ("supports", "opposes"):
        parser.add_argument(
            f"--{relation}", action="append", metavar="ID", help=f"a node this one {relation} (repeatable)"
        )
        parser.add_argument(
            f"--{relation}-together",
            dest=f"{relation}_together",
            action="append",
            nargs="+",
            metavar="ID",
            help=f"TARGET ID...: this node and the IDs {relation} TARGET as ONE reason (a premise group)",
        )
    parser.add_argument(
        "--undercuts",
        action="append",
        nargs=2,
        metavar=("FROM", "TO"),
        help="attack the link from FROM to TO (an undercut; repeatable)",
    )
    parser.add_argument("--tags", action="append", metavar="TAG", help="a tag (repeatable)")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the YAML that would be written; write nothing"
    )
    parser.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add it even if a node with the same title is already in the map",
    )
    parser.add_argument(
        "--sources-dir",
        metavar="DIR",
        help="folder of the source texts the quote is verified against (default: DIR/sources)",
    )
    parser.set_defaults(run=run)


def missing_fields(fields: dict[str, Any]) -> list[str]:
    """The required flags not given at all (a usage error; an empty value is the map's business)."""
    kind = fields.get("kind") or "argument"
    required = ["title", "text"] + (["question"] if kind == "thesis" else ["perspective", "source", "quote"])
    return [f"--{key}" for key in required if fields.get(key) is None]


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {key: getattr(args, key) for key in TEXT_FLAGS if getattr(args, key) is not None}
    fields.update({key: getattr(args, key) for key in LIST_FLAGS if getattr(args, key)})
    for relation in ("supports", "opposes"):
        for target, *others in getattr(args, f"{relation}_together") or ():
            if not others:
                raise UsageError(f"--{relation}-together needs the target and at least one other member")
            fields[relation] = [*fields.get(relation, []), {"to": target, "with": others}]
    if args.undercuts:
        fields["undercuts"] = [{"from": reason, "to": target} for reason, target in args.undercuts]
    from_stdin = [key for key in ("text", "quote") if fields.get(key) == "-"]
    if len(from_stdin) > 1:
        raise UsageError("only one of --text and --quote can be read from stdin ('-')")
    if from_stdin:
        fields[from_stdin[0]] = read_stdin()
    return fields


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    store = command_store(args, root)
    options = {"allow_duplicate": args.allow_duplicate, "sources_dir": args.sources_dir}
    try:
        fields = _fields(args)
        interactive = sys.stdin is not None and sys.stdin.isatty() and "-" not in (args.text, args.quote)
        prompter = None
        if interactive:
            prompter = Prompter(edit.clean_map(store), root=root, sources_dir=args.sources_dir)
            prompter.fill(fields)
        elif missing_fields(fields):
            raise UsageError(
                f"missing {', '.join(missing_fields(fields))} "
                "(standard input is not a terminal, so they cannot be asked for)"
            )
        if args.dry_run:
            change = edit.plan_node(store, fields, **options)
            sys.stdout.write(change.text)
            print(f"dry run: would write {change.path}", file=sys.stderr)
            return 0
        if prompter is not None and prompter.asked:  # someone answering questions sees the file first
            change = edit.plan_node(store, fields, **options)
            if not prompter.confirm(display_path(change.path), change.text):
                print("debatemap add: nothing written", file=sys.stderr)
                return 1
        return written(edit.add_node(store, fields, **options))
    except InputError as exc:
        return input_failed("add", exc)
    except edit.ChangeRefused as refusal:
        return refused("add", refusal)

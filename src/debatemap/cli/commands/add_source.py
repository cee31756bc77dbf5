"""``debatemap add-source``: add a source to sources.yaml, from a text already in the
sources folder (``--file``) or from a document whose text it extracts (``--from``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debatemap import edit, rules
from debatemap.cli.commands._editing import add_arguments_option, failed, map_root, refused, written_files
from debatemap.edit.input import input_problem
from debatemap.model import terminal_safe
from debatemap.store.records import SOURCE_TEXTS

OPTIONAL = {
    "author": "its author, or 'not stated'",
    "publisher": "its publisher, or 'not stated'",
    "date": "its date as the source shows it",
    "perspective": "the perspective it speaks for (an id from perspectives.yaml)",
    "file": "its text file, already in the map's sources/ folder (quotes are verified against it)",
    "url": "where it can be read (http or https)",
    "description": "one line about it",
    "lines": "only these lines of the file are this source, e.g. '12-80' or '33-' (to the end)",
    "start": "this source starts at this text of the file",
    "end": "and ends with this text",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "add-source",
        help="add a source to sources.yaml, optionally extracting its text from a document",
        description="Append a source to sources.yaml; the rest of the file is kept byte for byte. "
        "With --from FILE (a PDF, a saved web page, a Word .docx, Markdown or plain text), its "
        "readable text is written to DIR/sources/ID.txt and registered as the source's file; title, "
        "author, date and address come from the document unless given as flags.",
    )
    parser.add_argument("id", metavar="ID", help="a slug: lowercase a-z, 0-9 and '-'")
    parser.add_argument("--title", help="the source's title (required unless --from finds one)")
    parser.add_argument(
        "--from",
        dest="document",
        metavar="FILE",
        help="extract the text of this document into DIR/sources/ID.txt (PDF, .html, .docx, .md, .txt)",
    )
    for key, help_text in OPTIONAL.items():
        parser.add_argument(f"--{key}", help=help_text)
    parser.add_argument("--sources-dir", metavar="DIR", help="where --file's text is (default: DIR/sources)")
    add_arguments_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = map_root(args.arguments)
    if root is None:
        return 2
    flags = {"title": args.title, **{key: getattr(args, key) for key in OPTIONAL}}
    if args.document is not None:
        return _from_document(root, args, flags)
    if args.title is None:
        return failed("add-source", "--title is required (or --from FILE, to take it from a document)", 2)
    try:
        if args.file is not None:
            flags["file"] = _text_in_folder(root, args.file, args.sources_dir)
        return written_files(edit.add_source(root, args.id, flags))
    except edit.ChangeRefused as refusal:
        return refused("add-source", refusal)


def _text_in_folder(root: Path, name: str, sources_dir: str | None) -> str:
    """``name`` as a file name in the sources folder, or :class:`ChangeRefused` saying where it
    should be: a text elsewhere would leave every quote from it unverified, without a word."""
    folder = Path(sources_dir) if sources_dir is not None else root / SOURCE_TEXTS
    given = Path(name)
    if given.parent != Path(".") or given.is_absolute():  # a path: fine if it is in the folder
        try:
            if given.resolve().parent == folder.resolve() and given.is_file():
                return given.name
        except OSError:
            pass
        message = (
            f"file '{name}' is not in the sources folder {folder}/: --file takes a plain file name there"
        )
    elif (folder / name).is_file():
        return name
    else:
        message = f"file '{name}' is not in the sources folder {folder}/"
    hint = f"copy it into {folder}/ and give its name, or extract its text with --from {name}"
    raise edit.ChangeRefused(
        [input_problem(rules.BAD_FILE_NAME, message, hint)], "no such text in the sources folder"
    )


def _from_document(root: Path, args: argparse.Namespace, flags: dict[str, str | None]) -> int:
    from debatemap.extract import Unreadable, read_document
    from debatemap.extract.report import summary, warnings

    if args.file is not None:
        return failed("add-source", "give --from or --file, not both (--from writes the file itself)", 2)
    for key in ("lines", "start", "end"):
        if getattr(args, key) is not None:
            return failed(
                "add-source", f"--{key} cannot be used with --from: the whole text is the source", 2
            )
    try:
        document = read_document(args.document)
    except Unreadable as exc:
        where = terminal_safe(args.document)
        print(f"debatemap add-source: error: {where}: {terminal_safe(exc.message)}", file=sys.stderr)
        if exc.hint:
            print(f"  hint: {terminal_safe(exc.hint)}", file=sys.stderr)
        print("debatemap add-source: nothing was written", file=sys.stderr)
        return 1
    try:
        added = edit.add_source_from(root, args.id, flags, document, Path(args.document).name)
    except edit.ChangeRefused as refusal:
        return refused("add-source", refusal)
    code = written_files(added.change)
    for line in summary(document):
        print(terminal_safe(line), file=sys.stderr)
    for key in ("title", "author", "date", "url"):
        if key in added.taken:
            print(
                f"{key} from {added.taken[key]}: {terminal_safe(added.fields[key])} "
                f"(give --{key} to change it)",
                file=sys.stderr,
            )
    for warning in warnings(document):
        print(f"warning: {terminal_safe(warning)}", file=sys.stderr)
    return code

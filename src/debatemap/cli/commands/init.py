"""``debatemap init``: start a new map that ``check`` passes at once."""

from __future__ import annotations

import argparse
import sys

from debatemap import edit
from debatemap.cli.commands._editing import InputError, command_store, decode_input, input_failed, refused
from debatemap.model import terminal_safe
from debatemap.store.reader import display_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "init",
        help="start a new map in DIR (default: arguments)",
        description="Create a new map in DIR: perspectives.yaml and sources.yaml (with comments "
        "saying what goes in them), a sources/ folder for the texts you quote, the schema editors "
        "use to check node files and, with --question (or asked at a terminal), a first thesis. "
        "A folder that already holds a map is left untouched.",
    )
    parser.add_argument(
        "directory", nargs="?", default="arguments", metavar="DIR", help="the map folder (default: arguments)"
    )
    parser.add_argument("--question", help='the question the debate is about, e.g. "Should X be legal?"')
    parser.add_argument("--thesis", help="the first thesis as a claim (default: the question itself)")
    parser.add_argument("--text", help="the thesis in full (default: its title)")
    parser.set_defaults(run=run)


def _ask(label: str) -> str | None:
    sys.stderr.write(f"{label}: ")
    sys.stderr.flush()
    raw = sys.stdin.buffer.readline()
    if not raw:
        raise InputError("input ended before the question was answered")
    answer = decode_input(raw).strip()
    return answer or None


def run(args: argparse.Namespace) -> int:
    question, thesis = args.question, args.thesis
    try:
        if question is None and sys.stdin is not None and sys.stdin.isatty():
            question = _ask("What question is the debate about? (Enter to add theses later)")
            if question is not None and thesis is None:
                thesis = _ask("Its first thesis, as a claim one side defends (Enter to use the question)")
        root = edit.init_map(
            command_store(args, args.directory), question=question, thesis=thesis, text=args.text
        )
    except InputError as exc:
        return input_failed("init", exc)
    except edit.ChangeRefused as refusal:
        return refused("init", refusal)
    shown = terminal_safe(display_path(root))
    print(shown)
    flag = "" if shown == "arguments" else f" --arguments {shown}"
    steps = [
        f"started a map in {shown}/. Next:",
        f'  debatemap add-perspective ID --name NAME --colour "#RRGGBB"{flag}',
        # --from first: it is what the README's first map uses, and it needs no copying by hand
        f"  debatemap add-source ID --from FILE{flag}    (a PDF, web page, .docx, .md or .txt)",
        f"  or put a source's text in {shown}/sources/, then:",
        f"  debatemap add-source ID --title TITLE --file NAME{flag}",
        f"  debatemap add --title ... --text ... --perspective ID --source ID --quote ...{flag}",
        f"  debatemap check {shown}    debatemap build {shown}",
    ]
    if question is None:
        steps.insert(1, f'  debatemap add --kind thesis --title ... --text ... --question "..."{flag}')
    print("\n".join(steps), file=sys.stderr)
    return 0

"""``debatemap handout``: write the printable debate brief (Markdown, HTML, PDF) into OUT."""

from __future__ import annotations

import argparse
import sys

from debatemap.cli.commands._common import add_map_dir, valid_map

FORMATS = ("md", "html", "pdf")


def formats(value: str) -> list[str]:
    """Parse ``md,html,pdf`` (any subset, any order); an unknown name is a usage error."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(repr(n) for n in unknown) or 'list'} "
            f"(choose from {','.join(FORMATS)})"
        )
    return list(dict.fromkeys(names))


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return number


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "handout",
        help="write the debate handout: a neutral, cited brief (Markdown, HTML, PDF)",
        description="Write handout.md, handout.html and handout.pdf: a neutral, cited brief of the map.",
    )
    add_map_dir(parser)
    parser.add_argument(
        "-o", "--output", default="output", metavar="OUT", help="output folder (default: output)"
    )
    parser.add_argument(
        "--format",
        type=formats,
        default=list(FORMATS),
        metavar="md,html,pdf",
        help="which files to write, comma-separated (default: all three)",
    )
    parser.add_argument("--thesis", action="append", metavar="ID", help="only this thesis (repeatable)")
    parser.add_argument(
        "--perspective",
        action="append",
        metavar="ID",
        help="only arguments from this perspective (repeatable)",
    )
    parser.add_argument(
        "--max-per-side",
        type=positive,
        metavar="N",
        help="at most N arguments for and N against each thesis, strongest first",
    )
    parser.add_argument(
        "--max-theses",
        type=positive,
        metavar="N",
        help="without --thesis: cover only the N theses with the most arguments",
    )
    parser.add_argument("--title", metavar="TEXT", help="the handout's title")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF page size (default: a4)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    debate = valid_map(args.directory, "handout")
    if isinstance(debate, int):
        return debate
    # Imported here so `--help` and the other commands do not pay for Jinja2 and WeasyPrint.
    from debatemap.graph.build import build_graph
    from debatemap.render.handout import HandoutError, render_handout
    from debatemap.store.write import write_outputs

    try:
        files = render_handout(
            build_graph(debate),
            theses=args.thesis,
            perspectives=args.perspective,
            max_per_side=args.max_per_side,
            title=args.title,
            formats=args.format,
            paper=args.paper,
            max_theses=args.max_theses,
        )
    except HandoutError as error:
        for message in error.messages:
            print(f"debatemap: error: {message}", file=sys.stderr)
        print("debatemap: handout refused (nothing was written)", file=sys.stderr)
        return 1
    for path in write_outputs(args.output, files):
        print(path)
    return 0

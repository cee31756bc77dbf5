"""``debatemap handout``: write the brief and the classroom packet (Markdown, HTML, PDF) into OUT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debatemap.cli.commands._common import (
    add_map_dir,
    add_output_folder,
    attach_quote_status,
    built_map,
    map_dir_or_usage_error,
)

FORMATS = ("md", "html", "pdf")
KINDS = ("brief", "roles", "cards", "flow", "sac", "review")


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


def kinds(value: str) -> list[str]:
    """Parse ``brief,roles,cards,flow,sac,review`` (any subset, any order); else a usage error."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in KINDS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(repr(n) for n in unknown) or 'list'} (choose from {','.join(KINDS)})"
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
        help="write the debate brief and classroom materials (Markdown, HTML, PDF)",
        description="Write a neutral, cited brief of the map (handout.*) and, with --kind, classroom "
        "materials: role cards (roles.*), evidence cards (cards.*), a flow sheet (flow.*), a structured "
        "academic controversy kit (sac.*) and a link review sheet (review.*).",
    )
    add_map_dir(parser)
    add_output_folder(parser)
    parser.add_argument(
        "--format",
        type=formats,
        default=list(FORMATS),
        metavar="md,html,pdf",
        help="which files to write, comma-separated (default: all three)",
    )
    parser.add_argument(
        "--kind",
        type=kinds,
        default=["brief"],
        metavar="brief,roles,cards,flow,sac,review",
        help="which materials to write, comma-separated (default: brief)",
    )
    parser.add_argument(
        "--sources-dir",
        metavar="DIR",
        help="folder of the sources' text files, to verify the evidence cards' quotes "
        "(default: DIR/sources when it exists)",
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
    built = built_map(args.directory, "handout")
    if isinstance(built, int):
        return built
    # Imported here so `--help` and the other commands do not pay for Jinja2 and WeasyPrint.
    from debatemap.render.handout.brief import HandoutError, render_handout
    from debatemap.render.packet.sheets import render_packet
    from debatemap.store.write import write_outputs

    sources_dir = args.sources_dir
    if sources_dir is not None and map_dir_or_usage_error(sources_dir, "sources directory") is None:
        return 2
    if sources_dir is None and (Path(args.directory) / "sources").is_dir():
        sources_dir = str(Path(args.directory) / "sources")
    attach_quote_status(built, args.directory, sources_dir)
    graph, strength = built.graph, built.strength  # once, for every kind asked for
    try:
        files = (
            render_handout(
                graph,
                theses=args.thesis,
                perspectives=args.perspective,
                max_per_side=args.max_per_side,
                title=args.title,
                formats=args.format,
                paper=args.paper,
                max_theses=args.max_theses,
                strength=strength,
            )
            if "brief" in args.kind
            else {}
        )
        others = [k for k in args.kind if k != "brief"]
        if others:
            files |= render_packet(
                graph,
                kinds=others,
                formats=args.format,
                theses=args.thesis,
                perspectives=args.perspective,
                max_per_side=args.max_per_side,
                title=args.title,
                paper=args.paper,
                sources_dir=sources_dir,
                strength=strength,
            )
    except HandoutError as error:
        for message in error.messages:
            print(f"debatemap handout: error: {message}", file=sys.stderr)
        print("debatemap handout: refused (nothing was written)", file=sys.stderr)
        return 1
    for path in write_outputs(args.output, files):
        print(path)
    return 0

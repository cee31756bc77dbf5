"""``debatemap build``: validate, then write the map and the handout into OUT."""

from __future__ import annotations

import argparse
import gc

from debatemap.cli.commands._common import add_map_dir, add_output_folder, attach_quote_status, built_map

# The handout that `build` writes is a brief, whatever the size of the map: at most this many
# theses (those with the most arguments) and this many arguments on each side of each. The
# shipped map fits inside both, so its brief is complete; `debatemap handout` has no limits.
BRIEF_THESES = 12
BRIEF_PER_SIDE = 15
BRIEF_PAGES = 12  # A4 pages, at any size of map: beyond what fits, the brief counts (handout/budget.py)
HANDOUT_FORMATS = ("md", "html", "pdf")


def handout_formats(value: str) -> list[str]:
    """``md,html,pdf`` (any subset) or ``none``; anything else is a usage error."""
    if value.strip().lower() == "none":
        return []
    from debatemap.cli.commands.handout import formats

    return formats(value)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "build",
        help="validate and build the interactive map and the handout",
        description="Validate the map, then write OUT/debate_map.html and OUT/handout.{md,html,pdf}.",
    )
    add_map_dir(parser)
    add_output_folder(parser)
    parser.add_argument(
        "--handout",
        type=handout_formats,
        default=list(HANDOUT_FORMATS),
        metavar="md,html,pdf|none",
        help="which handout files to write (default: all three; 'none' writes only the map, "
        "which is much faster on large maps because the PDF takes most of the time)",
    )
    parser.add_argument(
        "--title",
        metavar="T",
        help="title of the map and handout (default: the map's main question, from its theses, "
        "and how many more it asks)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    built = built_map(args.directory, "build", parallel=True)
    if isinstance(built, int):
        return built
    # Imported here so `check` and `--help` do not pay for Jinja2 and the layout.
    from debatemap.render.map.page import render_map
    from debatemap.store.write import write_outputs

    # Once: the map and the handout both show it. Without the cyclic collector, as the reader
    # and the page's rendering run: building the graph, its strength and the quotes' status
    # makes ~10^5 small containers and nothing cyclic, and the collector's passes over them
    # (and over the map already read) cost 0.3 s or more at 10,000 nodes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        graph, strength = built.graph, built.strength
        attach_quote_status(built, args.directory)
    finally:
        if collecting:
            gc.enable()
    files: dict[str, str | bytes] = {
        "debate_map.html": render_map(graph, strength=strength, title=args.title)
    }
    if args.handout:
        from debatemap.render.handout.brief import render_handout

        files.update(
            render_handout(
                graph,
                formats=args.handout,
                max_theses=BRIEF_THESES,
                max_per_side=BRIEF_PER_SIDE,
                max_pages=BRIEF_PAGES,
                strength=strength,
                title=args.title,
            )
        )
    for path in write_outputs(args.output, files):
        print(path)
    return 0

"""``debatemap export``: the map in an interchange format (Argdown, AIF, GraphML, JSON, DOT, Kialo)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debatemap.cli.commands._common import add_map_dir, built_map
from debatemap.interchange import EXPORT_FORMATS, generate
from debatemap.store.write import write_outputs


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "export",
        help="write the map as Argdown, AIF, GraphML, node-link JSON, DOT or Kialo",
        description="Write the map in an interchange format, to standard output or to -o FILE. "
        "docs/interchange.md lists what each format carries and cannot carry.",
    )
    parser.add_argument(
        "--format", choices=EXPORT_FORMATS, required=True, help="the format to write the map in"
    )
    add_map_dir(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    built = built_map(args.directory, "export", data_on_stdout=True)
    if isinstance(built, int):
        return built
    text = generate(built.graph, args.format)
    if args.format == "kialo":
        from debatemap.interchange.kialo_export import unreached

        left = unreached(built.graph)
        if left:
            shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
            print(f"debatemap export: warning: no thesis is reached from {shown}: "
                  "a Kialo discussion is one tree, so they are left out", file=sys.stderr)  # fmt: skip
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    if target.is_dir():
        print(f"debatemap: error: '{args.output}' is a folder; give a file name", file=sys.stderr)
        return 2
    write_outputs(target.parent if str(target.parent) else ".", {target.name: text})
    return 0

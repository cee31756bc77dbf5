"""``debatemap schema``: print the JSON Schema of a node file."""

from __future__ import annotations

import argparse
import sys

from debatemap.validation.schema import schema_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("schema", help="print the JSON Schema of a node file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_json())
    return 0

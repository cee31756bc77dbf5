"""Helpers shared by the commands that change a map (add, link, add-source, ...)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from debatemap.cli.main import print_problems
from debatemap.edit.nodes import Change, ChangeRefused, WriteFailed
from debatemap.rules.constraints import MAX_INPUT_BYTES
from debatemap.store.mapstore import MapStore
from debatemap.store.reader import display_path


class InputError(Exception):
    """Input the command cannot use (bad bytes on stdin, input ended): exit 1."""


class UsageError(InputError):
    """The command was called wrongly (flags missing, stdin closed): exit 2."""


def add_arguments_option(parser: argparse.ArgumentParser, positional: bool = True) -> None:
    """``--arguments DIR``, and (with ``positional``) a last optional ``[DIR]`` as the reading
    commands take it; see :func:`debatemap.commands._common.settle_map_dir`."""
    from debatemap.cli.commands._common import add_map_dir

    add_map_dir(parser, positional)


def map_root(directory: str) -> Path | None:
    """The map folder, or ``None`` after saying why it cannot be used (exit 2)."""
    path = Path(directory)
    if not path.is_dir():
        print(
            f"debatemap: error: map directory '{directory}' does not exist "
            "(give --arguments the folder that holds perspectives.yaml and sources.yaml)",
            file=sys.stderr,
        )
        return None
    return path


def command_store(args: argparse.Namespace, root: str | Path) -> MapStore:
    """The store for this command's map: one per command, so nothing is kept for the next.

    It reads a large map on every core (the command runs no other thread, so forking
    workers is safe). ``args.crash_hook`` is set only by a test's entry point
    (:func:`debatemap.cli.main.main`'s ``crash_hook``), never by a user.
    """
    return MapStore(root, parallel=True, crash_hook=getattr(args, "crash_hook", None))


def refused(command: str, refusal: ChangeRefused) -> int:
    """Print why a change was refused, in ``check``'s format; the exit code (1).

    A write the disk refused (:class:`~debatemap.edit.WriteFailed`) is one line
    naming the file and the system's reason; the change was taken back whole.
    """
    if isinstance(refusal, WriteFailed):
        print(f"debatemap {command}: error: {refusal.reason} (nothing was changed)", file=sys.stderr)
        return 1
    print_problems(refusal.problems)
    print(f"debatemap {command}: refused: {refusal.reason} (nothing was written)", file=sys.stderr)
    return 1


def failed(command: str, message: str, code: int = 1) -> int:
    """Print ``message`` as the command's error; the exit code ``code``."""
    print(f"debatemap {command}: error: {message} (nothing was written)", file=sys.stderr)
    return code


def input_failed(command: str, error: InputError) -> int:
    """:func:`failed` for an :class:`InputError`: exit 2 for a usage error, else 1."""
    return failed(command, str(error), 2 if isinstance(error, UsageError) else 1)


def written(change: Change) -> int:
    """Print the path written (stdout, for scripts) and its warnings (stderr)."""
    print(display_path(change.path))
    if change.warnings:
        print_problems(change.warnings, stream=sys.stderr)
    return 0


def decode_input(raw: bytes, where: str = "standard input") -> str:
    """``raw`` as UTF-8, or :class:`InputError` naming the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None


def read_stdin() -> str:
    """All of standard input, decoded strictly (``sys.stdin`` would guess or replace).

    With standard input closed (``<&-``) Python sets ``sys.stdin`` to ``None``:
    asking for ``-`` then is a usage error.
    """
    if sys.stdin is None:
        raise UsageError("standard input is closed, so '-' cannot be read from it")
    try:
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(raw) > MAX_INPUT_BYTES:
            raise InputError(f"standard input is larger than {MAX_INPUT_BYTES // 1024} KiB")
        return decode_input(raw)
    except (OSError, ValueError) as exc:  # a closed or unreadable descriptor
        raise UsageError(f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}") from None


def written_files(change: Change, removed: bool = False) -> int:
    """Print every file a change of several wrote, one per line (stdout), then its warnings.

    With ``removed``, ``change.path`` was deleted and is not printed as written.
    """
    for path in ([] if removed else [change.path]) + list(change.others):
        print(display_path(path))
    if change.warnings:
        print_problems(change.warnings, stream=sys.stderr)
    return 0

"""The ``debatemap`` command line (:mod:`.main`) and its commands (:mod:`.commands`)."""

from debatemap.cli.main import main, print_problems

__all__ = ["main", "print_problems"]

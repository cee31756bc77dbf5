"""One module per ``debatemap`` command, each defining ``register(subparsers)``."""

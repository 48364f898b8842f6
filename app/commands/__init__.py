"""Subcommands of ``depot``, one module per area; each exposes ``register(subparsers)``."""

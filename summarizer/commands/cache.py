"""`summarizer cache`: not built yet (placeholder so the CLI parses; its owner replaces this file)."""

from __future__ import annotations

import argparse

from ..errors import UserError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rest", nargs="*")


def run(args: argparse.Namespace) -> int:
    raise UserError("`summarizer cache` is not available yet")

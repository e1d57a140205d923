"""`summarizer` command line: builds the parser from one module per command and turns errors into one line.

Each command lives in summarizer/commands/<name>.py with `add_arguments(parser)` and `run(args) -> int`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from collections.abc import Sequence

from summarizer.errors import SummarizerError

COMMANDS: dict[str, str] = {
    "segment": "split page files into articles",
    "summarize": "summarize pages or folders of pages into summaries.jsonl and digest.md",
    "ask": "answer a question (or a file of questions) over a corpus, with citations",
    "ui": "launch the Gradio web UI",
    "eval": "score segmentation, key figures, summaries and QA; write a report",
    "cache": "inspect or clear the LLM result cache",
}


# After Ctrl-C the calls in flight may finish (their results reach the cache, so a rerun does not pay
# for them again), but no longer than this: a worker stuck on a call, or on a lock the interrupt left
# taken, must not keep the process from exiting (seconds).
INTERRUPT_GRACE_S = 10.0


def exit_after(grace_s: float, code: int) -> None:
    """Make sure the process ends with `code` within `grace_s` seconds, whatever threads still run:
    the interpreter joins worker threads at exit, and one that never returns would hang it."""
    sys.stdout.flush()
    sys.stderr.flush()
    timer = threading.Timer(grace_s, os._exit, args=(code,))
    timer.daemon = True
    timer.start()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer", description="Digests and cited answers over Chinese newspaper pages."
    )
    from summarizer import __version__

    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f".commands.{name}", __package__)
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except SummarizerError as e:
        print(f"summarizer: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("summarizer: interrupted; finished work is kept, rerun to resume", file=sys.stderr)
        exit_after(INTERRUPT_GRACE_S, 130)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: still one line, the traceback only on request
        if os.environ.get("SUMMARIZER_DEBUG"):
            raise
        print(
            f"summarizer: internal error: {type(e).__name__}: {e} (set SUMMARIZER_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":
    raise SystemExit(main())

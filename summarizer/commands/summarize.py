"""`summarizer summarize PATH... --out DIR`: summaries.jsonl + digest.md, resumable, with a final report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarizer.commands.common import add_engine_arguments, announce_engine, settings_from_args


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="page files or folders of them (.txt, .pdf)")
    p.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out/)")
    p.add_argument(
        "--concurrency",
        type=int,
        default=None,
        metavar="N",
        help="articles summarized at once by the LLM engine (default: 4)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes the offline engine summarizes with (default: one per core; 1 = this process only)",
    )
    p.add_argument(
        "--batch",
        action="store_true",
        help="send the LLM requests through the endpoint's Batch API (about half the price; results "
        "within 24 h); rerun the same command to resume waiting on the batches it submitted",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    p.add_argument(
        "--force",
        action="store_true",
        help="summarize every article again, replacing rows an earlier run wrote to --out",
    )
    add_engine_arguments(p)


def run(args: argparse.Namespace) -> int:
    from summarizer.summarize.run import run_summarize

    settings = settings_from_args(args, concurrency=args.concurrency, workers=args.workers)
    announce_engine(settings)
    if args.workers and settings.resolved_engine == "llm":
        print(
            "summarizer: note: --workers is for the offline engine; the LLM engine runs --concurrency calls at once",
            file=sys.stderr,
        )
    report = run_summarize(
        args.paths,
        Path(args.out),
        settings,
        progress=not args.no_progress,
        force=args.force,
        batch=args.batch,
    )
    for line in report.lines():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1

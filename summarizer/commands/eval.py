"""`summarizer eval [--engine offline|llm] [--dataset NAME]... [--out DIR]`: score the pipeline, write a report."""

from __future__ import annotations

import argparse
from pathlib import Path

from summarizer.commands.common import add_engine_arguments, announce_engine, settings_from_args


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dataset",
        action="append",
        default=None,
        metavar="NAME",
        help="dataset in evals/datasets (e.g. seed_page, seed_page.v1, or a path); repeatable; "
        "default: the latest version of every dataset",
    )
    p.add_argument(
        "--out",
        default="out/eval",
        metavar="DIR",
        help="report folder (default: out/eval); results go to DIR/<engine>/",
    )
    p.add_argument("--list", action="store_true", help="list the available datasets and exit")
    add_engine_arguments(p)


def run(args: argparse.Namespace) -> int:
    from summarizer.evals.dataset import available
    from summarizer.evals.report import format_table, write_report
    from summarizer.evals.run import run_eval

    if args.list:
        for name, files in available().items():
            print(f"{name}: " + ", ".join(f.name for f in files))
        return 0
    settings = settings_from_args(args)
    announce_engine(settings)
    report = run_eval(args.dataset, settings)
    print(format_table(report))
    out = Path(args.out)
    written = write_report(report, out)
    print(f"wrote {', '.join(str(p) for p in written)}")
    if not report["passed"]:
        failed = [
            f"{r['dataset']}:{c['metric']}={c['value']} (< {c['min']:g})"
            for r in report["datasets"]
            for c in r["checks"]
            if not c["ok"]
        ]
        print("eval: thresholds not met: " + "; ".join(failed))
        return 1
    return 0

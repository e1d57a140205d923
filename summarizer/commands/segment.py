"""`summarizer segment FILE... [--json]`: page text -> articles."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from summarizer.errors import InputError
from summarizer.segment.pages import DEFAULT_MAX_BYTES, iter_page_files


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE", help="page files or folders of them")
    p.add_argument("--json", action="store_true", help="JSON Lines, one article per line")
    p.add_argument(
        "--max-page-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse page files larger than this (default {DEFAULT_MAX_BYTES // (1024 * 1024)} MiB)",
    )


def _files(paths: list[str], failures: list[str]) -> Iterator[Path]:
    """Every page file named or inside a named folder; a missing path is reported and skipped."""
    for p in paths:
        try:
            yield from iter_page_files([p])
        except InputError as e:
            print(f"summarizer: error: {e}", file=sys.stderr)
            failures.append(str(e))


def run(args: argparse.Namespace) -> int:
    from summarizer.segment import segment_file

    failures: list[str] = []
    seen = 0
    for path in _files(args.paths, failures):
        seen += 1
        try:
            pages = segment_file(path, path.name, args.max_page_bytes)
        except InputError as e:
            print(f"summarizer: error: {e}", file=sys.stderr)
            failures.append(str(e))
            continue
        for a in (a for page in pages for a in page.articles):
            if args.json:
                print(json.dumps(a.segment_record(), ensure_ascii=False))
            else:
                extras = " | ".join(
                    f"{k}: {v}"
                    for k, v in (
                        ("kicker", a.kicker),
                        ("subtitle", a.subtitle),
                        ("byline", a.byline),
                        ("credit", a.credit),
                    )
                    if v
                )
                print(f"[{a.page} #{a.index}] {a.title} ({a.kind}, {len(a.text)} chars, {a.start}-{a.end})")
                if extras:
                    print(f"    {extras}")
        sys.stdout.flush()
    if not seen and not failures:
        print(
            "summarizer: error: no page files (.txt, .pdf) found in " + ", ".join(args.paths), file=sys.stderr
        )
        return 2
    return 1 if failures else 0

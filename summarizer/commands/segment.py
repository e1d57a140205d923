"""`summarizer segment FILE... [--json]`: page text -> articles."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import InputError
from ..pages import iter_page_files, read_page


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE", help="page files or folders of them")
    p.add_argument("--json", action="store_true", help="JSON Lines, one article per line")


def run(args: argparse.Namespace) -> int:
    from ..segment import segment_page

    failures = 0
    for path in iter_page_files(args.paths):
        try:
            articles = segment_page(read_page(path), page=path.name)
        except InputError as e:
            print(f"summarizer: error: {e}", file=sys.stderr)
            failures += 1
            continue
        for a in articles:
            if args.json:
                print(json.dumps(a.segment_record(), ensure_ascii=False))
            else:
                extras = " | ".join(f"{k}: {v}" for k, v in (("kicker", a.kicker), ("subtitle", a.subtitle),
                                                              ("byline", a.byline), ("credit", a.credit)) if v)
                print(f"[{a.page} #{a.index}] {a.title} ({a.kind}, {len(a.text)} chars, {a.start}-{a.end})")
                if extras:
                    print(f"    {extras}")
    return 1 if failures else 0

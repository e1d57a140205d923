"""`summarizer ask`: answer a question (or a JSON Lines file of questions) over a corpus, with citations.

Output contract (kept stable; ../shared/tools/score_qa.py reads it): `--json` prints
{answer, answerable, citations[{page, article_index, title, quote}], retrieved[{page, article_index,
title, score}]}; `--questions FILE.jsonl` writes one such object per question, plus its "q".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from summarizer.commands.common import add_engine_arguments, announce_engine, settings_from_args
from summarizer.errors import InputError, LLMError
from summarizer.qa.ask import AskResult

# The index, jieba and the engines are imported in run(): `summarizer --help` and the other
# commands do not pay for them.


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?", help="the question (omit when using --questions)")
    p.add_argument(
        "--corpus",
        nargs="+",
        required=True,
        metavar="PATH",
        help="page files, folders of pages, or .jsonl files of articles ({id, title, text})",
    )
    p.add_argument(
        "--json", action="store_true", help="print the answer as JSON, with the retrieved articles"
    )
    p.add_argument(
        "--questions", metavar="FILE.jsonl", help='answer every line {"q": "..."}; writes JSON Lines'
    )
    p.add_argument("--out", metavar="FILE", help="write the JSON Lines of --questions here instead of stdout")
    p.add_argument("-k", type=int, default=5, help="how many articles to retrieve (default 5)")
    p.add_argument(
        "--restrict",
        nargs="+",
        metavar="ID",
        help="search only these pages (file name) or articles (page#index)",
    )
    add_engine_arguments(p)


def read_questions(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, question, None) for good lines, (line number, None, message) for bad ones."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (questions files are UTF-8 JSON Lines)") from e
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield lineno, None, f"{path}:{lineno}: invalid JSON ({e.msg}); line skipped"
            continue
        q = rec.get("q") if isinstance(rec, dict) else None
        from summarizer.qa.ask import check_question

        try:
            yield lineno, check_question(q), None
        except InputError as e:
            yield lineno, None, f'{path}:{lineno}: no usable "q" ({e}); line skipped'


def _warn(msg: str) -> None:
    print(f"summarizer: warning: {msg}", file=sys.stderr)


def _progress(msg: str) -> None:
    print(f"summarizer: {msg}", file=sys.stderr, flush=True)


def print_human(result: AskResult, out: TextIO) -> None:
    out.write(result.answer + "\n")
    if result.citations:
        out.write("\nSources:\n")
        for c in result.citations:
            out.write(f"  [{c.page} #{c.article_index}] {c.title}\n    “{c.quote}”\n")


def run(args: argparse.Namespace) -> int:
    if not args.question and not args.questions:
        raise InputError("give a question, or --questions FILE.jsonl")
    if args.question and args.questions:
        raise InputError("give either a question or --questions FILE.jsonl, not both")
    if args.k < 1:
        raise InputError("-k must be at least 1")
    from summarizer.engines import make_engine
    from summarizer.qa.ask import ask, check_question
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index

    question = check_question(args.question) if args.question else ""
    settings = settings_from_args(args)
    announce_engine(settings)
    progress = _progress if sys.stderr.isatty() else None  # an archive takes minutes to index once
    corpus = load_corpus(
        args.corpus, max_page_bytes=settings.max_page_bytes, cache_dir=settings.cache_dir, progress=progress
    )
    for err in corpus.errors:
        _warn(err)
    if not corpus:
        raise InputError(f"no articles found in {' '.join(args.corpus)}")
    index = Index.open(corpus, settings.cache_dir, corpus.fingerprint, progress=progress)
    engine = make_engine(settings)

    if not args.questions:
        result = ask(question, index, engine, k=args.k, restrict=args.restrict)
        if args.json:
            print(json.dumps(result.record(), ensure_ascii=False, indent=2))
        else:
            print_human(result, sys.stdout)
        return 0

    qpath = Path(args.questions)
    lines = list(read_questions(qpath))
    good = [(n, q) for n, q, _ in lines if q is not None]
    for _, _, problem in lines:
        if problem:
            _warn(problem)
    if not good:
        raise InputError(f'{qpath}: no questions (every line needs a JSON object with a "q" string)')
    out, tmp = _open_out(args.out)
    failed = 0
    try:
        for i, (lineno, q) in enumerate(good, start=1):
            row: dict[str, Any]
            try:
                row = ask(q, index, engine, k=args.k, restrict=args.restrict).record()
            except LLMError as e:  # one question's failure does not lose the others
                failed += 1
                _warn(f"{qpath}:{lineno}: {e}")
                row = {**AskResult.refused(engine.name, reason="").record(), "error": str(e)}
            out.write(json.dumps({"q": q, **row}, ensure_ascii=False) + "\n")
            out.flush()
            if sys.stderr.isatty() and (i % 10 == 0 or i == len(good)):
                print(f"\ranswered {i}/{len(good)}", end="" if i < len(good) else "\n", file=sys.stderr)
    finally:
        if tmp is not None:
            out.close()
            os.replace(tmp, args.out)
    skipped = len(lines) - len(good)
    print(
        f"answered {len(good)} questions"
        + (f", skipped {skipped} bad lines" if skipped else "")
        + (f", {failed} failed" if failed else "")
        + (f" -> {args.out}" if args.out else ""),
        file=sys.stderr,
    )
    return 1 if failed == len(good) else 0


def _open_out(path: str | None) -> tuple[TextIO, str | None]:
    """stdout, or a temp file beside --out that replaces it when done (never a half-written file)."""
    if not path:
        return sys.stdout, None
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise InputError(f"{target.parent}: no such folder for --out")
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        return open(tmp, "w", encoding="utf-8"), tmp
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from e

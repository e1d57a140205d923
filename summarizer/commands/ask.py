"""`summarizer ask`: answer a question (or a JSON Lines file of questions) over a corpus, with citations.

Output contract (kept stable; ../shared/tools/score_qa.py reads it): `--json` prints
{answer, answerable, citations[{page, article_index, title, quote}], retrieved[{page, article_index,
title, score}]}; `--questions FILE.jsonl` writes one such object per question, plus its "q".
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from summarizer.commands.common import add_engine_arguments, announce_engine, settings_from_args
from summarizer.errors import InputError, LLMError

if TYPE_CHECKING:  # the retrieval stack costs over a second to import: only `ask` itself pays for it
    from summarizer.qa.ask import AskResult
    from summarizer.schemas import Article

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
    p.add_argument(
        "--out",
        metavar="FILE",
        help="write the answer (or the JSON Lines of --questions) here instead of stdout",
    )
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
    """The short answer first, then each cited quote under its source (a whole-sentence answer that
    is its own quote is not printed twice)."""
    out.write(result.answer + "\n")
    if result.citations:
        out.write("\nSources:\n")
        answer = "".join(result.answer.split())
        for c in result.citations:
            out.write(f"  [{c.page} #{c.article_index}] {c.title}\n")
            if "".join(c.quote.split()) != answer:
                out.write(f"    “{c.quote}”\n")


def run(args: argparse.Namespace) -> int:
    if not args.question and not args.questions:
        raise InputError("give a question, or --questions FILE.jsonl")
    if args.question and args.questions:
        raise InputError("give either a question or --questions FILE.jsonl, not both")
    if args.k < 1:
        raise InputError("-k must be at least 1")
    from summarizer.engines import make_engine
    from summarizer.qa.ask import AskResult, ask, check_question
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index

    question = check_question(args.question) if args.question else ""
    qpath = Path(args.questions) if args.questions else None
    _check_out(args.out, qpath)
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
    _check_restrict(args.restrict, corpus)
    index = Index.open(corpus, settings.cache_dir, corpus.fingerprint, progress=progress)
    engine = make_engine(settings)

    if qpath is None:
        result = ask(question, index, engine, k=args.k, restrict=args.restrict)
        with _output(args.out) as out:
            if args.json:
                out.write(json.dumps(result.record(), ensure_ascii=False, indent=2) + "\n")
            else:
                print_human(result, out)
        return 0

    lines = list(read_questions(qpath))
    good = [(n, q) for n, q, _ in lines if q is not None]
    for _, _, problem in lines:
        if problem:
            _warn(problem)
    if not good:
        raise InputError(f'{qpath}: no questions (every line needs a JSON object with a "q" string)')
    failed = 0
    with _output(args.out) as out:
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
    skipped = len(lines) - len(good)
    print(
        f"answered {len(good)} questions"
        + (f", skipped {skipped} bad lines" if skipped else "")
        + (f", {failed} failed" if failed else "")
        + (f" -> {args.out}" if args.out else ""),
        file=sys.stderr,
    )
    return 1 if failed or skipped else 0


def _check_out(path: str | None, questions: Path | None) -> None:
    """--out must name a file we may replace: not a folder, not the questions file, in a folder that exists."""
    if not path:
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"--out {path} is a folder; give the name of a file to write")
    if questions is not None and (
        target.resolve() == questions.resolve() or (target.exists() and os.path.samefile(target, questions))
    ):
        raise InputError(f"--out is the --questions file ({questions}); it would be overwritten")
    if not target.resolve().parent.is_dir():
        raise InputError(f"{target.parent}: no such folder for --out")


def _check_restrict(restrict: list[str] | None, articles: Iterable[Article]) -> None:
    """Every --restrict value must name a page or an article (page#index) of the corpus."""
    if not restrict:
        return
    known = {name for a in articles for name in (a.page, a.id)}
    unknown = [r for r in restrict if r not in known]
    if unknown:
        raise InputError(
            f"--restrict: {', '.join(unknown)} not in the corpus (give page names or page#index article ids)"
        )


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    """stdout, or a temp file beside --out that replaces it when done (never a half-written file;
    on any failure the temp file is removed and --out is left as it was)."""
    if not path:
        yield sys.stdout
        return
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.resolve().parent)
    except OSError as e:
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from e
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.chmod(tmp, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({e.strerror or e})") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

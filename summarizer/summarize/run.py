"""`summarize` over many pages: concurrent, resumable, with progress and an honest report.

A page flows: read (pages.py) -> segment -> one work item per article -> Engine.summarize ->
one summaries.jsonl row (batch_store.py) -> digest.md (digest.py). Work already in summaries.jsonl
(same page content, article index, engine, model) is skipped, so a killed run resumes without
re-requesting finished articles. A bad page or a failed article is reported and the rest goes on.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from summarizer.config import Settings
from summarizer.engines.base import Engine, SummaryResult
from summarizer.errors import InputError, SummarizerError, UserError
from summarizer.llm.cache import canonical_json
from summarizer.schemas import Article
from summarizer.segment.pages import iter_page_files
from summarizer.summarize.digest import DigestPage, render_digest
from summarizer.summarize.store import ResultStore, exclusive_out_dir, warn, write_atomically

SUMMARIES = "summaries.jsonl"
DIGEST = "digest.md"


@dataclass
class BatchFailure:
    where: str  # "page.txt" or "page.txt #3 《title》"
    reason: str
    # True: one article failed; False: a whole file could not be read or segmented (said at once)
    article: bool = False


@dataclass
class BatchReport:
    """What a run did; `lines()` is what the CLI prints at the end."""

    out_dir: Path
    summaries_path: Path
    digest_path: Path
    engine: str = ""
    pages: int = 0
    articles: int = 0  # articles found in the input
    done: int = 0  # summarized by this run
    resumed: int = 0  # already in summaries.jsonl from an earlier run, not redone
    from_cache: int = 0
    reasked: int = 0  # articles that needed at least one re-ask
    figures_dropped: int = 0  # key figures removed because their number or quote was not in the article
    fallbacks: int = 0  # LLM output never grounded; the offline summary was used
    repaired: list[str] = field(default_factory=list)
    failures: list[BatchFailure] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self) -> list[str]:
        n_fail = len(self.failures)
        out = [
            f"summarized {self.done + self.resumed} of {self.articles} articles on {self.pages} page(s) "
            f"in {self.elapsed:.1f} s: {self.done} new, {self.resumed} already done, {self.from_cache} from cache, "
            f"{self.reasked} re-asked, {self.figures_dropped} figure(s) dropped for grounding"
            + (f", {self.fallbacks} offline fallback(s)" if self.fallbacks else "")
            + f", {n_fail} failed"
        ]
        out += [f"  repaired {self.summaries_path.name}: {r}" for r in self.repaired]
        files = sum(not f.article for f in self.failures)
        if files:
            out.append(f"  {files} file(s) could not be used (errors above)")
        out += [f"  failed: {f.where}: {f.reason}" for f in self.failures if f.article]
        out.append(f"wrote {self.summaries_path} and {self.digest_path}")
        if any(f.article for f in self.failures):
            out.append("rerun the same command to retry the failed articles; finished ones are kept")
        return out


@dataclass
class _Page:
    path: Path
    name: str
    sha256: str = ""
    articles: list[Article] = field(default_factory=list)
    error: str = ""


@dataclass
class _Item:
    page: _Page
    article: Article
    key: str


def result_key(page: _Page, article: Article, settings: Settings) -> str:
    """Identity of one finished result: page content + article index + engine/model (+ endpoint)."""
    engine = settings.resolved_engine
    parts: dict[str, Any] = {
        "page": page.name,
        "page_sha256": page.sha256,
        "index": article.index,
        "engine": engine,
    }
    if engine == "llm":
        parts.update(model=settings.model, base_url=settings.base_url)
    return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()


def output_row(item: _Item, result: SummaryResult) -> dict[str, Any]:
    """One summaries.jsonl line: article fields + paragraphs + summary fields + engine + call metadata."""
    row = item.article.segment_record()
    row["paragraphs"] = list(item.article.paragraphs)
    row.update(result.summary.model_dump(mode="json"))
    meta = result.meta.to_dict()
    row["engine"] = meta.pop("engine")
    row.update(meta)
    row["page_sha256"] = item.page.sha256
    row["result_key"] = item.key
    return row


def load_pages(
    paths: Sequence[str | Path], settings: Settings, report: BatchReport, cache: Any = None
) -> list[_Page]:
    """Read and segment every page; a bad path or page becomes a failure line, the others go on.

    With a result cache, a page segmented before is read back from it (segment_cache).
    """
    from summarizer.segment import segment_file

    files: list[Path] = []
    for p in paths:
        try:
            files.extend(iter_page_files([p]))
        except InputError as e:
            report.failures.append(BatchFailure(str(p), str(e).removeprefix(f"{p}: ")))
            warn(f"error: {e}")
    pages: list[_Page] = []
    seen: set[Path] = set()
    for path in files:
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        error = ""
        try:
            read = segment_file(path, path.name, settings.max_page_bytes, cache)
            for sp in read:
                page = _Page(path=path, name=sp.name, articles=list(sp.articles))
                page.sha256 = hashlib.sha256(sp.text.encode("utf-8")).hexdigest()
                pages.append(page)
            if not any(sp.articles for sp in read):
                raise InputError(f"{path}: no articles found (is this a newspaper page?)")
        except SummarizerError as e:
            error = str(e)
        except Exception as e:  # a segmenter bug on one page must not stop the others
            error = f"{path}: could not segment ({type(e).__name__}: {e})"
        if error:
            pages = [p for p in pages if p.path != path]
            pages.append(_Page(path=path, name=path.name, error=error))
            report.failures.append(BatchFailure(str(path), error.removeprefix(f"{path}: ")))
            warn(f"error: {error}")
    return pages


class Progress:
    """A bar on a terminal; on a pipe, one line per 10% for long runs; nothing for short ones."""

    def __init__(
        self, total: int, enabled: bool = True, stream: TextIO | None = None, label: str = "summarizing"
    ):
        self.stream = stream or sys.stderr
        self.total, self.label = total, label
        self.count = 0
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled and total > 0 and (self.tty or total >= 50)
        self._next_line = 0.1
        self._last_draw = 0.0
        self._lock = threading.Lock()

    def advance(self, n: int = 1) -> None:
        with self._lock:
            self.count += n
            if not self.enabled:
                return
            now = time.monotonic()
            if self.tty:
                if now - self._last_draw >= 0.1 or self.count >= self.total:
                    self._last_draw = now
                    self.stream.write("\r" + self._render(now, bar=True))
                    self.stream.flush()
            elif self.count >= self._next_line * self.total:
                self._next_line = (int(10 * self.count / self.total) + 1) / 10
                self.stream.write(self._render(now, bar=False) + "\n")
                self.stream.flush()

    def _render(self, now: float, bar: bool) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.count / elapsed
        eta = (self.total - self.count) / rate if rate > 0 else 0.0
        frac = self.count / self.total
        head = f"{self.label} "
        if bar:
            filled = int(24 * frac)
            head += "[" + "#" * filled + "-" * (24 - filled) + "] "
        return f"{head}{self.count}/{self.total} articles ({frac:.0%}) {rate:.1f}/s ETA {eta:.0f}s"

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _summarize_all(
    engine: Engine, items: list[_Item], concurrency: int, on_done: Any, after_batch: Any = None
) -> None:
    """Run engine.summarize over items; on_done(item, result|None, error|None) in the caller's thread."""
    flush = after_batch or (lambda: None)
    if concurrency <= 1 or len(items) <= 1:
        for item in items:
            try:
                on_done(item, engine.summarize(item.article), None)
            except Exception as e:
                on_done(item, None, e)
            flush()
        return
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="summarize")
    pending: dict[Future[SummaryResult], _Item] = {}
    todo = iter(items)
    try:
        # keep at most 2x concurrency submitted so a Ctrl-C does not leave hundreds queued
        for item in todo:
            pending[pool.submit(engine.summarize, item.article)] = item
            if len(pending) >= 2 * concurrency:
                break
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                item = pending.pop(fut)
                err = fut.exception()
                on_done(item, None if err else fut.result(), err)
                nxt = next(todo, None)
                if nxt is not None:
                    pending[pool.submit(engine.summarize, nxt.article)] = nxt
            flush()  # one fsync for every row that finished together
    except BaseException:
        # Ctrl-C or a bug: do not start queued work; calls in flight end on their own (their
        # results reach the engine's cache, so a rerun does not pay for them again)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _open_cache(settings: Settings, engine: Engine | None) -> Any:
    """The result cache of an LLM run, opened once before any worker starts (None for offline runs,
    which never touch the user's cache folder)."""
    if engine is not None or settings.resolved_engine != "llm" or not settings.use_cache:
        return None
    from summarizer.llm.cache import ResultCache

    return ResultCache(settings)


def _make_engine(settings: Settings, cache: Any) -> Engine:
    """The engine for a batch; the LLM engine shares the batch's open cache from the first article on."""
    if settings.resolved_engine != "llm":
        from summarizer.engines import make_engine

        return make_engine(settings)
    from summarizer.engines.llm import LLMEngine

    return LLMEngine(settings, cache=cache)


def _engine_label(settings: Settings) -> str:
    """How the digest names the engine of a run that called none (everything resumed)."""
    llm = settings.resolved_engine == "llm"
    return f"llm ({settings.model})" if llm and settings.model else settings.resolved_engine


def _reason(error: BaseException) -> str:
    if isinstance(error, SummarizerError):
        return str(error)
    return f"internal error: {type(error).__name__}: {error}"


def run_summarize(
    paths: Sequence[str | Path] | Iterable[str | Path],
    out_dir: str | Path,
    settings: Settings,
    progress: bool = True,
    engine: Engine | None = None,
    force: bool = False,
) -> BatchReport:
    """Summarize every article of every page into out_dir/summaries.jsonl and out_dir/digest.md."""
    started = time.monotonic()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{out}: cannot create the output folder ({e.strerror or e})") from e
    report = BatchReport(out_dir=out, summaries_path=out / SUMMARIES, digest_path=out / DIGEST)
    report.engine = getattr(engine, "name", None) or settings.resolved_engine
    with exclusive_out_dir(out):
        cache = _open_cache(settings, engine)
        pages = load_pages(list(paths), settings, report, cache)
        store = ResultStore(report.summaries_path)
        report.repaired = list(store.repaired)
        for r in store.repaired:
            warn(f"{report.summaries_path}: {r}")
        try:
            items = [_Item(p, a, result_key(p, a, settings)) for p in pages for a in p.articles]
            if force:
                store.forget({it.key for it in items})
            report.pages = len(pages)
            report.articles = len(items)
            todo = [it for it in items if it.key not in store]
            report.resumed = len(items) - len(todo)
            if report.resumed and todo:
                warn(
                    f"resuming: {report.resumed} article(s) already done in {report.summaries_path}, {len(todo)} to go"
                )
            errors: dict[str, str] = {}
            bar = Progress(len(todo), enabled=progress)

            def on_done(item: _Item, result: SummaryResult | None, error: BaseException | None) -> None:
                if result is not None:
                    _count(report, result)
                    store.append(output_row(item, result), sync=False)
                else:
                    assert error is not None
                    errors[item.key] = _reason(error)
                    where = f"{item.page.path} #{item.article.index} 《{item.article.title}》"
                    report.failures.append(BatchFailure(where, errors[item.key], article=True))
                bar.advance()

            if todo:
                owned = None
                if engine is None:
                    engine = _make_engine(settings, cache)
                    owned = engine
                concurrency = settings.concurrency if engine.concurrent else 1
                try:
                    _summarize_all(
                        engine, todo, concurrency, on_done, after_batch=lambda: store.sync(max_delay=0.25)
                    )
                finally:
                    bar.close()
                    if owned is not None:
                        owned.close()
            store.reorder([it.key for it in items])
            digest_pages = []
            for p in pages:
                rows = []
                for a in p.articles:
                    key = result_key(p, a, settings)
                    if key in store.rows:
                        rows.append(store.rows[key])
                    else:
                        rows.append(
                            {"index": a.index, "title": a.title, "error": errors.get(key, "not summarized")}
                        )
                digest_pages.append(DigestPage(name=p.name, rows=rows, error=p.error))
            label = engine.label if engine is not None else _engine_label(settings)
            write_atomically(report.digest_path, render_digest(digest_pages, engine=label))
        finally:
            store.close()
    report.elapsed = time.monotonic() - started
    return report


def _count(report: BatchReport, result: SummaryResult) -> None:
    meta = result.meta
    report.done += 1
    report.from_cache += bool(meta.cache_hit)
    report.reasked += meta.reasks > 0 and not meta.cache_hit  # a cache hit asked nothing this run
    report.figures_dropped += len(meta.dropped_figures)
    report.fallbacks += bool(meta.fallback)

"""`summarize` over many pages: streamed, concurrent, resumable, with progress and an honest report.

A page file flows: read -> segment -> one work item per article -> Engine.summarize -> one row
appended to summaries.jsonl (store.py) -> forgotten. Nothing holds the list of all pages or
articles: files are listed lazily (inputs.py), at most a window of them is in flight, and the store
keeps only an index of finished keys. The offline engine works on whole files in worker processes
(`workers`, default one per core); the LLM engine, which waits on the network, works on articles
with threads in this process (`concurrency`). Either way the outputs are the same as one worker's:
the run ends by compacting the store into page order and rebuilding digest.md from all of it.

Work already in the store (same page identity and content, article, engine) is skipped, so a killed
run resumes without redoing finished articles; a file whose every article is done is not even
segmented again. A bad page or a failed article is reported and the rest goes on. A run that finds
no page file at all changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from summarizer.bounded import child_context, exit_with_parent
from summarizer.config import Settings
from summarizer.engines.base import Engine, SummaryResult
from summarizer.errors import ConfigError, InputError, SummarizerError, UserError
from summarizer.summarize.digest import DigestPage, digest_chunks
from summarizer.summarize.inputs import MissingInput, PageFile, page_files
from summarizer.summarize.store import (
    Compaction,
    ResultStore,
    exclusive_out_dir,
    natural_key,
    warn,
    write_atomically,
)
from summarizer.summarize.work import (
    FileFailure,
    FileInfo,
    FileResult,
    Item,
    article_failure,
    engine_signature,
    items_of,
    output_row,
    summarize_file,
)

SUMMARIES = "summaries.jsonl"
DIGEST = "digest.md"
ARTICLES_PER_THREAD = 2  # articles submitted per LLM thread: keeps each busy, little queued on Ctrl-C
FILES_PER_WORKER = 8  # files in flight per worker process: enough that none waits for the next
# Starting worker processes costs about a second (imports, dictionaries); a page costs ~0.1 s. With
# the default worker count, runs of fewer files than this stay in one process; --workers N is obeyed.
AUTO_WORKERS_MIN_FILES = 16
# Modules worker processes import once, in the forkserver, before any file is handed out.
WORKER_PRELOAD = ["summarizer.summarize.work", "summarizer.engines.offline", "summarizer.engines.extractive"]


class NoInput(UserError):
    """Nothing to summarize was found: the output folder is left exactly as it was."""


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
    workers: int = 1  # processes that summarized (1: this one)
    pages: int = 0
    articles: int = 0  # articles found in the input
    done: int = 0  # summarized by this run
    resumed: int = 0  # already in summaries.jsonl from an earlier run, not redone
    from_cache: int = 0
    reasked: int = 0  # articles that needed at least one re-ask
    figures_dropped: int = 0  # key figures removed because their number or quote was not in the article
    fallbacks: int = 0  # LLM output never grounded; the offline summary was used
    superseded: int = 0  # rows removed from the store: older versions of edited or renamed pages
    renamed: list[tuple[str, str]] = field(default_factory=list)
    stored: int = 0  # rows in the store after the run (every page ever summarized here)
    repaired: list[str] = field(default_factory=list)
    failures: list[BatchFailure] = field(default_factory=list)
    elapsed: float = 0.0
    # --batch (summarizer.summarize.batch_run): batches this run submitted or took over from an
    # interrupted one, requests sent in them, articles re-asked synchronously afterwards, articles
    # sent synchronously because their batch request failed or never ran, and articles left for a
    # rerun (refused for their format at every rung)
    via_batch: bool = False
    batches_submitted: int = 0
    batches_resumed: int = 0
    batch_requests: int = 0
    sync_reasks: int = 0
    sync_fallbacks: int = 0
    unfinished: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures and not self.unfinished

    def lines(self) -> list[str]:
        n_fail = len(self.failures)
        out = [
            f"summarized {self.done + self.resumed} of {self.articles} articles on {self.pages} page(s) "
            f"in {self.elapsed:.1f} s: {self.done} new, {self.resumed} already done, {self.from_cache} from cache, "
            f"{self.reasked} re-asked, {self.figures_dropped} figure(s) dropped for grounding"
            + (f", {self.fallbacks} offline fallback(s)" if self.fallbacks else "")
            + f", {n_fail} failed"
            + (f" ({self.workers} worker processes)" if self.workers > 1 else "")
        ]
        out += [f"  repaired {self.summaries_path.name}: {r}" for r in self.repaired]
        if self.via_batch:
            out.append(
                f"  Batch API: {self.batches_submitted} batch(es) submitted ({self.batch_requests} requests)"
                + (f", {self.batches_resumed} taken over from an earlier run" if self.batches_resumed else "")
                + f"; {self.sync_reasks} article(s) re-asked synchronously"
                + (
                    f", {self.sync_fallbacks} sent synchronously (their batch request failed or was not run)"
                    if self.sync_fallbacks
                    else ""
                )
            )
        if self.unfinished:
            out.append(
                f"  {self.unfinished} article(s) not summarized: the endpoint refused their requests "
                "(above); rerun the same command to submit them again"
            )
        out += [f"  renamed: {old} -> {new} (its old rows removed)" for old, new in self.renamed]
        if self.superseded:
            out.append(f"  {self.superseded} superseded row(s) removed (older versions of pages)")
        files = sum(not f.article for f in self.failures)
        if files:
            out.append(f"  {files} file(s) could not be used (errors above)")
        out += [f"  failed: {f.where}: {f.reason}" for f in self.failures if f.article]
        out.append(f"wrote {self.summaries_path} and {self.digest_path} ({self.stored} articles in all)")
        if any(f.article for f in self.failures):
            out.append("rerun the same command to retry the failed articles; finished ones are kept")
        return out


class Progress:
    """A bar on a terminal; on a pipe, one line per 10% for long runs; nothing for short ones."""

    def __init__(
        self,
        total: int | None,
        enabled: bool = True,
        stream: TextIO | None = None,
        label: str = "summarizing",
        unit: str = "pages",
    ):
        self.stream = stream or sys.stderr
        self.total, self.label, self.unit = total, label, unit
        self.count = 0
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled and total != 0 and (self.tty or (total or 0) >= 50)
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
                if now - self._last_draw >= 0.1 or self.count == self.total:
                    self._last_draw = now
                    self.stream.write("\r" + self._render(now, bar=True))
                    self.stream.flush()
            elif self.total and self.count >= self._next_line * self.total:
                self._next_line = (int(10 * self.count / self.total) + 1) / 10
                self.stream.write(self._render(now, bar=False) + "\n")
                self.stream.flush()

    def _render(self, now: float, bar: bool) -> str:
        elapsed = max(now - self.start, 1e-9)
        rate = self.count / elapsed
        head = f"{self.label} "
        if not self.total:
            return f"{head}{self.count} {self.unit} {rate:.1f}/s"
        eta = (self.total - self.count) / rate if rate > 0 else 0.0
        frac = min(self.count / self.total, 1.0)
        if bar:
            filled = int(24 * frac)
            head += "[" + "#" * filled + "-" * (24 - filled) + "] "
        return f"{head}{self.count}/{self.total} {self.unit} ({frac:.0%}) {rate:.1f}/s ETA {eta:.0f}s"

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _summarize_all(
    engine: Engine,
    items: Iterable[Item],
    concurrency: int,
    on_done: Callable[[Item, SummaryResult | None, BaseException | None], None],
    after_batch: Callable[[], None] | None = None,
    work: Callable[[Item], SummaryResult] | None = None,
) -> None:
    """Run engine.summarize (or `work`) over items (taken lazily: at most 2x concurrency in flight);
    on_done(item, result|None, error|None) in the caller's thread."""
    flush = after_batch or (lambda: None)
    call = work or (lambda item: engine.summarize(item.article))
    todo = iter(items)
    if concurrency <= 1:
        for item in todo:
            try:
                on_done(item, call(item), None)
            except Exception as e:
                on_done(item, None, e)
            flush()
        return
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="summarize")
    pending: dict[Future[SummaryResult], Item] = {}
    try:
        # keep at most 2x concurrency submitted so a Ctrl-C does not leave hundreds queued
        for item in todo:
            pending[pool.submit(call, item)] = item
            if len(pending) >= ARTICLES_PER_THREAD * concurrency:
                break
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                item = pending.pop(fut)
                err = fut.exception()
                on_done(item, None if err else fut.result(), err)
                nxt = next(todo, None)
                if nxt is not None:
                    pending[pool.submit(call, nxt)] = nxt
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
    """The engine for a run; the LLM engine shares the run's open cache from the first article on."""
    if settings.resolved_engine != "llm":
        from summarizer.engines import make_engine

        return make_engine(settings)
    from summarizer.engines.llm import LLMEngine

    return LLMEngine(settings, cache=cache)


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _signature(settings: Settings) -> str:
    from summarizer.segment.cache import segmenter_version

    return f"{engine_signature(settings)}|{segmenter_version()[:16]}"


class _Run:
    """The state of one run: report, store, what this run read, notes for the digest."""

    def __init__(self, settings: Settings, store: ResultStore, report: BatchReport, force: bool) -> None:
        self.settings = settings
        self.store = store
        self.report = report
        self.force = force
        self.signature = _signature(settings)
        self.seen: dict[str, str] = {}  # file identity -> content hash, for compaction
        self.file_notes: dict[str, str] = {}  # page -> why the file could not be used (digest)
        self.article_notes: dict[str, list[dict[str, Any]]] = {}  # page -> failed articles (digest)

    def fail_file(self, where: str, reason: str, page: str) -> None:
        self.report.failures.append(BatchFailure(where, reason))
        self.file_notes[page] = reason
        warn(f"error: {where}: {reason}")

    def fail_article(self, failure: FileFailure) -> None:
        self.report.failures.append(BatchFailure(failure.where, failure.reason, article=True))
        note = {"index": failure.index, "title": failure.title, "error": failure.reason}
        self.article_notes.setdefault(failure.page, []).append(note)

    def add_rows(self, rows: list[dict[str, Any]]) -> None:
        """Append finished rows (one write for all of them) and count them in the report."""
        r = self.report
        for row in rows:
            row["signature"] = self.signature
            r.done += 1
            r.from_cache += bool(row.get("cache_hit"))
            r.reasked += bool(row.get("reasks")) and not row.get("cache_hit")  # a hit asked nothing now
            r.figures_dropped += len(row.get("dropped_figures") or [])
            r.fallbacks += bool(row.get("fallback"))
        if rows:
            self.store.append_many(rows, sync=False)

    def hash_file(self, source: PageFile) -> tuple[bytes, str] | None:
        """The file's bytes and their hash, or None (a failure is recorded) when it cannot be read."""
        path = source.path
        try:
            size = path.stat().st_size
            if size > self.settings.max_page_bytes:
                raise InputError(
                    f"{size / 1e6:.1f} MB is over the page limit of {self.settings.max_page_bytes / 1e6:.0f} MB"
                )
            data = path.read_bytes()
        except OSError as e:
            self.fail_file(str(path), f"cannot read ({e.strerror or e})", source.identity)
            return None
        except InputError as e:
            self.fail_file(str(path), str(e), source.identity)
            return None
        sha = hashlib.sha256(data).hexdigest()
        self.seen[source.identity] = sha
        old_path, old_sha = self.store.last_source(source.identity)
        if old_path and old_sha != sha and old_path != str(path.resolve()) and os.path.exists(old_path):
            warn(
                f"{source.identity}: replaces the rows of {old_path}, another file of the same name; "
                "name both in one run (or use another --out) to keep both"
            )
        return data, sha

    def already_done(self, source: PageFile, sha: str) -> bool:
        """True (and counted as resumed) when every article of this file content is done."""
        if self.force:
            return False
        n = self.store.file_done(source.identity, sha, self.signature)
        if not n:
            return False
        self.report.articles += n
        self.report.resumed += n
        self.report.pages += self.store.pages_of(source.identity)
        return True


def _files(run: _Run, sources: Iterable[PageFile | MissingInput]) -> Iterator[PageFile]:
    for s in sources:
        if isinstance(s, MissingInput):
            run.fail_file(s.given, s.error.removeprefix(f"{s.given}: "), s.given)
        else:
            yield s


def segment_source(run: _Run, source: PageFile, data: bytes, sha: str, cache: Any) -> list[Item] | None:
    """The items of one file's content (counted in the report as found), or None when it cannot be
    segmented (the failure is recorded and said at once)."""
    from summarizer.segment import segment_bytes

    try:
        pages = segment_bytes(data, source.identity, cache, label=str(source.path))
        if not any(p.articles for p in pages):
            raise InputError(f"{source.path}: no articles found (is this a newspaper page?)")
    except SummarizerError as e:
        run.fail_file(str(source.path), str(e).removeprefix(f"{source.path}: "), source.identity)
        return None
    except Exception as e:  # a segmenter bug on one page must not stop the others
        run.fail_file(str(source.path), f"could not segment ({type(e).__name__}: {e})", source.identity)
        return None
    info = FileInfo(source.identity, str(source.path.resolve()), sha, sum(len(p.articles) for p in pages))
    run.report.pages += len(pages)
    return items_of(info, pages, run.settings)


def _in_process(run: _Run, sources: Iterable[PageFile], engine: Engine, cache: Any, bar: Progress) -> None:
    """Segment here, summarize articles with threads (for an engine that waits on the network)."""
    remaining: dict[str, int] = {}  # file -> articles still in flight
    closed: set[str] = set()  # files whose every item was handed out

    def finish_if_done(file: str) -> None:
        if file in closed and not remaining.get(file):
            remaining.pop(file, None)
            closed.discard(file)
            bar.advance()

    def items() -> Iterator[Item]:
        for source in sources:
            read = run.hash_file(source)
            if read is None:
                bar.advance()
                continue
            data, sha = read
            if run.already_done(source, sha):
                bar.advance()
                continue
            found = segment_source(run, source, data, sha, cache)
            if found is None:
                bar.advance()
                continue
            remaining[source.identity] = 0
            for item in found:
                run.report.articles += 1
                if not run.force and item.key in run.store:
                    run.report.resumed += 1
                    continue
                remaining[source.identity] += 1
                yield item
            closed.add(source.identity)
            finish_if_done(source.identity)

    def on_done(item: Item, result: SummaryResult | None, error: BaseException | None) -> None:
        if result is not None:
            run.add_rows([output_row(item, result)])
        else:
            assert error is not None
            run.fail_article(article_failure(item, error))
        remaining[item.file.identity] -= 1
        finish_if_done(item.file.identity)

    concurrency = run.settings.concurrency if engine.concurrent else 1
    _summarize_all(engine, items(), concurrency, on_done, after_batch=lambda: run.store.sync(max_delay=0.25))


def _in_workers(run: _Run, sources: Iterable[PageFile], workers: int, bar: Progress) -> None:
    """Whole files to worker processes (the offline engine computes: one process per core)."""
    pending: dict[Future[FileResult], PageFile] = {}

    def take(result: FileResult) -> None:
        r = run.report
        if result.file.sha256:
            run.seen[result.file.identity] = result.file.sha256
        r.pages += result.pages
        r.articles += result.articles
        r.resumed += result.resumed
        run.add_rows(result.rows)
        for f in result.failures:
            if f.article:
                run.fail_article(f)
            else:
                run.fail_file(f.where, f.reason, f.page)
        run.store.sync(max_delay=0.25)
        bar.advance()

    def drain(block_until: int) -> None:
        while len(pending) > block_until:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                pending.pop(fut)
                take(fut.result())

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=child_context(WORKER_PRELOAD),
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        for source in sources:
            read = run.hash_file(source)
            if read is None or run.already_done(source, read[1]):
                bar.advance()
                continue
            done = frozenset() if run.force else run.store.done_keys(source.identity)
            fut = pool.submit(summarize_file, source.path, source.identity, run.settings, done)
            pending[fut] = source
            drain(FILES_PER_WORKER * workers - 1)
        drain(0)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _count_files(paths: Sequence[str | Path]) -> int:
    """How many page files the inputs hold (a cheap first pass, for the progress display)."""
    return sum(isinstance(s, PageFile) for s in page_files(paths))


def run_summarize(
    paths: Sequence[str | Path] | Iterable[str | Path],
    out_dir: str | Path,
    settings: Settings,
    progress: bool = True,
    engine: Engine | None = None,
    force: bool = False,
    batch: bool = False,
) -> BatchReport:
    """Summarize every article of every page into out_dir/summaries.jsonl and out_dir/digest.md.

    batch=True sends the LLM requests through the endpoint's Batch API (summarize.batch_run): the
    paths are then read twice (requests out, results in), so they are taken as a list.
    Raises NoInput, and leaves out_dir untouched, when the paths hold no page file at all.
    """
    started = time.monotonic()
    if batch:
        if settings.resolved_engine != "llm" and engine is None:
            raise ConfigError(
                "--batch needs the LLM engine: pass --engine llm with --base-url and --model "
                "(or set OPENAI_BASE_URL and SUMMARIZER_MODEL)"
            )
        paths = list(paths)
    out = Path(out_dir)
    report = BatchReport(out_dir=out, summaries_path=out / SUMMARIES, digest_path=out / DIGEST)
    report.engine = getattr(engine, "name", None) or settings.resolved_engine
    report.via_batch = batch
    countable = isinstance(paths, (list, tuple))
    given: list[str] = []
    missing: list[MissingInput] = []

    def named(ps: Iterable[str | Path]) -> Iterator[str | Path]:
        for p in ps:
            if len(given) < 5:
                given.append(str(p))
            yield p

    sources = page_files(named(paths))
    first: PageFile | None = None
    for s in sources:
        if isinstance(s, MissingInput):
            missing.append(s)
            continue
        first = s
        break
    if first is None:
        why = (
            "; ".join(m.error for m in missing)
            or f"no page files ({', '.join(_suffixes())}) in {', '.join(given)}"
        )
        raise NoInput(f"{why}; nothing changed in {out}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{out}: cannot create the output folder ({e.strerror or e})") from e
    with exclusive_out_dir(out):
        store = ResultStore(report.summaries_path)
        try:
            _run(
                store,
                report,
                settings,
                engine,
                force,
                progress,
                countable,
                paths,
                first,
                missing,
                sources,
                batch,
            )
        finally:
            store.close()
    report.elapsed = time.monotonic() - started
    return report


def _suffixes() -> tuple[str, ...]:
    from summarizer.segment.pages import PAGE_SUFFIXES

    return PAGE_SUFFIXES


def _run(
    store: ResultStore,
    report: BatchReport,
    settings: Settings,
    engine: Engine | None,
    force: bool,
    progress: bool,
    countable: bool,
    paths: Any,
    first: PageFile,
    missing: list[MissingInput],
    rest: Iterator[PageFile | MissingInput],
    batch: bool = False,
) -> None:
    run = _Run(settings, store, report, force)
    report.repaired = list(store.repaired)
    for r in store.repaired:
        warn(f"{report.summaries_path}: {r}")
    if len(store) and not force:
        warn(f"resuming: {len(store)} article(s) already in {report.summaries_path}; finished ones are kept")
    for m in missing:
        run.fail_file(m.given, m.error.removeprefix(f"{m.given}: "), m.given)
    total = _count_files(paths) if countable else None
    bar = Progress(total, enabled=progress)
    sources = _files(run, _chain(first, rest))
    workers = settings.workers or default_workers()
    use_processes = engine is None and settings.resolved_engine == "offline" and workers > 1 and total != 1
    if use_processes and not settings.workers and total is not None and total < AUTO_WORKERS_MIN_FILES:
        use_processes = False  # a few files: starting workers would cost more than they save
    try:
        if use_processes:
            report.workers = workers
            _in_workers(run, sources, workers, bar)
        else:
            cache = _open_cache(settings, engine)
            owned = None
            if engine is None:
                engine = owned = _make_engine(settings, cache)
            try:
                if batch:
                    from summarizer.summarize.batch_run import run_batch

                    def reopen() -> Iterator[PageFile]:  # the same inputs again, their errors said once
                        return (s for s in page_files(paths) if isinstance(s, PageFile))

                    run_batch(run, sources, reopen, engine, cache, bar, progress)
                else:
                    _in_process(run, sources, engine, cache, bar)
            finally:
                if owned is not None:
                    owned.close()
    finally:
        bar.close()
    compaction = store.compact(run.seen)
    report.superseded = compaction.superseded
    report.renamed = compaction.renamed
    report.stored = compaction.rows
    _write_digest(run, compaction, engine)


def _chain(first: PageFile, rest: Iterator[PageFile | MissingInput]) -> Iterator[PageFile | MissingInput]:
    yield first
    yield from rest


def _write_digest(run: _Run, compaction: Compaction, engine: Engine | None) -> None:
    store = run.store
    labels = sorted({e.label for e in store.entries.values() if e.label})
    if not labels:
        labels = [engine.label if engine is not None else run.settings.resolved_engine]
    pages_with_rows = {e.page for e in store.entries.values()}
    notes = sorted(
        set(run.file_notes) | set(run.article_notes), key=natural_key
    )  # pages this run could not (fully) summarize
    n_pages = len(pages_with_rows | set(notes))
    write_atomically(
        run.report.digest_path,
        digest_chunks(
            _digest_pages(run, notes), n_pages=n_pages, n_articles=len(store), engine=" / ".join(labels)
        ),
    )


def _digest_pages(run: _Run, notes: list[str]) -> Iterator[DigestPage]:
    """Pages in store order (rows streamed from the compacted file), with this run's failures merged
    in at their place."""
    pending = list(reversed(notes))

    def noted(page: str) -> DigestPage:
        rows = list(run.article_notes.get(page, []))
        return DigestPage(name=page, rows=rows, error=run.file_notes.get(page, "") if not rows else "")

    current: DigestPage | None = None
    for row in run.store.rows_in_order():
        page = str(row.get("page", ""))
        if current is None or current.name != page:
            if current is not None:
                yield current
            while pending and natural_key(pending[-1]) < natural_key(page):
                yield noted(pending.pop())
            current = DigestPage(name=page)
            if pending and pending[-1] == page:
                pending.pop()
                current.rows.extend(run.article_notes.get(page, []))
        current.rows.append(row)
    if current is not None:
        yield current
    while pending:
        yield noted(pending.pop())

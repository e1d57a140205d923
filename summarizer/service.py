"""The long-lived service behind the UI: one corpus, its index, its summaries, questions and uploads.

Thread-safe: Gradio calls it from several worker threads. Reads take a snapshot of the (immutable)
corpus and index under a lock; an upload builds the new corpus and index outside the lock and swaps
them in, so questions keep being answered while a page is being added. Uploads take turns (each
extends the corpus the previous one left), and only the uploaded page is tokenised: the stored corpus
and the index of the rest are kept as they are.

An uploaded page is untrusted input: it is segmented and summarised in a child process under a time
and a memory budget (summarizer.bounded), so a costly page is refused with one line instead of
holding the server's CPU and memory, and questions go on being answered meanwhile. A page whose
articles are already in the corpus (uploaded again, under any name or encoding) is not added twice.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from summarizer.bounded import run_bounded
from summarizer.config import Settings
from summarizer.engines import make_engine
from summarizer.engines.offline import OfflineEngine
from summarizer.errors import InputError, LLMError
from summarizer.qa import ask as qa
from summarizer.qa.corpus import Corpus, load_bytes, load_corpus
from summarizer.qa.index import Index
from summarizer.schemas import Article
from summarizer.segment.pages import check_page_bytes

Progress = Callable[..., None]
_UNSAFE = re.compile(r"[^\w.\-（）() \u3400-\u9fff]+")


class Added(list[Article]):
    """The articles of an upload; `duplicate` when the page was already in the corpus (nothing added)."""

    duplicate: bool = False


def page_key(articles: Iterable[Article]) -> str:
    """What makes two pages the same page: their articles' headings and texts, in order (not the
    file name, the encoding or the line endings)."""
    h = hashlib.sha256(b"page-v1\0")
    for a in articles:
        h.update(repr((a.kicker, a.title, a.subtitle, a.kind, a.text)).encode("utf-8"))
    return h.hexdigest()


def prepare_upload(
    settings: Settings, page: str, data: bytes, report: Callable[..., None]
) -> tuple[list[Article], list[dict[str, Any]]]:
    """Segment and summarise one uploaded page: (articles, their summary records). Runs in the child
    process of `summarizer.bounded`; `report(done, total, message)` reaches the parent."""
    report(0, 3, f"{page}: segmenting")
    articles, errors = load_bytes(page, data)
    if not articles:
        raise InputError("; ".join(errors) or f"{page}: no article found")
    engine = make_engine(settings)
    try:
        total = len(articles)
        records = summarize_all(
            engine,
            articles,
            settings.concurrency,
            lambda i: report(1 + i / total, 3, f"{page}: summarised {i}/{total}"),
        )
    finally:
        engine.close()
    return articles, records


def summarize_all(
    engine: Any, articles: Sequence[Article], concurrency: int, done: Callable[[int], None] | None = None
) -> list[dict[str, Any]]:
    """Summary records of articles in order (threads for an engine that waits on the network)."""
    workers = max(1, concurrency) if engine.concurrent else 1
    tick = done or (lambda _i: None)
    if workers == 1 or len(articles) <= 1:
        out = []
        for i, a in enumerate(articles, start=1):
            out.append(summary_record(engine, a))
            tick(i)
        return out
    with ThreadPoolExecutor(max_workers=workers) as pool:
        out = []
        for i, rec in enumerate(pool.map(lambda a: summary_record(engine, a), articles), start=1):
            out.append(rec)
            tick(i)
        return out


def summary_record(engine: Any, article: Article) -> dict[str, Any]:
    """Summary fields of one article; an LLM failure falls back to the offline summary, and says so."""
    try:
        result = engine.summarize(article)
        name = engine.name
    except LLMError as e:
        result = OfflineEngine().summarize(article)
        name = f"offline (llm failed: {e})"
    rec = result.summary.model_dump()
    rec["engine"] = name
    return rec


class Service:
    """What the UI calls: articles with summaries, cited answers, page uploads."""

    def __init__(
        self, settings: Settings, corpus_paths: Iterable[str | Path], state_dir: str | Path | None = None
    ):
        self.settings = settings
        self.engine = make_engine(settings)
        self._own_state = state_dir is None
        self.state_dir = Path(state_dir) if state_dir else Path(tempfile.mkdtemp(prefix="summarizer-ui-"))
        self.upload_dir = self.state_dir / "uploads"
        self.upload_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        paths = [Path(p) for p in corpus_paths]
        if any(self.upload_dir.iterdir()):
            paths.append(self.upload_dir)  # earlier uploads survive a restart
        self._lock = threading.RLock()
        self._add_lock = threading.Lock()
        self._corpus: Corpus = load_corpus(
            paths, max_page_bytes=settings.max_page_bytes, cache_dir=settings.cache_dir
        )
        self.errors: list[str] = list(self._corpus.errors)
        self._index: Index | None = None
        self._summaries: dict[str, dict[str, Any]] = {}
        self._page_keys: dict[str, str] | None = None  # page key -> page name, built on first upload

    def close(self) -> None:
        """Release the engine; a state folder the service made for itself (no state_dir) is removed."""
        self.engine.close()
        if self._own_state:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------------------------------

    def corpus(self) -> list[Article]:
        with self._lock:
            return list(self._corpus)

    def index(self) -> Index:
        with self._lock:
            if self._index is None:
                self._index = Index.open(self._corpus, self.settings.cache_dir, self._corpus.fingerprint)
            return self._index

    def articles(self) -> list[dict[str, Any]]:
        """Every article with its summary fields and key figures, in corpus order."""
        arts = self.corpus()
        self._summarize_missing(arts)
        return [self._record(a) for a in arts]

    def article(self, page: str, index: int) -> dict[str, Any] | None:
        with self._lock:
            a = self._corpus.find(page, int(index))
        if a is None:
            return None
        self._summarize_missing([a])
        return self._record(a)

    def ask(self, question: str, history: Sequence[Any] = (), restrict: Any = None) -> qa.AskResult:
        """As qa.ask over the whole corpus (or the pages / page#index ids in restrict; an id that
        names nothing in the corpus is an InputError, not a silent "not found")."""
        hist = [(str(h[0]), str(h[1])) for h in history if isinstance(h, (list, tuple)) and len(h) >= 2]
        allowed = [restrict] if isinstance(restrict, str) else (list(restrict) if restrict else None)
        if allowed:
            with self._lock:
                corpus = self._corpus
            unknown = [str(r) for r in allowed if not len(corpus.positions([str(r)]))]
            if unknown:
                raise InputError(f"not in the corpus: {', '.join(unknown)} (restrict to pages or page#index)")
        try:
            return qa.ask(question, self.index(), self.engine, k=5, restrict=allowed, history=hist)
        except LLMError as e:  # the endpoint is down: still answer, from the offline engine, and say so
            result = qa.ask(question, self.index(), OfflineEngine(), k=5, restrict=allowed, history=hist)
            return result.model_copy(update={"engine": f"offline (llm failed: {e})"})

    # ---- uploads -------------------------------------------------------------------------------

    def add_page(self, name: str, data: bytes, progress: Progress | None = None) -> Added:
        """Segment, summarise and index one uploaded page; the file is kept under state_dir/uploads.

        The work runs in a child process under the settings' upload budget (time, memory). A page
        already in the corpus is not added again: its articles come back with `duplicate` set.
        """
        report = progress or (lambda *_a, **_k: None)
        safe = _safe_name(name)
        if len(data) > self.settings.max_page_bytes:
            raise InputError(
                f"{safe}: {len(data) / 1e6:.1f} MB is over the page limit of "
                f"{self.settings.max_page_bytes / 1e6:.0f} MB"
            )
        check_page_bytes(data, safe)  # binary (other than PDF), empty and undecodable uploads stop here
        with self._add_lock:
            with self._lock:
                base = self._corpus
                taken = base.pages() | {p.name for p in self.upload_dir.iterdir()}
                page = _free_name(safe, taken)
                target = self.upload_dir / page
                _write_private(target, data)  # reserve the name before leaving the lock
            keep = False
            try:
                articles, records = run_bounded(
                    prepare_upload,
                    (self.settings, page, data),
                    seconds=self.settings.upload_seconds,
                    memory_bytes=self.settings.upload_memory_mb * 2**20,
                    what=safe,
                    on_progress=report,
                )
                key = page_key(articles)
                with self._lock:
                    same = self._known_pages().get(key)
                if same is not None:
                    report(3, 3, f"{safe}: already in the corpus as {same}")
                    found = Added(base.get_many(base.positions([same]).tolist()))
                    found.duplicate = True
                    return found
                report(2, 3, f"{page}: indexing")
                corpus, stored = base.add_articles(page, data, articles, [], label=page)
                index = self.index().extend(corpus)
                with self._lock:
                    for a, rec in zip(stored, records, strict=True):
                        self._summaries.setdefault(a.id, rec)
                    self._corpus, self._index = corpus, index
                    self._known_pages()[key] = page
                report(3, 3, f"{page}: {len(stored)} articles added")
                keep = True
                return Added(stored)
            finally:
                if not keep:
                    target.unlink(missing_ok=True)

    def _known_pages(self) -> dict[str, str]:
        """page key -> page name for every page of the corpus (built once, kept up to date)."""
        if self._page_keys is None:
            by_page: dict[str, list[Article]] = {}
            for a in self._corpus:
                by_page.setdefault(a.page, []).append(a)
            self._page_keys = {}
            for name, arts in by_page.items():
                self._page_keys.setdefault(page_key(arts), name)
        return self._page_keys

    # ---- summaries -----------------------------------------------------------------------------

    def _summarize_missing(self, arts: Sequence[Article]) -> None:
        with self._lock:
            todo = [a for a in arts if a.id not in self._summaries]
        if not todo:
            return
        done = summarize_all(self.engine, todo, self.settings.concurrency)
        with self._lock:
            for a, rec in zip(todo, done, strict=True):
                self._summaries.setdefault(a.id, rec)

    def _record(self, a: Article) -> dict[str, Any]:
        with self._lock:
            summary = dict(self._summaries.get(a.id) or {})
        rec: dict[str, Any] = {"id": a.id, **a.segment_record(), "paragraphs": list(a.paragraphs)}
        rec.update({"date": a.date, "source": a.source})
        rec.update(summary)
        rec.setdefault("key_figures", [])
        return rec


def _safe_name(name: str) -> str:
    """A file name for an upload: no folders, no odd characters, a page suffix."""
    base = Path(str(name).replace("\\", "/")).name.strip() or "upload.txt"
    base = _UNSAFE.sub("_", base).lstrip(".") or "upload.txt"
    if not base.lower().endswith((".txt", ".text", ".pdf", ".jsonl")):
        base += ".txt"
    return base[:120]


def _free_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    n = 2
    while f"{stem} ({n}).{ext}" in taken:
        n += 1
    return f"{stem} ({n}){dot}{ext}"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)

"""The long-lived service behind the UI: one corpus, its index, its summaries, questions and uploads.

Thread-safe: Gradio calls it from several worker threads. Reads take a snapshot of the (immutable)
corpus and index under a lock; an upload builds the new corpus and index outside the lock and swaps
them in, so questions keep being answered while a page is being added. Uploads take turns (each
extends the corpus the previous one left), and only the uploaded page is tokenised: the index of the
rest of the corpus is kept as it is.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.engines import make_engine
from summarizer.engines.offline import OfflineEngine
from summarizer.errors import InputError, LLMError
from summarizer.qa import ask as qa
from summarizer.qa.corpus import Corpus, load_corpus
from summarizer.qa.index import Index
from summarizer.schemas import Article
from summarizer.segment.pages import decode_page

Progress = Callable[..., None]
_UNSAFE = re.compile(r"[^\w.\-（）() \u3400-\u9fff]+")


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
        """As qa.ask over the whole corpus (or the pages / page#index ids in restrict)."""
        hist = [(str(h[0]), str(h[1])) for h in history if isinstance(h, (list, tuple)) and len(h) >= 2]
        allowed = [restrict] if isinstance(restrict, str) else (list(restrict) if restrict else None)
        try:
            return qa.ask(question, self.index(), self.engine, k=5, restrict=allowed, history=hist)
        except LLMError as e:  # the endpoint is down: still answer, from the offline engine, and say so
            result = qa.ask(question, self.index(), OfflineEngine(), k=5, restrict=allowed, history=hist)
            return result.model_copy(update={"engine": f"offline (llm failed: {e})"})

    # ---- uploads -------------------------------------------------------------------------------

    def add_page(self, name: str, data: bytes, progress: Progress | None = None) -> list[Article]:
        """Segment, summarise and index one uploaded page; the file is kept under state_dir/uploads."""
        report = progress or (lambda *_a, **_k: None)
        safe = _safe_name(name)
        if len(data) > self.settings.max_page_bytes:
            raise InputError(
                f"{safe}: {len(data) / 1e6:.1f} MB is over the page limit of "
                f"{self.settings.max_page_bytes / 1e6:.0f} MB"
            )
        decode_page(data, safe)  # text only: binary, empty and undecodable uploads stop here
        with self._add_lock:
            with self._lock:
                base = self._corpus
                taken = base.pages() | {p.name for p in self.upload_dir.iterdir()}
                page = _free_name(safe, taken)
                target = self.upload_dir / page
                _write_private(target, data)  # reserve the name before leaving the lock
            try:
                report(0, 3, f"{page}: segmenting")
                corpus, articles, errors = base.add_file(page, data, label=page)
                if not articles:
                    raise InputError("; ".join(errors) or f"{page}: no article found")
                total = len(articles)
                for i, a in enumerate(articles, start=1):
                    self._summarize_missing([a])
                    report(1 + i / total, 3, f"{page}: summarised {i}/{total}")
                report(2, 3, f"{page}: indexing")
                index = self.index().extend(corpus)
                with self._lock:
                    self._corpus, self._index = corpus, index
                report(3, 3, f"{page}: {total} articles added")
                return articles
            except BaseException:
                target.unlink(missing_ok=True)
                raise

    # ---- summaries -----------------------------------------------------------------------------

    def _summarize_missing(self, arts: Sequence[Article]) -> None:
        with self._lock:
            todo = [a for a in arts if a.id not in self._summaries]
        if not todo:
            return
        workers = max(1, self.settings.concurrency) if self.engine.concurrent else 1
        if workers == 1 or len(todo) == 1:
            done = [self._summarize(a) for a in todo]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                done = list(pool.map(self._summarize, todo))
        with self._lock:
            for a, rec in zip(todo, done, strict=True):
                self._summaries.setdefault(a.id, rec)

    def _summarize(self, article: Article) -> dict[str, Any]:
        """Summary fields of one article; an LLM failure falls back to the offline summary, and says so."""
        try:
            result = self.engine.summarize(article)
            engine = self.engine.name
        except LLMError as e:
            result = OfflineEngine().summarize(article)
            engine = f"offline (llm failed: {e})"
        rec = result.summary.model_dump()
        rec["engine"] = engine
        return rec

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
    if not base.lower().endswith((".txt", ".text", ".jsonl")):
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

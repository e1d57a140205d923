"""Keyword index over a corpus: BM25 (bm25s) over articles (title boosted) and over their sentences.

Two levels because an answer cites a sentence: the article index finds what a question is about, the
sentence index finds the sentence that says it. Persisted as bm25s' .npy arrays plus JSON (never a
pickle) under <cache_dir>/index/<fingerprint>/, and rebuilt only when the corpus changes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Collection, Sequence
from pathlib import Path

import bm25s
import numpy as np

from .corpus import corpus_digest
from .schemas import Article, Passage
from .text import split_sentences
from .tokens import query_tokens, tokenize

INDEX_VERSION = 1
TITLE_BOOST = 3  # title words count this many times: a headline says what the article is about
SENTENCE_WEIGHT = 0.6  # how much the best sentence adds to an article's score
KEEP_INDEXES = 8  # older index folders beyond this many are removed


def article_sentences(article: Article) -> list[str]:
    """The sentences an answer can quote (the title stands in for an article with no text)."""
    return split_sentences(article.text) or [article.title]


class _Bm25:
    """One bm25s model plus our own vocabulary, so unknown query words are dropped, not an error."""

    def __init__(self, model: bm25s.BM25):
        self.model = model
        self.vocab: dict[str, int] = dict(model.vocab_dict)
        self.n = int(model.scores["num_docs"])

    @classmethod
    def build(cls, docs: list[list[str]]) -> _Bm25:
        docs = [d or [""] for d in docs]
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in d] for d in docs]
        model = bm25s.BM25()
        model.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocab), show_progress=False)
        return cls(model)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        ids = [self.vocab[t] for t in tokens if t in self.vocab]
        if not ids or self.n == 0:
            return np.zeros(self.n, dtype=np.float32)
        return self.model.get_scores_from_ids(ids)

    def save(self, folder: Path) -> None:
        self.model.save(str(folder), allow_pickle=False, show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> _Bm25:
        return cls(bm25s.BM25.load(str(folder), load_corpus=False, allow_pickle=False))


class Index:
    """Search a fixed list of articles; `search()` returns passages with their best sentences."""

    def __init__(self, articles: Sequence[Article], art: _Bm25, sent: _Bm25, sentences: list[list[str]]):
        self.articles = list(articles)
        self.art = art
        self.sent = sent
        self.sentences = sentences
        counts = np.array([len(s) for s in sentences], dtype=np.int64)
        self.sent_start = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(counts) else counts
        self.sent_article = np.repeat(np.arange(len(counts)), counts)
        self.build_seconds = 0.0
        self.loaded_from_disk = False

    # ---- building and persistence -------------------------------------------------------------

    @classmethod
    def build(cls, articles: Sequence[Article]) -> Index:
        t0 = time.perf_counter()
        sentences = [article_sentences(a) for a in articles]
        sent_docs: list[list[str]] = []
        art_docs: list[list[str]] = []
        for a, sents in zip(articles, sentences, strict=True):
            toks = [tokenize(s) for s in sents]
            sent_docs.extend(toks)
            head = tokenize(" ".join(x for x in (a.kicker, a.title, a.subtitle) if x))
            art_docs.append(head * TITLE_BOOST + [t for ts in toks for t in ts])
        index = cls(articles, _Bm25.build(art_docs), _Bm25.build(sent_docs), sentences)
        index.build_seconds = time.perf_counter() - t0
        return index

    def save(self, folder: Path) -> None:
        """Write atomically: a half-written index folder is never picked up."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            self.art.save(tmp / "articles")
            self.sent.save(tmp / "sentences")
            meta = {
                "version": INDEX_VERSION,
                "digest": corpus_digest(self.articles),
                "articles": [a.id for a in self.articles],
                "sentence_counts": [len(s) for s in self.sentences],
            }
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            try:
                os.replace(tmp, folder)
            except OSError:  # another process won the race; its index is as good as ours
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path, articles: Sequence[Article]) -> Index | None:
        """The saved index if it was built from exactly these articles, else None."""
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            if meta.get("version") != INDEX_VERSION or meta.get("digest") != corpus_digest(articles):
                return None
            sentences = [article_sentences(a) for a in articles]
            if meta.get("sentence_counts") != [len(s) for s in sentences]:
                return None
            index = cls(articles, _Bm25.load(folder / "articles"), _Bm25.load(folder / "sentences"), sentences)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        index.loaded_from_disk = True
        return index

    @classmethod
    def open(cls, articles: Sequence[Article], cache_dir: Path | None, fingerprint: str = "") -> Index:
        """Load the persisted index for this corpus, or build (and persist) it."""
        key = fingerprint or corpus_digest(articles)
        key = f"v{INDEX_VERSION}-{key[:40]}"
        if cache_dir is None:
            return cls.build(articles)
        root = Path(cache_dir) / "index"
        folder = root / key
        found = cls.load(folder, articles) if folder.exists() else None
        if found is not None:
            os.utime(folder)
            return found
        index = cls.build(articles)
        try:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            index.save(folder)
            _prune(root, keep=KEEP_INDEXES)
        except OSError:
            pass  # an unwritable cache only costs a rebuild next time
        return index

    # ---- searching ----------------------------------------------------------------------------

    def _mask(self, restrict: Collection[str] | None) -> np.ndarray | None:
        if not restrict:
            return None
        allowed = set(restrict)
        return np.array([a.id in allowed or a.page in allowed for a in self.articles], dtype=bool)

    def search(
        self, query: str, k: int = 5, restrict: Collection[str] | None = None, per_article: int = 3
    ) -> list[Passage]:
        """Top-k articles for query (restricted to article ids / page names if given), best sentences first."""
        if not self.articles or k <= 0:
            return []
        q = list(query_tokens(query))
        art = self.art.scores(q)
        sent = self.sent.scores(q)
        best = np.maximum.reduceat(sent, self.sent_start) if len(sent) else np.zeros_like(art)
        art_norm = art / art.max() if art.max() > 0 else art
        best_norm = best / best.max() if best.max() > 0 else best
        combined = art_norm + SENTENCE_WEIGHT * best_norm
        mask = self._mask(restrict)
        if mask is not None:
            combined = np.where(mask, combined, -1.0)
        k = min(k, len(self.articles))
        top = np.argpartition(-combined, k - 1)[:k]
        top = top[np.lexsort((top, -combined[top]))]
        out: list[Passage] = []
        for i in top:
            if combined[i] <= 0:
                continue
            a = self.articles[int(i)]
            start = int(self.sent_start[i])
            sents = self.sentences[int(i)]
            own = sent[start : start + len(sents)]
            order = [j for j in np.argsort(-own, kind="stable")[:per_article] if own[j] > 0] or [0]
            out.append(
                Passage(
                    page=a.page,
                    article_index=a.index,
                    title=a.title,
                    text=a.text,
                    sentences=[sents[j] for j in order],
                    score=round(float(combined[i]), 4),
                )
            )
        return out


def _prune(root: Path, keep: int) -> None:
    """Keep only the most recently used index folders."""
    dirs = sorted((d for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")), key=lambda d: d.stat().st_mtime)
    for d in dirs[:-keep]:
        shutil.rmtree(d, ignore_errors=True)

"""Keyword index over a corpus: BM25 over articles (title boosted) and over their sentences.

Two levels because an answer cites a sentence: the article level finds what a question is about, the
sentence level finds the sentence that says it. The counts live in per-segment postings
(summarizer.qa.postings), saved next to the corpus's segments and opened memory-mapped; BM25 itself
is computed at query time from the corpus-wide statistics, so an index that grew by a segment
scores exactly like one built at once. The formulas are bm25s' Lucene variant, written out here
(tests check our scores against bm25s itself): importing bm25s loads scipy, 0.8 s of every start.

Search: every article is scored; the RERANK_DEPTH best (all of them when fewer match) are re-ranked
with their best sentence, and the top k come back as passages with their best sentences.
"""

from __future__ import annotations

import math
import shutil
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from summarizer.qa import postings as P
from summarizer.qa.corpus import Corpus, Progress, corpus_from_articles
from summarizer.qa.store import SEGMENT_FILE, STORE_FILE, Segment
from summarizer.schemas import Article, Passage
from summarizer.tokens import query_tokens

SENTENCE_WEIGHT = 0.6  # how much the best sentence adds to an article's score
LONG_POSTINGS = 20_000  # a token in this many articles of a segment is a common word: its weights are
# kept (questions ask about the same common words again and again), and they cost most to compute
WEIGHT_CACHE_POSTINGS = 30_000_000  # at most this many kept weights (120 MB) per index
CANDIDATE_SAMPLE = 16  # candidates are looked for above the best of every 16th article's scores
RERANK_DEPTH = 500  # articles re-ranked by their best sentence: an article whose words match a
# question poorly as a whole rarely holds the one sentence that answers it (over a million articles,
# 250, 500 and 1000 find the same source articles for 600 questions: recall@5 0.997 each)
K1, B = 1.5, 0.75  # bm25s' defaults


def _idf(df: int, n: int) -> float:
    """Lucene's idf (bm25s scoring._score_idf_lucene): never negative, even for a word in every document."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _norm(l_d: np.ndarray, l_avg: float) -> np.ndarray:
    """The length part of Lucene's term-frequency component, per document (float64)."""
    return K1 * ((1 - B) + B * l_d / l_avg)


def _tfc(tf: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """Lucene's term-frequency component (bm25s scoring._score_tfc_lucene: tf / (k1 * (1 - b + b *
    l_d / l_avg) + tf)), in its operation order, so the scores are the same to the last bit."""
    return tf / (norm + tf)


def article_sentences(article: Article) -> list[str]:
    """The sentences an answer can quote (the title stands in for an article with no text)."""
    return P.sentences_of(article.text, article.title)


def _head(a: Article) -> str:
    return " ".join(x for x in (a.kicker, a.title, a.subtitle) if x)


def _item(a: Article) -> P.Item:
    return _head(a), a.text, a.title


@dataclass
class _Seg:
    """One segment of the index: its postings and where its articles start in the corpus."""

    key: str  # the corpus segment id ("" for an index built in memory)
    postings: P.Postings
    base: int
    sent_start: np.ndarray  # first sentence of each article, within the segment
    counts: np.ndarray  # sentences of each article (int64)
    art_norm: np.ndarray | None = None  # BM25's length norm of each article, for this corpus

    @classmethod
    def of(cls, key: str, postings: P.Postings, base: int) -> _Seg:
        counts = np.asarray(postings.counts, dtype=np.int64)
        start = np.zeros(len(counts), dtype=np.int64)
        if len(counts) > 1:
            np.cumsum(counts[:-1], out=start[1:])
        return cls(key, postings, base, start, counts)


class Index:
    """Search a corpus; `search()` returns passages with their best sentences."""

    def __init__(self, articles: Sequence[Article], segments: Sequence[tuple[str, P.Postings]]):
        self.articles = articles
        self._segs: list[_Seg] = []
        base = 0
        for key, postings in segments:
            self._segs.append(_Seg.of(key, postings, base))
            base += postings.n_articles
        if base != len(articles):
            raise ValueError(f"index of {base} articles for a corpus of {len(articles)}")
        self.n_articles = base
        self.n_sentences = sum(s.postings.sent.n_docs for s in self._segs)
        self._art_avg = sum(s.postings.art.total for s in self._segs) / max(self.n_articles, 1)
        self._sent_avg = sum(s.postings.sent.total for s in self._segs) / max(self.n_sentences, 1)
        self._bases = np.array([s.base for s in self._segs], dtype=np.int64)
        for seg in self._segs:  # ~8 bytes an article: the part of every article score that is fixed
            seg.art_norm = _norm(np.asarray(seg.postings.art.lens), self._art_avg)
        self._lookup: dict[str, list[int]] | None = None
        self._weights: OrderedDict[tuple[int, int], np.ndarray] = OrderedDict()  # (segment, start) ->
        self._weights_size = 0  # float32 BM25 weights of a long posting list, least recently used first
        self._weights_lock = threading.Lock()
        self.build_seconds = 0.0
        self.loaded_from_disk = False
        self.analysed_articles = 0  # how many articles this index had to tokenise when it was opened

    # ---- building and persistence -------------------------------------------------------------

    @classmethod
    def build(cls, articles: Sequence[Article]) -> Index:
        """An index held in memory (for a small corpus; `open` keeps a large one on disk)."""
        t0 = time.perf_counter()
        items = [_item(a) for a in articles]
        postings = next(P.build_many([(P.item_tasks(items), len(items))]))
        index = cls(articles, [("", postings)])
        index.build_seconds = time.perf_counter() - t0
        index.analysed_articles = len(items)
        return index

    @classmethod
    def open(
        cls,
        articles: Sequence[Article],
        cache_dir: str | Path | None,
        fingerprint: str = "",
        progress: Progress | None = None,
    ) -> Index:
        """The index of a corpus: loaded memory-mapped where its segments have postings, built (and
        saved next to them) where they have not. A list of articles is first kept as a corpus under
        cache_dir (found again by fingerprint); without cache_dir it is indexed in memory."""
        if not isinstance(articles, Corpus):
            if cache_dir is None:
                return cls.build(articles)
            articles = corpus_from_articles(articles, cache_dir, fingerprint)
        elif cache_dir is not None:
            articles = articles.kept_in(cache_dir)
        return cls._for_corpus(articles, {}, progress)

    def extend(self, corpus: Sequence[Article], progress: Progress | None = None) -> Index:
        """The index of `corpus`, which holds this index's articles followed by new ones (an upload):
        only what is new is tokenised; the result scores exactly like a full rebuild."""
        if isinstance(corpus, Corpus) and isinstance(self.articles, Corpus):
            known = {s.key: s.postings for s in self._segs if s.key}
            return self._for_corpus(corpus, known, progress)
        n = self.n_articles
        if len(corpus) < n or list(corpus[:n]) != list(self.articles[:n]):
            raise ValueError("extend() takes the indexed articles followed by the new ones")
        t0 = time.perf_counter()
        items = [_item(a) for a in corpus[n:]]
        parts = [(s.key, s.postings) for s in self._segs]
        if items:
            parts.append(("", next(P.build_many([(P.item_tasks(items), len(items))]))))
        index = Index(corpus, parts)
        index.build_seconds = time.perf_counter() - t0
        index.analysed_articles = len(items)
        return index

    @classmethod
    def _for_corpus(cls, corpus: Corpus, known: dict[str, P.Postings], progress: Progress | None) -> Index:
        t0 = time.perf_counter()
        found: dict[str, P.Postings] = dict(known)
        missing = []
        for seg in corpus.segments:
            if seg.id in known:
                found[seg.id] = known[seg.id]
                continue
            folder = P.postings_dir(seg.folder)
            if folder.exists():
                try:
                    found[seg.id] = P.load(folder, len(seg))
                    continue
                except P.PostingsError as e:
                    _warn(f"index file {e}; rebuilding it")
                    shutil.rmtree(folder, ignore_errors=True)
            missing.append(seg)
        # what must be tokenised: segments without postings, and the sources of a merged segment
        # that had none (a merge of small segments reuses the postings its sources already have)
        builds: list[tuple[str, Path, int]] = []
        merges: list[tuple[Segment, list[str]]] = []
        for seg in missing:
            sources = [seg.folder.parent / m for m in seg.info.merged_from]
            if sources and all((s / STORE_FILE).is_file() for s in sources):
                for m, source in zip(seg.info.merged_from, sources, strict=True):
                    if m not in found and all(b[0] != m for b in builds):
                        builds.append((m, source, _segment_size(source)))
                merges.append((seg, seg.info.merged_from))
            else:
                builds.append((seg.id, seg.folder, len(seg)))
        analysed = sum(n for _, _, n in builds)
        if builds and progress is not None:
            progress(f"indexing {analysed} articles")
        report = None
        if progress is not None:

            def report(done: int) -> None:
                if done % (10 * P.CHUNK_ARTICLES) == 0:
                    progress(f"indexed {done}/{analysed} articles")

        jobs = [(P.store_tasks(folder, n), n) for _, folder, n in builds]
        listed = {seg.id: seg for seg in corpus.segments}
        for (key, folder, _), postings in zip(builds, P.build_many(jobs, report), strict=True):
            found[key] = _saved(postings, folder) if key in listed else postings
        for seg, parts in merges:
            found[seg.id] = _saved(P.merge_postings([found[m] for m in parts]), seg.folder)
        index = cls(corpus, [(seg.id, found[seg.id]) for seg in corpus.segments])
        P.read_ahead([found[seg.id] for seg in corpus.segments])
        index.loaded_from_disk = not missing
        index.analysed_articles = analysed
        index.build_seconds = time.perf_counter() - t0
        return index

    # ---- searching ----------------------------------------------------------------------------

    def _positions(self, restrict: Collection[str]) -> np.ndarray:
        if isinstance(self.articles, Corpus):
            return self.articles.positions(restrict)
        if self._lookup is None:
            lookup: dict[str, list[int]] = {}
            for i, a in enumerate(self.articles):
                lookup.setdefault(a.page, []).append(i)
                lookup.setdefault(a.id, []).append(i)
            self._lookup = lookup
        return np.array(sorted({i for r in restrict for i in self._lookup.get(str(r), [])}), dtype=np.int64)

    def _article_scores(self, hashes: np.ndarray) -> np.ndarray:
        """BM25 of every article, summed over the query tokens in order (duplicates count twice)."""
        scores = np.zeros(self.n_articles, dtype=np.float32)
        ranges = [s.postings.art.postings(hashes) for s in self._segs]
        for j in range(len(hashes)):
            df = sum(int(e[j] - s[j]) for s, e in ranges)
            if not df:
                continue
            idf = np.float32(_idf(df, self.n_articles))
            for s_idx, (seg, (starts, ends)) in enumerate(zip(self._segs, ranges, strict=True)):
                lo, hi = int(starts[j]), int(ends[j])
                if hi <= lo:
                    continue
                docs = seg.postings.art.docs[lo:hi]
                view = scores[seg.base : seg.base + seg.postings.art.n_docs]
                np.add.at(view, docs, self._art_weights(s_idx, lo, hi, idf))  # 2x faster than +=
        return scores

    def _art_weights(self, s_idx: int, lo: int, hi: int, idf: np.float32) -> np.ndarray:
        """float32 BM25 weights of postings lo..hi of a segment's article level (idf times the
        term-frequency component), kept for long lists: they depend only on this index's statistics."""
        key = (s_idx, lo)
        if hi - lo >= LONG_POSTINGS:
            with self._weights_lock:
                kept = self._weights.get(key)
                if kept is not None:
                    self._weights.move_to_end(key)
                    return kept
        seg = self._segs[s_idx]
        level = seg.postings.art
        assert seg.art_norm is not None
        weights = (idf * _tfc(level.tf[lo:hi].astype(np.float32), seg.art_norm[level.docs[lo:hi]])).astype(
            np.float32
        )
        if hi - lo >= LONG_POSTINGS:
            with self._weights_lock:
                self._weights[key] = weights
                self._weights_size += len(weights)
                while self._weights_size > WEIGHT_CACHE_POSTINGS and len(self._weights) > 1:
                    _, old = self._weights.popitem(last=False)
                    self._weights_size -= len(old)
        return weights

    def _sentence_scores(self, hashes: np.ndarray, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """BM25 of every sentence of the candidate articles (sorted positions): the scores, and where
        each candidate's sentences start in them."""
        bounds = np.searchsorted(cand, [*self._bases.tolist(), self.n_articles])
        groups = []  # (segment number, its candidates' slice of cand)
        counts = np.zeros(len(cand), dtype=np.int64)
        starts_of = np.zeros(len(cand), dtype=np.int64)
        for s_idx, seg in enumerate(self._segs):
            lo, hi = int(bounds[s_idx]), int(bounds[s_idx + 1])
            if hi > lo:
                local = cand[lo:hi] - seg.base
                counts[lo:hi] = seg.counts[local]
                starts_of[lo:hi] = seg.sent_start[local]
                groups.append((s_idx, slice(lo, hi)))
        offsets = np.zeros(len(cand) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        scores = np.zeros(int(offsets[-1]), dtype=np.float32)
        ranges = [self._segs[s_idx].postings.sent.postings(hashes) for s_idx, _ in groups]
        all_ranges = (
            [s.postings.sent.postings(hashes) for s in self._segs]
            if len(groups) < len(self._segs)
            else ranges
        )
        for j in range(len(hashes)):
            df = sum(int(e[j] - s[j]) for s, e in all_ranges)
            if not df:
                continue
            idf = np.float32(_idf(df, self.n_sentences))
            for (s_idx, part), (starts, ends) in zip(groups, ranges, strict=True):
                lo, hi = int(starts[j]), int(ends[j])
                if hi <= lo:
                    continue
                level = self._segs[s_idx].postings.sent
                s0, c = starts_of[part], counts[part]
                plist = level.docs[lo:hi]
                a = np.searchsorted(plist, s0)
                n = np.searchsorted(plist, s0 + c) - a
                total = int(n.sum())
                if not total:
                    continue
                idx = np.repeat(a - (np.cumsum(n) - n), n) + np.arange(total)
                sdocs = plist[idx]
                tfc = _tfc(level.tf[lo + idx].astype(np.float32), _norm(level.lens[sdocs], self._sent_avg))
                pos = sdocs - np.repeat(s0 - offsets[:-1][part], n)
                np.add.at(scores, pos, (idf * tfc).astype(np.float32))
        return scores, offsets

    def _candidates(self, art: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        """The RERANK_DEPTH best-scoring articles (and as many of the allowed ones), sorted."""
        picks = [_top(art, RERANK_DEPTH)]
        if mask is not None and len(picks[0]) == RERANK_DEPTH:
            allowed = np.flatnonzero(mask)
            picks.append(allowed[_top(art[allowed], RERANK_DEPTH)])
        return np.unique(np.concatenate(picks)) if len(picks) > 1 else np.sort(picks[0])

    def search(
        self, query: str, k: int = 5, restrict: Collection[str] | None = None, per_article: int = 3
    ) -> list[Passage]:
        """Top-k articles for query (restricted to article ids / page names if given), best sentences first."""
        if not self.n_articles or k <= 0:
            return []
        hashes = np.array([P.token_hash(t) for t in query_tokens(query)], dtype=np.uint64)
        art = self._article_scores(hashes)
        amax = art.max()
        if amax <= 0:
            return []
        mask = None
        if restrict:
            mask = np.zeros(self.n_articles, dtype=bool)
            mask[self._positions(restrict)] = True
        cand = self._candidates(art, mask)
        sent, offsets = self._sentence_scores(hashes, cand)
        best = np.maximum.reduceat(sent, offsets[:-1]) if len(sent) else np.zeros(len(cand), np.float32)
        bmax = best.max() if len(best) else np.float32(0)
        art_norm = art[cand] / amax
        best_norm = best / bmax if bmax > 0 else best
        combined = art_norm + SENTENCE_WEIGHT * best_norm
        if mask is not None:
            combined = np.where(mask[cand], combined, -1.0)
        order = [int(i) for i in np.lexsort((cand, -combined))[:k] if combined[i] > 0]
        if not order:
            return []
        positions = [int(cand[i]) for i in order]
        if isinstance(self.articles, Corpus):
            found = self.articles.get_many(positions)
        else:
            found = [self.articles[p] for p in positions]
        out: list[Passage] = []
        for i, a in zip(order, found, strict=True):
            sents = article_sentences(a)
            own = sent[offsets[i] : offsets[i + 1]][: len(sents)]
            picked = [j for j in np.argsort(-own, kind="stable")[:per_article] if own[j] > 0] or [0]
            out.append(
                Passage(
                    page=a.page,
                    article_index=a.index,
                    title=a.title,
                    text=a.text,
                    sentences=[sents[j] for j in picked],
                    score=round(float(combined[i]), 4),
                    date=a.date,
                    byline=a.byline,
                )
            )
        return out


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest positive scores (all positive ones when fewer), in no order.

    Exact and several times faster than one argpartition over the hits of a common word: the k-th
    best of every CANDIDATE_SAMPLE-th hit is a lower bound of the k-th best of all (those k are among
    all), so only the few scores above it are partitioned. Zeros are left out first: numpy's
    partition slows down badly on many equal values."""
    hit = np.flatnonzero(scores > 0)
    if len(hit) <= k:
        return hit
    values = scores[hit]
    if len(hit) >= CANDIDATE_SAMPLE * k * 4:
        floor = np.partition(values[::CANDIDATE_SAMPLE], -k)[-k]
        keep = values >= floor
        hit, values = hit[keep], values[keep]
    return hit[np.argpartition(-values, k - 1)[:k]]


def _saved(postings: P.Postings, segment_folder: Path) -> P.Postings:
    """Save a segment's postings and open them again memory-mapped (so the built arrays are freed);
    kept in memory when the folder cannot be written."""
    target = P.postings_dir(segment_folder)
    try:
        P.save(postings, target)
        return P.load(target, postings.n_articles)
    except (OSError, P.PostingsError):
        return postings


def _segment_size(folder: Path) -> int:
    """How many articles a segment folder holds (a merged segment's source, read from its own file)."""
    import json

    try:
        return int(json.loads((folder / SEGMENT_FILE).read_text(encoding="utf-8"))["articles"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _warn(msg: str) -> None:
    print(f"summarizer: warning: {msg}", file=sys.stderr)

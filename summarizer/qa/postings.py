"""Postings: what BM25 needs to know of a segment's articles, as compact numpy arrays.

Two levels per segment, because an answer cites a sentence: articles (the title counted TITLE_BOOST
times, then every sentence) and sentences. Each level is a term-major (CSC) matrix of counts: the
sorted 64-bit hashes of the distinct tokens (`terms`), where each token's documents start (`indptr`),
the documents in ascending order (`docs`, int32 positions inside the segment) and how often the token
occurs there (`tf`), plus every document's length (`lens`). No Python object per token survives the
analysis of a chunk, and no vocabulary dictionary is kept: a token is found by its hash with a
binary search, so a saved segment opens memory-mapped, in milliseconds, whatever its size.

BM25 weights are not stored: idf and the length norm depend on the whole corpus (how many documents,
their average length, how many hold each token), so the index computes them at query time from these
counts. That is what lets a segment be added without touching the others and still score exactly as
a full rebuild would.

Tokens are hashed with BLAKE2b-64; two distinct tokens sharing a hash (about one pair in a corpus of
six million distinct tokens) would share their postings, which only adds a little score to a rare word.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import json
import mmap
import multiprocessing as mp
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.text import split_sentences
from summarizer.tokens import TOKENIZER, tokenize_ids

POSTINGS_VERSION = 1
TITLE_BOOST = 3  # title words count this many times: a headline says what the article is about
CHUNK_ARTICLES = 2000  # articles analysed per task: ~1 s of tokenising, ~30 MB in flight
HASH_CACHE_LIMIT = 1_000_000  # token hashes remembered per process (the vocabulary's head repeats)
PARALLEL_MIN_ARTICLES = 2000  # below this, starting worker processes costs more than it saves
_LEVELS = ("art", "sent")
_ARRAYS = ("terms", "indptr", "docs", "tf", "lens")
_DTYPES = {"terms": np.uint64, "indptr": np.int64, "docs": np.int32, "lens": np.int32}

Item = tuple[str, str, str]  # (head: kicker + title + subtitle, text, title)


class PostingsError(Exception):
    """A postings folder that is not what we write: missing, truncated, another version, foreign."""


@lru_cache(maxsize=1)
def analysis_version() -> str:
    """What the postings are computed from: the functions of this module that count tokens, and the
    tokeniser and normalisation they use (whole modules), the tokeniser library and its version, the
    saved format. Any change means a rebuild; the rest of this module (merging, saving, scheduling
    workers) can change without one."""
    h = hashlib.sha256(f"postings-v{POSTINGS_VERSION}\0{TOKENIZER}\0".encode())
    for lib in ("rjieba", "jieba"):
        try:
            h.update(f"{lib}={importlib.metadata.version(lib)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{lib}=none\0".encode())
    import summarizer.lexicon
    import summarizer.text
    import summarizer.tokens

    h.update(f"title-boost={TITLE_BOOST}\0".encode())
    for fn in (sentences_of, token_hash, _level, _hashes_of, analyse, item_of_json):
        h.update(inspect.getsource(fn).encode())
    for module in (summarizer.tokens, summarizer.text, summarizer.lexicon):
        h.update(Path(inspect.getfile(module)).read_bytes())
    return h.hexdigest()[:16]


def sentences_of(text: str, title: str) -> list[str]:
    """The sentences an answer can quote (the title stands in for an article with no text)."""
    return split_sentences(text) or [title]


_hashes: dict[str, int] = {}


def token_hash(token: str) -> int:
    """The 64-bit key a token is stored and looked up under (stable across processes and runs)."""
    h = _hashes.get(token)
    if h is None:
        if len(_hashes) >= HASH_CACHE_LIMIT:
            _hashes.clear()
        h = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
        _hashes[token] = h
    return h


@dataclass
class Level:
    """One level's counts for a run of documents (positions 0..n-1)."""

    terms: np.ndarray  # uint64, sorted, distinct
    indptr: np.ndarray  # int64, len(terms) + 1
    docs: np.ndarray  # int32, ascending within each term
    tf: np.ndarray  # uint16 or uint32
    lens: np.ndarray  # int32 per document (an empty document counts 1, as bm25s counts it)
    total: int = -1  # sum of lens (kept in meta.json, so opening a level reads none of its arrays)

    def __post_init__(self) -> None:
        if self.total < 0:
            self.total = int(np.asarray(self.lens, dtype=np.int64).sum())

    @property
    def n_docs(self) -> int:
        return len(self.lens)

    def postings(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each query hash, the [start, end) of its postings (start == end when absent)."""
        if not len(self.terms):
            zero = np.zeros(len(hashes), dtype=np.int64)
            return zero, zero
        pos = np.searchsorted(self.terms, hashes)
        pos = np.minimum(pos, len(self.terms) - 1)
        found = self.terms[pos] == hashes
        start = np.where(found, self.indptr[pos], 0)
        end = np.where(found, self.indptr[pos + 1], 0)
        return start.astype(np.int64), end.astype(np.int64)


def _level(keys: np.ndarray, terms: np.ndarray, lens: np.ndarray) -> Level:
    """Counts from one (term rank * n_docs + doc) key per token occurrence: one sort, run lengths."""
    n = max(len(lens), 1)
    keys = np.sort(keys)
    if len(keys):
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        tf = np.diff(np.append(starts, len(keys)))
        keys = keys[starts]
    else:
        tf = np.zeros(0, dtype=np.int64)
    term_of, doc_of = np.divmod(keys, n)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(np.bincount(term_of, minlength=len(terms)), out=indptr[1:])
    tf_dtype = np.uint16 if not len(tf) or tf.max() < 2**16 else np.uint32
    return Level(terms, indptr, doc_of.astype(np.int32), tf.astype(tf_dtype), lens.astype(np.int32))


def merge_levels(parts: Sequence[Level]) -> Level:
    """Levels of consecutive document runs as one (documents renumbered in order), in O(postings)."""
    if len(parts) == 1:
        return parts[0]
    terms = np.unique(np.concatenate([p.terms for p in parts])) if parts else np.zeros(0, np.uint64)
    where = [np.searchsorted(terms, p.terms) for p in parts]
    counts = np.zeros(len(terms), dtype=np.int64)
    for p, w in zip(parts, where, strict=True):
        counts[w] += np.diff(p.indptr)
    indptr = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    nnz = int(indptr[-1])
    tf_dtype = np.uint32 if any(p.tf.dtype == np.uint32 for p in parts) else np.uint16
    docs = np.empty(nnz, dtype=np.int32)
    tf = np.empty(nnz, dtype=tf_dtype)
    fill = indptr[:-1].copy()
    offset = 0
    for p, w in zip(parts, where, strict=True):
        cnt = np.diff(p.indptr)
        dest = np.arange(len(p.docs), dtype=np.int64) + np.repeat(fill[w] - p.indptr[:-1], cnt)
        docs[dest] = np.asarray(p.docs) + offset
        tf[dest] = p.tf
        fill[w] += cnt
        offset += p.n_docs
    lens = np.concatenate([p.lens for p in parts]) if parts else np.zeros(0, np.int32)
    return Level(terms, indptr, docs, tf, lens.astype(np.int32))


@dataclass
class Postings:
    """Both levels of a run of articles, and how many sentences each article has."""

    art: Level
    sent: Level
    counts: np.ndarray  # int32 sentences per article, in order

    @property
    def n_articles(self) -> int:
        return len(self.counts)


def empty_postings() -> Postings:
    return merge_postings([analyse([])])


def merge_postings(parts: Sequence[Postings]) -> Postings:
    return Postings(
        art=merge_levels([p.art for p in parts]),
        sent=merge_levels([p.sent for p in parts]),
        counts=np.concatenate([p.counts for p in parts]).astype(np.int32),
    )


def item_of_json(rec: str) -> Item:
    """(head, text, title) of an article as the store keeps it (JSON), without building the model."""
    a = json.loads(rec)
    head = " ".join(x for x in (a.get("kicker"), a.get("title"), a.get("subtitle")) if x)
    return head, "\n".join(a.get("paragraphs") or []), a.get("title") or ""


_id_hashes = np.zeros(0, dtype=np.uint64)  # hash of each tokenize_ids id (0: not computed yet)
_id_table: list[str] | None = None  # the id table those hashes belong to


def _hashes_of(ids: np.ndarray, words: list[str]) -> np.ndarray:
    """token_hash of each id (ids sorted, distinct), remembered per id while the id table lasts."""
    global _id_hashes, _id_table
    if _id_table is not words:
        _id_hashes, _id_table = np.zeros(0, dtype=np.uint64), words
    if len(_id_hashes) < len(words):
        _id_hashes = np.concatenate([_id_hashes, np.zeros(len(words) - len(_id_hashes), dtype=np.uint64)])
    todo = ids[_id_hashes[ids] == 0]
    if len(todo):
        _id_hashes[todo] = np.fromiter((token_hash(words[i]) for i in todo.tolist()), np.uint64, len(todo))
    return _id_hashes[ids]


def analyse(items: Sequence[Item]) -> Postings:
    """Split items into sentences, tokenise them in one jieba call, count.

    Article documents are the head's tokens TITLE_BOOST times, then every sentence's tokens. Tokens
    arrive as ids (tokenize_ids), each distinct one is hashed once, and every occurrence becomes one
    int64 key of a sort: no Python object per token outlives the jieba call."""
    texts: list[str] = []
    counts = np.zeros(len(items), dtype=np.int64)
    for i, (head, text, title) in enumerate(items):
        sents = sentences_of(text, title)
        texts.append(head)
        texts.extend(sents)
        counts[i] = len(sents)
    tok = tokenize_ids(texts)
    n_art = len(items)
    is_head = np.zeros(len(texts), dtype=bool)
    if n_art:
        is_head[np.concatenate(([0], np.cumsum(counts[:-1] + 1)))] = True
    token_text = np.repeat(np.arange(len(texts), dtype=np.int64), tok.lengths)
    token_is_head = is_head[token_text]
    seen = np.zeros(len(tok.words), dtype=bool)
    seen[tok.ids] = True
    present = np.flatnonzero(seen)  # the distinct ids, sorted (np.unique is a slow hash here)
    hashes = _hashes_of(present, tok.words)
    terms, rank_of_present = np.unique(hashes, return_inverse=True)  # vocabulary-sized: small
    rank = np.zeros(len(tok.words), dtype=np.int64)
    rank[present] = rank_of_present
    ranks = rank[tok.ids]
    # sentence level: one document per sentence
    text_sentence = np.cumsum(~is_head) - 1  # which sentence each text is (heads: ignored)
    sent_lens = tok.lengths[~is_head]
    n_sent = len(sent_lens)
    sent_keys = ranks[~token_is_head] * max(n_sent, 1) + text_sentence[token_text[~token_is_head]]
    sent_level = _level(sent_keys, terms, np.maximum(sent_lens, 1))
    # article level: the head TITLE_BOOST times, then the body
    text_article = np.cumsum(is_head) - 1
    token_article = text_article[token_text]
    keys = ranks * max(n_art, 1) + token_article
    head_keys = keys[token_is_head]
    art_keys = np.concatenate([*([head_keys] * TITLE_BOOST), keys[~token_is_head]])
    head_lens = tok.lengths[is_head]
    body_lens = np.bincount(text_article[~is_head], weights=sent_lens, minlength=n_art).astype(np.int64)
    art_lens = np.maximum(TITLE_BOOST * head_lens + body_lens, 1)
    return Postings(_level(art_keys, terms, art_lens), sent_level, counts.astype(np.int32))


# ---- tasks: what a worker analyses -------------------------------------------------------------

Task = tuple[list[Item], tuple[str, int, int] | None]  # articles, or (segment folder, lo, hi) to read


def _run_task(task: Task) -> Postings:
    items, where = task
    if where is None:
        return analyse(items)
    from summarizer.qa.store import Segment, SegmentInfo

    folder, lo, hi = where
    seg = Segment(Path(folder), SegmentInfo(id="", articles=hi, digest=""))
    try:
        return analyse([item_of_json(rec) for rec in seg.iter_json(lo, hi)])
    finally:
        seg.close()


def _workers(n_articles: int) -> int:
    """How many worker processes: only forked from a single-threaded process (the CLI, a bench) and
    only onto idle cores; a threaded server, or a machine already busy, analyses in-process."""
    if n_articles < PARALLEL_MIN_ARTICLES:
        return 0
    cores = os.cpu_count() or 1
    idle = cores - os.getloadavg()[0]  # on a busy machine the extra processes only add copying
    workers = min(int(idle) + 1, cores, 8)
    if workers < 2 or threading.active_count() > 1 or "fork" not in mp.get_all_start_methods():
        return 0
    return workers


def run_tasks(tasks: Iterable[Task], n_articles: int) -> Iterator[Postings]:
    """Analyse tasks in order, on worker processes when it pays, never more than a few in flight."""
    workers = _workers(n_articles)
    if not workers:
        for t in tasks:
            yield _run_task(t)
        return
    window = 2 * workers
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
        pending: list[Future[Postings]] = []
        for t in tasks:
            pending.append(pool.submit(_run_task, t))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for f in pending:
            yield f.result()


def store_tasks(folder: Path, n_articles: int) -> list[Task]:
    return [
        ([], (str(folder), lo, min(n_articles, lo + CHUNK_ARTICLES)))
        for lo in range(0, n_articles, CHUNK_ARTICLES)
    ]


def item_tasks(items: Sequence[Item]) -> list[Task]:
    return [(list(items[lo : lo + CHUNK_ARTICLES]), None) for lo in range(0, len(items), CHUNK_ARTICLES)]


# ---- persistence ---------------------------------------------------------------------------------


def postings_dir(segment_folder: Path) -> Path:
    return segment_folder / f"postings-{analysis_version()}"


def save(postings: Postings, target: Path) -> None:
    """Write atomically (a temporary folder renamed into place): a half-written folder is never read.
    When another process won the race the folder it wrote is kept and ours is dropped."""
    tmp = target.parent / f".tmp-{target.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(mode=0o700)
    try:
        meta: dict[str, object] = {
            "version": POSTINGS_VERSION,
            "analysis": analysis_version(),
            "articles": postings.n_articles,
        }
        for name, level in (("art", postings.art), ("sent", postings.sent)):
            for arr in _ARRAYS:
                value = getattr(level, arr)
                np.save(tmp / f"{name}.{arr}.npy", np.ascontiguousarray(value), allow_pickle=False)
                meta[f"{name}.{arr}"] = [str(value.dtype), len(value)]
            meta[f"{name}.total"] = level.total
        np.save(tmp / "counts.npy", postings.counts, allow_pickle=False)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.replace(tmp, target)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _array(folder: Path, name: str, meta: dict[str, object], dtypes: Sequence[type]) -> np.ndarray:
    path = folder / f"{name}.npy"
    try:
        mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError, EOFError) as e:
        raise PostingsError(f"{path}: unreadable ({e})") from e
    arr = mapped.view(np.ndarray) if isinstance(mapped, np.memmap) else mapped  # same pages, no
    # memmap subclass: slicing a plain array costs a query ~1 µs less each time
    want = meta.get(name)
    if (
        arr.ndim != 1
        or arr.dtype not in [np.dtype(d) for d in dtypes]
        or not isinstance(want, list)
        or [str(arr.dtype), len(arr)] != want
    ):
        raise PostingsError(f"{path}: not the array its meta.json describes")
    return arr


def load(folder: Path, n_articles: int) -> Postings:
    """The saved postings, memory-mapped, after checks that cost no pass over the data."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise PostingsError(f"{folder / 'meta.json'}: unreadable ({e})") from e
    if not isinstance(meta, dict) or (meta.get("version"), meta.get("analysis")) != (
        POSTINGS_VERSION,
        analysis_version(),
    ):
        raise PostingsError(f"{folder / 'meta.json'}: another version of the index")
    if meta.get("articles") != n_articles:
        raise PostingsError(
            f"{folder / 'meta.json'}: built for {meta.get('articles')} articles, not {n_articles}"
        )
    levels = []
    for name in _LEVELS:
        arrays = {
            arr: _array(
                folder,
                f"{name}.{arr}",
                meta,
                [_DTYPES.get(arr, np.uint16)] if arr != "tf" else [np.uint16, np.uint32],
            )
            for arr in _ARRAYS
        }
        total = meta.get(f"{name}.total")
        if not isinstance(total, int) or total < 0:
            raise PostingsError(f"{folder / 'meta.json'}: no length total for {name}")
        level = Level(**arrays, total=total)
        if len(level.indptr) != len(level.terms) + 1 or len(level.docs) != len(level.tf):
            raise PostingsError(f"{folder}/{name}.*: arrays of inconsistent sizes")
        if int(level.indptr[0]) != 0 or int(level.indptr[-1]) != len(level.docs):
            raise PostingsError(f"{folder}/{name}.indptr.npy: does not span its postings")
        levels.append(level)
    counts_path = folder / "counts.npy"
    try:
        counts = np.load(counts_path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as e:
        raise PostingsError(f"{counts_path}: unreadable ({e})") from e
    art, sent = levels
    if counts.dtype != np.int32 or len(counts) != n_articles or art.n_docs != n_articles:
        raise PostingsError(f"{counts_path}: not one count per article")
    if int(counts.sum()) != sent.n_docs or (len(counts) and int(counts.min()) < 1):
        raise PostingsError(f"{counts_path}: sentence counts do not add up to the sentence level")
    return Postings(art, sent, counts)


READ_AHEAD_SHARE = 0.5  # postings are read ahead when they take at most this share of free memory


def _available_bytes() -> int:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _mapping(arr: np.ndarray) -> mmap.mmap | None:
    base: Any = arr
    while base is not None and not isinstance(base, np.memmap):
        base = base.base
    m = getattr(base, "_mmap", None)
    return m if isinstance(m, mmap.mmap) else None


def read_ahead(parts: Sequence[Postings]) -> bool:
    """Ask the kernel to read memory-mapped postings into the page cache, in the background.

    A query touches a few posting lists, but on a cold cache each of its binary searches is a disk
    seek: the first questions after a start would wait on the disk, not on the CPU. Done only when the
    postings fit in half the free memory (else the kernel would evict what queries need)."""
    maps = [
        m
        for p in parts
        for level in (p.art, p.sent)
        for arr in (level.terms, level.indptr, level.docs, level.tf, level.lens)
        if (m := _mapping(arr)) is not None
    ]
    size = sum(len(m) for m in maps)
    if not maps or size > READ_AHEAD_SHARE * _available_bytes() or not hasattr(mmap, "MADV_WILLNEED"):
        return False

    def advise() -> None:
        for m in maps:
            try:
                m.madvise(mmap.MADV_WILLNEED)
            except (OSError, ValueError):
                return

    threading.Thread(target=advise, name="postings-read-ahead", daemon=True).start()
    return True


def build_many(
    jobs: Sequence[tuple[Sequence[Task], int]], progress: Callable[[int], None] | None = None
) -> Iterator[Postings]:
    """Postings of several runs of articles (each a list of tasks and its article count), in order,
    through one pool: the parts of one run are merged as soon as its last task is in."""
    total = sum(n for _, n in jobs)
    flat = (t for tasks, _ in jobs for t in tasks)
    results = run_tasks(flat, total)
    done = 0
    for tasks, _n in jobs:
        parts = []
        for _ in tasks:
            part = next(results)
            parts.append(part)
            done += part.n_articles
            if progress is not None:
                progress(done)
        yield merge_postings(parts) if parts else empty_postings()
        del parts

"""Articles kept on disk: one SQLite file per segment of a corpus, read back by position or by id.

A corpus of a million articles does not fit in memory as Python objects (about 2.5 KB each), so a
corpus is a list of segments, each an immutable folder holding `articles.sqlite` (the articles in
corpus order, as JSON, with their page and index for lookups) and `segment.json` (how many, and a
digest of what the index is built from). Segments are written once, under a temporary name that is
renamed into place when complete, and never changed again: they are opened read-only and immutable,
so any number of threads and processes read them without locks.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.schemas import Article

STORE_VERSION = 1
STORE_FILE = "articles.sqlite"
SEGMENT_FILE = "segment.json"
INSERT_BATCH = 2000  # rows per executemany: large enough to amortise, small enough to stream
READ_BATCH = 1000  # rows fetched per query when iterating a segment

_SCHEMA = """
CREATE TABLE articles (doc INTEGER PRIMARY KEY, page TEXT NOT NULL, idx INTEGER NOT NULL, article TEXT NOT NULL);
"""


class StoreError(Exception):
    """A segment folder that cannot be read as what we wrote (missing, truncated, foreign)."""


def article_digest_part(a: Article) -> bytes:
    """What an index is built from, for digests: page, index, title, kicker, subtitle, text."""
    return json.dumps([a.page, a.index, a.title, a.kicker, a.subtitle, a.text], ensure_ascii=False).encode()


@dataclass
class SegmentInfo:
    """A segment as a corpus manifest lists it."""

    id: str
    articles: int
    digest: str
    files_end: int | None = None  # files fully covered once this segment is read, when it ends on one
    merged_from: list[str] = field(default_factory=list)

    def record(self) -> dict[str, object]:
        return {
            "id": self.id,
            "articles": self.articles,
            "digest": self.digest,
            "files_end": self.files_end,
            "merged_from": self.merged_from,
        }

    @classmethod
    def from_record(cls, rec: dict[str, object]) -> SegmentInfo:
        files_end = rec.get("files_end")
        merged = rec.get("merged_from") or []
        if not isinstance(rec.get("id"), str) or not isinstance(rec.get("articles"), int):
            raise StoreError("segment entry without id or article count")
        return cls(
            id=str(rec["id"]),
            articles=int(rec["articles"]),  # type: ignore[call-overload]
            digest=str(rec.get("digest", "")),
            files_end=int(files_end) if isinstance(files_end, int) else None,
            merged_from=[str(m) for m in merged] if isinstance(merged, list) else [],
        )


class Segment:
    """One immutable segment: its articles by position (0-based within the segment) and lookups."""

    def __init__(self, folder: Path, info: SegmentInfo):
        self.folder = folder
        self.info = info
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._pages: frozenset[str] | None = None

    def __len__(self) -> int:
        return self.info.articles

    @property
    def id(self) -> str:
        return self.info.id

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            path = self.folder / STORE_FILE
            if not path.is_file():
                raise StoreError(f"{path}: missing")
            uri = f"file:{path.as_posix()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return self._conn

    def _query(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db().execute(sql, tuple(args)).fetchall()
            except sqlite3.DatabaseError as e:
                raise StoreError(f"{self.folder / STORE_FILE}: {e}") from e

    def check(self) -> None:
        """Cheap integrity check, whatever the size: the file opens as our schema and its positions
        run 0..n-1 for the n articles its manifest says. Two statements: SQLite answers a lone min()
        or max() of the key from the ends of its b-tree, but scans the table for both at once."""
        lo = self._query("SELECT min(doc) FROM articles")[0][0]
        hi = self._query("SELECT max(doc) FROM articles")[0][0]
        n = self.info.articles
        if (lo, hi) != ((0, n - 1) if n else (None, None)):
            raise StoreError(
                f"{self.folder / STORE_FILE}: holds positions {lo}..{hi}, not the {n} articles of its manifest"
            )

    def get(self, doc: int) -> Article:
        rows = self._query("SELECT article FROM articles WHERE doc = ?", (int(doc),))
        if not rows:
            raise IndexError(doc)
        return Article.model_validate_json(rows[0][0])

    def get_many(self, docs: Sequence[int]) -> dict[int, Article]:
        out: dict[int, Article] = {}
        wanted = sorted({int(d) for d in docs})
        for lo in range(0, len(wanted), 500):
            part = wanted[lo : lo + 500]
            marks = ",".join("?" * len(part))
            for doc, rec in self._query(f"SELECT doc, article FROM articles WHERE doc IN ({marks})", part):
                out[int(doc)] = Article.model_validate_json(rec)
        return out

    def iter_json(self, lo: int = 0, hi: int | None = None) -> Iterator[str]:
        """The stored JSON of articles lo..hi in order (the index reads these without building models)."""
        end = len(self) if hi is None else hi
        pos = lo
        while pos < end:
            rows = self._query(
                "SELECT article FROM articles WHERE doc >= ? AND doc < ? ORDER BY doc",
                (pos, min(end, pos + READ_BATCH)),
            )
            if not rows:
                return
            for (rec,) in rows:
                yield rec
            pos += READ_BATCH

    def __iter__(self) -> Iterator[Article]:
        for rec in self.iter_json():
            yield Article.model_validate_json(rec)

    def find(self, page: str, index: int) -> Article | None:
        rows = self._query(
            "SELECT article FROM articles WHERE page = ? AND idx = ? ORDER BY doc LIMIT 1", (page, int(index))
        )
        return Article.model_validate_json(rows[0][0]) if rows else None

    def positions(self, pages: Iterable[str], ids: Iterable[tuple[str, int]]) -> list[int]:
        """Positions of the articles on these pages, or with these (page, index) ids."""
        out: set[int] = set()
        pages = list(pages)
        for lo in range(0, len(pages), 500):
            part = pages[lo : lo + 500]
            marks = ",".join("?" * len(part))
            out.update(d for (d,) in self._query(f"SELECT doc FROM articles WHERE page IN ({marks})", part))
        for page, idx in ids:
            out.update(
                d for (d,) in self._query("SELECT doc FROM articles WHERE page = ? AND idx = ?", (page, idx))
            )
        return sorted(out)

    def pages(self) -> frozenset[str]:
        if self._pages is None:
            self._pages = frozenset(p for (p,) in self._query("SELECT DISTINCT page FROM articles"))
        return self._pages

    def copy_to(self, segments_dir: Path) -> Segment:
        """The same segment in another folder of segments (files hard-linked where the disk allows)."""
        target = segments_dir / self.id
        if not target.exists():
            tmp = segments_dir / f".tmp-{self.id}-{uuid.uuid4().hex[:8]}"
            try:
                shutil.copytree(self.folder, tmp, copy_function=_link_or_copy)
                os.replace(tmp, target)
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if not target.exists():
                    raise
        return Segment(target, self.info)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class SegmentWriter:
    """Writes one segment under a temporary name; `finish()` renames it into place and returns it."""

    def __init__(self, segments_dir: Path):
        segments_dir.mkdir(parents=True, exist_ok=True)
        self.segments_dir = segments_dir
        self.id = uuid.uuid4().hex[:20]
        self.tmp = segments_dir / f".tmp-{self.id}"
        self.tmp.mkdir(mode=0o700)
        self._conn = sqlite3.connect(self.tmp / STORE_FILE)
        self._conn.execute("PRAGMA journal_mode = OFF")
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.executescript(_SCHEMA)
        self._rows: list[tuple[int, str, int, str]] = []
        self._digest = hashlib.sha256(b"segment-v1\0")
        self.count = 0

    def add(self, article: Article) -> None:
        self._rows.append((self.count, article.page, article.index, article.model_dump_json()))
        self._digest.update(article_digest_part(article))
        self.count += 1
        if len(self._rows) >= INSERT_BATCH:
            self._flush()

    def add_json(self, rows: Iterable[tuple[str, int, str, bytes]]) -> None:
        """Rows already serialised (page, index, article JSON, digest part): merging segments."""
        for page, idx, rec, part in rows:
            self._rows.append((self.count, page, idx, rec))
            self._digest.update(part)
            self.count += 1
            if len(self._rows) >= INSERT_BATCH:
                self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", self._rows)
            self._rows.clear()

    def finish(self, files_end: int | None = None, merged_from: Sequence[str] = ()) -> Segment:
        self._flush()
        self._conn.execute("CREATE INDEX by_page ON articles (page, idx)")
        self._conn.commit()
        self._conn.close()
        info = SegmentInfo(
            id=self.id,
            articles=self.count,
            digest=self._digest.hexdigest(),
            files_end=files_end,
            merged_from=list(merged_from),
        )
        meta = {"version": STORE_VERSION, **info.record()}
        (self.tmp / SEGMENT_FILE).write_text(json.dumps(meta), encoding="utf-8")
        final = self.segments_dir / self.id
        os.replace(self.tmp, final)
        seg = Segment(final, info)
        seg.check()  # opens it now: an open segment stays readable even if a later prune removes it
        return seg

    def abort(self) -> None:
        try:
            self._conn.close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def open_segment(segments_dir: Path, info: SegmentInfo) -> Segment:
    """The segment a manifest names, checked against what its own folder says it is."""
    folder = segments_dir / info.id
    try:
        meta = json.loads((folder / SEGMENT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"{folder / SEGMENT_FILE}: unreadable ({e})") from e
    if not isinstance(meta, dict) or meta.get("version") != STORE_VERSION:
        raise StoreError(f"{folder / SEGMENT_FILE}: not a segment of this version")
    if (meta.get("articles"), meta.get("digest")) != (info.articles, info.digest):
        raise StoreError(f"{folder / SEGMENT_FILE}: does not match its corpus manifest")
    return Segment(folder, info)


def merge_segments(segments_dir: Path, parts: Sequence[Segment], files_end: int | None) -> Segment:
    """One segment holding the articles of `parts` in order (many small segments cost every query)."""
    writer = SegmentWriter(segments_dir)
    try:
        for seg in parts:
            for rec in seg.iter_json():
                a = Article.model_validate_json(rec)
                writer.add_json([(a.page, a.index, rec, article_digest_part(a))])
        return writer.finish(files_end=files_end, merged_from=[p.id for p in parts])
    except BaseException:
        writer.abort()
        raise

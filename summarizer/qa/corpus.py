"""A corpus: articles from any mix of page files, folders of pages and .jsonl files of split articles.

A bad file (or a bad .jsonl line) costs only itself: it becomes one message naming the file (and
line) in `Corpus.errors`, and every other file is still loaded. `.jsonl` files are read a line at a
time, so the size limit applies to each article, not to the file (an archive is one big file).

The articles are not kept in memory: they are written to segments on disk (summarizer.qa.store) and
a `Corpus` reads them back by position or id. With a cache folder the segments persist under
<cache>/archive/, listed by a manifest per corpus fingerprint (sha256 over the files' names and
bytes), so a corpus read before opens without parsing a file; a corpus that grew (new files after
the old ones, an upload) reuses the segments of the longest corpus it extends and parses only the
new files. Without a cache folder the segments live in a private temporary folder.
"""

from __future__ import annotations

import bisect
import hashlib
import inspect
import io
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, overload

import numpy as np

from summarizer.errors import InputError
from summarizer.llm.cache import INDEX_DIRNAME
from summarizer.qa.store import (
    Segment,
    SegmentInfo,
    SegmentWriter,
    StoreError,
    article_digest_part,
    merge_segments,
    open_segment,
)
from summarizer.schemas import Article
from summarizer.segment.pages import DEFAULT_MAX_BYTES, PAGE_SUFFIXES, decode_page

JSONL_SUFFIXES = (".jsonl",)
CORPUS_SUFFIXES = PAGE_SUFFIXES + JSONL_SUFFIXES
MANIFEST_VERSION = 1
ARCHIVE_DIR = INDEX_DIRNAME  # under the cache folder: corpora/ (manifests), segments/, files.sqlite
SEGMENT_ARTICLES = 100_000  # articles per segment: built as one unit (~0.5 GB), and each costs a query
# a few hundred microseconds, so an archive of a million articles is ten of them
SMALL_SEGMENT = SEGMENT_ARTICLES // 10  # below this a segment is small: uploads, a day's new files
MAX_SMALL_SEGMENTS = 8  # more small segments than this at the end of a corpus are merged into one
KEEP_CORPORA = 8  # manifests kept (most recently used); segments no kept manifest names are removed
PRUNE_GRACE_S = 6 * 3600  # an unlisted segment younger than this may belong to a build in progress
RACY_MTIME_S = 2.0  # a file changed this recently may change again within its mtime's resolution
SNIFF_BYTES = 65536

Progress = Callable[[str], None]


class Corpus(Sequence[Article]):
    """The articles of a corpus in order, read from its segments on disk, plus the per-file errors
    and the corpus fingerprint. `find(page, index)` and `positions(ids)` look articles up by id."""

    def __init__(
        self,
        root: _Root,
        segments: Sequence[Segment],
        files: Sequence[FileEntry] = (),
        errors: Iterable[str] = (),
        fingerprint: str = "",
        state: Any = None,
        has_pages: bool = False,
    ):
        self.root = root
        self.segments = list(segments)
        self.files = list(files)
        self.errors: list[str] = list(errors)
        self.fingerprint = fingerprint
        self._state = state if state is not None else hashlib.sha256(b"corpus-v1\0")
        self.has_pages = has_pages
        self._starts = [0]
        for seg in self.segments:
            self._starts.append(self._starts[-1] + len(seg))
        h = hashlib.sha256(b"segments-v1\0")
        for seg in self.segments:
            h.update(seg.info.digest.encode())
        self.digest = h.hexdigest()

    def __len__(self) -> int:
        return self._starts[-1]

    def __repr__(self) -> str:
        return f"Corpus({len(self)} articles in {len(self.segments)} segments, {len(self.errors)} errors)"

    @property
    def starts(self) -> list[int]:
        """Where each segment's articles start in the corpus."""
        return self._starts[:-1]

    def _locate(self, i: int) -> tuple[int, int]:
        """(segment number, position in it) of corpus position i."""
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        s = bisect.bisect_right(self._starts, i) - 1
        return s, i - self._starts[s]

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        s, local = self._locate(int(i))
        return self.segments[s].get(local)

    def get_many(self, positions: Sequence[int]) -> list[Article]:
        """Articles at these positions, one query per segment."""
        where = [self._locate(int(p)) for p in positions]
        by_seg: dict[int, list[int]] = {}
        for s, local in where:
            by_seg.setdefault(s, []).append(local)
        found = {s: self.segments[s].get_many(locals_) for s, locals_ in by_seg.items()}
        return [found[s][local] for s, local in where]

    def __iter__(self) -> Iterator[Article]:
        for seg in self.segments:
            yield from seg

    def find(self, page: str, index: int) -> Article | None:
        for seg in self.segments:
            a = seg.find(page, index)
            if a is not None:
                return a
        return None

    def positions(self, restrict: Iterable[str]) -> np.ndarray:
        """Positions of the articles whose page, or id (page#index), is in restrict."""
        wanted = [str(r) for r in restrict]
        ids = []
        for r in wanted:
            page, sep, idx = r.rpartition("#")
            if sep and idx.isdigit() and str(int(idx)) == idx:
                ids.append((page, int(idx)))
        out = [
            np.asarray(seg.positions(wanted, ids), dtype=np.int64) + start
            for seg, start in zip(self.segments, self._starts, strict=False)
        ]
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    def pages(self) -> set[str]:
        return {p for seg in self.segments for p in seg.pages()}

    def add_file(
        self, name: str, data: bytes, label: str | None = None
    ) -> tuple[Corpus, list[Article], list[str]]:
        """This corpus with one more file's articles (an upload): one new segment, the others kept.

        The fingerprint grows exactly as load_corpus computes it with the file last, so a restart that
        reads the same files finds this corpus again instead of rebuilding it."""
        label = label or name
        arts, errors = load_bytes(name, data, label=label)
        corpus, added = self.add_articles(name, data, arts, errors, label=label)
        return corpus, added, errors

    def add_articles(
        self, name: str, data: bytes, arts: Sequence[Article], errors: Sequence[str], label: str | None = None
    ) -> tuple[Corpus, list[Article]]:
        """As add_file, for a file already read (e.g. segmented in a bounded child process): its
        articles, in order, and the errors reading it gave. Returns the corpus and the articles as
        stored (a page name an earlier file used is renamed)."""
        label = label or name
        if not arts:
            return self, []
        seen = self.pages()
        renames: dict[str, str] = {}
        stored = [_renamed(a, seen, renames) for a in arts]
        writer = SegmentWriter(self.root.segments)
        try:
            for a in stored:
                writer.add(a)
            seg = writer.finish(files_end=len(self.files) + 1)
        except BaseException:
            writer.abort()
            raise
        sha = hashlib.sha256(data).hexdigest()
        state = self._state.copy()
        state.update(name.encode() + b"\0" + bytes.fromhex(sha))
        files = [*self.files, FileEntry(name, sha, len(stored), _suffixes(errors, label))]
        has_pages = self.has_pages or not name.lower().endswith(JSONL_SUFFIXES)
        segments = _compact(self.root, [*self.segments, seg])
        corpus = Corpus(
            self.root, segments, files, [*self.errors, *errors], state.hexdigest(), state, has_pages
        )
        self.root.save_manifest(corpus, _manifest_key(corpus.fingerprint, has_pages, self.root.max_bytes))
        return corpus, stored

    def kept_in(self, cache_dir: str | Path) -> Corpus:
        """This corpus stored under cache_dir (a corpus read without a cache, then indexed with one):
        the stored copy when there is one, else this one's segments linked (or copied) there."""
        if self.root.persistent:
            return self
        root = _Root.at(Path(cache_dir), self.root.max_bytes)
        key = _manifest_key(self.fingerprint, self.has_pages, root.max_bytes)
        m = root.read_manifest(key)
        if m is not None and m.get("fingerprint") == self.fingerprint:
            segs = root.open_manifest(m, str(root._manifest_path(key)))
            if segs is not None:
                root.touch(key)
                return Corpus(
                    root, segs, self.files, self.errors, self.fingerprint, self._state, self.has_pages
                )
        segs = [seg.copy_to(root.segments) for seg in self.segments]
        corpus = Corpus(root, segs, self.files, self.errors, self.fingerprint, self._state, self.has_pages)
        root.save_manifest(corpus, key)
        return corpus

    def close(self) -> None:
        for seg in self.segments:
            seg.close()


@dataclass
class FileEntry:
    """One file of a corpus as its manifest lists it (errors are kept without the file's label)."""

    name: str
    sha: str
    articles: int
    errors: list[str] = field(default_factory=list)

    def record(self) -> list[object]:
        return [self.name, self.sha, self.articles, self.errors]


def _suffixes(errors: Sequence[str], label: str) -> list[str]:
    return [e[len(label) :] if e.startswith(label) else "\0" + e for e in errors]


def _labelled(suffixes: Sequence[str], label: str) -> list[str]:
    return [s[1:] if s.startswith("\0") else label + s for s in suffixes]


# ---- reading files ---------------------------------------------------------------------------------


def _expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named and inside named folders; a file reached twice (named twice, or also inside a
    named folder) is listed once."""
    files: list[Path] = []
    errors: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CORPUS_SUFFIXES)
            )
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder")
    unique: list[Path] = []
    seen: set[Path] = set()
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique, errors


def _is_jsonl(name: str) -> bool:
    return name.lower().endswith(JSONL_SUFFIXES)


def _record_article(
    rec: object, label: str, lineno: int, page_default: str, counters: dict[str, int]
) -> Article | str:
    """One .jsonl record `{"id", "title", "text"[, "date", "source", "byline"]}` as an Article, or why not."""
    if not isinstance(rec, dict):
        return f'{label}:{lineno}: expected a JSON object with "title" and "text"; line skipped'
    title, text = rec.get("title"), rec.get("text")
    if not isinstance(text, str) or not text.strip():
        return f'{label}:{lineno}: missing or empty "text"; line skipped'
    if title is not None and not isinstance(title, str):
        return f'{label}:{lineno}: "title" must be a string; line skipped'
    source = rec.get("source")
    source = source if isinstance(source, str) and source.strip() else ""
    rec_id = rec.get("id")
    rec_id = str(rec_id).strip() if isinstance(rec_id, (str, int)) and not isinstance(rec_id, bool) else ""
    page = rec_id or source or page_default  # an article's own id is what citations and --restrict name
    counters[page] = counters.get(page, 0) + 1
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    date = rec.get("date")
    byline = rec.get("byline")
    return Article(
        page=page,
        byline=byline.strip() if isinstance(byline, str) else "",
        index=counters[page],
        title=(title or "").strip()
        or (str(rec.get("id")) if rec.get("id") is not None else paragraphs[0][:30]),
        paragraphs=paragraphs,
        date=str(date) if date is not None else "",
        source=source,
        end=len(text),
    )


def _lines(fh: IO[bytes], label: str, max_line_bytes: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, None) or (line number, None, why it was skipped) for each non-blank line.

    UTF-8 (what JSON Lines are) is read a line at a time; a line that is not UTF-8 is decoded like a
    page (GB18030, damaged UTF-8). UTF-16 needs its BOM; a file that looks binary is refused whole,
    and so is one with nothing but whitespace.
    """
    head = fh.read(SNIFF_BYTES)
    fh.seek(0)
    seen_text = False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline=None)
        for lineno, line in enumerate(_bounded(text.readline, max_line_bytes // 2, "\n"), start=1):
            if line is None:
                seen_text = True
                yield lineno, None, _too_long(label, lineno, max_line_bytes)
            elif line.strip():
                seen_text = True
                yield lineno, line, None
    else:
        if b"\x00" in head:
            raise InputError(f"{label}: binary file (NUL bytes), not JSON Lines text")
        for lineno, raw in enumerate(_bounded(fh.readline, max_line_bytes, b"\n"), start=1):
            if raw is None:
                seen_text = True
                yield lineno, None, _too_long(label, lineno, max_line_bytes)
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen_text = True
            line, problem = _decode_line(raw, f"{label}:{lineno}")
            yield lineno, line, problem
    if not seen_text:
        raise InputError(f"{label}: empty file")


def _decode_line(raw: bytes, where: str) -> tuple[str | None, str | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return decode_page(raw, where), None
    except InputError as e:
        return None, f"{e}; line skipped"


def _too_long(label: str, lineno: int, limit: int) -> str:
    return f"{label}:{lineno}: article over the limit of {limit / 1e6:.0f} MB; line skipped"


def _bounded(readline: Callable[[int], Any], limit: int, newline: Any) -> Iterator[Any]:
    """Lines of at most `limit` units (bytes or characters, not counting the line ending); a longer
    line is read past in pieces and yields None in its place, so one huge line never sits in memory."""
    cr = "\r" if isinstance(newline, str) else b"\r"
    while True:
        line = readline(limit + 2)  # room for the line's own "\r\n"
        if not line:
            return
        if len(line.rstrip(cr + newline)) > limit:
            while line and not line.endswith(newline):
                line = readline(1 << 20)
            yield None
            continue
        yield line


def iter_jsonl(
    fh: IO[bytes], name: str, label: str, max_article_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | str]:
    """Articles of a .jsonl stream in order, and a message for each line that is skipped."""
    counters: dict[str, int] = {}
    for lineno, line, problem in _lines(fh, label, max_article_bytes):
        if line is None:
            yield str(problem)
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield f"{label}:{lineno}: invalid JSON ({e.msg}); line skipped"
            continue
        yield _record_article(rec, label, lineno, name, counters)


def load_bytes(name: str, data: bytes, label: str | None = None) -> tuple[list[Article], list[str]]:
    """Articles from one file's bytes: .jsonl = split articles, anything else = a page to segment."""
    label = label or name
    if _is_jsonl(name):
        articles: list[Article] = []
        errors: list[str] = []
        try:
            for x in iter_jsonl(io.BytesIO(data), name, label, max(len(data), 1)):
                (articles if isinstance(x, Article) else errors).append(x)  # type: ignore[arg-type]
        except InputError as e:
            return [], [str(e)]
        return articles, errors
    from summarizer.segment import segment_bytes

    try:
        articles = [a for page in segment_bytes(data, name, label=label) for a in page.articles]
    except InputError as e:
        return [], [str(e)]
    if not articles:
        return [], [f"{label}: no article found on this page"]
    return articles, []


def _file_articles(path: Path, max_bytes: int) -> Iterator[Article | str]:
    """Articles (and skipped-line messages) of one corpus file; raises InputError for a bad file."""
    label = str(path)
    try:
        if _is_jsonl(path.name):
            with open(path, "rb") as fh:
                yield from iter_jsonl(fh, path.name, label, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size / 1e6:.1f} MB is over the limit of {max_bytes / 1e6:.0f} MB")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    articles, errors = load_bytes(path.name, data, label=label)
    if errors and not articles:
        raise InputError(errors[0])
    yield from articles
    yield from errors


def _renamed(a: Article, seen: set[str] | frozenset[str], renames: dict[str, str]) -> Article:
    """Two files of the same name in different folders must not share article ids: a page name an
    earlier file used gets " (2)", " (3)" … in the later file (decided once per page and file)."""
    new = renames.get(a.page)
    if new is None:
        new = a.page
        if new in seen:
            n = 2
            while f"{a.page} ({n})" in seen:
                n += 1
            new = f"{a.page} ({n})"
        renames[a.page] = new
    return a if new == a.page else a.model_copy(update={"page": new})


# ---- the archive folder: segments, manifests, file hashes ---------------------------------------------


@dataclass
class _Hashed:
    path: Path
    name: str
    sha: str


class _Root:
    """Where a corpus's segments live: <cache>/archive/ (kept) or a private temporary folder."""

    def __init__(self, folder: Path, persistent: bool, max_bytes: int):
        self.folder = folder
        self.persistent = persistent
        self.max_bytes = max_bytes
        self.segments = folder / "segments"
        self.corpora = folder / "corpora"

    @classmethod
    def at(cls, cache_dir: Path, max_bytes: int) -> _Root:
        cache_dir = Path(cache_dir)
        cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # private, like the result cache
        folder = cache_dir / ARCHIVE_DIR
        for d in (folder, folder / "segments", folder / "corpora"):
            d.mkdir(exist_ok=True, mode=0o700)
        return cls(folder, True, max_bytes)

    @classmethod
    def temporary(cls, max_bytes: int) -> _Root:
        folder = Path(tempfile.mkdtemp(prefix="summarizer-corpus-"))
        (folder / "segments").mkdir()
        (folder / "corpora").mkdir()
        root = cls(folder, False, max_bytes)
        weakref.finalize(root, shutil.rmtree, folder, True)
        return root

    # -- file hashes, remembered by path and stat like git's index ------------------------------------

    def hash_files(self, files: Sequence[Path]) -> Iterator[_Hashed | str]:
        known: dict[str, tuple[int, int, int, int, str]] = {}
        db = self._hash_db()
        if db is not None:
            try:
                known = {p: (s, m, c, i, h) for p, s, m, c, i, h in db.execute("SELECT * FROM files")}
            except sqlite3.Error:
                known = {}
        fresh: list[tuple[str, int, int, int, int, str]] = []
        now = time.time()
        for f in files:
            try:
                st = f.stat()
                key = str(f.resolve())
                stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                hit = known.get(key)
                if hit is not None and hit[:4] == stamp:
                    sha = hit[4]
                else:
                    sha = _sha256_file(f)
                    if now - st.st_mtime > RACY_MTIME_S:
                        fresh.append((key, *stamp, sha))
            except OSError as e:
                yield f"{f}: cannot read ({e.strerror or e})"
                continue
            yield _Hashed(f, f.name, sha)
        if db is not None:
            try:
                with db:
                    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", fresh)
            except sqlite3.Error:
                pass  # an unwritable cache only costs hashing the files again next time
            db.close()

    def _hash_db(self) -> sqlite3.Connection | None:
        if not self.persistent:
            return None
        try:
            db = sqlite3.connect(self.folder / "files.sqlite", timeout=10)
            db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,"
                " ctime INTEGER, ino INTEGER, sha TEXT)"
            )
            return db
        except sqlite3.Error:
            return None

    # -- manifests ---------------------------------------------------------------------------------------

    def _manifest_path(self, key: str) -> Path:
        return self.corpora / f"{key}.json"

    def read_manifest(self, key: str) -> dict[str, Any] | None:
        path = self._manifest_path(key)
        try:
            m = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            _warn(f"corpus manifest {path} is unreadable ({e}); reading the files again")
            return None
        if not isinstance(m, dict) or m.get("version") != MANIFEST_VERSION:
            return None
        return m

    def open_manifest(self, m: dict[str, Any], path_hint: str) -> list[Segment] | None:
        """The segments a manifest lists, each checked; None (after one warning) if any is broken."""
        try:
            infos = [SegmentInfo.from_record(r) for r in m.get("segments", [])]
            segs = [open_segment(self.segments, info) for info in infos]
            for s in segs:
                s.check()
        except (StoreError, TypeError, ValueError) as e:
            _warn(f"corpus store {path_hint} is damaged ({e}); reading the files again")
            return None
        return segs

    def save_manifest(self, corpus: Corpus, key: str, extra: dict[str, Any] | None = None) -> None:
        if not self.persistent:
            return
        m = {
            "version": MANIFEST_VERSION,
            "fingerprint": corpus.fingerprint,
            "reader": _reader_version(corpus.has_pages),
            "max_bytes": self.max_bytes,
            "has_pages": corpus.has_pages,
            "files": [f.record() for f in corpus.files],
            "segments": [s.info.record() for s in corpus.segments],
            **(extra or {}),
        }
        path = self._manifest_path(key)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        try:
            tmp.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
            self.prune()
        except OSError:
            tmp.unlink(missing_ok=True)  # an unwritable cache only costs a rebuild next time

    def manifests(self) -> Iterator[tuple[Path, dict[str, Any]]]:
        for p in sorted(self.corpora.glob("*.json"), key=_mtime, reverse=True):
            try:
                m = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(m, dict) and m.get("version") == MANIFEST_VERSION:
                yield p, m

    def touch(self, key: str) -> None:
        try:
            os.utime(self._manifest_path(key))
        except OSError:
            pass

    def prune(self) -> None:
        """Keep the KEEP_CORPORA most recently used manifests and the segments they name."""
        manifests = list(self.manifests())
        for p, _ in manifests[KEEP_CORPORA:]:
            p.unlink(missing_ok=True)
        keep = {
            str(s.get("id"))
            for _, m in manifests[:KEEP_CORPORA]
            for s in m.get("segments", [])
            if isinstance(s, dict)
        }
        now = time.time()
        for d in self.segments.iterdir():
            name = d.name.removeprefix(".tmp-")
            if name not in keep and now - _mtime(d) > PRUNE_GRACE_S:
                shutil.rmtree(d, ignore_errors=True)


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


def _sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _warn(msg: str) -> None:
    print(f"summarizer: warning: {msg}", file=sys.stderr)


@lru_cache(maxsize=2)
def _reader_version(has_pages: bool) -> str:
    """What turned the files into articles: the source of the functions that read them, the store's
    format, and the segmenter's version when the corpus has page files. A change means the files are
    read again (the rest of this module, manifests and lookups, can change without that)."""
    from summarizer.qa import store

    h = hashlib.sha256(f"reader-v{MANIFEST_VERSION}-store-v{store.STORE_VERSION}\0".encode())
    for fn in _READERS:
        h.update(inspect.getsource(fn).encode())
    if has_pages:
        from summarizer.segment.cache import segmenter_version

        h.update(segmenter_version().encode())
    return h.hexdigest()[:16]


_READERS = (_record_article, _lines, _decode_line, _bounded, iter_jsonl, load_bytes, _file_articles, _renamed)


def _manifest_key(fingerprint: str, has_pages: bool, max_bytes: int) -> str:
    parts = ["files", _reader_version(has_pages), max_bytes, fingerprint]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def _compact(root: _Root, segments: list[Segment]) -> list[Segment]:
    """Merge the small segments at the end of a corpus once there are too many (each costs a query)."""
    run = 0
    while run < len(segments) and len(segments[-1 - run]) < SMALL_SEGMENT:
        run += 1
    if run <= MAX_SMALL_SEGMENTS:
        return segments
    tail = segments[-run:]
    merged = merge_segments(root.segments, tail, files_end=tail[-1].info.files_end)
    return [*segments[:-run], merged]


def _from_manifest(
    root: _Root,
    m: dict[str, Any],
    segs: list[Segment],
    hashed: Sequence[_Hashed],
    state: Any,
    fingerprint: str,
    errors: list[str],
) -> Corpus:
    files = [FileEntry(str(f[0]), str(f[1]), int(f[2]), list(f[3])) for f in m.get("files", [])]
    for f, h in zip(files, hashed, strict=False):
        errors.extend(_labelled(f.errors, str(h.path)))
    return Corpus(root, segs, files, errors, fingerprint, state, bool(m.get("has_pages")))


def _reusable_prefix(root: _Root, hashed: Sequence[_Hashed]) -> tuple[list[Segment], list[FileEntry], int]:
    """The segments of the longest stored corpus that this one extends, and how many files they cover
    (a stored corpus counts when the code that read its files would still read them the same way)."""
    best: tuple[list[Segment], list[FileEntry], int] = ([], [], 0)
    for path, m in root.manifests():
        if (
            m.get("reader") != _reader_version(bool(m.get("has_pages")))
            or m.get("max_bytes") != root.max_bytes
        ):
            continue
        files = m.get("files", [])
        common = 0
        for f, h in zip(files, hashed, strict=False):
            if not isinstance(f, list) or len(f) < 4 or (f[0], f[1]) != (h.name, h.sha):
                break
            common += 1
        records = [s for s in m.get("segments", []) if isinstance(s, dict)]
        use = 0
        covered = 0
        for j, s in enumerate(records):
            end = s.get("files_end")
            if isinstance(end, int) and end <= common:
                use, covered = j + 1, end
        if covered <= best[2] or not use:
            continue
        segs = root.open_manifest({"segments": records[:use]}, str(path))
        if segs is None:
            continue
        entries = [FileEntry(str(f[0]), str(f[1]), int(f[2]), list(f[3])) for f in files[:covered]]
        best = (segs, entries, covered)
    return best


def load_corpus(
    paths: Iterable[str | Path],
    max_page_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Every article under paths, in order; unreadable files and bad lines are reported, not fatal.

    max_page_bytes limits each page file and each .jsonl article. With cache_dir the articles are kept
    under <cache_dir>/archive/ and a corpus read before is opened without reading its files again.
    """
    say = progress or (lambda _m: None)
    files, errors = _expand(paths)
    root = (
        _Root.at(Path(cache_dir), max_page_bytes)
        if cache_dir is not None
        else _Root.temporary(max_page_bytes)
    )
    state = hashlib.sha256(b"corpus-v1\0")
    hashed: list[_Hashed] = []
    candidates: list[Path] = []
    for f in files:
        if not _is_jsonl(f.name):
            try:
                size = f.stat().st_size
            except OSError as e:
                errors.append(f"{f}: cannot read ({e.strerror or e})")
                continue
            if size > max_page_bytes:
                errors.append(f"{f}: {size / 1e6:.1f} MB is over the limit of {max_page_bytes / 1e6:.0f} MB")
                continue
        candidates.append(f)
    for h in root.hash_files(candidates):
        if isinstance(h, str):
            errors.append(h)
            continue
        state.update(h.name.encode() + b"\0" + bytes.fromhex(h.sha))
        hashed.append(h)
    fingerprint = state.hexdigest()
    has_pages = any(not _is_jsonl(h.name) for h in hashed)
    key = _manifest_key(fingerprint, has_pages, max_page_bytes)
    if root.persistent:
        m = root.read_manifest(key)
        if m is not None and m.get("fingerprint") == fingerprint:
            segs = root.open_manifest(m, str(root._manifest_path(key)))
            if segs is not None:
                root.touch(key)
                return _from_manifest(root, m, segs, hashed, state, fingerprint, errors)
    reused, entries, covered = _reusable_prefix(root, hashed) if root.persistent else ([], [], 0)
    for entry, h in zip(entries, hashed, strict=False):
        errors.extend(_labelled(entry.errors, str(h.path)))
    if covered:
        say(f"reusing {sum(len(s) for s in reused)} stored articles of {covered} files")
    segments = list(reused)
    seen: set[str] = set()
    for seg in reused:
        seen.update(seg.pages())
    writer: SegmentWriter | None = None
    total = sum(len(s) for s in reused)
    try:
        for i, h in enumerate(hashed[covered:], start=covered):
            renames: dict[str, str] = {}
            file_errors: list[str] = []
            count = 0
            try:
                for x in _file_articles(h.path, max_page_bytes):
                    if isinstance(x, str):
                        file_errors.append(x)
                        continue
                    if writer is not None and writer.count >= SEGMENT_ARTICLES:
                        segments.append(writer.finish())  # cut inside a file
                        writer = None
                        say(f"stored {total} articles")
                    if writer is None:
                        writer = SegmentWriter(root.segments)
                    writer.add(_renamed(x, seen, renames))
                    count += 1
                    total += 1
            except InputError as e:
                file_errors.append(str(e))
            seen.update(renames.values())
            errors.extend(file_errors)
            entries.append(FileEntry(h.name, h.sha, count, _suffixes(file_errors, str(h.path))))
            if writer is not None and writer.count >= SEGMENT_ARTICLES:
                segments.append(writer.finish(files_end=i + 1))  # full, and ends with a file
                writer = None
                say(f"stored {total} articles")
        if writer is not None:
            segments.append(writer.finish(files_end=len(hashed)))
            writer = None
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    segments = _compact(root, segments)
    corpus = Corpus(root, segments, entries, errors, fingerprint, state, has_pages)
    root.save_manifest(corpus, key)
    return corpus


def corpus_from_articles(articles: Sequence[Article], cache_dir: str | Path, key: str = "") -> Corpus:
    """A list of articles kept as a corpus under <cache_dir>/archive/ (how Index.open persists a list):
    found again by key, and only if the articles are still the same."""
    root = _Root.at(Path(cache_dir), DEFAULT_MAX_BYTES)
    digest = corpus_digest(articles)
    mkey = hashlib.sha256(
        json.dumps(["articles", _reader_version(False), key or digest]).encode()
    ).hexdigest()[:32]
    m = root.read_manifest(mkey)
    if m is not None and m.get("list_digest") == digest:
        segs = root.open_manifest(m, str(root._manifest_path(mkey)))
        if segs is not None:
            root.touch(mkey)
            return Corpus(root, segs, fingerprint=key or digest)
    segments: list[Segment] = []
    for lo in range(0, len(articles), SEGMENT_ARTICLES):
        writer = SegmentWriter(root.segments)
        try:
            for a in articles[lo : lo + SEGMENT_ARTICLES]:
                writer.add(a)
            segments.append(writer.finish())
        except BaseException:
            writer.abort()
            raise
    corpus = Corpus(root, segments, fingerprint=key or digest)
    root.save_manifest(corpus, mkey, {"list_digest": digest})
    return corpus


def corpus_digest(articles: Iterable[Article]) -> str:
    """sha256 over what the index is built from (ids, titles, text): catches a changed segmenter too.
    A stored Corpus answers from its segments' digests without reading its articles."""
    if isinstance(articles, Corpus):
        return articles.digest
    h = hashlib.sha256(b"articles-v1\0")
    for a in articles:
        h.update(article_digest_part(a))
    return h.hexdigest()

"""The output folder's store: summaries.jsonl, keyed by page identity, resumable after any kill.

Why this shape: a run can die at any moment (kill -9, power, Ctrl-C). While it runs, summaries.jsonl
is a journal: every finished article is one `os.write` of one complete line on an O_APPEND
descriptor, so the file only ever holds whole lines plus, at worst, one torn last line, which the
next run cuts off. Each row carries its `result_key`; a rerun skips articles whose key is the latest
row of their (page, index) slot.

When a run ends, the journal is compacted into the store it stands for (one atomic replace): one row
per (page, index), only rows made from each file's current content (a page edited since is
superseded; a page renamed, whose old file is gone and whose content reappears under a new name, is
superseded too), sorted by page and article. In memory there is only an index of small entries
(key, slot, content hashes, byte offset), never the rows themselves: rows are read back by offset.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import UserError


@dataclass(slots=True)
class Entry:
    """What the index keeps of one row (a few dozen bytes, not the row)."""

    page: str
    index: int
    file: str  # identity of the page file the row came from
    file_sha256: str
    file_articles: int
    signature: str  # engine (+ model, endpoint) and segmenter that made the row
    label: str  # how the digest names the engine
    offset: int
    length: int


@dataclass
class Compaction:
    """What compacting the store did, for the report."""

    rows: int = 0  # rows in the store afterwards
    superseded: int = 0  # rows dropped: older versions, edited or renamed pages, duplicates
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old page file, new page file)
    invalid: int = 0  # lines that were not rows (removed)


_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[Any, ...]:
    """Sort key that orders "p2" before "p10" (page numbers are numbers)."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(name))


def _intern(table: dict[str, str], value: str) -> str:
    return table.setdefault(value, value)


class ResultStore:
    """summaries.jsonl opened for a run: an index of its rows by key and slot, and an atomic append."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, Entry] = {}
        self.repaired: list[str] = []  # what was fixed on open, for the report
        self._latest: dict[tuple[str, int], str] = {}  # (page, index) -> key of its newest row
        self._by_file: dict[str, list[str]] = {}  # file identity -> keys of its rows, oldest first
        self._file_sha: dict[str, str] = {}  # file identity -> content hash of its newest row
        self._file_path: dict[str, str] = {}  # file identity -> where its newest row's file was
        self._strings: dict[str, str] = {}
        self._invalid = 0
        self._lines = 0  # valid lines in the journal, older versions of a row included
        self._size = 0
        self._lock = threading.Lock()
        self._dirty = False
        self._synced_at = 0.0
        self._load()
        self._fd = self._open_append()

    # ---- opening ----------------------------------------------------------------------------

    def _open_append(self) -> int:
        try:
            return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as e:
            raise UserError(f"{self.path}: cannot write ({e.strerror or e})") from e

    def _load(self) -> None:
        try:
            f = open(self.path, "rb")
        except FileNotFoundError:
            return
        except OSError as e:
            raise UserError(f"{self.path}: cannot read ({e.strerror or e})") from e
        with f:
            offset = 0
            for line in f:
                if not line.endswith(b"\n"):  # a torn last line: a run died writing it
                    os.truncate(self.path, offset)
                    self.repaired.append("dropped an incomplete last line left by an interrupted run")
                    break
                self._index_line(line, offset)
                offset += len(line)
            self._size = offset
        if self._invalid:
            self.repaired.append(f"{self._invalid} invalid line(s) will be removed")

    def _index_line(self, line: bytes, offset: int) -> None:
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not (
            isinstance(row, dict)
            and isinstance(row.get("result_key"), str)
            and isinstance(row.get("page"), str)
            and isinstance(row.get("index"), int)
        ):
            self._invalid += 1
            return
        self._add(row, offset, len(line))

    def _add(self, row: dict[str, Any], offset: int, length: int) -> None:
        s = self._strings
        key = row["result_key"]
        file = _intern(s, str(row.get("file") or row["page"]))
        file_sha = _intern(s, str(row.get("file_sha256") or ""))
        engine = str(row.get("engine") or "")
        label = f"{engine} ({row['model']})" if engine == "llm" and row.get("model") else engine
        entry = Entry(
            page=_intern(s, row["page"]),
            index=row["index"],
            file=file,
            file_sha256=file_sha,
            file_articles=int(row.get("file_articles") or 0),
            signature=_intern(s, str(row.get("signature") or "")),
            label=_intern(s, label),
            offset=offset,
            length=length,
        )
        self._lines += 1
        if key not in self.entries:
            self._by_file.setdefault(file, []).append(key)
        self.entries[key] = entry  # a key written again (--force) points at its newest line
        self._latest[(entry.page, entry.index)] = key
        self._file_sha[file] = file_sha
        self._file_path[file] = _intern(s, str(row.get("file_path") or ""))

    # ---- questions a run asks -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._latest)

    def __contains__(self, key: str) -> bool:
        """Done: the key's row is the newest of its (page, index) slot."""
        entry = self.entries.get(key)
        return entry is not None and self._latest.get((entry.page, entry.index)) == key

    def done_keys(self, file: str) -> frozenset[str]:
        """Keys of the file's rows that are done (what a worker may skip)."""
        return frozenset(k for k in self._by_file.get(file, ()) if k in self)

    def file_done(self, file: str, file_sha256: str, signature: str) -> int:
        """How many articles of this file content are done by this signature: all of them (the
        count the rows recorded) or 0. All means the file need not even be segmented again."""
        keys = [k for k in self._by_file.get(file, ()) if k in self]
        entries = [self.entries[k] for k in keys]
        good = [e for e in entries if e.file_sha256 == file_sha256 and e.signature == signature]
        if good and len(good) == good[0].file_articles:
            return len(good)
        return 0

    def pages_of(self, file: str) -> int:
        """How many pages the file's done rows belong to (a PDF file holds several)."""
        return len({self.entries[k].page for k in self._by_file.get(file, ()) if k in self})

    def last_source(self, file: str) -> tuple[str, str]:
        """(path, content hash) of the file the identity's newest row came from ("" when unknown)."""
        return self._file_path.get(file, ""), self._file_sha.get(file, "")

    # ---- writing ----------------------------------------------------------------------------

    def append(self, row: dict[str, Any], sync: bool = True) -> None:
        """Write one row as one complete line with one write(): it survives a kill -9 once this returns.

        sync=False leaves the fsync (survival of a power cut) to the next sync(), so several rows
        finishing together share one disk flush.
        """
        self.append_many([row], sync=sync)

    def append_many(self, rows: list[dict[str, Any]], sync: bool = True) -> None:
        """Write rows (one page file's, say) as complete lines with one write(). A kill during it
        leaves whole lines and at most one torn last line, which the next open cuts off."""
        lines = [
            (json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode("utf-8") for r in rows
        ]
        with self._lock:
            view = memoryview(b"".join(lines))
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
            for row, line in zip(rows, lines, strict=True):
                self._add(row, self._size, len(line))
                self._size += len(line)
            self._dirty = True
            if sync:
                self._sync_locked()

    def sync(self, max_delay: float = 0.0) -> None:
        """fsync written rows, unless the last fsync is less than max_delay seconds old.

        Rows are safe from a kill -9 as soon as they are written; fsync only bounds what a power
        cut can take, so a run finishing many articles per second flushes a few times a second
        rather than once per row (close() always flushes).
        """
        with self._lock:
            if time.monotonic() - self._synced_at >= max_delay:
                self._sync_locked()

    def _sync_locked(self) -> None:
        if self._dirty and self._fd >= 0:
            os.fsync(self._fd)
            self._dirty = False
        self._synced_at = time.monotonic()

    # ---- compaction -------------------------------------------------------------------------

    def compact(self, seen: dict[str, str]) -> Compaction:
        """Rewrite the journal as the store: `seen` maps each file identity read by this run to its
        content hash. One atomic replace (the old or the new file survives a kill), in page order.

        Kept: the newest row of each (page, index) slot, if it was made from its file's current
        content (this run's, or else its newest row's). Dropped as renamed: every row of a file not
        read by this run whose content this run read under another identity, when its old path
        no longer exists.
        """
        with self._lock:
            self._sync_locked()
            report = Compaction(invalid=self._invalid)
            renamed = self._renamed(seen)
            report.renamed = sorted(renamed.items())
            kept: list[tuple[tuple[Any, ...], int, int, int]] = []
            for (page, index), key in self._latest.items():
                e = self.entries[key]
                current = seen.get(e.file, self._file_sha.get(e.file, ""))
                # a row of an older layout carries no file hash: its key (page content) decided it
                if e.file in renamed or (e.file_sha256 and e.file_sha256 != current):
                    continue
                kept.append((natural_key(page), index, e.offset, e.length))
            kept.sort()
            report.rows = len(kept)
            report.superseded = self._lines - len(kept)
            in_order = [(o, n) for _, _, o, n in kept]
            if self._invalid or report.superseded or not _is_sorted(in_order):
                self._rewrite(in_order)
            return report

    def _renamed(self, seen: dict[str, str]) -> dict[str, str]:
        seen_shas: dict[str, str] = {}
        for file, sha in seen.items():
            seen_shas.setdefault(sha, file)
        out: dict[str, str] = {}
        for file, sha in self._file_sha.items():
            if file in seen or not sha or sha not in seen_shas:
                continue
            old_path = self._file_path.get(file, "")
            if old_path and not os.path.exists(old_path):
                out[file] = seen_shas[sha]
        return out

    def _rewrite(self, lines: list[tuple[int, int]]) -> None:
        """Replace the file atomically (temp file + os.replace) with the given lines, in order,
        keeping the file's mode; then re-index it."""
        mode = _mode_of(self.path)
        fd, tmp = tempfile.mkstemp(prefix=".summaries.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as out, open(self.path, "rb") as src:
                for offset, length in lines:
                    src.seek(offset)
                    out.write(src.read(length))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        os.close(self._fd)
        self.entries.clear()
        self._latest.clear()
        self._by_file.clear()
        self._file_sha.clear()
        self._file_path.clear()
        self._invalid = 0
        self._lines = 0
        self._size = 0
        self._load()
        self._fd = self._open_append()

    def rows_in_order(self) -> Iterator[dict[str, Any]]:
        """Every row of the (compacted) store, in file order, read one at a time."""
        with self._lock:
            self._sync_locked()
        with open(self.path, "rb") as f:
            for line in f:
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if isinstance(row, dict):
                    yield row

    def close(self) -> None:
        with self._lock:
            self._sync_locked()
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def _is_sorted(lines: list[tuple[int, int]]) -> bool:
    return all(a[0] < b[0] for a, b in zip(lines, lines[1:], strict=False))


def _mode_of(path: Path) -> int:
    """The mode a rewrite keeps: the file's own, or what a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write a whole file so readers see the old or the new version, never half of one; the mode of
    an existing file is kept (a new one gets 0644)."""
    mode = _mode_of(path) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for chunk in [text] if isinstance(text, str) else text:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def exclusive_out_dir(out_dir: Path) -> Iterator[None]:
    """One `summarize` per output folder at a time; a second one gets a clear error, not interleaved rows."""
    lock_path = out_dir / ".summarize.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise UserError(f"{out_dir}: cannot write in the output folder ({e.strerror or e})") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(
                f"{out_dir}: another `summarizer summarize` is writing here; wait for it or use --out"
            ) from None
        yield
    finally:
        os.close(fd)


def warn(message: str) -> None:
    print(f"summarizer: {message}", file=sys.stderr, flush=True)

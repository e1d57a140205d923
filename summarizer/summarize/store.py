"""The resumable output file of `summarize`: summaries.jsonl, appended one whole line at a time.

Why this shape: a batch can die at any moment (kill -9, power, Ctrl-C). Every finished article is
written as one `os.write` of one complete line on an O_APPEND descriptor and fsynced before the
next, so the file only ever holds whole lines plus, at worst, one torn last line, which the next run
cuts off. Each row carries a `result_key`; a rerun skips articles whose key is already present.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from summarizer.errors import UserError


class ResultStore:
    """summaries.jsonl opened for resuming: rows already present by key, and an atomic append."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: dict[str, dict[str, Any]] = {}
        self.repaired: list[str] = []  # what was fixed on open, for the report
        self._lock = threading.Lock()
        self._dirty = False
        self._synced_at = 0.0
        self._load()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as e:
            raise UserError(f"{self.path}: cannot read ({e.strerror or e})") from e
        if data and not data.endswith(b"\n"):
            cut = data.rfind(b"\n") + 1
            os.truncate(self.path, cut)
            data = data[:cut]
            self.repaired.append("dropped an incomplete last line left by an interrupted run")
        good: list[bytes] = []
        bad = 0
        for line in data.splitlines(keepends=True):
            if not line.strip():
                bad += 1
                continue
            try:
                row = json.loads(line)
            except ValueError:
                row = None
            if not isinstance(row, dict):
                bad += 1
                continue
            key = row.get("result_key")
            if isinstance(key, str):
                if key in self.rows:
                    bad += 1  # a duplicate: keep the first, drop the rest
                    continue
                self.rows[key] = row
            good.append(line)
        if bad:
            self._rewrite(b"".join(good))
            self.repaired.append(f"removed {bad} invalid or duplicate line(s)")

    def _rewrite(self, data: bytes) -> None:
        """Replace the file atomically (temp file + os.replace) with only its valid lines."""
        fd, tmp = tempfile.mkstemp(prefix=".summaries.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def __contains__(self, key: str) -> bool:
        return key in self.rows

    def append(self, row: dict[str, Any], sync: bool = True) -> None:
        """Write one row as one complete line with one write(): it survives a kill -9 once this returns.

        sync=False leaves the fsync (survival of a power cut) to the next sync(), so several rows
        finishing together share one disk flush.
        """
        data = (json.dumps(row, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode("utf-8")
        with self._lock:
            view = memoryview(data)
            while view:
                n = os.write(self._fd, view)
                view = view[n:]
            self.rows[row["result_key"]] = row
            self._dirty = True
            if sync:
                self._sync_locked()

    def sync(self, max_delay: float = 0.0) -> None:
        """fsync written rows, unless the last fsync is less than max_delay seconds old.

        Rows are safe from a kill -9 as soon as they are written; fsync only bounds what a power
        cut can take, so a batch finishing many cached articles per second flushes a few times a
        second rather than once per row (close() always flushes).
        """
        with self._lock:
            if time.monotonic() - self._synced_at >= max_delay:
                self._sync_locked()

    def _sync_locked(self) -> None:
        if self._dirty and self._fd >= 0:
            os.fsync(self._fd)
            self._dirty = False
        self._synced_at = time.monotonic()

    def forget(self, keys: set[str]) -> None:
        """Drop the rows of `keys` (atomic rewrite) so they are done again (`summarize --force`)."""
        with self._lock:
            if not keys & self.rows.keys():
                return
            self._sync_locked()
            kept = []
            for line in self.path.read_bytes().splitlines(keepends=True):
                try:
                    key = json.loads(line).get("result_key")
                except (ValueError, AttributeError):
                    key = None
                if key not in keys:
                    kept.append(line)
            self._rewrite(b"".join(kept))
            for k in keys:
                self.rows.pop(k, None)
            os.close(self._fd)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def reorder(self, keys: list[str]) -> None:
        """Put this run's rows in page order (after any rows of other inputs) with one atomic replace.

        Rows are appended in the order they finish, which under concurrency is arbitrary; a finished
        run should read like `segment --json`. A kill during this leaves the old or the new file.
        """
        with self._lock:
            self._sync_locked()
            data = self.path.read_bytes()
            wanted = set(keys)
            head: list[bytes] = []
            ours: dict[str, bytes] = {}
            for line in data.splitlines(keepends=True):
                try:
                    key = json.loads(line).get("result_key")
                except (ValueError, AttributeError):
                    key = None
                if key in wanted:
                    ours.setdefault(key, line)
                else:
                    head.append(line)
            new = b"".join(head + [ours[k] for k in keys if k in ours])
            if new == data:
                return
            self._rewrite(new)
            os.close(self._fd)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def close(self) -> None:
        with self._lock:
            self._sync_locked()
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def write_atomically(path: Path, text: str) -> None:
    """Write a whole file so readers see the old or the new version, never half of one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def exclusive_out_dir(out_dir: Path) -> Iterator[None]:
    """One `summarize` per output folder at a time; a second one gets a clear error, not interleaved rows."""
    lock_path = out_dir / ".summarize.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
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

"""Disk cache of validated LLM results: JSON text only, never pickles, in a private directory.

diskcache unpickles stored values by default (CVE-2025-69872): anyone who can write the cache
directory could run code in our process. `JSONOnlyDisk` stores JSON text and refuses every other
storage mode, so a planted pickle entry is a miss (with a warning), never loaded.

The cache is a convenience, never a reason to fail a run: if the directory cannot be created or
written, or the disk is full, the cache switches itself off with one warning on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any

import diskcache
from diskcache.core import MODE_RAW, MODE_TEXT, UNKNOWN

from summarizer.config import Settings

_REFUSED = object()  # what JSONOnlyDisk.fetch returns for anything that is not JSON text
_SQLITE_TIMEOUT = 10.0  # seconds a busy database is waited for before one operation gives up
_INLINE_LIMIT = 1 << 30  # values live in SQLite rows, never side files (no orphan files after a kill)


class JSONOnlyDisk(diskcache.Disk):
    """A diskcache Disk that reads and writes only str keys and JSON text values; it never unpickles."""

    def put(self, key: Any) -> tuple[Any, bool]:
        if type(key) is not str:
            raise TypeError(f"cache keys must be str, not {type(key).__name__}")
        return key, True

    def get(self, key: Any, raw: bool) -> Any:
        # raw=False means a pickled key: refuse it, return an opaque marker instead
        return key if raw and type(key) is str else "<refused non-text key>"

    def store(self, value: Any, read: bool, key: Any = UNKNOWN) -> tuple[int, int, str | None, Any]:
        if read or type(value) is not str:
            raise TypeError("the cache stores JSON text only")
        return 0, MODE_RAW, None, value

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if read:
            return _REFUSED
        if mode == MODE_RAW and type(value) is str:
            return value
        if mode == MODE_TEXT and filename:  # written by an older layout; plain text is still safe to read
            with open(os.path.join(self._directory, filename), encoding="utf-8") as f:
                return f.read()
        return _REFUSED  # MODE_PICKLE, MODE_BINARY, raw blobs: never deserialised

    def filename(self, key: Any = UNKNOWN, value: Any = UNKNOWN) -> tuple[str, str]:
        raise TypeError("the cache keeps values inline; it never writes side files")


def canonical_json(parts: Any) -> str:
    """Sorted keys, no ASCII escaping, no spaces: the same input always gives the same text."""
    return json.dumps(_nfc(parts), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _nfc(obj: Any) -> Any:
    """NFC-normalise every string, so canonically equal texts share a key."""
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, dict):
        return {_nfc(k): _nfc(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_nfc(v) for v in obj]
    return obj


def ensure_private_dir(path: Path) -> None:
    """Create `path` with mode 0700, or tighten it to 0700 if it exists with looser permissions."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, 0o700)


class ResultCache:
    """Validated results keyed by a SHA-256 of canonical JSON; thread- and process-safe (SQLite/WAL)."""

    def __init__(self, settings: Settings) -> None:
        self.directory = Path(settings.cache_dir).expanduser()
        self.size_limit = int(settings.cache_size_limit)
        self.enabled = bool(settings.use_cache)
        self.disabled_reason: str | None = None if self.enabled else "disabled by settings"
        self.hits = 0
        self.misses = 0
        self.refused = 0
        self._lock = threading.Lock()
        self._warned: set[str] = set()
        self._cache: diskcache.Cache | None = None
        if self.enabled:
            self._open()

    # -- keys ---------------------------------------------------------------------------------

    @staticmethod
    def key(parts: dict[str, Any]) -> str:
        """SHA-256 hex of the canonical JSON of everything that shapes the result."""
        return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()

    # -- reading and writing ------------------------------------------------------------------

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored dict, or None on a miss, a refused entry, or when the cache is off."""
        cache = self._cache
        if cache is None:
            return None
        try:
            raw = cache.get(key, default=None)
        except diskcache.Timeout:
            self._busy()
            return None
        except (OSError, sqlite3.Error) as e:
            self._fail(e)
            return None
        value = self._decode(key, raw)
        with self._lock:
            if value is None:
                self.misses += 1
            else:
                self.hits += 1
        return value

    def set(self, key: str, value: dict[str, Any]) -> None:
        """Store a JSON-serialisable dict; anything else is a programming error (TypeError)."""
        if not isinstance(value, dict):
            raise TypeError("ResultCache stores dicts (JSON objects) only")
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        cache = self._cache
        if cache is None:
            return
        try:
            cache.set(key, text)
        except diskcache.Timeout:
            self._busy()
        except (OSError, sqlite3.Error) as e:
            self._fail(e)

    def _decode(self, key: str, raw: Any) -> dict[str, Any] | None:
        if raw is None:
            return None
        if raw is not _REFUSED:
            try:
                value = json.loads(raw)
            except ValueError:
                value = None
            if isinstance(value, dict):
                return value
        with self._lock:
            self.refused += 1
        self._warn(
            "refused",
            f"summarizer: warning: cache entry {key[:12]}… in {self.directory} is not JSON "
            "(possibly planted); ignored and never unpickled",
        )
        return None

    # -- maintenance --------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Entries, bytes on disk, directory, and hit/miss counts (this process and stored totals)."""
        info: dict[str, Any] = {
            "directory": str(self.directory),
            "enabled": self._cache is not None,
            "disabled_reason": self.disabled_reason,
            "entries": 0,
            "size": 0,
            "size_limit": self.size_limit,
            "hits": self.hits,
            "misses": self.misses,
            "refused": self.refused,
        }
        cache = self._cache
        if cache is None:
            return info
        try:
            info["entries"] = len(cache)
            info["size"] = int(cache.volume())
            stored_hits, stored_misses = cache.stats()
            info["stored_hits"], info["stored_misses"] = int(stored_hits), int(stored_misses)
        except (OSError, sqlite3.Error, diskcache.Timeout) as e:
            self._fail(e)
        return info

    def clear(self) -> int:
        """Remove every entry; returns how many were removed."""
        cache = self._cache
        if cache is None:
            return 0
        try:
            removed = int(cache.clear(retry=True))
            cache.stats(reset=True)
            return removed
        except (OSError, sqlite3.Error, diskcache.Timeout) as e:
            self._fail(e)
            return 0

    def check(self) -> list[str]:
        """diskcache's consistency check (SQLite integrity, counts, sizes); an empty list means healthy.

        Values live inline, so files diskcache does not know (endpoints.json of the client, for
        one) are not inconsistencies; and it never "fixes" by deleting them.
        """
        cache = self._cache
        if cache is None:
            return []
        benign = (diskcache.core.UnknownFileWarning, diskcache.core.EmptyDirWarning)
        try:
            found = cache.check(fix=False, retry=True)
        except (OSError, sqlite3.Error) as e:
            return [f"{type(e).__name__}: {e}"]
        return [str(w.message) for w in found if not issubclass(w.category, benign)]

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()

    # -- degrading ----------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            ensure_private_dir(self.directory)
            self._cache = diskcache.Cache(
                str(self.directory),
                timeout=_SQLITE_TIMEOUT,
                disk=JSONOnlyDisk,
                size_limit=self.size_limit,
                statistics=1,
                disk_min_file_size=_INLINE_LIMIT,
            )
            db = self.directory / diskcache.core.DBNAME
            if db.exists() and stat.S_IMODE(db.stat().st_mode) & 0o077:
                os.chmod(db, 0o600)
        except (OSError, sqlite3.Error, diskcache.Timeout) as e:
            self._cache = None
            self._fail(e)

    def _fail(self, error: BaseException) -> None:
        """Switch the cache off for this process and say so once; the run goes on without it."""
        cache, self._cache = self._cache, None
        if cache is not None:
            try:
                cache.close()
            except Exception:  # closing a broken cache must not fail the run either
                pass
        self.disabled_reason = f"{type(error).__name__}: {error}"
        self._warn(
            "fail",
            f"summarizer: warning: cache at {self.directory} is not usable "
            f"({self.disabled_reason}); continuing without a cache",
        )

    def _busy(self) -> None:
        """Another process held the database past the timeout: skip this one operation, keep the cache."""
        self._warn(
            "busy",
            f"summarizer: warning: cache at {self.directory} was busy for {_SQLITE_TIMEOUT:.0f} s; "
            "skipped one cache operation",
        )

    def _warn(self, kind: str, message: str) -> None:
        with self._lock:
            if kind in self._warned:
                return
            self._warned.add(kind)
        print(message, file=sys.stderr, flush=True)

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

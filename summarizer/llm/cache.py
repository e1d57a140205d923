"""Disk cache of validated LLM results: JSON text only, never pickles, in a private directory.

diskcache unpickles stored values by default (CVE-2025-69872): anyone who can write the cache
directory could run code in our process. `JSONOnlyDisk` stores JSON text and refuses every other
storage mode, so a planted pickle entry is a miss (with a warning), never loaded; `check` names such
entries and `stats` counts them apart.

A folder we create is private (0700). A folder that already exists is never re-moded (it may be a
shared folder the user pointed us at, or a symlink to one): if it is open to others we say so once.

The cache is a convenience, never a reason to fail a run: if the directory cannot be created or
written, or the disk is full, the cache switches itself off with one warning on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
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

_SQLITE_TIMEOUT = 10.0  # seconds a busy database is waited for before one operation gives up
_INLINE_LIMIT = 1 << 30  # values live in SQLite rows, never side files (no orphan files after a kill)
DB_FILES = (diskcache.core.DBNAME, f"{diskcache.core.DBNAME}-wal", f"{diskcache.core.DBNAME}-shm")
# The retrieval index (summarizer.qa.index) keeps its folders here, inside the cache folder.
INDEX_DIRNAME = "archive"  # the retrieval archive kept beside the cache (summarizer.qa.corpus)
OLD_INDEX_DIRNAMES = ("index",)  # where earlier versions kept the index: counted and cleared too
# An entry that is stored raw as text holding a JSON object is ours; anything else is refused.
_SQL_NOT_OURS = (
    f"NOT (mode = {MODE_RAW} AND typeof(value) = 'text' AND json_valid(value) "
    "AND json_type(value) = 'object')"
)


class RefusedEntry(OSError):
    """A stored value that is not JSON text. An OSError, so diskcache counts the read as a miss."""


class JSONOnlyDisk(diskcache.Disk):
    """A diskcache Disk that reads and writes only str keys and JSON text values; it never unpickles.

    `fetch` parses the JSON itself and raises RefusedEntry for anything else, so diskcache's own
    statistics count a refused read as a miss, never as a hit; `refused` says which thread saw one.
    """

    def __init__(self, directory: str, **kwargs: Any) -> None:
        super().__init__(directory, **kwargs)
        self.refused = threading.local()

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
        text: str | None = None
        if read:
            pass
        elif mode == MODE_RAW and type(value) is str:
            text = value
        elif mode == MODE_TEXT and filename:  # written by an older layout; plain text is safe to read
            with open(os.path.join(self._directory, filename), encoding="utf-8") as f:
                text = f.read()
        parsed: Any = None
        if text is not None:  # MODE_PICKLE, MODE_BINARY, raw blobs: never deserialised
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
        if not isinstance(parsed, dict):
            self.refused.flag = True
            raise RefusedEntry("not a JSON object")
        return parsed

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


def ensure_private_dir(path: Path) -> str | None:
    """Create `path` (and any missing parent) with mode 0700; never change an existing folder.

    Returns a warning when the folder (after following symlinks) is open to group or others: we did
    not create it, so its mode is the owner's decision, but entries there may be read or planted.
    """
    missing: list[Path] = []
    here = path
    while not here.exists() and not here.is_symlink() and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # another process made it first: it is then not ours to re-mode
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask; a folder we made is private
    mode = stat.S_IMODE(path.stat().st_mode)
    if not path.is_dir():
        raise NotADirectoryError(f"not a folder: {path}")
    if mode & 0o077 and not missing:
        return (
            f"summarizer: warning: cache folder {path} is open to others (mode {mode:o}); "
            f"its entries can be read or replaced by them (chmod 700 {path} makes it private)"
        )
    return None


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
        self._open_error: BaseException | None = None  # why the database could not be opened
        self.reset = False  # set by clear(): a corrupt database was replaced by a new one
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
        disk = cache.disk
        assert isinstance(disk, JSONOnlyDisk)
        disk.refused.flag = False
        try:
            value = cache.get(key, default=None)
        except diskcache.Timeout:
            self._busy()
            return None
        except (OSError, sqlite3.Error) as e:
            self._fail(e)
            return None
        if disk.refused.flag:
            self._refuse(key)
        with self._lock:
            if isinstance(value, dict):
                self.hits += 1
                return value
            self.misses += 1
        return None

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

    def _refuse(self, key: str) -> None:
        with self._lock:
            self.refused += 1
        self._warn(
            "refused",
            f"summarizer: warning: cache entry {key[:12]}… in {self.directory} is not JSON "
            "(possibly planted); ignored and never unpickled",
        )

    # -- maintenance --------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Entries (and how many are refused: not JSON), bytes on disk (the database, and the
        retrieval index kept beside it), directory, and hit/miss counts (this process and stored
        totals; a refused read is a miss)."""
        info: dict[str, Any] = {
            "directory": str(self.directory),
            "enabled": self._cache is not None,
            "disabled_reason": self.disabled_reason,
            "entries": 0,
            "refused_entries": 0,
            "size": 0,
            "index_size": sum(_folder_size(d) for d in self.index_dirs),
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
            info["refused_entries"] = self._count_refused()
            info["size"] = int(cache.volume())
            stored_hits, stored_misses = cache.stats()
            info["stored_hits"], info["stored_misses"] = int(stored_hits), int(stored_misses)
        except (OSError, sqlite3.Error, diskcache.Timeout) as e:
            self._fail(e)
        return info

    @property
    def index_dir(self) -> Path:
        return self.directory / INDEX_DIRNAME

    @property
    def index_dirs(self) -> list[Path]:
        return [self.directory / name for name in (INDEX_DIRNAME, *OLD_INDEX_DIRNAMES)]

    def _count_refused(self) -> int:
        """Stored entries that are not JSON objects in text form, counted in SQL (nothing is loaded)."""
        db = self.directory / diskcache.core.DBNAME
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=_SQLITE_TIMEOUT)
        try:
            (count,) = con.execute(f"SELECT COUNT(*) FROM Cache WHERE {_SQL_NOT_OURS}").fetchone()
        finally:
            con.close()
        return int(count)

    @property
    def corrupt(self) -> bool:
        """The database file exists but SQLite cannot read it (not a database, malformed)."""
        e = self._open_error
        return isinstance(e, sqlite3.DatabaseError) and not isinstance(e, sqlite3.OperationalError)

    def clear(self) -> int:
        """Remove every entry and the retrieval index; returns how many entries were removed.

        A corrupt database cannot be emptied entry by entry: its files are removed and a new one
        is created (0 is returned; `reset` is then True). Other files in the folder are kept.
        """
        self.reset = False
        if self._cache is None and self.corrupt:
            for name in DB_FILES:
                (self.directory / name).unlink(missing_ok=True)
            self._warned.discard("fail")
            self._open()
            self.reset = self._cache is not None
        for folder in self.index_dirs:
            shutil.rmtree(folder, ignore_errors=True)
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
        """Problems found; an empty list means healthy. A cache that cannot be opened is a problem;
        so is every stored entry that is not JSON (a planted pickle: never loaded, even here);
        then diskcache's consistency check (SQLite integrity, counts, sizes).

        Values live inline, so files diskcache does not know (endpoints.json of the client, the
        retrieval index) are not inconsistencies; and it never "fixes" by deleting them.
        """
        cache = self._cache
        if cache is None:
            if self._open_error is not None:
                hint = " (`summarizer cache clear` resets it)" if self.corrupt else ""
                return [f"cannot open the cache: {self.disabled_reason}{hint}"]
            return []
        benign = (diskcache.core.UnknownFileWarning, diskcache.core.EmptyDirWarning)
        problems: list[str] = []
        try:
            refused = self._count_refused()
            found = cache.check(fix=False, retry=True)
        except (OSError, sqlite3.Error) as e:
            return [f"{type(e).__name__}: {e}"]
        if refused:
            noun = "entry is" if refused == 1 else "entries are"
            problems.append(
                f"{refused} {noun} not JSON (possibly planted; never loaded; `summarizer cache clear` removes them)"
            )
        return problems + [str(w.message) for w in found if not issubclass(w.category, benign)]

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()

    # -- degrading ----------------------------------------------------------------------------

    def _open(self) -> None:
        self._open_error = None
        try:
            warning = ensure_private_dir(self.directory)
            if warning:
                self._warn("open", warning)
            self._cache = diskcache.Cache(
                str(self.directory),
                timeout=_SQLITE_TIMEOUT,
                disk=JSONOnlyDisk,
                size_limit=self.size_limit,
                statistics=1,
                disk_min_file_size=_INLINE_LIMIT,
            )
            db = self.directory / diskcache.core.DBNAME
            if db.is_file() and not db.is_symlink() and stat.S_IMODE(db.stat().st_mode) & 0o077:
                os.chmod(db, 0o600)  # our own file, not a folder: results stay private
        except (OSError, sqlite3.Error, diskcache.Timeout) as e:
            self._cache = None
            self._open_error = e
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


def _folder_size(folder: Path) -> int:
    """Bytes of the files under folder (0 when it does not exist); symlinks are not followed."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                continue
    return total

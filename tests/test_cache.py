"""ResultCache: JSON only (planted pickles are never loaded), private directory, canonical keys,
degrading to no-cache when the directory or disk fails, and safe under concurrent processes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import diskcache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.config import Settings
from summarizer.llm.cache import ResultCache, canonical_json


def make_cache(path: Path, **kw: Any) -> ResultCache:
    return ResultCache(Settings(cache_dir=path, **kw))


class Canary:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (Path(self.path).touch, ())


# -- storage format ---------------------------------------------------------------------------


def test_round_trip_and_json_only_storage(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "c")
    key = cache.key({"engine": "llm", "text": "工会收集了147个作品"})
    value = {"summary": "工会收集了147个作品。", "key_figures": [{"value": 147, "unit": "个"}], "x": 1.5}
    assert cache.get(key) is None
    cache.set(key, value)
    assert cache.get(key) == value
    cache.close()
    # what is on disk is JSON text in the row, stored raw, with no side files
    con = sqlite3.connect(tmp_path / "c" / "cache.db")
    rows = con.execute("SELECT key, raw, mode, filename, typeof(value), value FROM Cache").fetchall()
    con.close()
    assert rows == [(key, 1, diskcache.core.MODE_RAW, None, "text", rows[0][5])]
    assert json.loads(rows[0][5]) == value
    assert "工会" in rows[0][5]  # ensure_ascii=False: Chinese stored as text
    files = {p.name for p in (tmp_path / "c").rglob("*") if p.is_file()}
    assert files <= {"cache.db", "cache.db-wal", "cache.db-shm"}


def test_non_dict_values_are_rejected(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "c")
    with pytest.raises(TypeError):
        cache.set("k", ["not", "a", "dict"])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cache.set("k", {"bad": float("nan")})  # not JSON


@pytest.mark.parametrize("min_file_size", [2**20, 0], ids=["inline", "side-file"])
def test_planted_pickle_is_refused_never_unpickled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], min_file_size: int
) -> None:
    cdir = tmp_path / "c"
    canary = tmp_path / "canary"
    cache = make_cache(cdir)
    key = cache.key({"article": "x"})
    cache.set(cache.key({"other": 1}), {"ok": True})
    # an attacker with write access plants a pickle under a real key using stock diskcache
    with diskcache.Cache(str(cdir), disk_min_file_size=min_file_size) as evil:
        evil.set(key, Canary(str(canary)))
        assert not canary.exists()  # planting itself does not run it
    assert cache.get(key) is None
    assert not canary.exists(), "the planted pickle was unpickled"
    err = capsys.readouterr().err
    assert err.count("never unpickled") == 1 and key[:12] in err
    assert cache.get(cache.key({"other": 1})) == {"ok": True}  # the rest of the cache still works
    # a fresh ResultCache (new process state) refuses it too, and stats/check do not load it
    again = make_cache(cdir)
    assert again.get(key) is None and again.stats()["refused"] == 1
    problems = again.check()
    assert not canary.exists()
    assert len(problems) == 1 and "1 entry is not JSON" in problems[0]
    stats = again.stats()
    assert stats["refused_entries"] == 1 and stats["entries"] == 2
    # two refused reads in all: counted as misses, never as hits
    assert (stats["stored_hits"], stats["stored_misses"]) == (1, 2)
    again.close()


def test_planted_non_json_text_and_blob_are_misses(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "c")
    k1, k2, k3 = (cache.key({"i": i}) for i in range(3))
    cache.set(k3, {"fine": 1})
    with diskcache.Cache(str(tmp_path / "c")) as plain:
        plain.set(k1, "not json {")
        plain.set(k2, b"\x80\x04binary")
    assert cache.get(k1) is None and cache.get(k2) is None
    assert cache.get(k3) == {"fine": 1}


# -- directory --------------------------------------------------------------------------------


def test_new_directory_is_private(tmp_path: Path) -> None:
    cdir = tmp_path / "new" / "cache"
    make_cache(cdir).set("k", {"v": 1})
    assert stat.S_IMODE(cdir.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700  # a parent we created, too


@pytest.mark.parametrize("via_symlink", [False, True], ids=["folder", "symlink"])
def test_existing_folder_mode_is_never_changed_but_an_open_one_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], via_symlink: bool
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp: a folder the user did not create for us
    target = shared
    if via_symlink:
        target = tmp_path / "link"
        target.symlink_to(shared)
    cache = make_cache(target)
    cache.set("k", {"v": 1})
    assert cache.get("k") == {"v": 1}
    cache.close()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "open to others" in err and "1777" in err
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    make_cache(private).close()
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert "warning" not in capsys.readouterr().err  # a private folder is not warned about


def test_unusable_directory_degrades_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    cache = make_cache(blocker / "cache")
    for i in range(5):
        cache.set(f"k{i}", {"v": i})
        assert cache.get(f"k{i}") is None
    s = cache.stats()
    assert s["enabled"] is False and "NotADirectory" in s["disabled_reason"]
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "continuing without a cache" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only directory")
def test_read_only_directory_degrades(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cdir = tmp_path / "ro"
    cdir.mkdir(mode=0o500)
    cache = make_cache(cdir)
    cache.set("k", {"v": 1})
    assert cache.get("k") is None
    assert capsys.readouterr().err.count("warning") == 1


FULL_DISK_SCRIPT = textwrap.dedent(
    """
    import resource, signal, sys
    from summarizer.llm.cache import ResultCache
    from summarizer.config import Settings
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)    # a write past the limit fails with EFBIG, like ENOSPC
    cache = ResultCache(Settings(cache_dir=sys.argv[1]))
    cache.set("first", {"v": 0})
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))
    for i in range(300):
        cache.set(f"k{i}", {"v": i, "pad": "数" * 4000})
        cache.get(f"k{i}")
    print("finished", cache.stats()["enabled"])
    """
)


def test_full_disk_degrades_instead_of_failing(tmp_path: Path) -> None:
    """A real write failure from SQLite (file size limit standing in for a full disk)."""
    proc = subprocess.run(
        [sys.executable, "-c", FULL_DISK_SCRIPT, str(tmp_path / "c")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "finished False"
    assert proc.stderr.count("warning") == 1 and "continuing without a cache" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_cache_setting_is_a_no_op(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "c", use_cache=False)
    cache.set("k", {"v": 1})
    assert cache.get("k") is None
    assert not (tmp_path / "c").exists()


# -- keys -------------------------------------------------------------------------------------

BASE_PARTS = {
    "engine": "llm",
    "base_url": "http://127.0.0.1:8000/v1",
    "model": "m1",
    "prompt_id": "summarize.v1",
    "prompt_hash": "abc",
    "schema_hash": "def",
    "params": {"temperature": 0.0, "max_tokens": 1024},
    "text": "牡丹江市总工会收集了147个参赛作品。",
}


def test_key_is_sha256_of_canonical_json() -> None:
    import hashlib

    parts = {"b": [1, "二"], "a": {"y": 0.5, "x": "中文"}}
    written = '{"a":{"x":"中文","y":0.5},"b":[1,"二"]}'  # sorted keys, raw UTF-8, no spaces
    assert canonical_json(parts) == written
    assert ResultCache.key(parts) == hashlib.sha256(written.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("part", sorted(BASE_PARTS))
def test_key_changes_with_each_input_part(part: str) -> None:
    changed: dict[str, Any] = dict(BASE_PARTS)
    value = changed[part]
    changed[part] = {**value, "temperature": 0.5} if isinstance(value, dict) else value + "x"
    assert ResultCache.key(changed) != ResultCache.key(BASE_PARTS)


def test_key_normalises_unicode_to_nfc() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    assert ResultCache.key({"t": composed}) == ResultCache.key({"t": decomposed})


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(max_size=5), st.text(max_size=20) | st.integers()),
    st.text(min_size=1, max_size=5),
)
def test_key_distinguishes_different_dicts(parts: dict, extra: str) -> None:
    other = {**parts, extra: "!"} if parts.get(extra) != "!" else {**parts, extra: "?"}
    assert ResultCache.key(parts) != ResultCache.key(other)
    assert canonical_json(parts) == canonical_json(dict(reversed(list(parts.items()))))  # the text itself


# -- maintenance ------------------------------------------------------------------------------


def test_stats_and_clear(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "c", cache_size_limit=50_000_000)
    for i in range(10):
        cache.set(f"k{i}", {"v": i})
    cache.get("k1")
    cache.get("missing")
    s = cache.stats()
    assert s["entries"] == 10 and s["size"] > 0 and s["size_limit"] == 50_000_000
    assert (s["hits"], s["misses"]) == (1, 1)
    assert s["directory"] == str(tmp_path / "c")
    assert cache.clear() == 10
    assert cache.stats()["entries"] == 0 and cache.get("k1") is None


def test_size_limit_evicts(tmp_path: Path) -> None:
    cache = make_cache(tmp_path / "c", cache_size_limit=200_000)
    for i in range(400):
        cache.set(f"k{i}", {"pad": "x" * 2000, "i": i})
    assert cache.stats()["entries"] < 400
    assert cache.get("k399") == {"pad": "x" * 2000, "i": 399}


# -- concurrency ------------------------------------------------------------------------------

WORKER_SCRIPT = textwrap.dedent(
    """
    import hashlib, json, random, sys
    from summarizer.llm.cache import ResultCache
    from summarizer.config import Settings
    directory, worker, ops = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    cache = ResultCache(Settings(cache_dir=directory))
    rng = random.Random(worker)
    bad = 0
    for n in range(ops):
        k = f"key{rng.randrange(40)}"
        if rng.random() < 0.5:
            body = {"key": k, "worker": worker, "n": n, "pad": "字" * rng.randrange(1, 3000)}
            body["sum"] = hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
            cache.set(k, body)
        else:
            v = cache.get(k)
            if v is not None:
                s = v.pop("sum", None)
                ok = v.get("key") == k and s == hashlib.sha256(
                    json.dumps(v, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
                bad += not ok
        if n == 50:
            print("running", flush=True)
    print(json.dumps({"bad": bad, "enabled": cache.stats()["enabled"]}), flush=True)
    """
)


@pytest.mark.timeout(60)
def test_four_processes_one_killed(tmp_path: Path) -> None:
    cdir = tmp_path / "shared"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER_SCRIPT, str(cdir), str(w), "500"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    victim = procs[3]
    assert victim.stdout is not None
    assert victim.stdout.readline().strip() == "running"  # mid-run: 50 operations done
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL
    assert '"bad"' not in victim.stdout.read()  # it really died mid-run, before its last line
    for p in procs[:3]:
        out, err = p.communicate(timeout=45)
        assert p.returncode == 0, err
        result = json.loads(out.strip().splitlines()[-1])
        assert result == {"bad": 0, "enabled": True}, err
        assert "warning" not in err
    cache = make_cache(cdir)
    assert cache.check() == []
    for i in range(40):
        v = cache.get(f"key{i}")
        assert v is None or (v["key"] == f"key{i}" and "sum" in v)


def test_check_finds_real_inconsistencies_and_ignores_foreign_files(tmp_path: Path) -> None:
    cdir = tmp_path / "c"
    cache = make_cache(cdir)
    cache.set("k", {"v": 1})
    (cdir / "endpoints.json").write_text("{}")  # the client's own file lives here too
    assert cache.check() == []
    assert (cdir / "endpoints.json").exists()  # and check never deletes it
    con = sqlite3.connect(cdir / "cache.db")
    con.execute("UPDATE Settings SET value = 99 WHERE key = 'count'")
    con.commit()
    con.close()
    problems = make_cache(cdir).check()
    assert len(problems) == 1 and "count" in problems[0]


def test_check_reports_a_corrupt_database_and_clear_resets_it(tmp_path: Path) -> None:
    cdir = tmp_path / "c"
    make_cache(cdir).set("k", {"v": 1})
    (cdir / "cache.db").write_bytes(b"this is not an SQLite database" * 100)
    for name in ("cache.db-wal", "cache.db-shm"):
        (cdir / name).unlink(missing_ok=True)
    (cdir / "endpoints.json").write_text("{}")
    broken = make_cache(cdir)
    problems = broken.check()
    assert problems and "not a database" in problems[0]
    assert broken.clear() == 0  # nothing could be counted, but the database is reset
    assert broken.stats()["enabled"] is True
    broken.set("k2", {"v": 2})
    assert make_cache(cdir).get("k2") == {"v": 2} and make_cache(cdir).check() == []
    assert (cdir / "endpoints.json").exists()  # a reset removes only the database files


def test_stats_count_the_index_folder_and_clear_removes_it(tmp_path: Path, seed_path: Path) -> None:
    from summarizer.qa.corpus import load_corpus
    from summarizer.qa.index import Index

    cdir = tmp_path / "c"
    cache = make_cache(cdir)
    cache.set("k", {"v": 1})
    before = cache.stats()
    assert before["index_size"] == 0
    corpus = load_corpus([seed_path])
    Index.open(corpus, cdir, corpus.fingerprint)  # the retrieval index, kept next to the cache
    index_files = [p for p in cdir.rglob("*") if p.is_file() and not p.name.startswith("cache.db")]
    assert index_files
    on_disk = sum(p.stat().st_size for p in index_files)
    after = cache.stats()
    assert after["index_size"] == on_disk
    assert cache.clear() == 1
    assert not [p for p in cdir.rglob("*") if p.is_file() and not p.name.startswith("cache.db")]
    assert cache.stats()["index_size"] == 0

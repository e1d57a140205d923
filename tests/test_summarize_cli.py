"""`summarizer summarize` and `summarizer cache` from the command line (offline engine unless stated)."""

from __future__ import annotations

import fcntl
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.config import OFFLINE_NOTICE, Settings
from summarizer.llm.cache import ResultCache


def segment_json(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["segment", str(path), "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_summarize_seed_folder_writes_both_outputs(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    segments = segment_json(seed_path, capsys)
    out = tmp_path / "out"
    assert main(["summarize", str(seed_path.parent), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert OFFLINE_NOTICE in err.splitlines()  # the one-line offline notice
    assert f"wrote {out / 'summaries.jsonl'} and {out / 'digest.md'}" in err
    assert f"{len(segments)} new" in err and "0 failed" in err
    rows = [json.loads(line) for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [{k: r[k] for k in segments[0]} for r in rows] == segments  # same articles as `segment --json`
    for r in rows:
        assert r["engine"] == "offline" and r["summary"] and 1 <= len(r["key_points"]) <= 5
        for fig in r["key_figures"]:
            assert set(fig) >= {"value", "unit", "about", "quote"} and fig["quote"] in r["text"]
    digest = (out / "digest.md").read_text(encoding="utf-8")
    assert all(s["title"] in digest for s in segments)


def test_rerun_reports_everything_already_done(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["summarize", str(seed_path), "--out", str(out)]) == 0
    first = (out / "summaries.jsonl").read_bytes()
    n = first.count(b"\n")
    capsys.readouterr()
    assert main(["summarize", str(seed_path), "--out", str(out)]) == 0
    assert f"0 new, {n} already done" in capsys.readouterr().err
    assert (out / "summaries.jsonl").read_bytes() == first


def test_force_redoes_everything_without_duplicates(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    other = tmp_path / "other.txt"
    other.write_bytes(seed_path.read_bytes())
    assert main(["summarize", str(seed_path), str(other), "--out", str(out)]) == 0
    n = (out / "summaries.jsonl").read_bytes().count(b"\n") // 2
    capsys.readouterr()
    assert main(["summarize", str(seed_path), "--out", str(out), "--force"]) == 0
    assert f"{n} new, 0 already done" in capsys.readouterr().err
    rows = [json.loads(line) for line in (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 * n and len({r["result_key"] for r in rows}) == 2 * n
    assert [r["page"] for r in rows] == [seed_path.name] * n + [
        "other.txt"
    ] * n  # the other input's rows kept


def test_force_keeps_the_mode_of_summaries(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    old_umask = os.umask(0o022)
    try:
        assert main(["summarize", str(seed_path), "--out", str(out)]) == 0
        summaries = out / "summaries.jsonl"
        assert stat.S_IMODE(summaries.stat().st_mode) == 0o644
        assert main(["summarize", str(seed_path), "--out", str(out), "--force"]) == 0
        assert stat.S_IMODE(summaries.stat().st_mode) == 0o644
        os.chmod(summaries, 0o640)  # a mode the user chose is kept too
        assert main(["summarize", str(seed_path), "--out", str(out), "--force"]) == 0
        assert stat.S_IMODE(summaries.stat().st_mode) == 0o640
        assert stat.S_IMODE((out / "digest.md").stat().st_mode) == 0o644
    finally:
        os.umask(old_umask)


@contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """A folder nobody may create files in: mode 0555, and (as root, who ignores modes) immutable."""
    path.mkdir()
    os.chmod(path, 0o555)
    immutable = False
    try:
        if os.access(path, os.W_OK):  # root: the mode alone does not stop it
            immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
            probe = path / ".probe"
            try:
                probe.touch()
            except OSError:
                pass
            else:
                probe.unlink()
                pytest.skip("cannot make a read-only folder here")
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        os.chmod(path, 0o755)


def test_out_in_a_read_only_folder_is_one_line(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_only_folder(tmp_path / "ro") as ro:
        assert main(["summarize", str(seed_path), "--out", str(ro)]) == 2
        err = capsys.readouterr().err
        assert f"{ro}" in err and "cannot write" in err and "internal error" not in err
        assert err.strip().splitlines()[-1].startswith("summarizer: error:")
        assert main(["summarize", str(seed_path), "--out", str(ro / "sub")]) == 2
        assert "cannot create the output folder" in capsys.readouterr().err


def test_engine_line_never_shows_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.commands.common import announce_engine

    url = "https://alice:s3cret-pw@llm.example.com:8443/v1?api_key=sk-hidden&region=eu"
    announce_engine(Settings(engine="llm", base_url=url, model="m1"))
    err = capsys.readouterr().err
    assert "llm.example.com:8443/v1" in err and "m1" in err
    assert "s3cret" not in err and "alice" not in err and "sk-hidden" not in err


def test_bad_file_exits_non_zero_but_keeps_the_rest(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_bytes(seed_path.read_bytes())
    (pages / "bad.txt").write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "out"
    assert main(["summarize", str(pages), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err and "binary" in err and "Traceback" not in err
    rows = (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    assert rows and all(json.loads(r)["page"] == "good.txt" for r in rows)


def test_missing_path_alone_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "no such file" in err and "nothing changed" in err
    assert not (tmp_path / "out").exists()


def test_a_second_run_on_the_same_out_dir_is_refused(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".summarize.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running `summarize` holds it
    try:
        assert main(["summarize", str(seed_path), "--out", str(out)]) == 2
        assert "another `summarizer summarize` is writing here" in capsys.readouterr().err
    finally:
        os.close(fd)
    assert not (out / "summaries.jsonl").exists()


def test_llm_engine_without_model_is_a_config_error(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(seed_path), "--engine", "llm", "--out", str(tmp_path / "o")]) == 2
    assert "needs a model" in capsys.readouterr().err


def test_console_script_runs_as_a_process(seed_path: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", str(seed_path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "wrote" in proc.stderr  # reports go to stderr, stdout stays clean


# -- cache command ------------------------------------------------------------------------------


def test_cache_stats_and_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cdir = tmp_path / "c"
    cache = ResultCache(Settings(cache_dir=cdir))
    for i in range(3):
        cache.set(cache.key({"i": i}), {"v": i})
    cache.close()
    assert main(["cache", "stats", "--cache-dir", str(cdir), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["entries"] == 3 and stats["directory"] == str(cdir)
    assert main(["cache", "stats", "--cache-dir", str(cdir)]) == 0
    assert "entries:   3" in capsys.readouterr().out
    assert main(["cache", "check", "--cache-dir", str(cdir)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["cache", "clear", "--cache-dir", str(cdir)]) == 0
    assert "removed 3 entries" in capsys.readouterr().out
    assert ResultCache(Settings(cache_dir=cdir)).stats()["entries"] == 0


def test_cache_uses_the_environment_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["directory"] == os.environ["SUMMARIZER_CACHE_DIR"]


def test_cache_on_an_unusable_directory_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["cache", "stats", "--cache-dir", str(blocker / "c")]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("warning") == 1 and "off (" in captured.out


def test_cache_check_text_and_exit_code_agree_on_a_broken_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cdir = tmp_path / "c"
    ResultCache(Settings(cache_dir=cdir)).close()
    (cdir / "cache.db").write_bytes(b"garbage, not SQLite" * 64)
    assert main(["cache", "check", "--cache-dir", str(cdir)]) == 1
    out = capsys.readouterr().out
    assert "ok" not in out.split() and "problem" in out and "not a database" in out
    assert main(["cache", "clear", "--cache-dir", str(cdir)]) == 0  # a corrupt database is reset
    assert "reset" in capsys.readouterr().out
    assert main(["cache", "check", "--cache-dir", str(cdir)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(": ok")


def test_cache_check_and_stats_name_planted_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import diskcache

    cdir = tmp_path / "c"
    cache = ResultCache(Settings(cache_dir=cdir))
    cache.set(cache.key({"i": 1}), {"v": 1})
    cache.close()
    with diskcache.Cache(str(cdir)) as plain:
        plain.set("planted", {"a pickled": "dict"})
    assert main(["cache", "check", "--cache-dir", str(cdir)]) == 1
    out = capsys.readouterr().out
    assert "1 entry is not JSON" in out and "ok" not in out.split()
    assert main(["cache", "stats", "--cache-dir", str(cdir)]) == 0
    assert "entries:   2 (1 refused: not JSON, never loaded)" in capsys.readouterr().out

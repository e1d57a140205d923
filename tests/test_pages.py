"""Reading page files (encodings, bad input) and the `summarizer segment` command's contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.segment import segment_page
from summarizer.segment.pages import decode_page, iter_page_files, read_page
from summarizer.text import squash
from tests.conftest import SEGMENT_CONTRACT_KEYS

PAGE = "本报讯 （记者黄榆）近日，云南省首届云岭工匠论坛在昭通\n\n举行，工匠代表齐聚一堂。\n\n云南省首届云岭工匠论坛举办\n"


# ---------------------------------------------------------------------------------------------
# decode_page / read_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b" \n\r\n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(1, 32)) * 200, "binary"),
        ("café résumé naïve".encode("latin-1"), "not UTF-8 or GB18030"),
    ],
)
def test_bad_bytes_are_one_clear_input_error_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as e:
        decode_page(data, "pages/bad.txt")
    assert "pages/bad.txt" in str(e.value) and message in str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("gbk"),
        lambda s: s.encode("gb18030"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-le"),
        lambda s: s.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom", "utf16le-nobom", "utf16be-nobom"],
)
def test_every_supported_encoding_decodes_to_the_same_text(encode) -> None:
    assert decode_page(encode(PAGE), "p.txt") == PAGE


def test_the_seed_read_as_gbk_segments_like_the_utf8_seed(seed_text: str) -> None:
    utf8 = segment_page(decode_page(seed_text.encode("utf-8"), "s.txt"), "s.txt")
    gbk = segment_page(decode_page(seed_text.encode("gb18030"), "s.txt"), "s.txt")
    assert [a.segment_record() for a in gbk] == [a.segment_record() for a in utf8]
    assert len(gbk) == 13


def test_mixed_line_endings_become_newlines() -> None:
    data = "第一行\r\n第二行\r第三行\n第四行".encode()
    assert decode_page(data, "m.txt") == "第一行\n第二行\n第三行\n第四行"


def test_a_few_damaged_utf8_bytes_stay_utf8_instead_of_mojibake() -> None:
    raw = PAGE.encode("utf-8")
    text = decode_page(raw[:-2] + b"\xe4", "cut.txt")  # truncated mid-character
    assert text.startswith("本报讯 （记者黄榆）") and "\ufffd" in text


def test_read_page_refuses_a_file_over_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(PAGE.encode() * 200)
    with pytest.raises(InputError, match=r"big\.txt.*over the page limit"):
        read_page(big, max_bytes=1000)
    assert read_page(big).startswith("本报讯")


def test_unreadable_and_missing_paths_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_page(tmp_path)  # a directory where a file was expected
    with pytest.raises(InputError, match="no such file"):
        list(iter_page_files([tmp_path / "missing.txt"]))
    with pytest.raises(InputError, match="cannot read"):
        read_page(tmp_path / "gone.txt")


def test_folders_expand_to_their_page_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.TXT", "sub/c.text", "notes.md"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    assert [p.name for p in iter_page_files([tmp_path])] == ["a.TXT", "b.txt", "c.text"]


# ---------------------------------------------------------------------------------------------
# `summarizer segment` through a real process


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "segment", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_segment_json_lines_contract_on_the_seed(seed_path: Path, seed_text: str, gold: dict) -> None:
    p = run_cli(str(seed_path), "--json")
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(rows) == 13
    for i, (row, g) in enumerate(zip(rows, gold["articles"], strict=True), 1):
        assert set(row) == SEGMENT_CONTRACT_KEYS
        assert row["page"] == seed_path.name and row["index"] == i
        assert squash(row["title"]) == squash(g["title"])
        assert squash(row["text"]).startswith(squash(g["first_chars"]))
        assert isinstance(row["start"], int) and isinstance(row["end"], int)
        assert squash(row["title"]) in squash(seed_text[row["start"] : row["end"]])
    assert "Traceback" not in p.stderr


def test_segment_plain_output_names_each_article(seed_path: Path) -> None:
    p = run_cli(str(seed_path))
    assert p.returncode == 0
    assert "#13] “工BA”撬动百万善款" in p.stdout and "photo" in p.stdout


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("dots.txt", "。。。\n……\n123".encode(), "no text to segment"),
        ("latin.txt", "café".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_bad_file_is_one_line_and_a_non_zero_exit(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    p = run_cli(str(f), "--json")
    assert p.returncode != 0
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and message in lines[0], p.stderr
    assert "Traceback" not in p.stderr


def test_an_oversized_file_and_a_missing_path_are_reported_but_do_not_stop_the_run(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(PAGE.encode() * 100)
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    p = run_cli(str(tmp_path / "missing.txt"), str(big), str(good), "--json", "--max-page-bytes", "2000")
    assert p.returncode == 1
    assert (
        "missing.txt: no such file" in p.stderr
        and "big.txt" in p.stderr
        and "over the page limit" in p.stderr
    )
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["page"] for r in rows] == ["good.txt"]
    assert rows[0]["title"] == "云南省首届云岭工匠论坛举办" and rows[0]["byline"] == "本报讯 （记者黄榆）"
    assert "Traceback" not in p.stderr


def test_a_folder_with_one_bad_file_still_prints_the_good_files_articles(
    tmp_path: Path, seed_text: str
) -> None:
    (tmp_path / "a_bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "b_gbk.txt").write_bytes(seed_text.encode("gbk"))
    (tmp_path / "c_crlf.txt").write_bytes(PAGE.replace("\n", "\r\n").encode("utf-8-sig"))
    p = run_cli(str(tmp_path), "--json")
    assert p.returncode == 1
    assert p.stderr.count("\n") == 1 and "a_bad.txt" in p.stderr and "binary" in p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["page"] for r in rows].count("b_gbk.txt") == 13
    assert [r["title"] for r in rows if r["page"] == "c_crlf.txt"] == ["云南省首届云岭工匠论坛举办"]
    assert "Traceback" not in p.stderr


def test_an_empty_folder_says_there_is_nothing_to_do(tmp_path: Path) -> None:
    p = run_cli(str(tmp_path))
    assert p.returncode == 2 and "no page files" in p.stderr and "Traceback" not in p.stderr

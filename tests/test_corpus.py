"""Corpus loading: pages and .jsonl articles mixed, bad lines and bad files reported, fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.qa.corpus import corpus_digest, load_corpus


def _jsonl(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_articles_fields_pages_and_order(tmp_path: Path) -> None:
    f = _jsonl(
        tmp_path / "news.jsonl",
        [
            {"title": "标题一", "text": "第一段。\n第二段，有 147个作品。", "date": "2023-11-29"},
            {"title": "标题二", "text": "别的报纸。", "source": "工人日报-第3版"},
            {"title": "标题三", "text": "又一篇。", "byline": " 记者 石岚 "},
            {"id": "x4", "title": "标题四", "text": "有编号的一篇。", "source": "工人日报-第3版"},
        ],
    )
    c = load_corpus([f])
    assert c.errors == []
    assert [a.title for a in c] == ["标题一", "标题二", "标题三", "标题四"]
    first, other, third, own_id = c
    assert first.page == "news.jsonl" and first.index == 1
    assert first.paragraphs == ["第一段。", "第二段，有 147个作品。"]
    assert first.date == "2023-11-29"
    assert other.page == "工人日报-第3版" and other.index == 1 and other.source == "工人日报-第3版"
    assert third.page == "news.jsonl" and third.index == 2  # order within its own page
    assert third.byline == "记者 石岚" and first.byline == ""  # who signed it, when the record says
    # an article's own id is what citations and --restrict name it by
    assert own_id.page == "x4" and own_id.index == 1 and own_id.source == "工人日报-第3版"
    assert len({a.id for a in c}) == 4


def test_invalid_jsonl_lines_are_reported_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    f = _jsonl(
        tmp_path / "bad.jsonl",
        [
            {"id": "1", "title": "好的", "text": "这一行没问题。"},
            "{not json",
            "[1, 2, 3]",
            {"id": "4", "title": "没有正文"},
            {"id": "5", "title": 7, "text": "标题不是字符串。"},
            "",
            {"id": "7", "title": "也好", "text": "最后一行没问题。"},
        ],
    )
    c = load_corpus([f])
    assert [a.title for a in c] == ["好的", "也好"]
    assert len(c.errors) == 4
    for line, err in zip((2, 3, 4, 5), c.errors, strict=True):
        assert err.startswith(f"{f}:{line}:"), err
        assert "skipped" in err


def test_page_files_folders_and_jsonl_mix(tmp_path: Path, seed_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_path.read_bytes())
    (folder / "notes.md").write_text("not a page", encoding="utf-8")  # not a corpus suffix: ignored
    extra = _jsonl(tmp_path / "extra.jsonl", [{"id": "e", "title": "外加", "text": "外加文章。"}])
    c = load_corpus([folder, extra])
    pages = [a.page for a in c]
    assert pages.count("seed.txt") >= 10  # the seed page holds 13 articles
    assert pages[-1] == "e"  # the .jsonl article's own id
    assert all(a.paragraphs for a in c)


def test_bad_files_do_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    _jsonl(tmp_path / "ok.jsonl", [{"id": "1", "title": "可用", "text": "可用的文章。"}])
    c = load_corpus([tmp_path, tmp_path / "missing.jsonl"])
    assert [a.title for a in c] == ["可用"]
    msgs = "\n".join(c.errors)
    assert "empty.txt" in msgs and "binary.txt" in msgs and "missing.jsonl" in msgs
    assert len(c.errors) == 3


def test_oversized_file_is_refused_by_name(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("字" * 5000, encoding="utf-8")
    c = load_corpus([big], max_page_bytes=1000)
    assert list(c) == []
    assert len(c.errors) == 1 and "big.txt" in c.errors[0] and "limit" in c.errors[0]


def test_same_file_name_in_two_folders_keeps_ids_unique(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        _jsonl(tmp_path / d / "day.jsonl", [{"id": "1", "title": f"来自{d}", "text": "正文。"}])
    c = load_corpus([tmp_path / "a", tmp_path / "b"])
    assert len(c) == 2
    assert len({a.id for a in c}) == 2


def test_fingerprint_follows_file_contents(tmp_path: Path) -> None:
    f = _jsonl(tmp_path / "c.jsonl", [{"id": "1", "title": "甲", "text": "正文甲。"}])
    one = load_corpus([f])
    again = load_corpus([f])
    assert one.fingerprint == again.fingerprint and len(one.fingerprint) == 64
    assert corpus_digest(one) == corpus_digest(again)
    _jsonl(f, [{"id": "1", "title": "甲", "text": "正文乙。"}])
    changed = load_corpus([f])
    assert changed.fingerprint != one.fingerprint
    assert corpus_digest(changed) != corpus_digest(one)

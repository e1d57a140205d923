"""Segmentation served from the result cache: same articles, keyed by page and segmenter version."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import Settings
from summarizer.llm.cache import ResultCache
from summarizer.segment import segment_page
from summarizer.segment.cache import _source_files, segment_cached, segment_key


@pytest.fixture
def cache(tmp_path: Path) -> ResultCache:
    return ResultCache(Settings(cache_dir=tmp_path / "cache"))


def test_second_call_is_read_from_the_cache_and_equal(cache: ResultCache, seed_text: str) -> None:
    first = segment_cached(seed_text, "p.txt", cache)
    assert first == segment_page(seed_text, page="p.txt")
    stored = cache.get(segment_key(cache, seed_text, "p.txt"))
    assert stored is not None and len(stored["articles"]) == len(first) == 13
    # what comes back is what was stored: plant a different (valid) segmentation under the key
    planted = [first[0].model_copy(update={"title": "来自缓存"})]
    cache.set(
        segment_key(cache, seed_text, "p.txt"), {"articles": [a.model_dump(mode="json") for a in planted]}
    )
    assert [a.title for a in segment_cached(seed_text, "p.txt", cache)] == ["来自缓存"]


def test_page_name_and_text_are_part_of_the_key(cache: ResultCache, seed_text: str) -> None:
    segment_cached(seed_text, "a.txt", cache)
    assert {a.page for a in segment_cached(seed_text, "b.txt", cache)} == {"b.txt"}
    assert segment_key(cache, seed_text, "a.txt") != segment_key(cache, seed_text + "\n", "a.txt")


def test_a_damaged_entry_is_recomputed(cache: ResultCache, seed_text: str) -> None:
    cache.set(segment_key(cache, seed_text, "p.txt"), {"articles": [{"title": 1}]})
    assert segment_cached(seed_text, "p.txt", cache) == segment_page(seed_text, page="p.txt")


def test_without_a_cache_it_is_plain_segmentation(seed_text: str) -> None:
    assert segment_cached(seed_text, "p.txt", None) == segment_page(seed_text, page="p.txt")


def test_key_changes_with_page_name_text_and_segmenter_version(
    cache: ResultCache, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = segment_key(cache, seed_text, "a.txt")
    assert segment_key(cache, seed_text, "b.txt") != base
    assert segment_key(cache, seed_text + " ", "a.txt") != base
    import summarizer.segment.cache as module

    monkeypatch.setattr(module, "segmenter_version", lambda: "another segmenter")
    assert segment_key(cache, seed_text, "a.txt") != base


def test_version_covers_the_package_and_what_it_imports() -> None:
    here = Path(__file__).resolve().parent.parent / "summarizer"
    files = {p.relative_to(here).as_posix() for p in _source_files()}
    package = {p.relative_to(here).as_posix() for p in (here / "segment").glob("*.py")}
    assert package <= files  # every module of the package, none listed by hand
    assert {"text.py", "schemas.py"} <= files  # imported by the segmenter: a change there is a new version
    assert "engines/llm.py" not in files and "qa/index.py" not in files  # not imported: not part of it
    data = {p.relative_to(here).as_posix() for p in (here / "segment").glob("*.json")}
    assert data and data <= files  # learned weights read beside the modules: a refit is a new version

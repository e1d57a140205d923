"""Segmentation results kept in the result cache, so a rerun of a cached corpus does not re-segment.

A warm LLM run is otherwise mostly segmentation (it needs the articles to find their cached
summaries). The key carries a hash of the segmenter's own source, so changing the segmenter can
never serve a stale segmentation.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from summarizer.schemas import Article, PageMeta
from summarizer.segment.segmenter import segment_text


class _Cache(Protocol):
    def key(self, parts: dict[str, Any]) -> str: ...
    def get(self, key: str) -> dict[str, Any] | None: ...
    def set(self, key: str, value: dict[str, Any]) -> None: ...


@lru_cache(maxsize=1)
def segmenter_version() -> str:
    """SHA-256 over the segmenter's source: every module of this package and every project module
    they import (found by reading their imports, transitively), so no file list can fall behind."""
    h = hashlib.sha256()
    for path in sorted(_source_files()):
        h.update(path.relative_to(_PROJECT).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


_PROJECT = Path(__file__).resolve().parent.parent  # the summarizer package folder


def _source_files() -> set[Path]:
    """This package's modules and the summarizer modules they import, transitively, and the data
    files read beside them (the headline model's learned weights change a reading as code does)."""
    todo = sorted(Path(__file__).resolve().parent.glob("*.py"))
    seen: set[Path] = set()
    for folder in {p.parent for p in todo}:
        seen.update(folder.glob("*.json"))
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imported_modules(path):
            found = _module_file(name)
            if found is not None and found not in seen:
                todo.append(found)
    return seen


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.split(".")[0] == "summarizer"}


def _module_file(name: str) -> Path | None:
    """The source file of a summarizer module name, or None when it names no module (a function)."""
    rel = Path(*name.split(".")[1:])
    for candidate in (_PROJECT / rel.with_suffix(".py"), _PROJECT / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def segment_key(cache: _Cache, text: str, page: str) -> str:
    """The cache key of one page's segmentation: its name, its text and the segmenter's version."""
    return cache.key(
        {
            "task": "segment",
            "segmenter": segmenter_version(),
            "page": page,
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    )


def segment_cached(text: str, page: str, cache: _Cache | None) -> list[Article]:
    """segment_page(text, page), served from the cache when this page was segmented before."""
    return segment_text_cached(text, page, cache)[0]


def segment_text_cached(text: str, page: str, cache: _Cache | None) -> tuple[list[Article], PageMeta]:
    """segment_text(text, page) (articles and page furniture), served from the cache when this page
    was segmented before."""
    if cache is None:
        return segment_text(text, page=page)
    key = segment_key(cache, text, page)
    hit = cache.get(key)
    if hit is not None:
        try:
            meta = PageMeta.model_validate(hit.get("meta") or {})
            return [Article.model_validate(a) for a in hit["articles"]], meta
        except (ValidationError, KeyError, TypeError, AttributeError):
            pass  # a foreign or damaged entry: segment again and overwrite it
    articles, meta = segment_text(text, page=page)
    cache.set(
        key, {"articles": [a.model_dump(mode="json") for a in articles], "meta": meta.model_dump(mode="json")}
    )
    return articles, meta

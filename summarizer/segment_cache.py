"""Segmentation results kept in the result cache, so a rerun of a cached corpus does not re-segment.

A warm LLM run is otherwise mostly segmentation (it needs the articles to find their cached
summaries). The key carries a hash of the segmenter's own source, so changing the segmenter can
never serve a stale segmentation.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from .schemas import Article
from .segment import segment_page

_SEGMENTER_FILES = ("segment.py", "segment_lines.py", "segment_columns.py", "text.py", "schemas.py")


class _Cache(Protocol):
    def key(self, parts: dict[str, Any]) -> str: ...
    def get(self, key: str) -> dict[str, Any] | None: ...
    def set(self, key: str, value: dict[str, Any]) -> None: ...


@lru_cache(maxsize=1)
def segmenter_version() -> str:
    """SHA-256 over the segmenter's source files: any change to them is a new version."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _SEGMENTER_FILES:
        h.update(name.encode())
        h.update((here / name).read_bytes())
    return h.hexdigest()


def segment_cached(text: str, page: str, cache: _Cache | None) -> list[Article]:
    """segment_page(text, page), served from the cache when this page was segmented before."""
    if cache is None:
        return segment_page(text, page=page)
    key = cache.key(
        {
            "task": "segment",
            "segmenter": segmenter_version(),
            "page": page,
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
    )
    hit = cache.get(key)
    if hit is not None:
        try:
            return [Article.model_validate(a) for a in hit["articles"]]
        except (ValidationError, KeyError, TypeError):
            pass  # a foreign or damaged entry: segment again and overwrite it
    articles = segment_page(text, page=page)
    cache.set(key, {"articles": [a.model_dump(mode="json") for a in articles]})
    return articles

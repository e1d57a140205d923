"""A PDF file -> its segmented pages, named "<file>:<n>" (n from 1), served from the result cache when seen.

Reading a PDF's characters costs far more than splitting a text page, so with a cache the whole
file's segmentation is kept under one key: the file's bytes, its name and the segmenter's version
(summarizer.segment.cache), so a changed reader never serves a stale page.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import ValidationError

from summarizer.schemas import SegmentedPage
from summarizer.segment.cache import segmenter_version
from summarizer.segment.pdf import read_pdf
from summarizer.segment.pdf_layout import segment_pdf_page


def page_name(file: str, number: int) -> str:
    """How page `number` (1-based) of a PDF is called in every output."""
    return f"{file}:{number}"


def segment_pdf(data: bytes, name: str, cache: Any = None, label: str | None = None) -> list[SegmentedPage]:
    """Every page of the PDF, in order; InputError (one line) for an encrypted, damaged or
    text-less PDF."""
    key = None
    if cache is not None:
        key = cache.key(
            {
                "task": "segment-pdf",
                "segmenter": segmenter_version(),
                "page": name,
                "pdf_sha256": hashlib.sha256(data).hexdigest(),
            }
        )
        hit = cache.get(key)
        if hit is not None:
            try:
                return [SegmentedPage.model_validate(p) for p in hit["pages"]]
            except (ValidationError, KeyError, TypeError):
                pass  # a foreign or damaged entry: read the PDF again and overwrite it
    pages = [segment_pdf_page(p, page_name(name, p.number)) for p in read_pdf(data, label or name)]
    if cache is not None and key is not None:
        cache.set(key, {"pages": [p.model_dump(mode="json") for p in pages]})
    return pages

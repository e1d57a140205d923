"""Page files -> segmented pages: the one entry every command uses (segment, summarize, ask, the UI).

A text page file is one page; a PDF may hold several (each becomes its own SegmentedPage, named
"<file>:<n>", n counting from 1). A PDF is recognised by its header bytes, not its name. Callers
never decode or segment by hand, so a new input format lands in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.schemas import SegmentedPage
from summarizer.segment.pages import DEFAULT_MAX_BYTES, decode_page


def segment_bytes(data: bytes, name: str, cache: Any = None, label: str | None = None) -> list[SegmentedPage]:
    """The pages of one file's bytes (`name` is how the page is called in outputs, `label` how errors
    name the file: its path, by default `name`).

    With a result cache, a page segmented before is read back from it (summarizer.segment.cache).
    The page's running header and footer lines (paper, 版次, date; 本版编辑 …) come back as its
    `meta`, apart from the articles.
    Raises InputError (one line naming the file) when the file is empty, binary or has no text, and
    for a PDF that is encrypted, damaged or has no text layer.
    """
    from summarizer.segment.pdf import is_pdf

    if is_pdf(data):
        from summarizer.segment.pdf_pages import segment_pdf

        return segment_pdf(data, name, cache, label or name)
    from summarizer.segment.cache import segment_text_cached

    text = decode_page(data, label or name)
    articles, meta = segment_text_cached(text, name, cache)
    return [SegmentedPage(name=name, text=text, articles=articles, meta=meta)]


def segment_file(
    path: Path, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, cache: Any = None
) -> list[SegmentedPage]:
    """The pages of one page file, refused with one line when it is over `max_bytes` or unreadable."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    if size > max_bytes:
        raise InputError(f"{path}: {size / 1e6:.1f} MB is over the page limit of {max_bytes / 1e6:.0f} MB")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    return segment_bytes(data, name or path.name, cache, label=str(path))

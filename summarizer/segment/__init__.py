"""Stage 1, segmentation: a page file in, its articles out.

In: a page file (`pages.read_page`: .txt in UTF-8/UTF-16/GB18030) or the page's text.
Out: `Article`s in page order (title, kicker, subtitle, byline, credit, kind, paragraphs, and
`start`/`end` offsets into the page text), via `segment_page(text, page)`.

Modules: `pages` (reading and decoding page files), `lines` (physical lines, bylines, credits),
`columns` (column geometry), `segmenter` (headline/body decisions and grouping into articles),
`cache` (segmentations kept in the result cache, keyed by this package's own source hash).
"""

from summarizer.segment.segmenter import clean_headline, segment_page

__all__ = ["clean_headline", "segment_page"]

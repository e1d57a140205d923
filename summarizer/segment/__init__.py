"""Stage 1, segmentation: a page file in, its articles out.

In: a page file (.txt in UTF-8/UTF-16/GB18030, or a .pdf) or its bytes, via `segment_file` /
`segment_bytes`; or a page's text, via `segment_page(text, page)`.
Out: `SegmentedPage`s (name, the text offsets index, page furniture) holding `Article`s in page order
(title, kicker, subtitle, byline, credit, kind, paragraphs, `start`/`end` offsets into the page text).

Modules: `files` (the entry for page files), `pages` (decoding page files), `lines` (physical lines,
bylines, credits),
`columns` (column geometry), `segmenter` (headline/body decisions and grouping into articles),
`cache` (segmentations kept in the result cache, keyed by this package's own source hash);
for PDFs `pdf` (characters with size, font and position), `pdf_lines` (printed lines, gutters,
furniture), `pdf_layout` (headlines, column runs, reading order -> articles) and `pdf_pages` (a PDF
file -> its pages, cached).
"""

from summarizer.segment.files import segment_bytes, segment_file
from summarizer.segment.segmenter import clean_headline, segment_page, segment_text

__all__ = ["clean_headline", "segment_bytes", "segment_file", "segment_page", "segment_text"]

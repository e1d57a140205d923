"""Reading a PDF's text layer: every character with its font size, font name and position.

What a PDF keeps and a text extractor throws away is what tells a headline from a body line (its
size), and which column a line stands in (its x position). This module reads those facts with
pypdfium2 (PDFium: fast, BSD/Apache licensed) and nothing else; pdf_layout.py decides what they mean.

Coordinates are PDF points with the origin at the page's top-left corner (y grows downwards), so
"top" and "bottom" read as on paper. A character's box is its advance width by its font size,
standing on its baseline. Every failure is an InputError naming the file: an encrypted PDF (needs a
password), a damaged one, and a PDF whose pages carry no text (a scan: OCR it first).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field

from summarizer.errors import InputError

PDF_MAGIC = b"%PDF-"
# A PDF may put a few bytes of junk before its header; readers look for it in the first kilobyte.
MAGIC_WINDOW = 1024
# Above the baseline a character's box reaches this share of its size, below it the rest.
ASCENT = 0.88
# A graphic thinner than this (points) in one direction is a rule (a printed line), not a picture.
RULE_THICKNESS = 3.0
# A graphic smaller than this (points) in both directions is an ornament, neither rule nor picture.
MIN_GRAPHIC = 12.0

_FONT_NAME_BYTES = 128
_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe: one document operation at a time


@dataclass(slots=True)
class Char:
    """One printed character: its text, its box (points from the top-left) and its font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


@dataclass(slots=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PdfPage:
    """One page's characters (in content order), its rules (thin lines) and its pictures."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Box] = field(default_factory=list)
    pictures: list[Box] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    """The PDF header (%PDF-) within the first kilobyte, where every reader looks for it."""
    return PDF_MAGIC in data[:MAGIC_WINDOW]


def read_pdf(data: bytes, name: str) -> list[PdfPage]:
    """Every page of a PDF with its characters; InputError (one line naming the file) when the PDF
    is encrypted, damaged, or has no text layer on any page."""
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if getattr(e, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise InputError(f"{name}: encrypted PDF (it needs a password); decrypt it first") from e
            raise InputError(f"{name}: not a readable PDF (damaged or truncated)") from e
        try:
            pages = [_read_page(doc, i) for i in range(len(doc))]
        except pdfium.PdfiumError as e:
            raise InputError(f"{name}: not a readable PDF (a page could not be read: {e})") from e
        finally:
            doc.close()
    if not pages:
        raise InputError(f"{name}: the PDF has no pages")
    if not any(any(not c.text.isspace() for c in p.chars) for p in pages):
        raise InputError(f"{name}: no text layer: run OCR first (a scanned PDF has only pictures)")
    return pages


def _read_page(doc: object, index: int) -> PdfPage:
    import pypdfium2.raw as raw

    page = doc[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        out = PdfPage(index + 1, float(width), float(height))
        textpage = page.get_textpage()
        try:
            out.chars = _chars(raw, textpage.raw, float(height))
        finally:
            textpage.close()
        _graphics(raw, page, out)
        return out
    finally:
        page.close()


def _chars(raw: object, tp: object, height: float) -> list[Char]:
    """The text page's characters, skipping those PDFium made up (line breaks, guessed spaces)."""
    get_unicode = raw.FPDFText_GetUnicode  # type: ignore[attr-defined]
    is_generated = raw.FPDFText_IsGenerated  # type: ignore[attr-defined]
    get_box = raw.FPDFText_GetLooseCharBox  # type: ignore[attr-defined]
    get_origin = raw.FPDFText_GetCharOrigin  # type: ignore[attr-defined]
    get_size = raw.FPDFText_GetFontSize  # type: ignore[attr-defined]
    get_font = raw.FPDFText_GetFontInfo  # type: ignore[attr-defined]
    rect = raw.FS_RECTF()  # type: ignore[attr-defined]
    ox, oy = ctypes.c_double(), ctypes.c_double()
    buf = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    flags = ctypes.c_int()
    chars: list[Char] = []
    for i in range(raw.FPDFText_CountChars(tp)):  # type: ignore[attr-defined]
        code = get_unicode(tp, i)
        if code in (0, 0xFFFE, 0xFFFF) or is_generated(tp, i) == 1:
            continue
        text = chr(code)
        if text in "\r\n":
            continue
        size = float(get_size(tp, i))
        if size <= 0 or not get_box(tp, i, rect) or not get_origin(tp, i, ox, oy):
            continue
        baseline = height - oy.value
        n = get_font(tp, i, buf, _FONT_NAME_BYTES, flags)
        font = buf.value.decode("latin-1") if 0 < n <= _FONT_NAME_BYTES else ""
        chars.append(
            Char(
                text,
                min(rect.left, rect.right),
                max(rect.left, rect.right),
                baseline - ASCENT * size,
                baseline + (1 - ASCENT) * size,
                size,
                font,
            )
        )
    return chars


def _graphics(raw: object, page: object, out: PdfPage) -> None:
    """Rules (long thin paths) and pictures (images, large filled paths) of the page."""
    kinds = (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE)  # type: ignore[attr-defined]
    for obj in page.get_objects(filter=kinds):  # type: ignore[attr-defined]
        left, bottom, right, top = obj.get_bounds()
        box = Box(left, out.height - top, right, out.height - bottom)
        if max(box.width, box.height) < MIN_GRAPHIC:
            continue
        if min(box.width, box.height) <= RULE_THICKNESS:
            out.rules.append(box)
        elif box.width >= MIN_GRAPHIC and box.height >= MIN_GRAPHIC:
            out.pictures.append(box)

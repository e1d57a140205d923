"""Reading page files: encoding detection, binary/empty rejection, size limits, folder expansion.

Page files are text pages (.txt, .text) and PDFs (.pdf, read by summarizer.segment.pdf).

Every failure is an InputError naming the file, so the CLI prints one line and other files go on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from summarizer.errors import InputError

PAGE_SUFFIXES = (".txt", ".text", ".pdf")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def decode_page(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312)."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"), name)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid UTF-16 text") from e
    if b"\x00" in data[:65536]:
        enc = _utf16_without_bom(data)
        if enc is None:
            raise InputError(f"{name}: binary file (NUL bytes), not a text page")
        try:
            return _check_text(data.decode(enc), name)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: binary file (NUL bytes), not a text page") from e
    try:
        return _check_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    # A UTF-8 page with a few damaged bytes (a truncated download, one bad sector) must not be read
    # as GB18030 mojibake: keep it UTF-8 and mark the damage with U+FFFD.
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if bad <= max(8, len(data) // 200) and _mostly_multibyte_utf8(data):
        return _check_text(loose, name)
    try:
        return _check_text(data.decode("gb18030"), name)
    except UnicodeDecodeError:
        pass
    raise InputError(f"{name}: not UTF-8 or GB18030/GBK text")


def check_page_bytes(data: bytes, name: str) -> None:
    """Refuse (InputError naming the file) bytes that are no page: a PDF passes on its header (its
    text layer is read, and refused when missing or encrypted, when it is segmented); anything else
    must decode as a text page."""
    from summarizer.segment.pdf import is_pdf

    if not is_pdf(data):
        decode_page(data, name)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL-bearing bytes read as plain text in one of them."""
    sample = data[: 8192 // 2 * 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        plain = sum(1 for ch in text if _plain_char(ch))
        if plain >= 0.95 * len(text):
            return enc
    return None


def _plain_char(ch: str) -> bool:
    o = ord(ch)
    return (
        0x20 <= o < 0x7F
        or ch in "\n\r\t"
        or 0x4E00 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x2010 <= o <= 0x206F
    )


def _mostly_multibyte_utf8(data: bytes) -> bool:
    """Most high bytes form valid UTF-8 sequences (GBK text almost never does)."""
    high = sum(1 for b in data[:65536] if b >= 0x80)
    if not high:
        return False
    valid = len(data[:65536].decode("utf-8", errors="ignore").encode("utf-8"))
    ascii_n = sum(1 for b in data[:65536] if b < 0x80)
    return (valid - ascii_n) >= 0.95 * high


_NOT_TEXT_RE = re.compile("[\x00-\x08\x0b\x0d-\x1f\ue000-\uf8ff]")  # controls (not \t \n \f) and private use


def _check_text(text: str, name: str) -> str:
    """Reject decodes that are mostly control characters (binary that happened to decode)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    sample = text[:20000]
    bad = len(_NOT_TEXT_RE.findall(sample))
    if bad > max(8, len(sample) // 50):
        raise InputError(f"{name}: binary file, not a text page")
    return text


def read_page(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of one page file, newlines normalised to \\n."""
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
    return decode_page(data, str(path))


def iter_page_files(paths: Iterable[str | Path], suffixes: tuple[str, ...] = PAGE_SUFFIXES) -> Iterator[Path]:
    """Files named directly, and the page files inside named folders (sorted, recursive)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes)
        elif p.exists():
            yield p
        else:
            raise InputError(f"{p}: no such file or folder")

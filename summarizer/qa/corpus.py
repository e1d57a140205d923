"""A corpus: articles from any mix of page files, folders of pages and .jsonl files of split articles.

A bad file (or a bad .jsonl line) costs only itself: it becomes one message naming the file (and
line) in `Corpus.errors`, and every other file is still loaded. The fingerprint (sha256 over the
files' names and bytes) tells the index when it must be rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from summarizer.errors import InputError
from summarizer.schemas import Article
from summarizer.segment.pages import DEFAULT_MAX_BYTES, PAGE_SUFFIXES, decode_page

JSONL_SUFFIXES = (".jsonl",)
CORPUS_SUFFIXES = PAGE_SUFFIXES + JSONL_SUFFIXES


class Corpus(list[Article]):
    """A list of articles that also carries the per-file errors and the corpus fingerprint."""

    def __init__(self, articles: Iterable[Article] = (), errors: Iterable[str] = (), fingerprint: str = ""):
        super().__init__(articles)
        self.errors: list[str] = list(errors)
        self.fingerprint = fingerprint

    def find(self, page: str, index: int) -> Article | None:
        return next((a for a in self if a.page == page and a.index == index), None)


def parse_jsonl_articles(data: str, name: str, page_default: str) -> tuple[list[Article], list[str]]:
    """Articles from JSON Lines `{"id", "title", "text"[, "date", "source"]}`; bad lines become messages."""
    articles: list[Article] = []
    errors: list[str] = []
    counters: dict[str, int] = {}
    for lineno, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{name}:{lineno}: invalid JSON ({e.msg}); line skipped")
            continue
        if not isinstance(rec, dict):
            errors.append(f'{name}:{lineno}: expected a JSON object with "title" and "text"; line skipped')
            continue
        title, text = rec.get("title"), rec.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f'{name}:{lineno}: missing or empty "text"; line skipped')
            continue
        if title is not None and not isinstance(title, str):
            errors.append(f'{name}:{lineno}: "title" must be a string; line skipped')
            continue
        source = rec.get("source")
        source = source if isinstance(source, str) and source.strip() else ""
        rec_id = rec.get("id")
        rec_id = (
            str(rec_id).strip() if isinstance(rec_id, (str, int)) and not isinstance(rec_id, bool) else ""
        )
        page = rec_id or source or page_default  # an article's own id is what citations and --restrict name
        counters[page] = counters.get(page, 0) + 1
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        paragraphs = [p for p in paragraphs if p]
        date = rec.get("date")
        articles.append(
            Article(
                page=page,
                index=counters[page],
                title=(title or "").strip()
                or (str(rec.get("id")) if rec.get("id") is not None else paragraphs[0][:30]),
                paragraphs=paragraphs,
                date=str(date) if date is not None else "",
                source=source,
                end=len(text),
            )
        )
    return articles, errors


def _expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named and inside named folders; a file reached twice (named twice, or also inside a
    named folder) is listed once."""
    files: list[Path] = []
    errors: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CORPUS_SUFFIXES)
            )
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder")
    unique: list[Path] = []
    seen: set[Path] = set()
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique, errors


def load_corpus(paths: Iterable[str | Path], max_page_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Every article under paths, in order; unreadable files and bad lines are reported, not fatal."""
    files, errors = _expand(paths)
    articles: list[Article] = []
    digest = hashlib.sha256(b"corpus-v1\0")
    seen_pages: set[str] = set()
    for f in files:
        try:
            size = f.stat().st_size
            if size > max_page_bytes:
                raise InputError(
                    f"{f}: {size / 1e6:.1f} MB is over the limit of {max_page_bytes / 1e6:.0f} MB"
                )
            data = f.read_bytes()
        except OSError as e:
            errors.append(f"{f}: cannot read ({e.strerror or e})")
            continue
        except InputError as e:
            errors.append(str(e))
            continue
        digest.update(f.name.encode() + b"\0" + hashlib.sha256(data).digest())
        try:
            new, errs = load_bytes(f.name, data, label=str(f))
        except InputError as e:
            errors.append(str(e))
            continue
        errors.extend(errs)
        new = _unique_pages(new, seen_pages)
        articles.extend(new)
        seen_pages.update(a.page for a in new)
    return Corpus(articles, errors, digest.hexdigest())


def load_bytes(name: str, data: bytes, label: str | None = None) -> tuple[list[Article], list[str]]:
    """Articles from one file's bytes: .jsonl = split articles, anything else = a page to segment."""
    label = label or name
    if name.lower().endswith(JSONL_SUFFIXES):
        return parse_jsonl_articles(decode_page(data, label), label, page_default=name)
    from summarizer.segment import segment_bytes

    articles = [a for page in segment_bytes(data, name, label=label) for a in page.articles]
    if not articles:
        return [], [f"{label}: no article found on this page"]
    return articles, []


def _unique_pages(new: list[Article], seen: set[str]) -> list[Article]:
    """Two files of the same name in different folders must not share article ids: rename the later page."""
    rename: dict[str, str] = {}
    for page in dict.fromkeys(a.page for a in new):
        if page in seen:
            n = 2
            while f"{page} ({n})" in seen:
                n += 1
            rename[page] = f"{page} ({n})"
    if not rename:
        return new
    return [a.model_copy(update={"page": rename[a.page]}) if a.page in rename else a for a in new]


def corpus_digest(articles: Iterable[Article]) -> str:
    """sha256 over what the index is built from (ids, titles, text): catches a changed segmenter too."""
    h = hashlib.sha256(b"articles-v1\0")
    for a in articles:
        h.update(
            json.dumps([a.page, a.index, a.title, a.kicker, a.subtitle, a.text], ensure_ascii=False).encode()
        )
    return h.hexdigest()

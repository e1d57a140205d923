"""One page file's work in a summarize run: read and segment it, key its articles, make output rows.

Used in the run's own process (the LLM engine, which waits on the network, works on articles with
threads) and in worker processes (the offline engine, which computes, works on whole files: one
file in, its rows out, so nothing but small results crosses the process boundary).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.config import Settings
from summarizer.engines.base import Engine, SummaryResult
from summarizer.errors import InputError, SummarizerError
from summarizer.llm.cache import canonical_json
from summarizer.schemas import Article

ROW_FIELDS_ADDED = ("file", "file_path", "file_sha256", "file_articles", "page_sha256", "result_key")


def engine_signature(settings: Settings) -> str:
    """What besides the article decides a result: the engine, and for the LLM its model and endpoint."""
    engine = settings.resolved_engine
    if engine == "llm":
        return canonical_json({"engine": engine, "model": settings.model, "base_url": settings.base_url})
    return engine


def result_key(page: str, page_sha256: str, article: Article, settings: Settings) -> str:
    """Identity of one finished result: page identity + page content + the article (its index and
    what it says: a changed segmenter that cuts it differently makes it new work) + engine."""
    engine = settings.resolved_engine
    said = [
        article.kicker,
        article.title,
        article.subtitle,
        article.byline,
        article.credit,
        article.kind,
        article.text,
    ]
    parts: dict[str, Any] = {
        "page": page,
        "page_sha256": page_sha256,
        "index": article.index,
        "article_sha256": hashlib.sha256(canonical_json(said).encode("utf-8")).hexdigest(),
        "engine": engine,
    }
    if engine == "llm":
        parts.update(model=settings.model, base_url=settings.base_url)
    return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()


@dataclass
class FileInfo:
    """What every row of one page file carries about the file."""

    identity: str
    path: str  # absolute: lets a later run tell a renamed page from a copy
    sha256: str  # of the file's bytes
    articles: int = 0  # articles on all its pages: a rerun skips the file when that many are done


@dataclass
class Item:
    """One article to summarize, with everything its row needs."""

    file: FileInfo
    article: Article
    page_sha256: str
    key: str


@dataclass
class FileFailure:
    where: str
    reason: str
    article: bool = False
    page: str = ""  # for the digest: the page (identity) and article it belongs to
    index: int = 0
    title: str = ""


@dataclass
class FileResult:
    """What one file gave: rows of newly summarized articles, failures, and counts for the report."""

    file: FileInfo
    rows: list[dict[str, Any]] = field(default_factory=list)
    failures: list[FileFailure] = field(default_factory=list)
    pages: int = 0
    articles: int = 0
    resumed: int = 0
    metas: list[dict[str, Any]] = field(default_factory=list)  # call metadata of each new row


def read_file(path: Path, identity: str, settings: Settings, cache: Any = None) -> tuple[FileInfo, list[Any]]:
    """The file's info and its segmented pages (SegmentedPage). InputError names the file."""
    from summarizer.segment import segment_file

    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    if size > settings.max_page_bytes:
        raise InputError(
            f"{path}: {size / 1e6:.1f} MB is over the page limit of {settings.max_page_bytes / 1e6:.0f} MB"
        )
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    info = FileInfo(identity=identity, path=str(path.resolve()), sha256=digest)
    try:
        pages = segment_file(path, identity, settings.max_page_bytes, cache)
    except SummarizerError:
        raise
    except Exception as e:  # a segmenter bug on one page must not stop the others
        raise InputError(f"{path}: could not segment ({type(e).__name__}: {e})") from e
    if not any(p.articles for p in pages):
        raise InputError(f"{path}: no articles found (is this a newspaper page?)")
    info.articles = sum(len(p.articles) for p in pages)
    return info, pages


def items_of(info: FileInfo, pages: list[Any], settings: Settings) -> list[Item]:
    out = []
    for sp in pages:
        sha = hashlib.sha256(sp.text.encode("utf-8")).hexdigest()
        for a in sp.articles:
            out.append(Item(info, a, sha, result_key(sp.name, sha, a, settings)))
    return out


def output_row(item: Item, result: SummaryResult) -> dict[str, Any]:
    """One summaries.jsonl line: article fields + paragraphs + summary fields + engine + call metadata
    + where it came from (file identity, path, content hashes) and its result key."""
    row = item.article.segment_record()
    row["paragraphs"] = list(item.article.paragraphs)
    row.update(result.summary.model_dump(mode="json"))
    meta = result.meta.to_dict()
    row["engine"] = meta.pop("engine")
    row.update(meta)
    row.update(
        file=item.file.identity,
        file_path=item.file.path,
        file_sha256=item.file.sha256,
        file_articles=item.file.articles,
        page_sha256=item.page_sha256,
        result_key=item.key,
    )
    return row


def reason(error: BaseException) -> str:
    if isinstance(error, SummarizerError):
        return str(error)
    return f"internal error: {type(error).__name__}: {error}"


def article_failure(item: Item, error: BaseException) -> FileFailure:
    a = item.article
    return FileFailure(
        f"{item.file.path} #{a.index} 《{a.title}》", reason(error), True, a.page, a.index, a.title
    )


_engine: Engine | None = None  # one offline engine per worker process


def summarize_file(path: Path, identity: str, settings: Settings, done: frozenset[str]) -> FileResult:
    """A worker process's task: read, segment and summarize one file (articles whose key is in
    `done` are skipped). Never raises for the file's own faults: they come back as failures."""
    global _engine
    if _engine is None:
        from summarizer.engines import make_engine

        _engine = make_engine(settings)
    info = FileInfo(identity=identity, path=str(path), sha256="")
    try:
        info, pages = read_file(path, identity, settings)
    except SummarizerError as e:
        return FileResult(
            info, failures=[FileFailure(str(path), str(e).removeprefix(f"{path}: "), page=identity)]
        )
    result = FileResult(info, pages=len(pages))
    for item in items_of(info, pages, settings):
        result.articles += 1
        if item.key in done:
            result.resumed += 1
            continue
        try:
            summary = _engine.summarize(item.article)
        except Exception as e:
            result.failures.append(article_failure(item, e))
            continue
        result.rows.append(output_row(item, summary))
        result.metas.append(summary.meta.to_dict())
    return result

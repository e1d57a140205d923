"""Plain functions behind the web UI: no Gradio here, so each is unit-tested directly.

The app (ui/app.py) only wires these to components. A handler takes the Service (summarizer.service)
and plain values, and returns plain values: Markdown strings (already escaped by ui.render), table
rows, a matplotlib Figure. Limits (question length, upload size, text-only uploads) are enforced
here, so the API and the browser get the same clear messages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from summarizer.errors import InputError, UserError
from summarizer.segment.pages import check_page_bytes

from . import render
from .chart import figures_chart

if TYPE_CHECKING:  # the answer type only: handlers stay importable without the retrieval stack
    from summarizer.qa.ask import AskResult

DEFAULT_MAX_QUESTION_CHARS = 500
DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_SUFFIXES = (".txt", ".text", ".pdf")
STREAM_CHUNK_CHARS = 6

ARTICLE_COLUMNS = ["page", "#", "title", "kind", "summary", "figures"]
FIGURE_COLUMNS = ["figure", "about", "quote"]


class ServiceLike(Protocol):
    """What the UI needs from summarizer.service.Service."""

    def articles(self) -> list[dict[str, Any]]: ...
    def article(self, page: str, index: int) -> dict[str, Any] | None: ...
    def ask(self, question: str, history: Sequence[Any] = (), restrict: Any = None) -> AskResult: ...
    def add_page(self, name: str, data: bytes, progress: Callable[..., Any] | None = None) -> list[Any]: ...


@dataclass(frozen=True)
class Limits:
    max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES


DEFAULT_LIMITS = Limits()


class QuestionError(UserError):
    """An empty or over-long question: shown to the user, nothing is asked."""


# ---------------------------------------------------------------- chat


@dataclass
class ChatView:
    """What the Chat tab shows after one step of a turn."""

    messages: list[dict[str, str]]  # gr.Chatbot messages, content already escaped Markdown
    turns: list[dict[str, Any]]  # raw history: {"q", "answer", "answerable", "citations"}
    sources: str  # Markdown for the side panel: the latest answer's sources, quotes highlighted
    done: bool = False


def check_question(question: str | None, limits: Limits = DEFAULT_LIMITS) -> str:
    """The question stripped, or a QuestionError saying what is wrong with it."""
    q = (question or "").strip()
    if not q:
        raise QuestionError("请输入问题（the question is empty）")
    if len(q) > limits.max_question_chars:
        raise QuestionError(
            f"问题过长：{len(q)} 字，上限 {limits.max_question_chars} 字"
            f"（the question is {len(q)} characters; the limit is {limits.max_question_chars}）"
        )
    return q


def chat_messages(
    turns: Sequence[Mapping[str, Any]], service: ServiceLike | None = None
) -> list[dict[str, str]]:
    """Chatbot messages for finished turns: escaped question; escaped answer with its sources below it."""
    out: list[dict[str, str]] = []
    for t in turns:
        out.append({"role": "user", "content": render.md_escape(str(t.get("q", "")))})
        out.append({"role": "assistant", "content": _assistant_markdown(t, service)})
    return out


def _assistant_markdown(
    turn: Mapping[str, Any], service: ServiceLike | None, answer_text: str | None = None
) -> str:
    body = render.answer_markdown(
        str(turn.get("answer", "")) if answer_text is None else answer_text,
        bool(turn.get("answerable", True)),
    )
    cites = turn.get("citations") or []
    if cites:
        body += "\n\n" + render.sources_markdown(cites, _text_lookup(service) if service else None)
    return body


def _text_lookup(service: ServiceLike) -> Callable[[str, int], str]:
    def lookup(page: str, index: int) -> str:
        a = service.article(page, index)
        return _article_text(a) if a else ""

    return lookup


def _article_text(a: Mapping[str, Any]) -> str:
    if a.get("text"):
        return str(a["text"])
    return "\n".join(a.get("paragraphs") or [])


def chat_turn(
    service: ServiceLike,
    question: str | None,
    turns: Sequence[Mapping[str, Any]] | None,
    restrict: Sequence[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[ChatView]:
    """One chat turn, streamed: the question appears, then the answer grows, then its sources.

    Raises QuestionError before anything is asked when the question is empty or too long.
    """
    q = check_question(question, limits)
    past = [dict(t) for t in (turns or [])]
    shown = chat_messages(past, service)
    pending = shown + [{"role": "user", "content": render.md_escape(q)}]
    yield ChatView(pending + [{"role": "assistant", "content": "…"}], past, "")
    history = [(str(t.get("q", "")), str(t.get("answer", ""))) for t in past]
    result = service.ask(q, history=history, restrict=list(restrict) if restrict else None)
    citations = [c.model_dump() for c in result.citations]
    turn: dict[str, Any] = {
        "q": q,
        "answer": result.answer,
        "answerable": result.answerable,
        "citations": citations,
    }
    if turn["answerable"]:
        text = turn["answer"]
        for end in range(STREAM_CHUNK_CHARS, len(text), STREAM_CHUNK_CHARS):
            partial = render.answer_markdown(text[:end], True)
            yield ChatView(pending + [{"role": "assistant", "content": partial}], past, "")
    final = _assistant_markdown(turn, service)
    sources = render.sources_markdown(citations, _text_lookup(service)) or (
        "" if turn["answerable"] else f"**{render.NOT_FOUND}**"
    )
    done = past + [turn]
    yield ChatView(pending + [{"role": "assistant", "content": final}], done, sources, done=True)


def filter_choices(service: ServiceLike) -> list[tuple[str, str]]:
    """(label, value) pairs for the Chat filter: each page as a whole, then each article."""
    rows = service.articles()
    pages = sorted({str(a.get("page", "")) for a in rows})
    out = [(f"整版 {p}（whole page）", p) for p in pages]
    for a in rows:
        aid = f"{a.get('page', '')}#{a.get('index', 0)}"
        out.append((f"{aid} 《{_plain(str(a.get('title', '')), 30)}》", aid))
    return out


# ---------------------------------------------------------------- articles


def article_rows(service: ServiceLike) -> list[list[Any]]:
    """One row per article for the Articles table.

    Cells are plain text: the table declares every column datatype "str"/"number", which the browser
    shows as text (never Markdown or HTML), so escaping here would only show backslashes.
    """
    rows = []
    for a in service.articles():
        rows.append(
            [
                str(a.get("page", "")),
                int(a.get("index", 0) or 0),
                _plain(str(a.get("title", "")), 60),
                str(a.get("kind", "")),
                _plain(str(a.get("summary", "")), 80),
                len(a.get("key_figures") or []),
            ]
        )
    return rows


def article_choices(service: ServiceLike) -> list[tuple[str, str]]:
    """(label, "page#index") pairs for the article picker."""
    return [
        (
            f"{a.get('page', '')}#{a.get('index', 0)} 《{_plain(str(a.get('title', '')), 30)}》",
            f"{a.get('page', '')}#{a.get('index', 0)}",
        )
        for a in service.articles()
    ]


def parse_article_id(article_id: str | None) -> tuple[str, int]:
    """'page#index' -> (page, index); InputError on anything else."""
    page, sep, idx = (article_id or "").rpartition("#")
    if not sep or not page or not idx.strip().isdigit():
        raise InputError(f"not an article id: {article_id!r} (expected page#index)")
    return page, int(idx)


@dataclass
class ArticleView:
    markdown: str
    figure_rows: list[list[str]] = field(default_factory=list)
    chart: Any = None  # matplotlib Figure or None


def article_detail(service: ServiceLike, article_id: str | None) -> ArticleView:
    """Summary, key points, key-figure table and chart of one article (all text escaped)."""
    if not article_id:
        return ArticleView("请选择一篇文章（pick an article）")
    page, index = parse_article_id(article_id)
    a = service.article(page, index)
    if not a:
        return ArticleView(f"未找到文章 {render.md_escape_inline(article_id)}（no such article）")
    e = render.md_escape_inline
    parts = []
    if a.get("kicker"):
        parts.append(f"*{e(str(a['kicker']))}*")
    parts.append(f"### {e(str(a.get('title', '')))}")
    if a.get("subtitle"):
        parts.append(f"**{e(str(a['subtitle']))}**")
    meta = " · ".join(
        e(str(x)) for x in (a.get("page"), f"第 {index} 篇", a.get("byline"), a.get("credit")) if x
    )
    parts.append(meta)
    if a.get("summary"):
        parts.append(f"**摘要（summary）**：{e(str(a['summary']))}")
    points = a.get("key_points") or []
    if points:
        parts.append("**要点（key points）**\n\n" + "\n".join(f"- {e(str(p))}" for p in points))
    text = _article_text(a)
    if text:
        paras = "\n\n".join(render.md_escape(p) for p in text.split("\n") if p.strip())
        parts.append(f"<details><summary>全文（full text）</summary>\n\n{paras}\n\n</details>")
    figures = list(a.get("key_figures") or [])
    rows = [_figure_row(f) for f in figures]
    chart = figures_chart(figures, str(a.get("title", ""))) if figures else None
    return ArticleView("\n\n".join(parts), rows, chart)


def _figure_row(f: Mapping[str, Any] | Any) -> list[str]:
    d = f if isinstance(f, Mapping) else f.model_dump()
    value = d.get("value", "")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = f"{d.get('qualifier', '') or ''}{value}{d.get('unit', '')}"
    return [shown, str(d.get("about", "")), str(d.get("quote", ""))]  # plain-text table cells


# ---------------------------------------------------------------- upload


ProgressFn = Callable[[float, str], None]


@dataclass
class UploadResult:
    message: str  # escaped Markdown
    articles: list[dict[str, Any]] = field(default_factory=list)


def upload_page(
    service: ServiceLike,
    path: str | os.PathLike[str] | None,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressFn | None = None,
    name: str | None = None,
) -> UploadResult:
    """Check, decode and add one uploaded page: segmented, summarised and indexed by the Service.

    Refuses (InputError, nothing added) a missing file, a file over the size limit (checked before
    reading it), a suffix that is no page's, and bytes that are neither a text page (binary, empty, bad
    encoding) nor a PDF (which is refused when segmented if encrypted or without a text layer).
    """
    if not path:
        raise InputError("请选择要上传的版面文件（no file chosen）")
    p = Path(path)
    shown = _safe_name(name or p.name)
    if p.suffix.lower() not in UPLOAD_SUFFIXES and Path(shown).suffix.lower() not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{shown}: only plain-text pages or PDFs ({', '.join(UPLOAD_SUFFIXES)}) can be uploaded"
        )
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"{shown}: cannot read the upload ({exc.strerror or exc})") from exc
    if size > limits.max_upload_bytes:
        raise InputError(f"{shown}: {mb(size)} is over the upload limit of {mb(limits.max_upload_bytes)}")
    with p.open("rb") as fh:
        data = fh.read(limits.max_upload_bytes + 1)
    if len(data) > limits.max_upload_bytes:
        raise InputError(f"{shown}: over the upload limit of {mb(limits.max_upload_bytes)}")
    check_page_bytes(data, shown)  # a text page or a PDF: raises InputError naming the file
    report = progress or (lambda _f, _m: None)
    report(0.0, f"{shown}: segmenting")
    added = service.add_page(shown, data, progress=_progress_adapter(report))
    report(1.0, f"{shown}: done")
    titles = [_title_of(a) for a in added]
    lines = "\n".join(f"{i}. {render.md_escape_inline(t)}" for i, t in enumerate(titles, 1))
    if getattr(added, "duplicate", False):
        where = render.md_escape_inline(str(_as_dict(added[0]).get("page", ""))) if added else ""
        msg = (
            f"**{render.md_escape_inline(shown)}**：该版面已在语料中（{where}），未重复加入"
            f"（already in the corpus as {where}; nothing added）\n\n{lines}"
        )
    else:
        msg = f"**{render.md_escape_inline(shown)}**：已加入 {len(titles)} 篇文章（{len(titles)} articles added）\n\n{lines}"
    return UploadResult(msg, [_as_dict(a) for a in added])


def mb(n: int) -> str:
    """Bytes as the MB users mean (MiB, as --max-upload-mb counts them): 2097152 -> '2 MB'."""
    return f"{n / 1048576:.3g} MB" if n >= 1048576 else f"{n / 1024:.3g} KB"


def _progress_adapter(report: ProgressFn) -> Callable[..., None]:
    """Accept the Service's progress calls in any of the usual shapes: (done, total[, msg]), (fraction[, msg])."""

    def cb(*args: Any, **kwargs: Any) -> None:
        msg = str(kwargs.get("message") or kwargs.get("desc") or "")
        nums = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
        texts = [a for a in args if isinstance(a, str)]
        if texts and not msg:
            msg = texts[0]
        if len(nums) >= 2 and nums[1]:
            frac = nums[0] / nums[1]
            msg = msg or f"{nums[0]}/{nums[1]}"
        elif nums:
            frac = float(nums[0])
        else:
            frac = 0.5
        try:
            report(min(max(frac, 0.0), 1.0), msg)
        except Exception:  # the progress display must never break the work
            pass

    return cb


def _safe_name(name: str) -> str:
    """The upload's base name only (no directories), printable characters, bounded length."""
    base = Path(str(name).replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in "/\\\x00").strip() or "upload.txt"
    return base[-120:]


def _title_of(a: Any) -> str:
    return str(a.get("title", "") if isinstance(a, Mapping) else getattr(a, "title", ""))


def _as_dict(a: Any) -> dict[str, Any]:
    if isinstance(a, Mapping):
        return dict(a)
    if hasattr(a, "segment_record"):
        return a.segment_record()
    return {"title": _title_of(a)}


def parse_auth(value: str | None) -> tuple[str, str] | None:
    """'user:pass' -> (user, pass); None when not given. ValueError on a malformed value."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ValueError("--auth must look like user:password")
    return user, password


def _plain(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"

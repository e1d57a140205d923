"""digest.md: the human-readable side of a summarize run, page by page, article by article.

Built only from output rows (the same dicts as summaries.jsonl), so the digest never shows anything
the JSON does not. Model output is treated as untrusted text: HTML brackets are neutralised and table
cells escaped, so a '|' or a newline in a quote cannot break the figure table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DigestPage:
    """One page in run order: its rows (or failure notes) in article order."""

    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""


def text(value: Any) -> str:
    """Untrusted text for Markdown prose: one line, no raw HTML."""
    s = " ".join(str(value or "").split())
    return s.replace("<", "&lt;").replace(">", "&gt;")


def cell(value: Any) -> str:
    """Untrusted text for a Markdown table cell: also escape '|' and backslashes."""
    return text(value).replace("\\", "\\\\").replace("|", "\\|")


def figure_value(fig: dict[str, Any]) -> str:
    """The number as printed, with its approximation word (近400, 200余)."""
    v = fig.get("value")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    q = str(fig.get("qualifier") or "")
    if q in ("余", "多"):
        return f"{v}{q}"
    return f"{q}{v}"


def render_article(row: dict[str, Any]) -> list[str]:
    title = text(row.get("title")) or "（无标题）"
    out = [f"### {row.get('index', '?')}. {title}", ""]
    if row.get("error"):
        return [*out, f"**未能摘要**：{text(row['error'])}", ""]
    heads = [
        f"引题：{text(row['kicker'])}" if row.get("kicker") else "",
        f"副题：{text(row['subtitle'])}" if row.get("subtitle") else "",
    ]
    heads = [h for h in heads if h]
    if heads:
        out += [f"> {h}  " for h in heads] + [""]
    by = [text(row.get(k)) for k in ("byline", "credit") if row.get(k)]
    if row.get("kind") == "photo":
        by.append("图片新闻")
    if by:
        out += [f"*{' · '.join(by)}*", ""]
    if row.get("summary"):
        out += [text(row["summary"]), ""]
    tags = [
        f"{label}：{'、'.join(text(v) for v in values)}"
        for label, values in (
            ("主题", [row.get("topic")] if row.get("topic") else []),
            ("地点", row.get("places") or []),
            ("机构", row.get("organisations") or []),
            ("人物", row.get("people") or []),
        )
        if values
    ]
    if tags:
        out += [" · ".join(tags), ""]
    points = [p for p in row.get("key_points") or [] if str(p).strip()]
    if points:
        out += [f"- {text(p)}" for p in points] + [""]
    figures = row.get("key_figures") or []
    if figures:
        out += ["| 数值 | 单位 | 所指 | 原文 |", "|---:|---|---|---|"]
        out += [
            f"| {cell(figure_value(f))} | {cell(f.get('unit'))} | {cell(f.get('about'))} | {cell(f.get('quote'))} |"
            for f in figures
        ]
        out.append("")
    notes = []
    if row.get("fallback"):
        notes.append("LLM 结果未通过数字核对，改用离线摘要")
    dropped = row.get("dropped_figures") or []
    if dropped:
        notes.append(f"{len(dropped)} 个未在原文中找到的数字已删除")
    if notes:
        out += [f"*注：{'；'.join(notes)}*", ""]
    return out


def digest_chunks(
    pages: Iterable[DigestPage], n_pages: int, n_articles: int, engine: str = ""
) -> Iterator[str]:
    """The digest as text chunks: a header line, then one section per page in the order given
    (streamed: a run writes it page by page from its store, never holding every row)."""
    meta = [f"{n_pages} 版", f"{n_articles} 篇"]
    if engine:
        meta.insert(0, f"引擎：{text(engine)}")
    yield "# 摘要汇编\n\n" + " · ".join(meta) + "\n"
    for page in pages:
        lines = [f"## {text(page.name)}", ""]
        if page.error:
            lines += [f"**无法处理**：{text(page.error)}", ""]
        else:
            for row in sorted(page.rows, key=lambda r: int(r.get("index") or 0)):
                lines += render_article(row)
        yield "\n" + "\n".join(lines).rstrip() + "\n"


def render_digest(pages: Sequence[DigestPage], engine: str = "") -> str:
    """The whole digest of the pages given, as one string."""
    n_articles = sum(1 for p in pages for r in p.rows if not r.get("error"))
    return "".join(digest_chunks(pages, len(pages), n_articles, engine))

"""Turning model output and article text into safe Markdown for the UI.

Why a module of its own: everything shown in the browser passes through here, so "model output is
data, never markup" is enforced in one place. Text is backslash-escaped for Markdown (no links,
images, emphasis or LaTeX can be smuggled in) and then HTML-escaped (no tags, no attributes). The
only markup we add ourselves is <mark> around a quote and plain Markdown structure around it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from summarizer.schemas import NOT_FOUND

# Every ASCII punctuation character CommonMark lets us backslash-escape, minus "<", ">", "&", quotes
# (those are turned into entities by html.escape afterwards, which backslashes would corrupt).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^])")


def md_escape(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text and nothing else."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text or ""), quote=True)


def md_escape_inline(text: str) -> str:
    """Like md_escape, for a single line inside a list item or table cell (newlines become spaces)."""
    return md_escape(" ".join((text or "").split()))


def highlight_quote(text: str, quote: str, width: int = 60) -> str:
    """The quote in its article context, escaped, with the quote wrapped in <mark>.

    Shows up to `width` characters either side so the reader sees where the quote sits. When the
    quote is not found verbatim (whitespace differences from hard-wrapped pages), it is matched with
    whitespace ignored; failing that, the quote alone is shown marked.
    """
    quote = (quote or "").strip()
    if not quote:
        return md_escape_inline(text[: 2 * width])
    start, end = _locate(text or "", quote)
    if start < 0:
        return f"<mark>{md_escape_inline(quote)}</mark>"
    lo, hi = max(0, start - width), min(len(text), end + width)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return (
        f"{md_escape_inline(before)}<mark>{md_escape_inline(text[start:end])}</mark>{md_escape_inline(after)}"
    )


def _locate(text: str, quote: str) -> tuple[int, int]:
    """(start, end) of quote in text, tolerant of whitespace inside either; (-1, -1) if absent."""
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    pattern = r"\s*".join(re.escape(ch) for ch in quote if not ch.isspace())
    if not pattern:
        return -1, -1
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else (-1, -1)


# A short answer (a figure, a name, a date) is shown in bold above its quoted sources.
SHORT_ANSWER_CHARS = 40


def answer_markdown(answer: str, answerable: bool) -> str:
    """The answer text, escaped (a short answer in bold); a clear not-found line when the corpus does not say."""
    if not answerable:
        body = md_escape(answer) if answer and answer.strip() else ""
        return f"**{NOT_FOUND}**" + (f"\n\n{body}" if body and NOT_FOUND not in answer else "")
    if answer.strip() and len(answer) <= SHORT_ANSWER_CHARS and "\n" not in answer:
        return f"**{md_escape(answer.strip())}**"
    return md_escape(answer)


def source_label(c: Mapping[str, Any]) -> str:
    """《title》 · page · article N, escaped."""
    title = md_escape_inline(str(c.get("title") or "（无标题）"))
    page = md_escape_inline(str(c.get("page", "")))
    return f"《{title}》 · {page} · 第 {int(c.get('article_index', 0) or 0)} 篇"


def sources_markdown(
    citations: Iterable[Mapping[str, Any]],
    article_text: Callable[[str, int], str] | None = None,
    heading: str = "来源（sources）",
) -> str:
    """Numbered sources: title, page, article number, and the quote highlighted in its context."""
    items = []
    for n, c in enumerate(citations, 1):
        quote = str(c.get("quote") or "")
        context = ""
        if article_text is not None:
            try:
                context = article_text(str(c.get("page", "")), int(c.get("article_index", 0) or 0))
            except Exception:  # a missing article still shows its quote
                context = ""
        shown = highlight_quote(context, quote) if context else f"<mark>{md_escape_inline(quote)}</mark>"
        items.append(f"{n}. {source_label(c)}\n\n    > {shown}")
    if not items:
        return ""
    return f"**{heading}**\n\n" + "\n\n".join(items)

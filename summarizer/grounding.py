"""Grounding: nothing a model says about numbers, quotes or links reaches a user unless the source says it.

Two steps, because the engine needs both:
- *check* (``summary_problems`` / ``answer_problems``): a list of precise complaints, sent back to the
  model in a re-ask ("figure 630 万元: quote not found in the article ...");
- *repair* (``ground_summary`` / ``ground_answer``): after the re-asks, drop what still fails — figures,
  sentences carrying ungrounded numbers, links to hosts the article never mentions, text that repeats
  the prompt — and report what was dropped. All comparisons use text.fold / text.find_numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from summarizer.quantities import qualifier_of, same_qualifier
from summarizer.schemas import Answer, ArticleSummary, Citation, KeyFigure, Passage
from summarizer.text import (
    CN_NUMBER_RE,
    find_numbers,
    fold,
    parse_cn_number,
    split_sentences,
    to_halfwidth,
    ungrounded_numbers,
)

LEAK_WINDOW = 12  # folded characters shared with the prompt (and absent from the data) = a leak

_MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_URL_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:https?|ftp|javascript|data|file|vbscript):|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%()]*",
    re.I,
)
_HOST_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:@\s]+(?:@[^/?#:\s]+)?)", re.I)


# ---------------------------------------------------------------------------------------------
# Figures and numbers


@lru_cache(maxsize=512)
def _fold(source: str) -> str:
    """text.fold of a source or prompt, memoised: the same article is compared hundreds of times."""
    return fold(source)


def _printed_qualifier(text: str, start: int, end: int) -> str:
    """The approximation word printed with a number ("近400万", "5万余", "400多", "50人以上"), read at
    the word level by the one scanner: none in "签约12家" (约 belongs to 签约)."""
    return qualifier_of(text, start, end)


def _quote_values(quote: str) -> list[tuple[float, float, str, str]]:
    """(number as printed, scaled value, scale, qualifier) for every number in a quote, Chinese numerals too."""
    fq = fold(quote)
    out = [
        (round(n.number, 6), n.value, n.scale, _printed_qualifier(fq, n.start, n.end))
        for n in find_numbers(fq)
    ]
    for m in CN_NUMBER_RE.finditer(fq):
        v = parse_cn_number(m.group(0))
        if v is not None:
            out.append((round(v, 6), round(v, 6), "", _printed_qualifier(fq, m.start(), m.end())))
    return out


def check_figure(fig: KeyFigure, article_text: str) -> str | None:
    """None when the figure is grounded, else why not (in words a model can act on)."""
    label = f"{fig.display()}（{fig.about}）"
    if not fig.quote.strip():
        return f"key figure {label}: quote is empty; copy the clause from the article verbatim"
    if fold(fig.quote) not in _fold(article_text):
        return f"key figure {label}: quote {fig.quote!r} does not occur in the article; copy it verbatim"
    value = round(float(fig.value), 6)
    for number, scaled, scale, printed_qualifier in _quote_values(fig.quote):
        if scaled != fig.scaled_value and not (number == value and (not scale or fig.unit.startswith(scale))):
            continue
        if fig.qualifier and not same_qualifier(fig.qualifier, printed_qualifier):
            printed = repr(printed_qualifier) if printed_qualifier else "none"
            return (
                f"key figure {label}: qualifier {fig.qualifier!r} is not what its quote {fig.quote!r} "
                f"prints with the number ({printed}); copy the qualifier as printed, or leave it empty"
            )
        if printed_qualifier and not fig.qualifier:
            return (
                f"key figure {label}: the quote prints {printed_qualifier!r} with the number; "
                f"set qualifier to {printed_qualifier!r}"
            )
        return None
    return (
        f"key figure {label}: value {fig.value:g} with unit {fig.unit!r} is not what its quote "
        f"{fig.quote!r} says; give the number exactly as printed and put 万/亿 in the unit"
    )


def ungrounded_in(text: str, source: str) -> list[str]:
    """Numbers printed in text that the source never states."""
    return ungrounded_numbers(fold(text), _fold(source))


# ---------------------------------------------------------------------------------------------
# Links


def _url_key(url: str) -> str:
    """Comparison form of a URL: NFKC, no whitespace, lower-case, no trailing punctuation."""
    return fold(url).lower().rstrip(".,;:!?)]")


def _host(url: str) -> str:
    u = url.strip().lower()
    if u.startswith("www."):
        u = "//" + u
    m = _HOST_RE.match(u)
    return m.group(1).rsplit("@", 1)[-1].rstrip(".") if m else ""


def hosts_in(text: str) -> set[str]:
    """Hosts of the URLs a text prints."""
    return {h for h in (_host(u) for u in urls_in(text)) if h}


def urls_in(text: str) -> set[str]:
    """URLs a text prints, in comparison form: the only links an output may keep."""
    text = to_halfwidth(text)
    return {_url_key(m.group(0)) for m in _URL_RE.finditer(text)}


def strip_links(text: str, allowed_urls: Iterable[str] = ()) -> tuple[str, int]:
    """Remove every image and HTML tag, and every link the source does not print verbatim.

    Why exact URLs and not hosts: an injected article can name a host, and an image or a link with
    a made-up query string to that host is how data leaves (markdown images load by themselves).
    Returns (text, number of things removed).
    """
    allowed = {_url_key(u) for u in allowed_urls}
    removed = 0

    def unless_printed(url_group: int, keep_group: int | None) -> Callable[[re.Match[str]], str]:
        """A substitution that keeps a link the source prints; anything else is counted and replaced
        by its label group (a markdown link's text) or by nothing."""

        def sub(m: re.Match[str]) -> str:
            nonlocal removed
            url = m.group(url_group)
            if url and _url_key(url) in allowed:
                return m.group(0)
            removed += 1
            return m.group(keep_group) if keep_group is not None else ""

        return sub

    text, images = _MD_IMAGE_RE.subn("", text)
    text = _MD_LINK_RE.sub(unless_printed(2, 1), text)
    text, tags = _HTML_TAG_RE.subn("", text)
    text = _URL_RE.sub(unless_printed(0, None), text)
    return text.strip(), removed + images + tags


# ---------------------------------------------------------------------------------------------
# Prompt leaks


def leaked(text: str, secrets: Sequence[str], data: str, window: int = LEAK_WINDOW) -> str | None:
    """A stretch of `text` that repeats one of the secrets (the prompt) but not the data, or None."""
    t = fold(text)
    if len(t) < window or not secrets:
        return None
    fdata = _fold(data)
    fsecrets = [_fold(s) for s in secrets if s]
    for i in range(len(t) - window + 1):
        w = t[i : i + window]
        if w in fdata:
            continue
        if any(w in s for s in fsecrets):
            return w
    return None


# ---------------------------------------------------------------------------------------------
# Summaries


@dataclass
class GroundingReport:
    """What failed (problems: for a re-ask) and what the repair removed."""

    problems: list[str] = field(default_factory=list)
    dropped_figures: list[dict[str, Any]] = field(default_factory=list)
    removed_sentences: list[str] = field(default_factory=list)
    dropped_citations: list[dict[str, Any]] = field(default_factory=list)
    dropped_names: list[str] = field(default_factory=list)
    removed_links: int = 0
    unusable: bool = False  # nothing trustworthy left: the caller uses its fallback

    @property
    def ok(self) -> bool:
        return not self.problems


def _text_problems(field_name: str, text: str, source: str, secrets: Sequence[str]) -> list[str]:
    out = []
    missing = ungrounded_in(text, source)
    if missing:
        out.append(
            f"{field_name}: the numbers {missing} do not occur in the article; use only numbers the article prints"
        )
    if leaked(text, secrets, source):
        out.append(f"{field_name}: repeats the instructions instead of summarising the article")
    if _URL_RE.search(text) or _HTML_TAG_RE.search(text) or _MD_LINK_RE.search(text):
        out.append(f"{field_name}: contains a link, image or HTML; output plain text only")
    return out


def summary_problems(summary: ArticleSummary, article_text: str, secrets: Sequence[str] = ()) -> list[str]:
    """Every grounding complaint about a validated summary (empty list = grounded)."""
    problems = _text_problems("summary", summary.summary, article_text, secrets)
    for i, point in enumerate(summary.key_points, 1):
        problems += _text_problems(f"key_points[{i}]", point, article_text, secrets)
    problems += _text_problems("topic", summary.topic, article_text, secrets)
    for fig in summary.key_figures:
        reason = check_figure(fig, article_text)
        if reason:
            problems.append(reason)
    return problems


def _clean_text(
    text: str, source: str, secrets: Sequence[str], hosts: set[str], report: GroundingReport
) -> str:
    """Drop unknown links, then every sentence with an ungrounded number.

    A field that repeats the prompt anywhere is dropped whole: its other sentences are prompt
    fragments too short to recognise one by one.
    """
    text, n = strip_links(text, hosts)
    report.removed_links += n
    if leaked(text, secrets, source):
        report.removed_sentences.append(text)
        return ""
    kept = []
    for sentence in split_sentences(text):
        if ungrounded_in(sentence, source) or leaked(sentence, secrets, source):
            report.removed_sentences.append(sentence)
            continue
        kept.append(sentence)
    return "".join(kept).strip()


def _names(values: list[str], source: str, hosts: set[str], report: GroundingReport) -> list[str]:
    out = []
    fsource = _fold(source)
    for v in values:
        clean, n = strip_links(v, hosts)
        report.removed_links += n
        if clean and fold(clean) in fsource:
            out.append(clean)
        elif clean:
            report.dropped_names.append(clean)
    return out


def _dropped_record(fig: KeyFigure, reason: str, secrets: Sequence[str], source: str) -> dict[str, Any]:
    """What a dropped figure was, for audits; text that repeats the prompt or carries links is not kept."""
    record: dict[str, Any] = {**fig.model_dump(), "reason": reason}
    for k in ("unit", "about", "quote", "qualifier", "reason"):
        v = str(record[k])
        if leaked(v, secrets, source) or _URL_RE.search(v) or _HTML_TAG_RE.search(v) or _MD_LINK_RE.search(v):
            record[k] = "[removed: prompt text or link]"
    return record


def ground_summary(
    summary: ArticleSummary, article_text: str, secrets: Sequence[str] = ()
) -> tuple[ArticleSummary, GroundingReport]:
    """The summary with everything ungrounded removed, and a report of what was removed.

    `secrets` are texts the output must never repeat (the prompt); the article itself may be quoted.
    """
    report = GroundingReport(problems=summary_problems(summary, article_text, secrets))
    hosts = urls_in(article_text)
    figures = []
    for fig in summary.key_figures:
        reason = check_figure(fig, article_text) or (
            "about/unit carries an ungrounded number"
            if ungrounded_in(fig.about + fig.unit, article_text)
            else None
        )
        if reason is None and leaked(fig.about, secrets, article_text):
            reason = "about repeats the instructions"
        if reason is None and (_URL_RE.search(fig.about + fig.quote) or _HTML_TAG_RE.search(fig.about)):
            reason = "carries a link or HTML"
        if reason:
            report.dropped_figures.append(_dropped_record(fig, reason, secrets, article_text))
        else:
            figures.append(fig)
    text = _clean_text(summary.summary, article_text, secrets, hosts, report)
    points = [
        p for p in (_clean_text(k, article_text, secrets, hosts, report) for k in summary.key_points) if p
    ]
    topic = _clean_text(summary.topic, article_text, secrets, hosts, report)
    if not text and points:
        text = points[0][:150]
    if not text or not points:
        report.unusable = True
        return summary, report
    grounded = ArticleSummary(
        summary=text[:150],
        key_points=points[:5],
        key_figures=figures,
        places=_names(summary.places, article_text, hosts, report),
        organisations=_names(summary.organisations, article_text, hosts, report),
        people=_names(summary.people, article_text, hosts, report),
        topic=topic,
    )
    return grounded, report


# ---------------------------------------------------------------------------------------------
# Answers


def _passage_for(c: Citation, passages: Sequence[Passage]) -> Passage | None:
    for p in passages:
        if p.page == c.page and p.article_index == c.article_index:
            return p
    return None


def _citation_reason(c: Citation, passages: Sequence[Passage]) -> str | None:
    p = _passage_for(c, passages)
    if p is None:
        return f"citation ({c.page}, {c.article_index}): no such passage was given"
    if not c.quote.strip() or fold(c.quote) not in _fold(p.text):
        return f"citation ({c.page}, {c.article_index}): quote {c.quote!r} does not occur verbatim in that passage"
    return None


def answer_problems(answer: Answer, passages: Sequence[Passage], secrets: Sequence[str] = ()) -> list[str]:
    """Every grounding complaint about a validated answer (empty list = grounded)."""
    problems = [r for r in (_citation_reason(c, passages) for c in answer.citations) if r]
    good = [c for c in answer.citations if _citation_reason(c, passages) is None]
    quotes = "\n".join(c.quote for c in good)
    data = "\n".join(p.text for p in passages)
    if answer.answerable and not good:
        problems.append("answerable is true but no citation quotes a passage verbatim")
    missing = ungrounded_in(answer.answer, quotes)
    if missing:
        problems.append(
            f"answer: the numbers {missing} do not occur in any cited quote; cite the sentence that states them"
        )
    if leaked(answer.answer, secrets, data):
        problems.append("answer: repeats the instructions instead of answering from the passages")
    if (
        _URL_RE.search(answer.answer)
        or _HTML_TAG_RE.search(answer.answer)
        or _MD_LINK_RE.search(answer.answer)
    ):
        problems.append("answer: contains a link, image or HTML; output plain text only")
    return problems


def ground_answer(
    answer: Answer, passages: Sequence[Passage], secrets: Sequence[str] = ()
) -> tuple[Answer, GroundingReport]:
    """The answer with bad citations, ungrounded sentences and foreign links removed, and a report."""
    report = GroundingReport(problems=answer_problems(answer, passages, secrets))
    citations = []
    for c in answer.citations:
        reason = _citation_reason(c, passages)
        if reason:
            report.dropped_citations.append({**c.model_dump(), "reason": reason})
            continue
        p = _passage_for(c, passages)
        assert p is not None
        citations.append(c.model_copy(update={"title": p.title}))
    data = "\n".join(p.text for p in passages)
    quotes = "\n".join(c.quote for c in citations)
    hosts = urls_in(data)
    text, n = strip_links(answer.answer, hosts)
    report.removed_links += n
    if leaked(text, secrets, data):
        report.removed_sentences.append(text)
        text = ""
    kept = []
    for sentence in split_sentences(text):
        if ungrounded_in(sentence, quotes) or leaked(sentence, secrets, data):
            report.removed_sentences.append(sentence)
        else:
            kept.append(sentence)
    text = "".join(kept).strip()
    if answer.answerable and (not citations or not text):
        report.unusable = True
        return answer, report
    if not text:
        report.unusable = True
        return answer, report
    return Answer(answer=text, answerable=answer.answerable and bool(citations), citations=citations), report

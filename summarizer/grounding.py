"""Grounding: nothing a model says reaches a user unless the source says it.

One rule set, used twice, so nothing is dropped that was not first asked about:
- *check* (``figure_problems``, ``text_problems``, ``summary_problems``, ``answer_problems``): a list of
  precise complaints, sent back to the model in a re-ask ("figure 630 万元: quote not found ...");
- *filter* (``ground_summary`` / ``ground_answer``): after the re-asks, drop exactly what the same
  functions still complain about — figures, sentences, names, citations — strip links the source does
  not print, and report what was dropped and why (the reason recorded is the complaint itself, with
  any link or prompt text in it masked, never overwritten).
Sentences are judged by summarizer.support (numbers, names, scripts, echoes, lexical support);
figures by their quote, read with summarizer.quantities (the one quantity scanner). Deterministic
fixes that need no model (a qualifier read from the quote, 万/亿 normalised, a near-verbatim quote
snapped to the article) happen before any check, in summarizer.repair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from summarizer.lexicon import PRE_QUALIFIER_WORDS
from summarizer.quantities import Quantity, find_quantities, same_qualifier
from summarizer.schemas import NOT_FOUND, Answer, ArticleSummary, Citation, KeyFigure, Passage
from summarizer.support import LEAK_WINDOW, leaked, problems, sentences
from summarizer.text import fold, to_halfwidth, ungrounded_numbers

__all__ = [
    "LEAK_WINDOW",
    "GroundingReport",
    "answer_problems",
    "check_figure",
    "figure_problems",
    "ground_answer",
    "ground_summary",
    "hosts_in",
    "leaked",
    "mask",
    "quote_quantity",
    "strip_links",
    "summary_problems",
    "text_problems",
    "ungrounded_in",
    "urls_in",
]

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


def quote_quantity(fig: KeyFigure, quote: str) -> Quantity | None:
    """The quantity of `quote` that states fig's number (scaled or as printed), or None.

    The one place that reads a figure's number and qualifier out of its quote: through
    summarizer.quantities, whose qualifier is a word of its own (签约12家 prints no 约).
    """
    value = round(float(fig.value), 6)
    for q in find_quantities(fold(quote)):
        if q.value == fig.scaled_value:
            return q
        if round(q.number, 6) == value and (not q.scale or fig.unit.startswith(q.scale)):
            return q
    return None


def normal_qualifier(word: str) -> str:
    """A qualifier in the form the scanner records (将近 -> 近, 大约 -> 约)."""
    word = word.strip()
    return PRE_QUALIFIER_WORDS.get(word, word)


def _label(fig: KeyFigure, safe: Callable[[str], str]) -> str:
    return f"key figure {safe(fig.display())}（{safe(fig.about)}）"


def _quote_problem(fig: KeyFigure, article_text: str, safe: Callable[[str], str]) -> str | None:
    """Is the figure stated by a verbatim quote of the article, with its value and qualifier?"""
    label = _label(fig, safe)
    quote = safe(fig.quote)
    if not fig.quote.strip():
        return f"{label}: quote is empty; copy the clause from the article verbatim"
    if fold(fig.quote) not in fold(article_text):
        return f"{label}: quote {quote!r} does not occur in the article; copy it verbatim"
    q = quote_quantity(fig, fig.quote)
    if q is None:
        return (
            f"{label}: value {fig.value:g} with unit {safe(fig.unit)!r} is not what its quote "
            f"{quote!r} says; give the number exactly as printed and put 万/亿 in the unit"
        )
    claimed = normal_qualifier(fig.qualifier)
    if same_qualifier(claimed, q.qualifier):
        return None
    if not q.qualifier:
        return f"{label}: qualifier {safe(fig.qualifier)!r} is not in its quote {quote!r}; leave it empty"
    return f"{label}: the quote prints {q.qualifier!r} with the number; set qualifier to {q.qualifier!r}"


def check_figure(fig: KeyFigure, article_text: str) -> str | None:
    """None when the figure's value, unit, qualifier and quote are grounded, else why not."""
    return _quote_problem(fig, article_text, lambda s: s)


def figure_problems(fig: KeyFigure, article_text: str, secrets: Sequence[str] = ()) -> list[str]:
    """Every complaint about one figure: the re-ask lists these, the filter drops a figure with any.

    Its quote must be verbatim and state the value (check_figure); what it counts (`about`) and its
    unit may carry no number the article does not print, no link, no prompt text, and `about` is a
    label the article supports (summarizer.support). Model text quoted in a complaint is masked
    (links, prompt text), so the complaint can be recorded as the reason a figure was dropped.
    """

    def safe(text: str) -> str:
        return mask(text, secrets, article_text)

    out: list[str] = []
    quote = _quote_problem(fig, article_text, safe)
    if quote:
        out.append(quote)
    label = _label(fig, safe)
    about, links = strip_links(fig.about)
    missing = ungrounded_in(about + " " + fig.unit, article_text)
    if missing:
        out.append(f"{label}: about/unit carry the numbers {missing}, which the article does not print")
    if leaked(fig.about, secrets, article_text):
        out.append(f"{label}: about repeats the instructions")
    if links or _has_link(fig.quote):
        out.append(f"{label}: carries a link or HTML; output plain text only")
    unsupported = [
        p
        for p in problems(about, article_text, label=True)
        if p.rule not in ("number", "empty", "echo")  # numbers and echoes: above; one character is a label
    ]
    if unsupported:
        out.append(f"{label}: about {safe(about)!r} {unsupported[0].message(safe)}")
    return out


def ungrounded_in(text: str, source: str) -> list[str]:
    """Numbers printed in text that the source never states."""
    return ungrounded_numbers(fold(text), fold(source))


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


def _has_link(text: str) -> bool:
    return bool(_URL_RE.search(text) or _HTML_TAG_RE.search(text) or _MD_LINK_RE.search(text))


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


def mask(text: str, secrets: Sequence[str] = (), data: str = "") -> str:
    """`text` fit to record in a report or a cache entry: links and tags removed, and every stretch
    that repeats the prompt (and not the data) replaced by "[…]". Used for complaints and dropped
    records, so a reason is kept whatever it quotes."""
    text, _ = strip_links(text)
    if not secrets or not leaked(text, secrets, data):
        return text
    t = fold(text)
    hit = [False] * len(t)
    for i in range(len(t) - LEAK_WINDOW + 1):
        if leaked(t[i : i + LEAK_WINDOW], secrets, data):
            for j in range(i, i + LEAK_WINDOW):
                hit[j] = True
    out, prev = [], False
    for ch, h in zip(t, hit, strict=True):
        if not h:
            out.append(ch)
        elif not prev:
            out.append("[…]")
        prev = h
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Shown text


@dataclass
class GroundingReport:
    """What failed (problems: for a re-ask) and what the filter removed, with the reasons."""

    problems: list[str] = field(default_factory=list)
    dropped_figures: list[dict[str, Any]] = field(default_factory=list)
    removed_sentences: list[dict[str, str]] = field(default_factory=list)  # {field, text, reason}
    dropped_citations: list[dict[str, Any]] = field(default_factory=list)
    dropped_names: list[str] = field(default_factory=list)
    removed_links: int = 0
    unusable: bool = False  # nothing trustworthy left: the caller uses its fallback

    @property
    def ok(self) -> bool:
        return not self.problems


def sentence_problems(
    sentence: str,
    source: str,
    secrets: Sequence[str] = (),
    *,
    label: bool = False,
    exempt: Sequence[str] = (),
) -> list[str]:
    """Why one shown sentence (or label) is not supported by the source, in words for a re-ask.

    Links are a complaint of their own; the words are judged without them (a URL's pieces are not
    Latin words of the sentence, and are never quoted back)."""
    clean, links = strip_links(sentence, urls_in(source))

    def safe(text: str) -> str:
        return mask(text, secrets, source)

    found = problems(clean, source, label=label, echoes=secrets, exempt=exempt)
    out = [p.message(safe) for p in found]
    if links:
        out.append("contains a link, image or HTML; output plain text only")
    return out


def text_problems(
    field_name: str,
    text: str,
    source: str,
    secrets: Sequence[str] = (),
    *,
    label: bool = False,
    exempt: Sequence[str] = (),
) -> list[str]:
    """Every complaint about one shown field, sentence by sentence (a label is judged whole)."""
    if not text.strip():
        return []
    parts = [text] if label else sentences(text) or [text]
    out = []
    for part in parts:
        why = sentence_problems(part, source, secrets, label=label, exempt=exempt)
        if why:
            out.append(f"{field_name}: {mask(part, secrets, source)!r} " + "; ".join(why))
    return out


def _names_problems(summary: ArticleSummary, source: str) -> list[str]:
    fsource = fold(source)
    out = []
    for field_name in ("places", "organisations", "people"):
        for v in getattr(summary, field_name):
            clean, _ = strip_links(v)
            if clean and fold(clean) not in fsource:
                out.append(f"{field_name}: {clean!r} does not occur in the article; copy names as printed")
    return out


def summary_problems(summary: ArticleSummary, article_text: str, secrets: Sequence[str] = ()) -> list[str]:
    """Every complaint about a validated summary (empty list = everything in it may be shown)."""
    out = text_problems("summary", summary.summary, article_text, secrets)
    for i, point in enumerate(summary.key_points, 1):
        out += text_problems(f"key_points[{i}]", point, article_text, secrets)
    out += text_problems("topic", summary.topic, article_text, secrets, label=True)
    for fig in summary.key_figures:
        out += figure_problems(fig, article_text, secrets)
    out += _names_problems(summary, article_text)
    return out


def _keep_supported(
    field_name: str,
    text: str,
    source: str,
    secrets: Sequence[str],
    urls: set[str],
    report: GroundingReport,
    *,
    label: bool = False,
    exempt: Sequence[str] = (),
) -> str:
    """The text without links the source does not print and without every sentence text_problems
    complains about (a label is kept or removed whole).

    A field that repeats the prompt anywhere is dropped whole: its other sentences are prompt
    fragments too short to recognise one by one.
    """
    text, n = strip_links(text, urls)
    report.removed_links += n
    if not text:
        return ""
    if leaked(text, secrets, source):
        report.removed_sentences.append(
            {"field": field_name, "text": mask(text, secrets, source), "reason": "repeats the instructions"}
        )
        return ""
    kept = []
    for part in [text] if label else sentences(text):
        why = sentence_problems(part, source, secrets, label=label, exempt=exempt)
        if why:
            report.removed_sentences.append(
                {"field": field_name, "text": mask(part, secrets, source), "reason": "; ".join(why)}
            )
            continue
        kept.append(part)
    return "".join(kept).strip()


def _names(values: list[str], source: str, urls: set[str], report: GroundingReport) -> list[str]:
    out = []
    fsource = fold(source)
    for v in values:
        clean, n = strip_links(v, urls)
        report.removed_links += n
        if clean and fold(clean) in fsource:
            out.append(clean)
        elif clean:
            report.dropped_names.append(clean)
    return out


def _dropped_record(
    fig: KeyFigure, reasons: list[str], secrets: Sequence[str], source: str
) -> dict[str, Any]:
    """What a dropped figure was and why, for audits; links and prompt text in its fields are masked
    (the reasons were written with masked model text already, and are kept as they are)."""
    record: dict[str, Any] = fig.model_dump()
    for k in ("unit", "about", "quote", "qualifier"):
        record[k] = mask(str(record[k]), secrets, source)
    record["reason"] = "; ".join(reasons)
    return record


def ground_summary(
    summary: ArticleSummary, article_text: str, secrets: Sequence[str] = ()
) -> tuple[ArticleSummary, GroundingReport]:
    """The summary with everything summary_problems complains about removed, and a report of it.

    `secrets` are texts the output must never repeat (the prompt); the article itself may be quoted.
    """
    report = GroundingReport(problems=summary_problems(summary, article_text, secrets))
    urls = urls_in(article_text)
    figures = []
    for fig in summary.key_figures:
        reasons = figure_problems(fig, article_text, secrets)
        if reasons:
            report.dropped_figures.append(_dropped_record(fig, reasons, secrets, article_text))
        else:
            figures.append(fig)
    text = _keep_supported("summary", summary.summary, article_text, secrets, urls, report)
    points = [
        p
        for p in (
            _keep_supported(f"key_points[{i}]", k, article_text, secrets, urls, report)
            for i, k in enumerate(summary.key_points, 1)
        )
        if p
    ]
    topic = _keep_supported("topic", summary.topic, article_text, secrets, urls, report, label=True)
    if not text and points:
        text = points[0][:150]
    if not text or not points:
        report.unusable = True
        return summary, report
    grounded = ArticleSummary(
        summary=text[:150],
        key_points=points[:5],
        key_figures=figures,
        places=_names(summary.places, article_text, urls, report),
        organisations=_names(summary.organisations, article_text, urls, report),
        people=_names(summary.people, article_text, urls, report),
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
    if not c.quote.strip() or fold(c.quote) not in fold(p.text):
        return f"citation ({c.page}, {c.article_index}): quote {c.quote!r} does not occur verbatim in that passage"
    return None


def _cited(answer: Answer, passages: Sequence[Passage]) -> tuple[list[Citation], str, str]:
    """(good citations, their quotes, the text of the passages they cite)."""
    good = [c for c in answer.citations if _citation_reason(c, passages) is None]
    quotes = "\n".join(c.quote for c in good)
    cited = []
    for c in good:
        p = _passage_for(c, passages)
        if p is not None and p.text not in cited:
            cited.append(p.text)
    return good, quotes, "\n".join(cited)


def answer_problems(answer: Answer, passages: Sequence[Passage], secrets: Sequence[str] = ()) -> list[str]:
    """Every complaint about a validated answer (empty list = it may be shown).

    Its citations must quote their passages verbatim; each sentence must be supported by the
    passages it cites, with every number inside a cited quote. A "not answerable" answer shows
    NOT_FOUND (summarizer.repair puts it there), which is ours and never judged.
    """
    out = [r for r in (_citation_reason(c, passages) for c in answer.citations) if r]
    good, quotes, cited = _cited(answer, passages)
    if answer.answerable and not good:
        out.append("answerable is true but no citation quotes a passage verbatim")
    data = "\n".join(p.text for p in passages)
    if leaked(answer.answer, secrets, data):
        out.append("answer: repeats the instructions instead of answering from the passages")
        return out
    for sentence in sentences(answer.answer):
        missing = ungrounded_in(sentence, quotes)
        if missing:
            out.append(
                f"answer: the numbers {missing} do not occur in any cited quote; cite the sentence that states them"
            )
        if answer.answerable and good:
            why = [
                w
                for w in sentence_problems(sentence, cited, secrets, exempt=(NOT_FOUND,))
                if not w.startswith("states numbers")  # numbers are judged against the quotes above
            ]
            if why:
                out.append(f"answer: {mask(sentence, secrets, data)!r} " + "; ".join(why))
        elif _has_link(sentence):
            out.append("answer: contains a link, image or HTML; output plain text only")
    return out


def ground_answer(
    answer: Answer, passages: Sequence[Passage], secrets: Sequence[str] = ()
) -> tuple[Answer, GroundingReport]:
    """The answer without what answer_problems complains about (bad citations, unsupported
    sentences, links), and a report; unusable when an answerable answer keeps no citation or text."""
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
    kept_answer = answer.model_copy(update={"citations": citations})
    _good, quotes, cited = _cited(kept_answer, passages)
    text, n = strip_links(answer.answer, urls_in(data))
    report.removed_links += n
    if leaked(text, secrets, data):
        report.removed_sentences.append(
            {"field": "answer", "text": mask(text, secrets, data), "reason": "repeats the instructions"}
        )
        text = ""
    kept = []
    for sentence in sentences(text):
        why = [] if not ungrounded_in(sentence, quotes) else ["states numbers no cited quote prints"]
        if answer.answerable and citations:
            why += [
                w
                for w in sentence_problems(sentence, cited, secrets, exempt=(NOT_FOUND,))
                if not w.startswith("states numbers")
            ]
        if why:
            report.removed_sentences.append(
                {"field": "answer", "text": mask(sentence, secrets, data), "reason": "; ".join(why)}
            )
        else:
            kept.append(sentence)
    text = "".join(kept).strip()
    if not text or (answer.answerable and not citations):
        report.unusable = True
        return answer, report
    return Answer(answer=text, answerable=answer.answerable and bool(citations), citations=citations), report

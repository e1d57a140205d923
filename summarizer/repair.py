"""Deterministic repairs of a model's output, applied before any check, so a re-ask is spent only on
what needs the model.

What a rule can fix without guessing, because the article itself says what is right:
- a figure's qualifier is read from its own quote (350 with qualifier "" for "350余人" -> "余"; a
  "约" the quote does not print as a word, as in 签约12家, is removed);
- a figure's value and unit are written as the quote prints them (6300000 元 for "630万元" ->
  630 万元; 630 元 for "630万元", the 万 dropped -> 630 万元);
- a quote that is a near-verbatim copy of one clause of the article, and states the figure's
  number, is replaced by that clause (``SNAP_MIN_SIMILARITY``); citations likewise;
- Markdown emphasis, headings and bullets the source does not print are removed from shown text;
- a "not answerable" answer shows the project's one NOT_FOUND text and cites nothing.
Every change is counted by kind (``Repairs``); the engine records the total in CallMeta.repairs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence

from summarizer.grounding import quote_quantity
from summarizer.quantities import find_quantities
from summarizer.schemas import NOT_FOUND, Answer, ArticleSummary, Citation, KeyFigure, Passage
from summarizer.text import fold, split_sentences

# A model's quote is snapped to an article clause when at least this share of their characters
# match in order (difflib ratio): a dropped or changed character or two, not a rewording.
SNAP_MIN_SIMILARITY = 0.8
# Clause boundaries inside a sentence (a quote is a sentence or a clause of one).
CLAUSE_BREAKS = "，,；;：:"

_ENDS = "。！？!?"
_CLAUSE_RE = re.compile(f"[^{CLAUSE_BREAKS}]+[{CLAUSE_BREAKS}]?")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LEAD_RE = re.compile(r"^\s*(?:#{1,6}\s+|[-*+•]\s+|\d+[.)、]\s+)")


class Repairs(Counter[str]):
    """Repairs made, by kind ("qualifier", "value/unit", "quote", "markdown", "not_found", …)."""

    def note(self) -> str:
        return "repaired without a re-ask: " + ", ".join(f"{k} ×{v}" for k, v in sorted(self.items()))


def _clauses(source: str) -> list[str]:
    """Candidate quotes: every sentence, every clause of one, and every two adjacent clauses."""
    out: list[str] = []
    for sentence in split_sentences(source):
        parts = [p.strip() for p in _CLAUSE_RE.findall(sentence) if p.strip()]
        out.append(sentence)
        out += parts
        out += [a + b for a, b in zip(parts, parts[1:], strict=False)]
    return list(
        dict.fromkeys(c.rstrip(CLAUSE_BREAKS + _ENDS) for c in out if c.rstrip(CLAUSE_BREAKS + _ENDS))
    )


def snap_quote(quote: str, source: str, accept: Callable[[str], bool] = lambda c: True) -> str | None:
    """The article clause a near-verbatim quote was copied from, or None (no clause close enough,
    or two equally close ones). `accept` says which clauses may be chosen (e.g. those stating the
    figure's number), so a snap never changes what is quoted, only how exactly."""
    fq = fold(quote)
    if not fq:
        return None
    best: list[tuple[float, str]] = []
    for clause in _clauses(source):
        fc = fold(clause)
        if not (0.5 * len(fq) <= len(fc) <= 2 * len(fq)):
            continue
        ratio = difflib.SequenceMatcher(None, fq, fc, autojunk=False).ratio()
        if ratio >= SNAP_MIN_SIMILARITY and accept(clause):
            best.append((ratio, clause))
    if not best:
        return None
    best.sort(key=lambda r: -r[0])
    if len(best) > 1 and best[1][0] == best[0][0] and fold(best[1][1]) != fold(best[0][1]):
        return None
    return best[0][1]


def _same_base(a: str, b: str) -> bool:
    return a == b or not a or not b


def repair_figure(fig: KeyFigure, source: str) -> tuple[KeyFigure, Repairs]:
    """The figure as its article prints it, and what was changed (nothing when nothing could be)."""
    done = Repairs()
    if fig.quote.strip() and fold(fig.quote) not in fold(source):
        snapped = snap_quote(fig.quote, source, lambda c: _states(fig, c))
        if snapped is not None:
            fig = fig.model_copy(update={"quote": snapped})
            done["quote"] += 1
    if not fig.quote.strip() or fold(fig.quote) not in fold(source):
        return fig, done
    q = quote_quantity(fig, fig.quote)
    if q is None:
        # the printed number, its 万/亿 left out of the unit (630 元 for 630万元)
        dropped_scale = [
            c
            for c in find_quantities(fold(fig.quote))
            if c.scale
            and round(c.number, 6) == round(float(fig.value), 6)
            and _same_base(c.base_unit, fig.base_unit)
        ]
        if len(dropped_scale) != 1:
            return fig, done
        q = dropped_scale[0]
        fig = fig.model_copy(update={"unit": q.unit})
        done["value/unit"] += 1
    elif q.kind == "quantity" and q.unit and _same_base(q.base_unit, fig.base_unit):
        printed = (round(q.number, 6), q.unit)
        if (round(float(fig.value), 6), fig.unit) != printed and round(float(fig.value), 6) != printed[0]:
            fig = fig.model_copy(update={"value": q.number, "unit": q.unit})
            done["value/unit"] += 1
    if fig.qualifier != q.qualifier:
        fig = fig.model_copy(update={"qualifier": q.qualifier})
        done["qualifier"] += 1
    return fig, done


def _states(fig: KeyFigure, clause: str) -> bool:
    return quote_quantity(fig, clause) is not None


def strip_markdown(text: str, source: str) -> tuple[str, int]:
    """Text without Markdown emphasis, heading marks and list bullets the source does not print."""
    if not text:
        return text, 0
    n = 0
    if not any(ch in source for ch in "*_`"):
        text, n = _MD_EMPHASIS_RE.subn(r"\2", text)
    lead = _MD_LEAD_RE.match(text)
    if lead and fold(lead.group(0)) not in fold(source):
        text, n = text[lead.end() :], n + 1
    return text, n


def repair_summary(summary: ArticleSummary, source: str) -> tuple[ArticleSummary, Repairs]:
    """The summary with every figure as printed and Markdown removed, and the repairs made."""
    done = Repairs()
    figures = []
    for fig in summary.key_figures:
        fixed, d = repair_figure(fig, source)
        figures.append(fixed)
        done.update(d)
    text, n = strip_markdown(summary.summary, source)
    done["markdown"] += n
    points = []
    for p in summary.key_points:
        p2, n = strip_markdown(p, source)
        done["markdown"] += n
        points.append(p2)
    topic, n = strip_markdown(summary.topic, source)
    done["markdown"] += n
    done = Repairs({k: v for k, v in done.items() if v})
    if not done:
        return summary, done
    return (
        summary.model_copy(
            update={"key_figures": figures, "summary": text, "key_points": points, "topic": topic}
        ),
        done,
    )


def repair_answer(answer: Answer, passages: Sequence[Passage]) -> tuple[Answer, Repairs]:
    """The answer with near-verbatim citation quotes snapped to their passage and, when it is not
    answerable, the NOT_FOUND text and no citations (a refusal says nothing of its own)."""
    done = Repairs()
    if not answer.answerable:
        if answer.answer != NOT_FOUND or answer.citations:
            done["not_found"] += 1
            return Answer(answer=NOT_FOUND, answerable=False, citations=[]), done
        return answer, done
    citations: list[Citation] = []
    for c in answer.citations:
        p = next((p for p in passages if (p.page, p.article_index) == (c.page, c.article_index)), None)
        if p is not None and c.quote.strip() and fold(c.quote) not in fold(p.text):
            snapped = snap_quote(c.quote, p.text)
            if snapped is not None:
                c = c.model_copy(update={"quote": snapped})
                done["quote"] += 1
        citations.append(c)
    text, n = strip_markdown(answer.answer, "\n".join(p.text for p in passages))
    done["markdown"] += n
    done = Repairs({k: v for k, v in done.items() if v})
    if not done:
        return answer, done
    return answer.model_copy(update={"answer": text, "citations": citations}), done

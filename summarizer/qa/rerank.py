"""Re-rank retrieved passages by whether they agree with what the question states.

BM25 scores words, not facts: "2023年…运动会设了多少个项目" matches the 2022, 2023 and 2024 articles
about the same yearly event equally well, since the year is often printed only in the dateline or
the publication date ("今年春运…"). A passage that names or is dated in another year, or that lacks
the quoted names and proper nouns the question states, is about something else and ranks lower.
The retrieval scores stay BM25's; this step only multiplies them by an agreement factor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from summarizer.qa.question import Question, month_days_in, years_in
from summarizer.schemas import Passage

# How much a passage's agreement with the question's year moves its score (factor 1 ± this).
YEAR_WEIGHT = 0.6
# A passage dated in the question's year agrees less firmly than one that prints the year.
DATED_AGREEMENT = 0.8
# How much a passage missing every name the question states loses (in proportion to what it lacks).
ENTITY_WEIGHT = 0.35
# Retrieve this many times k before re-ranking, so a demoted passage can be replaced.
POOL_FACTOR = 2
POOL_MIN = 10

_DATE_YEAR = re.compile(r"^\s*((?:1[0-9]|20)\d{2})")


def date_year(date: str) -> int | None:
    """The year of a publication date ("2024-03-15", "2024年3月15日"), or None."""
    m = _DATE_YEAR.match(date or "")
    return int(m.group(1)) if m else None


def year_agreement(q: Question, text: str, date: str = "") -> float:
    """+1 when the passage prints the question's year, DATED_AGREEMENT when it is only dated in it,
    -1 when it prints or is dated in other years only, 0 when it says nothing about years."""
    if not q.years:
        return 0.0
    printed = years_in(text)
    if printed & q.years:
        return 1.0
    dated = date_year(date)
    if dated is not None:
        return DATED_AGREEMENT if dated in q.years else -1.0
    return -1.0 if printed else 0.0


def entity_share(q: Question, text: str) -> float:
    """Share of the question's names (quoted titles, proper nouns, month-days) the passage contains."""
    names = list(q.entities) + list(q.month_days)
    if not names:
        return 1.0
    body = text.lower()  # names are matched as printed (CJK has no case; Latin names fold)
    days = month_days_in(text) if q.month_days else set()
    found = sum(1 for n in q.entities if _named(n, body)) + sum(1 for d in q.month_days if d in days)
    return found / len(names)


def _named(name: str, body: str) -> bool:
    """The name, or for one of 3+ characters its first two (唐山市 ~ 唐山; a word jieba glued to the
    next character, 李诚把桥, still names 李诚)."""
    return name in body or (len(name) >= 3 and name[:2] in body)


def agreement_factor(q: Question, passage: Passage, date: str = "") -> float:
    """The factor a passage's score is multiplied by: < 1 when it contradicts the question."""
    if not (q.years or q.entities or q.month_days):
        return 1.0
    text = f"{passage.title}\n{passage.text}"
    year = 1.0 + YEAR_WEIGHT * year_agreement(q, text, date)
    names = 1.0 - ENTITY_WEIGHT * (1.0 - entity_share(q, text))
    return max(year * names, 0.01)


def pool_size(k: int) -> int:
    """How many passages to retrieve for a final top k."""
    return max(k * POOL_FACTOR, POOL_MIN)


def rerank(
    q: Question, passages: Sequence[Passage], k: int, dates: Mapping[tuple[str, int], str] | None = None
) -> list[Passage]:
    """The k passages that best combine retrieval score and agreement, best first (scores adjusted)."""
    dates = dates or {}
    scored = []
    for rank, p in enumerate(passages):
        factor = agreement_factor(q, p, dates.get((p.page, p.article_index), ""))
        scored.append((p.score * factor, rank, p))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [p.model_copy(update={"score": round(s, 4)}) for s, _, p in scored[:k]]

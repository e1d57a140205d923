"""Rule-based key figures: every quantity an article states, with its unit, what it counts and its clause.

Used by the offline engine and as the reference the evals compare an LLM's figures with. Quantities
come from summarizer.quantities (the one scanner, shared with the offline answerer), whose numbers
come from summarizer.text (the one normaliser), so a figure here is always grounded by construction:
its quote is a slice of the text it came from. Dates, years, times, ordinals and identifiers are
filtered out by what surrounds each number, not by a list of known articles.
"""

from __future__ import annotations

import bisect
import re

from summarizer.lexicon import COUNT_UNITS, TRAIL_QUALIFIERS
from summarizer.quantities import Quantity, find_quantities, iter_quantities
from summarizer.schemas import KeyFigure
from summarizer.tokens import ensure_jieba, pos_tokens

__all__ = ["ensure_jieba", "extract_figures", "find_quantities", "pos_tokens"]

CLAUSE_BREAKS = "，。；：！？!?;\n"
SUBCLAUSE_BREAKS = CLAUSE_BREAKS + "、"
SENTENCE_BREAKS = "。！？!?\n"
MAX_FIGURES_PER_ARTICLE = 120  # an article states far fewer; a cap keeps a pathological page cheap
MAX_NUMBERS_READ = 3000  # numbers read per article (a long feature prints a few hundred)
QUOTE_RADIUS = 80  # at most this many characters of a clause on each side of its figure
ABOUT_RADIUS = 24  # what is counted is read from at most this many characters on each side
MIN_QUOTE_CHARS = 6  # a clause shorter than this cannot stand alone: the quote widens to the sentence


class Clauses:
    """Clause and sentence bounds of one text, found once (one regex pass each) and looked up by bisection.

    A comma between two digits ("1,200") is a thousands separator, not a break.
    """

    def __init__(self, text: str):
        self.text = text
        self._breaks = {b: self._find(text, b) for b in (CLAUSE_BREAKS, SUBCLAUSE_BREAKS, SENTENCE_BREAKS)}

    @staticmethod
    def _find(text: str, breaks: str) -> list[int]:
        pattern = "[" + re.escape(breaks.replace(",", "")) + "]"
        if "," in CLAUSE_BREAKS + breaks:
            pattern += r"|(?<![0-9]),|,(?![0-9])"
        return [m.start() for m in re.finditer(pattern, text)]

    def bounds(self, pos: int, breaks: str = CLAUSE_BREAKS) -> tuple[int, int]:
        """The clause around pos: between the nearest breaks."""
        marks = self._breaks[breaks]
        k = bisect.bisect_right(marks, pos - 1)
        s = marks[k - 1] + 1 if k > 0 else 0
        e = marks[k] if k < len(marks) else len(self.text)
        if e < pos:  # pos itself is a break
            e = pos
        return s, e


def _quote(clauses: Clauses, span: Quantity) -> str:
    """The clause that states the figure, verbatim; widened to the sentence when too short, and never
    more than QUOTE_RADIUS characters on either side of the figure."""
    text = clauses.text
    s, e = clauses.bounds(span.num_start)
    if len(text[s:e].strip()) < MIN_QUOTE_CHARS:
        s, e = clauses.bounds(span.num_start, SENTENCE_BREAKS)
    s, e = max(s, span.start - QUOTE_RADIUS), min(e, span.end + QUOTE_RADIUS)
    return text[s:e].strip()


# ---------------------------------------------------------------------------------------------
# What is counted


_NOUNISH = ("n", "vn", "an", "j", "nz", "ng", "b", "l", "nt", "ns", "nr", "nrt", "nrfg", "s", "eng")
_STOP_FLAGS = frozenset("x m q p c u r d t f y e o z mq uj ul ud uz ug uv".split())
LINK_WORDS = frozenset(
    "累计 共 共计 总计 合计 达 达到 为 是 有 提升 提升至 上升 上升至 下降 降至 升至 增长 增加 减少 超过 历时 用 "
    "涌现 涌现出 出 突破 实现 完成 推动 带动 获得 建立 建成 打造 设立 成立 收集 收集了 开展 组织 举办 参加 参与 "
    "覆盖 惠及 吸引 安置 共有 拥有 募集 筹集 筹得 捐出 捐赠 资助 达成 已 了 至 约".split()
)
_CHANGE_WORDS = ("增长", "提升", "上升", "下降", "减少", "增加", "降低", "提高")
_MAX_ABOUT = 12
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff"
_UNIT_SET = frozenset(COUNT_UNITS)


def _flag_ok(flag: str, allowed: tuple[str, ...]) -> bool:
    return flag in allowed or (flag.startswith("n") and "n" in allowed)


def _about_after(rest: str) -> str:
    """Noun phrase right after the unit: '212个摄影作品' -> '摄影作品', '3轮评比' -> '评比'.

    Verbs may sit inside the phrase (jieba tags 搬迁 or 评比 as verbs) but the phrase must end on a noun,
    or be a lone verb naming the activity.
    """
    out: list[tuple[str, str]] = []
    in_quote = False
    for word, flag in pos_tokens(rest[:24]):
        if word in "“‘":
            in_quote = True
            out.append((word, "n"))
            continue
        if in_quote:
            out.append((word, "n"))
            in_quote = word not in "”’"
            continue
        if not word.strip():
            if out:
                break
            continue
        if not out and word in ("共", "各", "等", "的"):
            continue
        nounish = _flag_ok(flag, _NOUNISH) or flag in ("a", "v") or (word == "的" and out)
        if not nounish or (flag == "v" and word in LINK_WORDS) or len(out) >= 5:
            break
        out.append((word, flag))
    while out and not _flag_ok(out[-1][1], _NOUNISH) and len(out) > 1:
        out.pop()
    if not out or (out[-1][1] in ("a", "uj") or out[-1][0] == "的"):
        return ""
    return "".join(w for w, _ in out)[:_MAX_ABOUT]


def _about_before(head: str) -> str:
    """What precedes the number in its sub-clause: '开展焊工培训21次' -> '焊工培训'."""
    toks = [(w, f) for w, f in pos_tokens(head) if w.strip()]
    change = ""
    while toks and (toks[-1][0] in LINK_WORDS or toks[-1][1] in _STOP_FLAGS or toks[-1][0] in _UNIT_SET):
        if toks[-1][0] in _CHANGE_WORDS:
            change = toks[-1][0]
        toks.pop()
    run: list[str] = []
    while toks and len(run) < 3:
        w, f = toks[-1]
        if (
            w in LINK_WORDS
            or f in _STOP_FLAGS
            or not (_flag_ok(f, _NOUNISH) or f.startswith("v") or f == "a")
        ):
            break
        run.insert(0, w)
        toks.pop()
    phrase = "".join(run) + change
    if len(phrase) > _MAX_ABOUT:
        phrase = phrase[-_MAX_ABOUT:]
    return phrase


def _about(clauses: Clauses, span: Quantity) -> str:
    text = clauses.text
    s, e = clauses.bounds(span.num_start, SUBCLAUSE_BREAKS)
    s, e = max(s, span.start - ABOUT_RADIUS), min(e, span.end + ABOUT_RADIUS)
    # asides in brackets ("认捐单位（个人）捐出", "区（县）工会") are not what is counted
    head = _BRACKETED.sub("", text[s : span.start])
    rest = _BRACKETED.sub("", text[span.end : e])
    # counts of events/people-times and rates usually name the activity before the number
    before_first = span.unit.endswith(("次", "%", "％", "百分点")) or span.qualifier in TRAIL_QUALIFIERS
    tries = [(_about_before, head), (_about_after, rest)]
    for fn, part in tries if before_first else tries[::-1]:
        got = fn(part)
        if got:
            return got
    return _about_fallback(head, rest)


def _about_fallback(head: str, rest: str) -> str:
    """No noun phrase found: the words right after the quantity, else right before it."""
    after = re.match(rf"[共各约的]?([{_CJK_CHARS}“”]{{2,8}})", rest.strip())
    if after:
        return after.group(1)
    before = re.findall(rf"[{_CJK_CHARS}]+", head)
    return before[-1][-8:] if before else ""


# ---------------------------------------------------------------------------------------------


def is_key_figure(q: Quantity) -> bool:
    """A quantity a key-figure table lists: it counts (kind "quantity"), has a unit (or is a fraction,
    "五分之二") and is not a shape that is mostly rhetoric (Quantity.confident)."""
    return q.kind == "quantity" and bool(q.unit or q.fraction) and q.confident


def extract_figures(text: str, chinese_numerals: bool = True) -> list[KeyFigure]:
    """Every quantity stated in text, in reading order, one KeyFigure per distinct quantity.

    chinese_numerals: also report Chinese-numeral quantities ("两部", "近百万元"). At most
    MAX_FIGURES_PER_ARTICLE figures from the first MAX_NUMBERS_READ numbers; every step reads a
    bounded window and the scan stops at a cap, so cost is linear in the text and bounded above.
    """
    clauses: Clauses | None = None
    figures: list[KeyFigure] = []
    seen: set[tuple[float, str, str]] = set()
    for read, span in enumerate(iter_quantities(text, chinese_numerals)):
        if read >= MAX_NUMBERS_READ:
            break
        if not is_key_figure(span):
            continue
        key = (span.value, span.base_unit, span.qualifier)
        if key in seen:
            continue
        seen.add(key)
        clauses = clauses or Clauses(text)
        quote = _quote(clauses, span)
        if not quote:
            continue
        figures.append(
            KeyFigure(
                value=span.number,
                unit=span.unit,
                qualifier=span.qualifier,
                about=_about(clauses, span),
                quote=quote,
            )
        )
        if len(figures) >= MAX_FIGURES_PER_ARTICLE:
            break
    return figures

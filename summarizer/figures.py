"""Rule-based key figures: every quantity an article states, with its unit, what it counts and its clause.

Used by the offline engine and as the reference the evals compare an LLM's figures with. Quantities
come from summarizer.quantities (the one scanner, shared with the offline answerer), whose numbers
come from summarizer.text (the one normaliser), so a figure here is always grounded by construction:
its quote is a slice of the text it came from. Dates, years, times, ordinals and identifiers are
filtered out by what surrounds each number, not by a list of known articles.
"""

from __future__ import annotations

import re

from summarizer.lexicon import COUNT_UNITS, TRAIL_QUALIFIERS
from summarizer.quantities import Quantity, find_quantities
from summarizer.schemas import KeyFigure
from summarizer.tokens import ensure_jieba, pos_tokens

__all__ = ["ensure_jieba", "extract_figures", "find_quantities", "pos_tokens"]

CLAUSE_BREAKS = "，。；：！？!?;\n"
SUBCLAUSE_BREAKS = CLAUSE_BREAKS + "、"


def _clause_bounds(text: str, pos: int, breaks: str) -> tuple[int, int]:
    """The clause around pos: between the nearest breaks (a comma between digits is not a break)."""
    s = pos
    while s > 0 and not _is_break(text, s - 1, breaks):
        s -= 1
    e = pos
    while e < len(text) and not _is_break(text, e, breaks):
        e += 1
    return s, e


def _is_break(text: str, i: int, breaks: str) -> bool:
    ch = text[i]
    if ch not in breaks:
        return False
    if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False
    return True


def _quote(text: str, span: Quantity) -> str:
    s, e = _clause_bounds(text, span.num_start, CLAUSE_BREAKS)
    if len(text[s:e].strip()) < 6:  # too short to stand alone: widen to the sentence
        s2, e2 = _clause_bounds(text, span.num_start, "。！？!?\n")
        s, e = s2, e2
    quote = text[s:e].strip()
    return quote


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
    """Noun phrase right after the unit: '147个参赛作品' -> '参赛作品', '3轮评比' -> '评比'.

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
    """What precedes the number in its sub-clause: '开展电工培训33次' -> '电工培训'."""
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


def _about(text: str, span: Quantity) -> str:
    s, e = _clause_bounds(text, span.num_start, SUBCLAUSE_BREAKS)
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


def extract_figures(text: str, chinese_numerals: bool = True) -> list[KeyFigure]:
    """Every quantity stated in text, in reading order, one KeyFigure per distinct quantity.

    chinese_numerals: also report confident Chinese-numeral quantities ("两部", "近百万元").
    """
    spans = [
        q for q in find_quantities(text, chinese_numerals) if q.kind == "quantity" and q.unit and q.confident
    ]
    figures: list[KeyFigure] = []
    seen: set[tuple[float, str, str]] = set()
    for span in spans:
        fig = KeyFigure(
            value=span.number,
            unit=span.unit,
            qualifier=span.qualifier,
            about=_about(text, span),
            quote=_quote(text, span),
        )
        key = (fig.scaled_value, fig.base_unit, fig.qualifier)
        if key in seen or not fig.quote:
            continue
        seen.add(key)
        figures.append(fig)
    return figures
